/**
 * AWS Distro for OpenTelemetry: the Application Signals layer (AWSOpenTelemetryDistroPython, current), or
 * the legacy layer with the embedded collector. No tracing code in the function: the layer's exec wrapper
 * instruments it in Lambda.
 */
import { sortedByRegion } from './regions.js';
import type { TracingFlavor } from './types.js';

/**
 * ADOT Python, Application Signals flavor (current, recommended by the ADOT docs). One ARN a region, both architectures.
 *
 * Checked 2026-12-07 against the newest copies of the sources that could be read (the same as on 2026-11-25):
 * - ARNs: aws-otel/aws-otel.github.io src/config/lambdaLayerArns.js at e256b2e (2026-07-22), python tab, last
 *   changed by aedf669 (PR #839, 2026-07-06), whose ARNs are the aws-otel-python-instrumentation v0.18.0
 *   release's. Newer layers exist (PR #847, merged 2026-08-18, "Update Lambda layer ARNs for Python release
 *   v0.19.0"; tag v0.19.0, 2026-07-22; a 0.21.0 on PyPI in 2026-10) but their per-region numbers could not be
 *   read: these stay the confirmed v0.18.0 ones until `npm run catalog:check` is run on a current copy of
 *   lambdaLayerArns.js.
 * - Runtimes: aws-observability/aws-otel-python-instrumentation .github/workflows/release-build.yml publishes
 *   the layer with --compatible-runtimes python3.10 ... python3.14 from tag v0.18.0 (2026-06-19) on: PR #791
 *   added python3.14, cherry-picked into release/v0.18.x by PR #795 (PR #797 and its 0.19 backport #835,
 *   2026-07-22, also build the layer on python3.14). So every ARN below, in all 35 regions, declares python3.14.
 *   (The docs site's supportedRuntimes.js still lists 3.10-3.13: it lags the layer.)
 */
export const ADOT_APPLICATION_SIGNALS = {
  source:
    'aws-otel/aws-otel.github.io src/config/lambdaLayerArns.js @ e256b2e (2026-07-22; v0.18.0 layers, PR #839); runtimes: aws-otel-python-instrumentation release-build.yml --compatible-runtimes @ v0.18.0 (PR #791/#795)',
  /** Where to look for newer layer versions and runtimes. */
  checkAt:
    'the Python tab of https://aws-otel.github.io/docs/getting-started/lambda (src/config/lambdaLayerArns.js) and the releases of aws-observability/aws-otel-python-instrumentation',
  runtimes: ['python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
  arns: {
    'af-south-1': 'arn:aws:lambda:af-south-1:904233096616:layer:AWSOpenTelemetryDistroPython:23',
    'ap-east-1': 'arn:aws:lambda:ap-east-1:888577020596:layer:AWSOpenTelemetryDistroPython:23',
    'ap-east-2': 'arn:aws:lambda:ap-east-2:412664885777:layer:AWSOpenTelemetryDistroPython:4',
    'ap-northeast-1': 'arn:aws:lambda:ap-northeast-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ap-northeast-2': 'arn:aws:lambda:ap-northeast-2:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ap-northeast-3': 'arn:aws:lambda:ap-northeast-3:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ap-south-1': 'arn:aws:lambda:ap-south-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ap-south-2': 'arn:aws:lambda:ap-south-2:796973505492:layer:AWSOpenTelemetryDistroPython:23',
    'ap-southeast-1': 'arn:aws:lambda:ap-southeast-1:615299751070:layer:AWSOpenTelemetryDistroPython:25',
    'ap-southeast-2': 'arn:aws:lambda:ap-southeast-2:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ap-southeast-3': 'arn:aws:lambda:ap-southeast-3:039612877180:layer:AWSOpenTelemetryDistroPython:23',
    'ap-southeast-4': 'arn:aws:lambda:ap-southeast-4:713881805771:layer:AWSOpenTelemetryDistroPython:23',
    'ap-southeast-5': 'arn:aws:lambda:ap-southeast-5:152034782359:layer:AWSOpenTelemetryDistroPython:14',
    'ap-southeast-6': 'arn:aws:lambda:ap-southeast-6:313828097273:layer:AWSOpenTelemetryDistroPython:3',
    'ap-southeast-7': 'arn:aws:lambda:ap-southeast-7:980416031188:layer:AWSOpenTelemetryDistroPython:14',
    'ca-central-1': 'arn:aws:lambda:ca-central-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'ca-west-1': 'arn:aws:lambda:ca-west-1:595944127152:layer:AWSOpenTelemetryDistroPython:14',
    'cn-north-1': 'arn:aws-cn:lambda:cn-north-1:440179912924:layer:AWSOpenTelemetryDistroPython:14',
    'cn-northwest-1': 'arn:aws-cn:lambda:cn-northwest-1:440180067931:layer:AWSOpenTelemetryDistroPython:14',
    'eu-central-1': 'arn:aws:lambda:eu-central-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'eu-central-2': 'arn:aws:lambda:eu-central-2:156041407956:layer:AWSOpenTelemetryDistroPython:23',
    'eu-north-1': 'arn:aws:lambda:eu-north-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'eu-south-1': 'arn:aws:lambda:eu-south-1:257394471194:layer:AWSOpenTelemetryDistroPython:23',
    'eu-south-2': 'arn:aws:lambda:eu-south-2:490004653786:layer:AWSOpenTelemetryDistroPython:23',
    'eu-west-1': 'arn:aws:lambda:eu-west-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'eu-west-2': 'arn:aws:lambda:eu-west-2:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'eu-west-3': 'arn:aws:lambda:eu-west-3:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'il-central-1': 'arn:aws:lambda:il-central-1:746669239226:layer:AWSOpenTelemetryDistroPython:23',
    'me-central-1': 'arn:aws:lambda:me-central-1:739275441131:layer:AWSOpenTelemetryDistroPython:22',
    'mx-central-1': 'arn:aws:lambda:mx-central-1:610118373846:layer:AWSOpenTelemetryDistroPython:14',
    'sa-east-1': 'arn:aws:lambda:sa-east-1:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'us-east-1': 'arn:aws:lambda:us-east-1:615299751070:layer:AWSOpenTelemetryDistroPython:29',
    'us-east-2': 'arn:aws:lambda:us-east-2:615299751070:layer:AWSOpenTelemetryDistroPython:26',
    'us-west-1': 'arn:aws:lambda:us-west-1:615299751070:layer:AWSOpenTelemetryDistroPython:33',
    'us-west-2': 'arn:aws:lambda:us-west-2:615299751070:layer:AWSOpenTelemetryDistroPython:33',
  } as Record<string, string>,
  managedPolicy: 'CloudWatchLambdaApplicationSignalsExecutionRolePolicy',
} as const;

/**
 * ADOT Python, legacy embedded-collector layer (marked "Not Recommended" by the ADOT docs). Checked 2026-12-07:
 * lambda-python.mdx @ e256b2e and aws-observability/aws-otel-lambda's CHANGELOG (2025-05-30) have no newer
 * ver-* layer and no python3.14 (its CI matrix stops at 3.13).
 */
export const ADOT_COLLECTOR = {
  source: 'aws-otel/aws-otel.github.io src/docs/getting-started/lambda/lambda-python.mdx @ e256b2e',
  checkAt: 'https://aws-otel.github.io/docs/getting-started/lambda/lambda-python and aws-observability/aws-otel-lambda releases',
  account: '901920570463',
  layerName: (arch: string) => `aws-otel-python-${arch === 'arm64' ? 'arm64' : 'amd64'}-ver-1-32-0`,
  version: 2,
  runtimes: ['python3.10', 'python3.11', 'python3.12', 'python3.13'],
  regions: [
    'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
    'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2',
    'us-west-1', 'us-west-2',
  ],
} as const;

/** ADOT's exec wrapper: the layer's script that starts the function under OpenTelemetry. */
export const ADOT_EXEC_WRAPPER = '/opt/otel-instrument';

function collectorArns(arch: string): Record<string, string> {
  const name = ADOT_COLLECTOR.layerName(arch);
  return Object.fromEntries(
    ADOT_COLLECTOR.regions.map((region) => [region, `arn:aws:lambda:${region}:${ADOT_COLLECTOR.account}:layer:${name}:${ADOT_COLLECTOR.version}`]),
  );
}

export const adot = {
  hint: 'AWS Distro for OpenTelemetry layer: no tracing code in the function',
  variants: [
    {
      key: 'adotLayer',
      flag: 'adot-layer',
      help: 'which ADOT layer',
      default: 'application-signals',
      summaryLabel: 'adot layer',
      choices: [
        { value: 'application-signals', hint: 'AWSOpenTelemetryDistroPython, the current layer (CloudWatch Application Signals)' },
        { value: 'collector', hint: 'legacy aws-otel-python layer with the embedded collector' },
      ],
    },
  ],
  pieces: ({ arch, serviceName, variants }) => {
    const common = {
      env: { AWS_LAMBDA_EXEC_WRAPPER: ADOT_EXEC_WRAPPER, OTEL_SERVICE_NAME: serviceName, OTEL_PYTHON_LOG_CORRELATION: 'true' },
      functionRequirements: [],
      testRequirements: [],
      memorySize: 512,
    };
    if (variants.adotLayer === 'collector') {
      const arns = collectorArns(arch);
      return {
        label: 'AWS Distro for OpenTelemetry (legacy collector layer)',
        layer: { kind: 'mapping', description: 'ADOT Python layer with the embedded collector (legacy)', arns },
        ...common,
        managedPolicies: [],
        regions: Object.keys(arns),
        runtimes: ADOT_COLLECTOR.runtimes,
        checkAt: ADOT_COLLECTOR.checkAt,
      };
    }
    const arns = sortedByRegion(ADOT_APPLICATION_SIGNALS.arns);
    return {
      label: 'AWS Distro for OpenTelemetry (Application Signals layer)',
      layer: { kind: 'mapping', description: 'ADOT Python layer AWSOpenTelemetryDistroPython (Application Signals)', arns },
      ...common,
      managedPolicies: [ADOT_APPLICATION_SIGNALS.managedPolicy],
      regions: Object.keys(arns),
      runtimes: ADOT_APPLICATION_SIGNALS.runtimes,
      checkAt: ADOT_APPLICATION_SIGNALS.checkAt,
    };
  },
  layerRegions: [...Object.keys(ADOT_APPLICATION_SIGNALS.arns), ...ADOT_COLLECTOR.regions],
  layerMarks: /aws-otel-python|AWSOpenTelemetryDistroPython|AdotLayer/,
  mappingPrefix: 'AdotLayer',
  // A function that already has the legacy collector layer keeps it, and needs that variant's pieces.
  variantFor: (layerTexts: string[]): Record<string, string> => (layerTexts.some((text) => /aws-otel-python/.test(text)) ? { adotLayer: 'collector' } : {}),
  handlerNotes: ['No handler changes: the ADOT layer instruments the function through AWS_LAMBDA_EXEC_WRAPPER.'],
  trace: {
    subsegments: [],
    annotations: {},
    localNote: {
      by: 'ADOT',
      mark: 'the ADOT layer',
      text: `No subsegments: this function has no tracing code. In Lambda, the ADOT layer
(AWS_LAMBDA_EXEC_WRAPPER=${ADOT_EXEC_WRAPPER}) instruments the handler, so the
layer is needed to see spans; it does not run locally. Deployed, a trace shows
the API Gateway stage, the AWS::Lambda segment, and the AWS::Lambda::Function
segment with the span the layer records for the handler (app.lambda_handler).`,
    },
    // The layer's wrapper (/opt/otel-instrument) moves _HANDLER to ORIG_HANDLER and instruments that
    // function with OpenTelemetry's AWS Lambda instrumentation, which opens one span per invocation,
    // named "<module>.<function>" of the handler (here `app.lambda_handler`), kind SERVER, its parent
    // taken from _X_AMZN_TRACE_ID (active tracing): open-telemetry/opentelemetry-python-contrib,
    // instrumentation/opentelemetry-instrumentation-aws-lambda/src/opentelemetry/instrumentation/
    // aws_lambda/__init__.py (`orig_handler_name = ".".join([wrapped_module_name, wrapped_function_name])`,
    // `tracer.start_as_current_span(name=orig_handler_name, kind=span_kind)`, SERVER unless an SQS/SNS/S3/
    // DynamoDB record). X-Ray shows OTel spans of the function as subsegments of its
    // AWS::Lambda::Function segment (aws-otel.github.io/docs/getting-started/lambda); the function code
    // here records no span of its own, so that span is the one piece to expect.
    deployed: {
      names: ['app.lambda_handler'],
      source: "the span ADOT's Lambda instrumentation opens for the handler, named after it, of kind SERVER",
    },
    logTraceIdKey: 'xrayTraceId',
  },
  unitTest: { stdlib: ['logging', 'sys'], thirdParty: [], afterApp: [] },
  facts: {
    /**
     * What Application Signals needs once per account and region, read 2026-12-07: StartDiscovery "enables this
     * AWS account to be able to use CloudWatch Application Signals by creating the
     * AWSServiceRoleForCloudWatchApplicationSignals service-linked role" (Application Signals API reference);
     * the ADOT Lambda guide (aws-otel.github.io lambda.mdx @ 0be0b86, 2025-11-28) calls it "(Optional) Enable
     * Application Signals Discovery", once per account and region. Neither says what the console shows without it.
     */
    discovery: { command: 'aws application-signals start-discovery', role: 'AWSServiceRoleForCloudWatchApplicationSignals', readOn: '2026-12-07' },
  },
} as const satisfies TracingFlavor;
