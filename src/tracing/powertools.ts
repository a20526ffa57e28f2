/** Powertools for AWS Lambda (Python) v3: its public layer (pinned per region, or from its SSM parameter), Tracer, Logger, Metrics. */
import { sortedByRegion } from './regions.js';
import { type TracingFlavor, codeTrace } from './types.js';

/**
 * Powertools for AWS Lambda (Python) v3 public layer. Checked 2026-12-07 against install.md @ 05d7b181 (the
 * newest copy that could be read, again): layer 37 (aws, aws-cn), 27 (GovCloud), runtimes 3.10-3.14. The same
 * page's "inspect the layer" example names version 38, and releases came after the layer moved to 37 (PR #8438,
 * 2026-09-04; v3.36.0 on 2026-10-15 in the docs' changelog, 3.37.0 on PyPI), so newer layers exist: their
 * numbers are in no table that could be read, so they are not used. scripts/check_layers.py in a project
 * (and the SSM parameter below) tells the newest.
 */
export const POWERTOOLS = {
  source: 'aws-powertools/powertools-lambda-python docs/getting-started/install.md @ 05d7b181',
  checkAt: 'https://docs.powertools.aws.dev/lambda/python/latest/getting-started/install/ (docs/getting-started/install.md)',
  layerName: (pyNoDot: string, arch: string) => `AWSLambdaPowertoolsPythonV3-${pyNoDot}-${arch}`,
  runtimes: ['python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
  partitions: [
    {
      partition: 'aws',
      version: 37,
      accounts: Object.fromEntries(
        [
          'af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
          'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
          'ap-southeast-5', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
          'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1',
          'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1',
          'us-west-2',
        ].map((region) => [region, '017000801446']),
      ),
    },
    { partition: 'aws-cn', version: 37, accounts: { 'cn-north-1': '498634801083' } },
    {
      partition: 'aws-us-gov',
      version: 27,
      accounts: { 'us-gov-east-1': '165087284144', 'us-gov-west-1': '165093116878' },
    },
  ],
  ssmParameter: (arch: string, runtime: string) => `/aws/service/powertools/python/${arch}/${runtime}/latest`,
  /** The PyPI package the layer carries, for local tests. */
  pypi: 'aws-lambda-powertools[tracer]>=3,<4',
} as const;

function powertoolsArns(runtime: string, arch: string): Record<string, string> {
  const name = POWERTOOLS.layerName(runtime.replace('.', ''), arch);
  const arns: Record<string, string> = {};
  for (const { partition, version, accounts } of POWERTOOLS.partitions) {
    for (const [region, account] of Object.entries(accounts)) {
      arns[region] = `arn:${partition}:lambda:${region}:${account}:layer:${name}:${version}`;
    }
  }
  return sortedByRegion(arns);
}

export const powertools = {
  hint: 'Powertools for AWS Lambda (Python) v3 layer: Tracer, Logger, Metrics, event handler',
  variants: [
    {
      key: 'powertoolsLayer',
      flag: 'powertools-layer',
      help: 'how the Powertools layer ARN is chosen',
      default: 'pinned',
      summaryLabel: 'powertools layer',
      choices: [
        { value: 'pinned', hint: 'a pinned layer version from the catalog, per region' },
        { value: 'ssm', hint: "Powertools' public SSM parameter, resolved to the latest version at deploy time" },
      ],
    },
  ],
  pieces: ({ runtime, arch, serviceName, variants }) => {
    const arns = powertoolsArns(runtime, arch);
    return {
      label: 'Powertools for AWS Lambda (Python) v3',
      layer:
        variants.powertoolsLayer === 'ssm'
          ? {
              kind: 'ssm',
              description: 'Powertools for AWS Lambda (Python) v3, latest version, from its public SSM parameter',
              parameter: POWERTOOLS.ssmParameter(arch, runtime),
            }
          : { kind: 'mapping', description: 'Powertools for AWS Lambda (Python) v3 public layer', arns },
      env: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      managedPolicies: [],
      functionRequirements: [],
      testRequirements: [POWERTOOLS.pypi],
      memorySize: 256,
      regions: Object.keys(arns),
      runtimes: POWERTOOLS.runtimes,
      checkAt: POWERTOOLS.checkAt,
      latestParameter: POWERTOOLS.ssmParameter(arch, runtime),
    };
  },
  layerRegions: POWERTOOLS.partitions.flatMap((p) => Object.keys(p.accounts)),
  layerMarks: /AWSLambdaPowertoolsPython|PowertoolsLayer|\/aws\/service\/powertools\//,
  mappingPrefix: 'PowertoolsLayer',
  handlerNotes: [
    'Handler code (the layer provides Powertools; for local tests add aws-lambda-powertools[tracer] to your test requirements):',
    '    from aws_lambda_powertools import Tracer',
    '    tracer = Tracer()',
    '    @tracer.capture_lambda_handler',
    '    def lambda_handler(event, context): ...',
  ],
  trace: codeTrace('xray_trace_id'),
  unitTest: { stdlib: ['io'], thirdParty: ['import pytest'], afterApp: [] },
  facts: {},
} as const satisfies TracingFlavor;
