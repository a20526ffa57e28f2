/**
 * The facts every flavor shares: Lambda's Python runtimes, the policies every role gets, partitions.
 * Each tracing flavor's own facts (its layers, accounts, versions, runtimes) are in its module in
 * src/tracing/. Re-check each source before a release (`npm run catalog:check` compares the layer facts
 * with saved copies of their sources) and move CHECKED_ON forward; `create-traced-lambda upgrade` brings a
 * project to these facts. On 2026-12-07 the layer facts of every flavor were re-checked against the newest
 * copies of their sources that could be read (each module says which; none had newer ARNs than the catalog).
 */
export const CHECKED_ON = '2026-12-07';

/**
 * Lambda Python runtimes. Only `supported` ones are offered; the rest are refused by name, with what
 * Lambda blocks and since when (deprecatedRuntimeProblem: the one answer for create and add-tracing).
 */
export const PYTHON_RUNTIMES = {
  source: 'Lambda runtimes page, as of 2026-07-22',
  supported: {
    'python3.14': { os: 'AL2023', deprecation: '2029-06-30' },
    'python3.13': { os: 'AL2023', deprecation: '2029-06-30' },
    'python3.12': { os: 'AL2023', deprecation: '2028-10-31' },
  },
  /**
   * The runtimes before those: the deprecation date, the dates from which Lambda blocks creating functions
   * on it and updating them, and the successor. A runtime is deprecated from its deprecation date on
   * (deprecatedRuntimeProblem compares with today); until then Lambda supports it, and add-tracing traces
   * it, but new projects start on a `supported` one. Source: cfn-lint's runtime data
   * (src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json, the data of its rules E2531/E2533/W2531)
   * as aws-cloudformation/cfn-lint commit afd7953 (2026-06-02, PR #4532, "update Lambda runtime
   * deprecation dates", released in v1.51.3) has it, following the Lambda runtimes page; read 2026-12-07.
   * The cfn-lint installed on these machines (1.51.0) predates it: its W2531/E2531 warn of python3.10 and
   * python3.11 by the old dates (2026-06-30).
   */
  lifecycleSource: 'the Lambda runtimes page, as cfn-lint afd7953 (2026-06-02) records it; read 2026-12-07',
  deprecated: {
    'python3.11': { deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31', successor: 'python3.14' },
    'python3.10': { deprecation: '2026-10-31', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: 'python3.14' },
    'python3.9': { deprecation: '2025-12-15', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: 'python3.14' },
    'python3.8': { deprecation: '2024-10-14', blockCreate: '2027-02-01', blockUpdate: '2027-03-03', successor: 'python3.14' },
    'python3.7': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2026-03-09', successor: 'python3.14' },
    'python3.6': { deprecation: '2022-07-18', blockCreate: '2022-07-18', blockUpdate: '2022-08-29', successor: 'python3.14' },
    'python2.7': { deprecation: '2021-07-15', blockCreate: '2021-07-15', blockUpdate: '2022-05-30', successor: 'python3.14' },
  } as Record<string, { deprecation: string; blockCreate: string; blockUpdate: string; successor: string } | undefined>,
} as const;

/**
 * Why a deprecated runtime is refused, in one sentence: since when it is deprecated, what Lambda blocks
 * (creating functions, updating them) and since or from when, what to move to (its successor). Undefined for a runtime
 * Lambda has not deprecated. `today` (YYYY-MM-DD) decides "blocks since" or "will block from".
 */
export function deprecatedRuntimeProblem(runtime: string, today = new Date().toISOString().slice(0, 10)): string | undefined {
  const life = PYTHON_RUNTIMES.deprecated[runtime];
  if (!life || life.deprecation > today) return undefined;
  const when = (date: string) => (date <= today ? `since ${date}` : `from ${date}`);
  const blocks = life.blockCreate <= today ? 'blocks' : 'will block';
  const update = life.blockUpdate <= today ? `and updating them ${when(life.blockUpdate)}` : `and will block updating them from ${life.blockUpdate}`;
  return (
    `${runtime} is deprecated in Lambda since ${life.deprecation}: Lambda ${blocks} creating functions on it ${when(life.blockCreate)} ${update} ` +
    `(${PYTHON_RUNTIMES.lifecycleSource}); move to ${life.successor}`
  );
}

/** Why `create` does not offer a runtime Lambda still supports (its deprecation is near), or undefined. */
export function retiringRuntimeProblem(runtime: string, today = new Date().toISOString().slice(0, 10)): string | undefined {
  const life = PYTHON_RUNTIMES.deprecated[runtime];
  if (!life || life.deprecation <= today) return undefined;
  return (
    `${runtime} is deprecated in Lambda on ${life.deprecation} (creating functions on it is blocked from ${life.blockCreate}, updating them from ` +
    `${life.blockUpdate}; ${PYTHON_RUNTIMES.lifecycleSource}), so a new project does not start on it`
  );
}

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
