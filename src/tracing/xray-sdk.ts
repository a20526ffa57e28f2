/** The raw AWS X-Ray SDK for Python (maintenance mode): explicit subsegments in the code, the SDK deployed with it. */
import { type TracingFlavor, codeTrace } from './types.js';

/**
 * The raw AWS X-Ray SDK for Python. Its support status, read 2026-12-07: the X-Ray SDK and Daemon Support
 * timeline (the page below) has maintenance mode from 2026-02-25 with no end ("N/A"): security fixes only, no
 * new features; AWS changed it in November 2025, when aws/aws-xray-sdk-python removed the README's
 * "End-of-Support on February 25, 2027" section (commit 8561487, 2025-11-25, PR #472). 2.15.0 (2025-10-29)
 * is the newest release (the repository's tags and CHANGELOG.rst).
 */
export const XRAY_SDK = {
  source:
    'docs.aws.amazon.com/xray/latest/devguide/xray-sdk-daemon-timeline.html (read 2026-12-07); aws/aws-xray-sdk-python commit 8561487 (2025-11-25) and tag 2.15.0',
  timeline: 'https://docs.aws.amazon.com/xray/latest/devguide/xray-sdk-daemon-timeline.html',
  requirement: 'aws-xray-sdk==2.15.0',
  maintenanceSince: '2026-02-25',
  /** What every place says of it: --help, the notice, the READMEs, the handler. */
  status: 'in maintenance mode since 2026-02-25: security fixes only, no new features, and no end-of-support date announced',
} as const;

export const xraySdk = {
  hint: `raw AWS X-Ray SDK for Python (maintenance mode since ${XRAY_SDK.maintenanceSince}: security fixes only)`,
  notice: `The AWS X-Ray SDK for Python is ${XRAY_SDK.status} (${XRAY_SDK.timeline}). For new work, AWS recommends OpenTelemetry: --tracing adot.`,
  variants: [],
  pieces: () => ({
    label: 'AWS X-Ray SDK for Python (maintenance mode)',
    env: {},
    managedPolicies: [],
    functionRequirements: [XRAY_SDK.requirement],
    testRequirements: [],
    memorySize: 256,
    runtimes: ['python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
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
