/**
 * The one table of cdk-nag findings (AwsSolutions and Serverless packs) a generated project leaves as
 * they are, each with its reason. The verify tier's nag suite checks every IaC flavor against it
 * (every finding listed, every entry used); the CDK apps acknowledge the same entries on their
 * constructs (`Validations.of(construct).acknowledge`, aws-cdk-lib's own API, which cdk-nag v3
 * reads), so a user who adds cdk-nag sees only their own findings.
 */
import type { ProjectSpec } from '../model/spec.js';

export interface NagSuppression {
  /** cdk-nag rule id, with its pack's prefix. */
  rule: string;
  /** For rules reporting one finding per item: the managed policy's name (IAM4), or the finding itself (IAM5). */
  finding?: string;
  /** The construct it concerns, as the CDK stacks name it. */
  on: 'function' | 'role' | 'api';
  reason: string;
}

type Entry = NagSuppression & { when?: (spec: ProjectSpec) => boolean };

const XRAY_WRITE =
  'X-Ray write for active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, and this is the AWS managed policy AWS documents for it.';

const TABLE: Entry[] = [
  {
    rule: 'AwsSolutions-APIG1',
    on: 'api',
    when: (spec) => !spec.accessLogs,
    reason:
      'Access logs are opt-in (--access-logs): API Gateway writes them with an account-level CloudWatch role, an account-wide setting this project never changes by itself. X-Ray traces every request meanwhile.',
  },
  {
    rule: 'Serverless-APIGWAccessLogging',
    on: 'api',
    when: (spec) => !spec.accessLogs,
    reason: 'Access logs are opt-in (--access-logs): they need the account-level CloudWatch role of API Gateway, which this project never sets.',
  },
  {
    rule: 'AwsSolutions-APIG2',
    on: 'api',
    reason: 'GET /hello reads no parameter, header or body: there is nothing to validate. Add a request validator with the first method that takes input.',
  },
  {
    rule: 'AwsSolutions-APIG3',
    on: 'api',
    reason: 'A WAF web ACL is billed per ACL, rule and request; the stage is throttled instead. Associate a web ACL before production traffic.',
  },
  {
    rule: 'AwsSolutions-APIG4',
    on: 'api',
    // SAM's implicit API is an OpenAPI body: the rule reads AWS::ApiGateway::Method resources only.
    when: (spec) => spec.iac !== 'sam',
    reason: 'The hello-world API is unauthenticated on purpose; the README shows how to add an authorizer.',
  },
  {
    rule: 'AwsSolutions-COG4',
    on: 'api',
    when: (spec) => spec.iac !== 'sam',
    reason: 'The hello-world API is unauthenticated on purpose; the README shows how to add an authorizer (Cognito user pool, Lambda or IAM).',
  },
  {
    rule: 'AwsSolutions-APIG6',
    on: 'api',
    reason:
      'Execution logging needs the account-level CloudWatch role and writes to log groups API Gateway creates without a retention; X-Ray traces each request, the function logs JSON lines with the trace id, and --access-logs adds access logs.',
  },
  { rule: 'AwsSolutions-IAM4', finding: 'AWSXRayDaemonWriteAccess', on: 'role', when: (spec) => spec.iac === 'cloudformation', reason: XRAY_WRITE },
  { rule: 'AwsSolutions-IAM4', finding: 'AWSXrayWriteOnlyAccess', on: 'role', when: (spec) => spec.iac === 'sam', reason: `SAM attaches it for Tracing: Active. ${XRAY_WRITE}` },
  {
    rule: 'AwsSolutions-IAM4',
    finding: 'service-role/AWSLambdaBasicExecutionRole',
    on: 'role',
    when: (spec) => spec.iac === 'sam',
    reason:
      "SAM attaches it to every role it creates; the function writes to its own log group. The CloudFormation and CDK flavors scope the role's log permission to that group (the README says how to do it with SAM).",
  },
  {
    rule: 'AwsSolutions-IAM5',
    finding: 'Resource::*',
    on: 'role',
    when: (spec) => spec.iac === 'cdk',
    reason: `The CDK's statement for Tracing.ACTIVE. ${XRAY_WRITE.replace(', and this is the AWS managed policy AWS documents for it', '')}`,
  },
  {
    rule: 'AwsSolutions-L1',
    on: 'function',
    reason:
      "The runtime is the one chosen with --runtime, among those Lambda supports and the tracing layers are published for; cdk-nag's latest follows aws-cdk-lib's runtime list, which runs ahead of the layers.",
  },
  {
    rule: 'Serverless-LambdaLatestVersion',
    on: 'function',
    reason: "The runtime is the one chosen with --runtime, among those Lambda supports and the tracing layers are published for; cdk-nag's latest runs ahead of the layers.",
  },
  {
    rule: 'Serverless-LambdaDLQ',
    on: 'function',
    reason: 'API Gateway invokes the function synchronously and returns its errors to the caller; a dead-letter queue applies to asynchronous invocations only.',
  },
];

/** The suppressions for a project: the table's entries that apply, and one for each managed policy its tracing flavor needs. */
export function nagSuppressions(spec: ProjectSpec): NagSuppression[] {
  const flavorPolicies = spec.pieces.managedPolicies.map((policy) => ({
    rule: 'AwsSolutions-IAM4',
    finding: policy,
    on: 'role' as const,
    reason: `${spec.pieces.label} needs this AWS managed policy, as its documentation says.`,
  }));
  return [...TABLE.filter((entry) => !entry.when || entry.when(spec)).map(({ when, ...entry }) => entry), ...flavorPolicies];
}

/** The finding id cdk-nag reports for an entry on a CDK stack (the id `acknowledge` takes). */
export function nagFindingId(s: NagSuppression): string {
  if (!s.finding) return s.rule;
  const finding = s.rule === 'AwsSolutions-IAM4' ? `Policy::arn:<AWS::Partition>:iam::aws:policy/${s.finding}` : s.finding;
  return `${s.rule}[${finding}]`;
}

/** Does a reported finding (rule, and the text in its brackets) fall under an entry? */
export function suppresses(s: NagSuppression, rule: string, finding: string | null): boolean {
  if (s.rule !== rule) return false;
  if (!s.finding) return finding === null;
  return finding !== null && (s.rule === 'AwsSolutions-IAM4' ? finding.endsWith(`/${s.finding}`) : finding === s.finding);
}
