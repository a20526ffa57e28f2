/**
 * The facts every flavor shares: Lambda's Python runtimes, the policies every role gets, partitions.
 * Each tracing flavor's own facts (its layers, accounts, versions, runtimes) are in its module in
 * src/tracing/. Re-check each source before a release (`npm run catalog:check` compares the layer facts
 * with saved copies of their sources) and move CHECKED_ON forward; `create-traced-lambda upgrade` brings a
 * project to these facts. On 2026-12-07 the layer facts of every flavor were re-checked against the newest
 * copies of their sources that could be read (each module says which; none had newer ARNs than the catalog).
 */
export const CHECKED_ON = '2026-12-07';

/** Lambda Python runtimes. Only `supported` ones are offered; the rest are refused by name. */
export const PYTHON_RUNTIMES = {
  source: 'Lambda runtimes page, as of 2026-07-22',
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

/**
 * Managed policies every plain CloudFormation function role gets: X-Ray write (SAM's `Tracing: Active`
 * and CDK's `Tracing.ACTIVE` add it by themselves; raw CloudFormation must name it, or
 * CreateFunction fails with "does not have permissions to call PutTraceSegments"). Logs are not
 * here: the role may write to the function's own log group only, through an inline policy.
 */
export const BASE_POLICIES = ['AWSXRayDaemonWriteAccess'] as const;

/**
 * The retentions CloudWatch Logs accepts (RetentionInDays, CloudWatch Logs API reference,
 * PutRetentionPolicy), each with its aws-cdk-lib `logs.RetentionDays` constant.
 */
export const LOG_RETENTION_DAYS: Readonly<Record<string, string>> = {
  1: 'ONE_DAY', 3: 'THREE_DAYS', 5: 'FIVE_DAYS', 7: 'ONE_WEEK', 14: 'TWO_WEEKS', 30: 'ONE_MONTH',
  60: 'TWO_MONTHS', 90: 'THREE_MONTHS', 120: 'FOUR_MONTHS', 150: 'FIVE_MONTHS', 180: 'SIX_MONTHS',
  365: 'ONE_YEAR', 400: 'THIRTEEN_MONTHS', 545: 'EIGHTEEN_MONTHS', 731: 'TWO_YEARS', 1096: 'THREE_YEARS',
  1827: 'FIVE_YEARS', 2192: 'SIX_YEARS', 2557: 'SEVEN_YEARS', 2922: 'EIGHT_YEARS', 3288: 'NINE_YEARS',
  3653: 'TEN_YEARS',
};

export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * API Gateway's access-log line (with --access-logs), one JSON object per request: the request id
 * and the X-Ray trace id lead from a log line to the function's logs and to the trace.
 * Variables: API Gateway's $context reference for REST APIs.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  xrayTraceId: '$context.xrayTraceId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
});
