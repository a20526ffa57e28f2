/**
 * The facts every flavor shares: Lambda's Python runtimes, the policies every role gets, partitions.
 * Each tracing flavor's own facts (its layers, accounts, versions, runtimes) are in its module in
 * src/tracing/. Re-check each source before a release (`npm run catalog:check` compares the layer facts
 * with saved copies of their sources) and move CHECKED_ON forward. On 2026-11-25 the layer facts of every
 * flavor were re-checked (each module says against which copy of its source); PYTHON_RUNTIMES was not.
 */
export const CHECKED_ON = '2026-11-25';

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
 * Managed policies every function role gets: logs, and X-Ray write (SAM's `Tracing: Active` and
 * CDK's `Tracing.ACTIVE` add the latter by themselves; raw CloudFormation must name it, or
 * CreateFunction fails with "does not have permissions to call PutTraceSegments").
 */
export const BASE_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'AWSXRayDaemonWriteAccess'] as const;

export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
