/**
 * The one table of cdk-nag findings (AwsSolutions and Serverless packs) a generated project leaves as
 * they are, each with its reason. The CDK apps acknowledge its entries on their constructs
 * (`Validations.of(construct).acknowledge`, aws-cdk-lib's own API, which cdk-nag 3 reads); the SAM
 * and CloudFormation templates carry them on the resources they concern, as
 * `Metadata.cdk_nag.rules_to_suppress` (the format cdk-nag 2 reads from a template included with
 * cloudformation-include), so a user who runs cdk-nag sees only their own findings. The verify
 * tier's nag suite checks every IaC flavor against it (no finding left, every entry used).
 */
import type { ProjectSpec } from '../model/spec.js';

export interface NagSuppression {
  /** cdk-nag rule id, with its pack's prefix. */
  rule: string;
  /** For rules reporting one finding per item: the managed policy's name (IAM4), or the finding itself (IAM5). */
  finding?: string;
  /** The construct it concerns, as the CDK stacks name it. */
  on: 'function' | 'role' | 'api';
  /** For an API entry: the template resource it concerns, when not the RestApi itself. */
  part?: 'method' | 'stage';
  reason: string;
}

type Entry = NagSuppression & { when?: (spec: ProjectSpec) => boolean };

const XRAY_WRITE =
  'X-Ray write for active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, and this is the AWS managed policy AWS documents for it.';

const TABLE: Entry[] = [
  {
    rule: 'AwsSolutions-APIG1',
    on: 'api',
    part: 'stage',
    when: (spec) => !spec.accessLogs,
    reason:
      'Access logs are opt-in (--access-logs): API Gateway writes them with an account-level CloudWatch role, an account-wide setting this project never changes by itself. X-Ray traces every request meanwhile.',
  },
  {
    rule: 'Serverless-APIGWAccessLogging',
    on: 'api',
    part: 'stage',
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
    part: 'stage',
    reason: 'A WAF web ACL is billed per ACL, rule and request; the stage is throttled instead. Associate a web ACL before production traffic.',
  },
  {
    rule: 'AwsSolutions-APIG4',
    on: 'api',
    part: 'method',
    reason: 'The hello-world API is unauthenticated on purpose; the README shows how to add an authorizer.',
  },
  {
    rule: 'AwsSolutions-COG4',
    on: 'api',
    part: 'method',
    reason: 'The hello-world API is unauthenticated on purpose; the README shows how to add an authorizer (Cognito user pool, Lambda or IAM).',
  },
  {
    rule: 'AwsSolutions-APIG6',
    on: 'api',
    part: 'stage',
    reason:
      'Execution logging needs the account-level CloudWatch role and writes to log groups API Gateway creates without a retention; X-Ray traces each request, the function logs JSON lines with the trace id, and --access-logs adds access logs.',
  },
  // SAM and CloudFormation name it on their explicit role; the CDK grants X-Ray write with a statement of its own (IAM5 below).
  { rule: 'AwsSolutions-IAM4', finding: 'AWSXRayDaemonWriteAccess', on: 'role', when: (spec) => spec.iac !== 'cdk', reason: XRAY_WRITE },
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

/** The text in the brackets of a finding id, as cdk-nag names it (IAM4: the policy's ARN as written with ${AWS::Partition}). */
const findingText = (rule: string, finding: string) => (rule === 'AwsSolutions-IAM4' ? `Policy::arn:<AWS::Partition>:iam::aws:policy/${finding}` : finding);

/** The finding id cdk-nag reports for an entry on a CDK stack (the id `acknowledge` takes). */
export function nagFindingId(s: NagSuppression): string {
  return s.finding ? `${s.rule}[${findingText(s.rule, s.finding)}]` : s.rule;
}

/**
 * One suppression as a template carries it, in a resource's `Metadata.cdk_nag.rules_to_suppress`:
 * the rule's id, the reason, and for a rule with one finding per item, the findings it covers
 * (`applies_to`). cdk-nag 2.38.2, lib/utils/nag-suppression-helper.js: getSuppressions reads
 * `getMetadata('cdk_nag').rules_to_suppress` of each resource, toApiFormat maps `applies_to`.
 */
export interface TemplateSuppression {
  id: string;
  reason: string;
  applies_to?: string[];
}

/** The template resources that carry suppressions: the function, its role, and the API's RestApi, GET method and stage. */
export type TemplateResource = 'function' | 'role' | 'api' | 'method' | 'stage';

/** The suppressions for a SAM or CloudFormation project, by the template resource that carries each. */
export function templateSuppressions(spec: ProjectSpec): Record<TemplateResource, TemplateSuppression[]> {
  const byResource: Record<TemplateResource, TemplateSuppression[]> = { function: [], role: [], api: [], method: [], stage: [] };
  for (const s of nagSuppressions(spec)) {
    const carried = { id: s.rule, reason: s.reason, ...(s.finding ? { applies_to: [findingText(s.rule, s.finding)] } : {}) };
    byResource[s.part ?? s.on].push(carried);
  }
  return byResource;
}

/** Does a reported finding (rule, and the text in its brackets) fall under an entry? */
export function suppresses(s: NagSuppression, rule: string, finding: string | null): boolean {
  if (s.rule !== rule) return false;
  if (!s.finding) return finding === null;
  return finding !== null && (s.rule === 'AwsSolutions-IAM4' ? finding.endsWith(`/${s.finding}`) : finding === s.finding);
}
