/** The raw AWS X-Ray SDK for Python (maintenance mode): explicit subsegments in the code, the SDK deployed with it. */
import { type TracingFlavor, codeTrace } from './types.js';

/** The raw AWS X-Ray SDK for Python. */
export const XRAY_SDK = {
  source: 'aws/aws-xray-sdk-python README and docs.aws.amazon.com/xray/latest/devguide/xray-daemon-eos.html',
  requirement: 'aws-xray-sdk==2.15.0',
  maintenanceSince: '2026-02-25',
  endOfSupport: '2027-02-25',
} as const;

export const xraySdk = {
  hint: `raw AWS X-Ray SDK for Python (maintenance mode, end of support ${XRAY_SDK.endOfSupport})`,
  notice:
    `The AWS X-Ray SDK for Python is in maintenance mode since ${XRAY_SDK.maintenanceSince} and reaches end of support on ` +
    `${XRAY_SDK.endOfSupport}. For new work, AWS recommends OpenTelemetry: --tracing adot.`,
  variants: [],
  pieces: () => ({
    label: 'AWS X-Ray SDK for Python (maintenance mode)',
    env: {},
    managedPolicies: [],
    functionRequirements: [XRAY_SDK.requirement],
    testRequirements: [],
    memorySize: 256,
    runtimes: ['python3.12', 'python3.13', 'python3.14'],
  }),
  layerRegions: [],
  layerMarks: /$^/,
  mappingPrefix: '',
  handlerNotes: [
    `Handler code (add \`${XRAY_SDK.requirement}\` to the function's requirements.txt):`,
    '    from aws_xray_sdk.core import patch_all, xray_recorder',
    '    patch_all()  # or patch(["boto3"]) for what you call',
    '    @xray_recorder.capture("handler")',
    '    def lambda_handler(event, context): ...',
  ],
  trace: codeTrace('xrayTraceId'),
  unitTest: { stdlib: ['logging'], thirdParty: [], afterApp: ['from aws_xray_sdk.core import xray_recorder'] },
  facts: XRAY_SDK,
} as const satisfies TracingFlavor;
