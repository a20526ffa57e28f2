/**
 * The facts this generator ships: Lambda layers, accounts, versions, env vars,
 * managed policies and runtimes, each with its source. Data only: every other
 * module derives from it, so an update (a new layer version, a new region) is
 * an edit here and nowhere else. Re-check each source before a release and move
 * CHECKED_ON forward.
 */
export const CHECKED_ON = '2026-07-22';

/** Lambda Python runtimes. Only `supported` ones are offered; the rest are refused by name. */
export const PYTHON_RUNTIMES = {
  source: 'Lambda runtimes page, 2026',
  supported: {
    'python3.14': { os: 'AL2023', deprecation: '2029-06-30' },
    'python3.13': { os: 'AL2023', deprecation: '2029-06-30' },
    'python3.12': { os: 'AL2023', deprecation: '2028-10-31' },
  },
  deprecated: {
    'python3.11': '2026-06-30',
    'python3.10': '2026-06-30',
    'python3.9': '2025-12-15',
    'python3.8': '2024-10-14',
  },
} as const;

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;

/** Powertools for AWS Lambda (Python) v3 public layer. */
export const POWERTOOLS = {
  source: 'aws-powertools/powertools-lambda-python docs/getting-started/install.md (2026 docs)',
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

/** ADOT Python, Application Signals flavor (current, recommended by the ADOT docs). One ARN a region, both architectures. */
export const ADOT_APPLICATION_SIGNALS = {
  source:
    'aws-otel/aws-otel.github.io src/config/lambdaLayerArns.js (snapshot 2026-07-22) and src/docs/getting-started/lambda.mdx',
  runtimes: ['python3.10', 'python3.11', 'python3.12', 'python3.13'],
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

/** ADOT Python, legacy embedded-collector layer (marked "Not Recommended" by the ADOT docs). */
export const ADOT_COLLECTOR = {
  source: 'aws-otel/aws-otel.github.io src/docs/getting-started/lambda/lambda-python.mdx',
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

/** The raw AWS X-Ray SDK for Python. */
export const XRAY_SDK = {
  source: 'aws/aws-xray-sdk-python README and docs.aws.amazon.com/xray/latest/devguide/xray-daemon-eos.html',
  requirement: 'aws-xray-sdk==2.15.0',
  maintenanceSince: '2026-02-25',
  endOfSupport: '2027-02-25',
} as const;

/**
 * Managed policies every function role gets: logs, and X-Ray write (SAM's `Tracing: Active` and
 * CDK's `Tracing.ACTIVE` add the latter by themselves; raw CloudFormation must name it, or
 * CreateFunction fails with "does not have permissions to call PutTraceSegments").
 */
export const BASE_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'AWSXRayDaemonWriteAccess'] as const;

/** ADOT's exec wrapper: the layer's script that starts the function under OpenTelemetry. */
export const ADOT_EXEC_WRAPPER = '/opt/otel-instrument';

/** Every region any layer above is published in: the regions this tool knows. */
export const KNOWN_REGIONS: readonly string[] = [
  ...new Set([
    ...POWERTOOLS.partitions.flatMap((p) => Object.keys(p.accounts)),
    ...Object.keys(ADOT_APPLICATION_SIGNALS.arns),
    ...ADOT_COLLECTOR.regions,
  ]),
].sort();

export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
