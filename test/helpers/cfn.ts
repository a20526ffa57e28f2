/**
 * Real-tool checks of generated templates: cfn-lint and the SAM translator run in one Python process
 * (test/tools/inspect_templates.py); the semantic checks below read the expanded (or synthesized)
 * CloudFormation and say, in words, what does not hold.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ACCESS_LOG_FORMAT, partitionOf } from '../../src/shared/catalog.js';
import type { ProjectSpec } from '../../src/model/spec.js';
import { PYTHON } from './tools.js';

const run = promisify(execFile);
const INSPECT = fileURLToPath(new URL('../tools/inspect_templates.py', import.meta.url));

export interface LintMatch {
  rule: string;
  level: string;
  message: string;
  path: string;
  line: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Template = { Resources: Record<string, Resource>; Mappings?: Record<string, Json>; Parameters?: Record<string, Json>; [key: string]: Json | undefined };
export type Resource = { Type: string; Properties?: Record<string, Json>; DependsOn?: Json };

export interface Inspection {
  lint: LintMatch[];
  /** The template as written (intrinsic tags as {Ref}/{Fn::*} objects). */
  source: Template;
  /** After the SAM transform, when there is one; else the same as source. */
  template: Template;
  error: string | null;
}

/**
 * cfn-lint every template and expand the SAM ones, in one Python process. `templates: false` leaves the
 * parsed and expanded templates out of the answer (source and template are null), for many templates.
 */
export async function inspectTemplates(paths: string[], ignoreChecks: string[] = [], { templates = true } = {}): Promise<Map<string, Inspection>> {
  const args = [INSPECT, ...(ignoreChecks.length ? [`--ignore-checks=${ignoreChecks.join(',')}`] : []), ...(templates ? [] : ['--no-templates']), ...paths];
  const { stdout } = await run(PYTHON, args, { maxBuffer: 256 * 1024 * 1024 });
  return new Map(Object.entries(JSON.parse(stdout) as Record<string, Inspection>));
}

export const lintSummary = (matches: LintMatch[]) => matches.map((m) => `${m.rule} (${m.level}) ${m.path}: ${m.message}`);

/**
 * The projects cfn-lint found anything in, or the SAM translator could not expand, each with what went
 * wrong ([] when all lint clean and expand).
 */
export const lintFailures = (projects: { label: string; inspection?: Inspection }[]) =>
  projects
    .filter((p) => p.inspection!.lint.length > 0 || p.inspection!.error)
    .map((p) => [p.label, [...lintSummary(p.inspection!.lint), ...(p.inspection!.error ? [p.inspection!.error] : [])]]);

// ---- Resolving intrinsic functions for a given region -------------------------------------------------

export interface Where {
  region: string;
  template: Template;
}

const PSEUDO = (where: Where): Record<string, string> => ({
  'AWS::Region': where.region,
  'AWS::Partition': partitionOf(where.region),
  'AWS::URLSuffix': where.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'stack',
});

/** Resolve what can be resolved offline; SSM-backed parameters come back as `ssm:<name>`. */
export function resolveValue(value: Json | undefined, where: Where): Json | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return Array.isArray(value) ? value.map((v) => resolveValue(v, where) as Json) : value;
  }
  const [key, arg] = Object.entries(value)[0] ?? [];
  if (Object.keys(value).length !== 1 || !key) return value;
  if (key === 'Ref') {
    const name = arg as string;
    const pseudo = PSEUDO(where)[name];
    if (pseudo) return pseudo;
    const parameter = where.template.Parameters?.[name] as { Type?: string; Default?: Json } | undefined;
    if (parameter?.Type?.startsWith('AWS::SSM::Parameter::Value')) return `ssm:${String(parameter.Default)}`;
    if (parameter) return parameter.Default ?? null;
    return value;
  }
  if (key === 'Fn::FindInMap') {
    const [map, first, second] = (arg as Json[]).map((v) => resolveValue(v, where));
    const table = where.template.Mappings?.[String(map)] as Record<string, Record<string, Json>> | undefined;
    return table?.[String(first)]?.[String(second)];
  }
  if (key === 'Fn::Join') {
    const [separator, parts] = arg as [string, Json[]];
    const resolved = resolveValue(parts, where);
    return Array.isArray(resolved) && resolved.every((p) => typeof p === 'string') ? resolved.join(separator) : value;
  }
  if (key === 'Fn::Sub') {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, Json>]);
    return text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
      const local = (vars as Record<string, Json>)[name];
      const resolved = local !== undefined ? resolveValue(local, where) : PSEUDO(where)[name];
      return typeof resolved === 'string' ? resolved : whole;
    });
  }
  return value;
}

// ---- Semantic checks ----------------------------------------------------------------------------------

const byType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type) as [string, Resource][];

/** Does `value` (any intrinsic shape) point at resource `id`? */
function refersTo(value: Json | undefined, id: string): boolean {
  if (typeof value === 'string') return value.includes(`\${${id}.`) || value.includes(`\${${id}}`);
  if (Array.isArray(value)) return value.some((v) => refersTo(v, id));
  if (value && typeof value === 'object') {
    if (value.Ref === id) return true;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[0] === id) return true;
    if (typeof getAtt === 'string' && getAtt.startsWith(`${id}.`)) return true;
    return Object.values(value).some((v) => refersTo(v, id));
  }
  return false;
}

/** The regions the layer is checked in: both ends of the list, the usual ones, and other partitions. */
export function sampleRegions(regions: readonly string[]): string[] {
  const wanted = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1', regions[0]!, regions.at(-1)!];
  return [...new Set(wanted.filter((r) => regions.includes(r)))];
}

export function managedPolicyNames(role: Resource, where: Where): string[] {
  const arns = (role.Properties?.ManagedPolicyArns as Json[] | undefined) ?? [];
  return arns.map((arn) => String(resolveValue(arn, where)).replace(/^arn:[^:]+:iam::aws:policy\//, ''));
}

export function grantsXrayWrite(template: Template, roleId: string, role: Resource, where: Where): boolean {
  const names = managedPolicyNames(role, where);
  if (names.includes('AWSXrayWriteOnlyAccess') || names.includes('AWSXRayDaemonWriteAccess')) return true;
  const documents: Json[] = [
    ...(((role.Properties?.Policies as Json[] | undefined) ?? []).map((p) => (p as Record<string, Json>).PolicyDocument!)),
    ...byType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => refersTo(p.Properties?.Roles, roleId))
      .map(([, p]) => p.Properties!.PolicyDocument!),
  ];
  return documents.some((doc) => {
    const statements = (doc as { Statement?: Json[] }).Statement ?? [];
    return statements.some((s) => {
      const action = (s as { Action?: Json }).Action;
      const actions = Array.isArray(action) ? action : [action];
      return (s as { Effect?: string }).Effect === 'Allow' && actions.includes('xray:PutTraceSegments');
    });
  });
}

/** Does the role (inline or attached policies) allow logs:CreateLogStream and logs:PutLogEvents on log group `groupId`, and nothing wider? */
function writesLogsTo(template: Template, roleId: string, role: Resource, groupId: string): boolean {
  const documents: Json[] = [
    ...(((role.Properties?.Policies as Json[] | undefined) ?? []).map((p) => (p as Record<string, Json>).PolicyDocument!)),
    ...byType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => refersTo(p.Properties?.Roles, roleId))
      .map(([, p]) => p.Properties!.PolicyDocument!),
  ];
  const statements = documents.flatMap((doc) => ((doc as { Statement?: Json[] }).Statement ?? []) as Record<string, Json>[]);
  const logStatements = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('logs:')));
  return (
    logStatements.length > 0 &&
    logStatements.every((s) => s.Effect === 'Allow' && refersTo(s.Resource, groupId)) &&
    ['logs:CreateLogStream', 'logs:PutLogEvents'].every((a) => logStatements.some((s) => [s.Action].flat().includes(a)))
  );
}

function getHelloWired(template: Template, functionId: string): boolean {
  // Inline OpenAPI body (SAM's implicit API).
  for (const [, api] of byType(template, 'AWS::ApiGateway::RestApi')) {
    const body = api.Properties?.Body as { paths?: Record<string, Record<string, Record<string, Json>>> } | undefined;
    const integration = body?.paths?.['/hello']?.get?.['x-amazon-apigateway-integration'] as
      | { type?: string; uri?: Json }
      | undefined;
    if (integration && integration.type?.toLowerCase() === 'aws_proxy' && refersTo(integration.uri, functionId)) return true;
  }
  // Resource + Method (CloudFormation, CDK).
  const hello = byType(template, 'AWS::ApiGateway::Resource').filter(([, r]) => r.Properties?.PathPart === 'hello');
  return byType(template, 'AWS::ApiGateway::Method').some(([, method]) => {
    const p = method.Properties ?? {};
    const integration = p.Integration as { Type?: string; Uri?: Json } | undefined;
    return (
      p.HttpMethod === 'GET' &&
      hello.some(([id]) => refersTo(p.ResourceId, id)) &&
      integration?.Type === 'AWS_PROXY' &&
      refersTo(integration.Uri, functionId)
    );
  });
}

/** Everything a generated template must say about tracing, as a list of what does not hold ([] is good). */
export function tracingProblems(template: Template, spec: ProjectSpec): string[] {
  const problems: string[] = [];
  const functions = byType(template, 'AWS::Lambda::Function');
  if (functions.length !== 1) return [`expected one AWS::Lambda::Function, found ${functions.length}`];
  const [functionId, fn] = functions[0]!;
  const props = fn.Properties ?? {};
  const here: Where = { region: spec.region, template };
  const expect = (ok: boolean, what: string) => ok || problems.push(what);

  expect((props.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active', 'TracingConfig.Mode is not Active');
  expect(props.Runtime === spec.runtime, `Runtime is ${String(props.Runtime)}, expected ${spec.runtime}`);
  expect(
    JSON.stringify(props.Architectures ?? ['x86_64']) === JSON.stringify([spec.arch]),
    `Architectures is ${JSON.stringify(props.Architectures)}, expected [${spec.arch}]`,
  );

  // Logs: JSON lines in the function's own log group, with the retention asked for.
  const logging = (props.LoggingConfig ?? {}) as Record<string, Json>;
  const groupId = (logging.LogGroup as { Ref?: string } | undefined)?.Ref;
  const group = groupId ? template.Resources[groupId] : undefined;
  expect(logging.LogFormat === 'JSON', `LoggingConfig.LogFormat is ${JSON.stringify(logging.LogFormat)}, expected JSON`);
  expect(group?.Type === 'AWS::Logs::LogGroup', 'LoggingConfig.LogGroup is not a log group of the template');
  expect(
    group?.Properties?.RetentionInDays === Number(spec.logRetention),
    `the function's log group keeps logs ${JSON.stringify(group?.Properties?.RetentionInDays)} days, expected ${spec.logRetention}`,
  );

  // IAM: logs, X-Ray write, and the flavor's extra managed policies.
  const roleId = (props.Role as { 'Fn::GetAtt'?: Json[] } | undefined)?.['Fn::GetAtt']?.[0] as string | undefined;
  const role = roleId ? template.Resources[roleId] : undefined;
  if (!roleId || role?.Type !== 'AWS::IAM::Role') {
    problems.push('the function has no role defined in the template');
  } else {
    const names = managedPolicyNames(role, here);
    const basic = names.includes('service-role/AWSLambdaBasicExecutionRole');
    const scoped = groupId !== undefined && writesLogsTo(template, roleId, role, groupId);
    // Every flavor scopes it (SAM's template writes its role out: SAM's own has AWSLambdaBasicExecutionRole).
    expect(scoped && !basic, `the role's log permission is not scoped to the function's log group (managed: ${names.join(', ')})`);
    expect(grantsXrayWrite(template, roleId, role, here), 'the role cannot write to X-Ray (xray:PutTraceSegments)');
    for (const policy of spec.pieces.managedPolicies) {
      expect(names.includes(policy), `the role lacks the managed policy ${policy}`);
    }
  }

  // Environment.
  const variables = ((props.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {}) as Record<string, Json>;
  for (const [key, value] of Object.entries(spec.pieces.env)) {
    const actual = resolveValue(variables[key], here);
    expect(actual === value, `env ${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
  }

  // The layers: the tracing layer, resolved in several regions, and the dependencies layer, defined here.
  const allLayers = (props.Layers as Json[] | undefined) ?? [];
  const localLayers = byType(template, 'AWS::Lambda::LayerVersion');
  const isLocal = (entry: Json) => localLayers.some(([id]) => refersTo(entry, id));
  const layers = allLayers.filter((entry) => !isLocal(entry));
  if (spec.depsLayer) {
    const [depsId, deps] = localLayers[0] ?? [];
    expect(localLayers.length === 1, `expected one AWS::Lambda::LayerVersion for the dependencies, found ${localLayers.length}`);
    expect(allLayers.length === layers.length + 1 && isLocal(allLayers[allLayers.length - 1]!), 'the dependencies layer is not the function\'s last layer');
    const runtimes = (deps?.Properties?.CompatibleRuntimes as Json[] | undefined) ?? [];
    expect(runtimes.includes(spec.runtime), `the dependencies layer ${depsId} does not list ${spec.runtime}`);
    expect(JSON.stringify(deps?.Properties?.CompatibleArchitectures) === JSON.stringify([spec.arch]), `the dependencies layer is not for ${spec.arch}`);
  } else {
    expect(localLayers.length === 0, `expected no layer defined in the template, found ${localLayers.length}`);
  }
  const layer = spec.pieces.layer;
  if (!layer) {
    expect(layers.length === 0, `expected no layer, found ${JSON.stringify(layers)}`);
  } else if (layers.length !== 1) {
    problems.push(`expected one layer, found ${layers.length}`);
  } else if (layer.kind === 'ssm') {
    const resolved = String(resolveValue(layers[0], here));
    expect(
      resolved === `{{resolve:ssm:${layer.parameter}}}` || resolved === `ssm:${layer.parameter}`,
      `layer is ${resolved}, expected the SSM parameter ${layer.parameter}`,
    );
  } else {
    for (const region of sampleRegions(Object.keys(layer.arns))) {
      const resolved = resolveValue(layers[0], { region, template });
      expect(resolved === layer.arns[region], `layer in ${region} resolves to ${JSON.stringify(resolved)}, expected ${layer.arns[region]}`);
    }
  }

  // API Gateway: stage tracing, throttling, access logs when asked, and GET /hello wired to the function.
  const stages = byType(template, 'AWS::ApiGateway::Stage');
  for (const [stageId, stage] of stages) {
    const settings = (stage.Properties?.MethodSettings ?? []) as Record<string, Json>[];
    expect(
      settings.some(
        (s) =>
          s.ResourcePath === '/*' &&
          s.HttpMethod === '*' &&
          s.ThrottlingRateLimit === Number(spec.throttleRate) &&
          s.ThrottlingBurstLimit === Number(spec.throttleBurst),
      ),
      `stage ${stageId} is not throttled at ${spec.throttleRate} requests per second, bursts of ${spec.throttleBurst} (${JSON.stringify(settings)})`,
    );
    const access = stage.Properties?.AccessLogSetting as { DestinationArn?: Json; Format?: Json } | undefined;
    if (!spec.accessLogs) {
      expect(access === undefined, `stage ${stageId} has access logs, which were not asked for`);
    } else {
      const groups = byType(template, 'AWS::Logs::LogGroup').filter(([id]) => id !== groupId && refersTo(access?.DestinationArn, id));
      expect(groups.length === 1, `stage ${stageId} does not send access logs to a log group of the template`);
      expect(groups.every(([, g]) => g.Properties?.RetentionInDays === Number(spec.logRetention)), 'the access-log group has another retention');
      expect(access?.Format === ACCESS_LOG_FORMAT, `stage ${stageId} access-log format is ${JSON.stringify(access?.Format)}`);
    }
  }
  expect(stages.length > 0 && stages.every(([, s]) => s.Properties?.TracingEnabled === true), 'no API Gateway stage with TracingEnabled: true');
  expect(getHelloWired(template, functionId), 'GET /hello is not wired to the function with an AWS_PROXY integration');
  expect(
    byType(template, 'AWS::ApiGateway::RestApi').every(([, api]) =>
      JSON.stringify((api.Properties?.EndpointConfiguration as { Types?: Json } | undefined)?.Types) === '["REGIONAL"]',
    ),
    'the REST API is not REGIONAL (edge-optimized endpoints do not exist in the China regions)',
  );
  expect(
    byType(template, 'AWS::Lambda::Permission').some(
      ([, p]) => refersTo(p.Properties?.FunctionName, functionId) && p.Properties?.Principal === 'apigateway.amazonaws.com',
    ),
    'no permission lets API Gateway invoke the function',
  );
  return problems;
}
