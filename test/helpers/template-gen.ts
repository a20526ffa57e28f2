/**
 * Generated SAM and CloudFormation templates for add-tracing's property tests (issue 17): one to five
 * functions in random key orders, shared and separate roles, Environment absent, present or last in
 * Properties, Globals present or absent, comments, blank lines and trailing spaces between keys, block
 * and flow styles, 2- and 4-space indents, indented or flush sequence dashes, CRLF, and JSON. A template is
 * a model (what it says) and a style (how it is written); `renderTemplate` writes the text, and
 * `outcomeProblems` says, in words, what add-tracing got wrong on it (nothing: [] ).
 */
import fc from 'fast-check';
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseTemplateDocument } from '../../src/add-tracing/parse.js';
import { AddTracingError, planAddTracing } from '../../src/add-tracing/plan-edit.js';
import { type Tracing, tracingFlavor, tracingPieces } from '../../src/tracing/index.js';
import { deprecatedRuntimeProblem } from '../../src/shared/catalog.js';

type Value = string | number | boolean | Value[] | { [key: string]: Value };

export interface FunctionModel {
  runtime: string;
  arch: 'x86_64' | 'arm64' | undefined;
  environment: 'absent' | 'present' | 'last';
  /** CloudFormation functions always have a role; SAM ones may let SAM make it. */
  role: 'shared' | 'own' | 'sam';
  /** The role lists ManagedPolicyArns already. */
  roleArns: boolean;
  api: boolean;
  /** Random weights that order the function's keys. */
  order: number[];
}

export interface TemplateStyle {
  json: boolean;
  indent: 2 | 4;
  dashIndented: boolean;
  crlf: boolean;
  shortTags: boolean;
  /** Seed of the noise between keys: comments, blank lines, trailing spaces, flow maps. */
  noise: number;
  comments: boolean;
  blankLines: boolean;
  trailingSpaces: boolean;
  flowMaps: boolean;
  /** YAML anchors on the first Timeout and role policy document, aliases (*name) in the others. */
  anchors: boolean;
  /** Comment lines and a line of spaces after each resource, a comment above the next one. */
  endComments: boolean;
  /** Lists of scalars as multi-line flow lists indented less than their key (PyYAML takes them; the yaml package strict mode does not). */
  lowFlow: boolean;
}

export interface TemplateModel {
  sam: boolean;
  globals: boolean;
  functions: FunctionModel[];
  /** Roles with ManagedPolicyArns start them with an Fn::If (a condition's ARN or AWS::NoValue), its arguments on the lines below. */
  ifArn: boolean;
  style: TemplateStyle;
}

const RUNTIMES = ['python3.12', 'python3.13', 'python3.14', 'python3.11', 'python3.9', 'nodejs22.x'];

const functionArb = fc.record({
  runtime: fc.constantFrom(...RUNTIMES, 'python3.13', 'python3.12'),
  arch: fc.constantFrom('x86_64' as const, 'arm64' as const, undefined),
  environment: fc.constantFrom('absent' as const, 'present' as const, 'last' as const),
  role: fc.constantFrom('shared' as const, 'own' as const, 'sam' as const),
  roleArns: fc.boolean(),
  api: fc.boolean(),
  order: fc.array(fc.nat(1000), { minLength: 12, maxLength: 12 }),
});

const styleArb = fc.record({
  json: fc.boolean(),
  indent: fc.constantFrom(2 as const, 4 as const),
  dashIndented: fc.boolean(),
  crlf: fc.boolean(),
  shortTags: fc.boolean(),
  noise: fc.nat(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
  trailingSpaces: fc.boolean(),
  flowMaps: fc.boolean(),
  anchors: fc.boolean(),
  endComments: fc.boolean(),
  lowFlow: fc.boolean(),
});

export const templateArb: fc.Arbitrary<TemplateModel> = fc.record({
  sam: fc.boolean(),
  globals: fc.boolean(),
  functions: fc.array(functionArb, { minLength: 1, maxLength: 5 }),
  ifArn: fc.boolean(),
  style: styleArb,
});

const CODE = 'def handler(event, context):\n    return {"statusCode": 200}\n';

const IF_ARN: Value = { 'Fn::If': ['IsProd', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', { Ref: 'AWS::NoValue' }] };
const ANCHORED: Record<string, string> = { Timeout: 'timeout', AssumeRolePolicyDocument: 'assume' };

/** The template as CloudFormation JSON (intrinsics as {Ref}/{Fn::*}), in the model's key order. */
export function templateValue(m: TemplateModel): { [key: string]: Value } {
  const resources: { [key: string]: Value } = {};
  const role = (arns: boolean): Value => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ...(arns ? { ManagedPolicyArns: [...(m.ifArn ? [IF_ARN] : []), { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }] } : {}),
    },
  });
  const roleOf = (f: FunctionModel) => (f.role === 'sam' && m.sam ? undefined : f.role === 'own' ? 'own' : 'shared');
  m.functions.forEach((f, i) => {
    const id = `Fn${i + 1}Function`;
    const roleId = roleOf(f) === 'own' ? `Fn${i + 1}Role` : roleOf(f) === 'shared' ? 'SharedRole' : undefined;
    if (roleId && !(roleId in resources)) resources[roleId] = role(roleId === 'SharedRole' ? m.functions.some((g) => roleOf(g) === 'shared' && g.roleArns) : f.roleArns);
    const entries: [string, Value][] = [
      ['Runtime', f.runtime],
      ['Handler', 'index.handler'],
      m.sam ? ['InlineCode', CODE] : ['Code', { ZipFile: CODE }],
      ['Timeout', 10],
      ['Description', `function ${i + 1}`],
    ];
    if (f.arch) entries.push(['Architectures', [f.arch]]);
    if (roleId) entries.push(['Role', { 'Fn::GetAtt': [roleId, 'Arn'] }]);
    if (m.sam && f.api) entries.push(['Events', { Get: { Type: 'Api', Properties: { Path: `/f${i + 1}`, Method: 'get' } } }]);
    const ordered = entries.map((e, k) => ({ e, w: f.order[k] ?? k })).sort((a, b) => a.w - b.w).map((x) => x.e);
    const env: [string, Value] = ['Environment', { Variables: { TABLE: 'orders', LOG_LEVEL: 'INFO' } }];
    if (f.environment === 'last') ordered.push(env);
    else if (f.environment === 'present') ordered.splice((f.order[11] ?? 0) % (ordered.length + 1), 0, env);
    resources[id] = { Type: m.sam ? 'AWS::Serverless::Function' : 'AWS::Lambda::Function', Properties: Object.fromEntries(ordered) };
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...(m.sam ? { Transform: 'AWS::Serverless-2016-10-31' } : {}),
    Description: 'A generated template',
    ...(m.ifArn ? { Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'AWS::StackName' }, 'prod'] } } } : {}),
    ...(m.sam && m.globals ? { Globals: { Function: { MemorySize: 256 } } } : {}),
    Resources: resources,
  };
}

/** A small deterministic generator for the noise, from the style's seed. */
function noiseFrom(seed: number) {
  let s = seed >>> 0 || 1;
  return (percent: number) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 8) % 100 < percent;
  };
}

const PLAIN = /^[A-Za-z_/][\w.:/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
const scalar = (v: Value): string => (typeof v === 'string' ? (PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v)) : String(v));
const isIntrinsic = (v: Value): v is { [key: string]: Value } =>
  typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]!);

/** The template's text in its style. */
export function renderTemplate(m: TemplateModel): string {
  const st = m.style;
  const eol = st.crlf ? '\r\n' : '\n';
  const value = templateValue(m);
  if (st.json) return JSON.stringify(value, null, st.indent).replaceAll('\n', eol) + eol;
  const unit = ' '.repeat(st.indent);
  const chance = noiseFrom(st.noise);
  const short = (v: { [key: string]: Value }): string | undefined => {
    if (!st.shortTags) return undefined;
    const [name, arg] = Object.entries(v)[0]!;
    if (name === 'Ref') return `!Ref ${scalar(arg)}`;
    if (name === 'Fn::GetAtt' && Array.isArray(arg)) return `!GetAtt ${arg.join('.')}`;
    if (name === 'Fn::Sub') return `!Sub ${scalar(arg)}`;
    return undefined;
  };
  const flowOf = (v: Value): string =>
    Array.isArray(v) ? `[${v.map(flowOf).join(', ')}]` : typeof v === 'object' ? `{ ${Object.entries(v).map(([k, x]) => `${scalar(k)}: ${flowOf(x)}`).join(', ')} }` : scalar(v);
  const simple = (v: Value): boolean => typeof v !== 'object' || (!isIntrinsic(v) && Object.values(v).every(simple) && !Array.isArray(v));
  const trailing = () => (st.trailingSpaces && chance(30) ? (chance(50) ? '   ' : '  # note') : '');

  const anchors = new Set<string>();
  const mapLines = (map: { [key: string]: Value }, indent: string, depth: number, inItem: boolean): string[] => {
    const lines: string[] = [];
    Object.entries(map).forEach(([key, v], i) => {
      if (!(inItem && i === 0) && depth > 0) {
        if (st.blankLines && chance(15)) lines.push('');
        if (st.comments && chance(15)) lines.push(`${indent}# about ${key}`);
        if (st.endComments && depth === 1) lines.push(`${indent}# the resource ${key}`);
      }
      const anchor = st.anchors ? ANCHORED[key] : undefined;
      if (anchor && anchors.has(anchor)) lines.push(`${indent}${scalar(key)}: *${anchor}`);
      else lines.push(...entryLines(`${indent}${scalar(key)}:${anchor ? ` &${anchor}` : ''}`, v, indent, depth));
      if (anchor) anchors.add(anchor);
      if (st.endComments && depth === 1) lines.push(`${indent}${unit}${unit}# the end of ${key}`, `${indent}${unit}# its last line`, `${indent}${unit}  `);
    });
    return lines;
  };
  const entryLines = (head: string, v: Value, indent: string, depth: number): string[] => {
    if (typeof v !== 'object') return [`${head} ${scalar(v)}${trailing()}`];
    if (isIntrinsic(v) && short(v)) return [`${head} ${short(v)}${trailing()}`];
    if (Array.isArray(v)) {
      const dash = st.dashIndented ? indent + unit : indent;
      if (st.flowMaps && v.every((x) => typeof x !== 'object') && chance(30)) return [`${head} ${flowOf(v)}`];
      if (st.lowFlow && v.every((x) => typeof x !== 'object') && chance(50)) return [`${head} [`, ...v.map((x, k) => `${indent}${scalar(x)}${k < v.length - 1 ? ',' : ''}`), `${indent}]`];
      return [head, ...v.flatMap((item) => itemLines(item, dash, depth + 1))];
    }
    if (st.flowMaps && depth >= 2 && simple(v) && chance(40)) return [`${head} ${flowOf(v)}`];
    return [head, ...mapLines(v, indent + unit, depth + 1, false)];
  };
  const itemLines = (item: Value, dash: string, depth: number): string[] => {
    const ifArgs = isIntrinsic(item) && st.shortTags ? item['Fn::If'] : undefined;
    if (Array.isArray(ifArgs)) return [`${dash}- !If`, ...ifArgs.flatMap((arg) => itemLines(arg, `${dash}  `, depth + 1))];
    if (typeof item !== 'object' || (isIntrinsic(item) && short(item))) return [`${dash}- ${typeof item === 'object' ? short(item) : scalar(item)}`];
    if (Array.isArray(item)) return [`${dash}- ${flowOf(item)}`];
    const lines = mapLines(item, `${dash}  `, depth, true);
    return [`${dash}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
  };
  return mapLines(value, '', 0, false).join(eol) + eol;
}

/** A parsed template with short-form tags as their long forms ({Ref}, {Fn::GetAtt: [..]}, ...). */
export function parseTemplate(text: string): { errors: string[]; value?: any } {
  const doc = parseTemplateDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => e.message.split('\n')[0]!) };
  const toJs = (node: unknown): any => {
    if (isAlias(node)) return toJs(node.resolve(doc));
    if (isMap(node)) return Object.fromEntries(node.items.map((p) => [String((p.key as any).value), toJs(p.value)]));
    let out: any = isSeq(node) ? node.items.map(toJs) : isScalar(node) ? node.value : null;
    const tag = (node as Node | null)?.tag;
    if (tag?.startsWith('!')) {
      const name = tag.slice(1);
      if (name === 'Ref') out = { Ref: out };
      else out = { [`Fn::${name}`]: name === 'GetAtt' && typeof out === 'string' ? out.split('.') : out };
    }
    return out;
  };
  return { errors: [], value: toJs(doc.contents) };
}

/** The variant options for a flavor: their defaults, or each one's other choice (--adot-layer collector, --powertools-layer ssm). */
export function variantsOf(tracing: Tracing, other: boolean): Record<string, string> {
  if (!other) return {};
  return Object.fromEntries(tracingFlavor(tracing).variants.map((v) => [v.key, v.choices.find((c) => c.value !== v.default)!.value]));
}

export type Outcome = { kind: 'traced'; text: string } | { kind: 'refused'; message: string };

/** Runs add-tracing on a generated template and says what is wrong with what it did ([] when nothing). */
export function outcomeProblems(
  m: TemplateModel,
  source: string,
  tracing: Tracing,
  variants: Record<string, string> = {},
): { outcome?: Outcome; problems: string[] } {
  const options = { tracing, functions: [], force: false, variants };
  const python = m.functions.map((f, i) => ({ f, id: `Fn${i + 1}Function` })).filter(({ f }) => f.runtime.startsWith('python'));
  const pieces = (f: FunctionModel, id: string) =>
    tracingPieces({ tracing, runtime: f.runtime, arch: f.arch ?? 'x86_64', serviceName: id, variants });
  // A runtime Lambda has deprecated is refused by every flavor; else what the flavor's runtimes do not list.
  const unsupported = python.filter(({ f, id }) => deprecatedRuntimeProblem(f.runtime) !== undefined || !pieces(f, id).runtimes.includes(f.runtime));
  let text: string;
  try {
    text = planAddTracing(source, options).text;
  } catch (error) {
    if (!(error instanceof AddTracingError)) return { problems: [`not a refusal but ${String((error as Error).stack)}`] };
    const message = error.message;
    const problems: string[] = [];
    if (python.length > 0 && unsupported.length === 0) problems.push(`refused a template it supports: ${message}`);
    for (const { id } of unsupported) if (!message.includes(id)) problems.push(`the refusal does not name ${id}: ${message}`);
    return { outcome: { kind: 'refused', message }, problems };
  }
  const problems: string[] = [];
  if (python.length === 0 || unsupported.length > 0) problems.push(`traced a template it should refuse (${unsupported.map((u) => u.f.runtime).join(', ') || 'no Python'})`);
  const parsed = parseTemplate(text);
  if (parsed.errors.length > 0) return { outcome: { kind: 'traced', text }, problems: [...problems, ...parsed.errors.map((e) => `does not parse: ${e}`)] };
  if (m.style.json) {
    try {
      JSON.parse(text);
    } catch (error) {
      problems.push(`not JSON any more: ${(error as Error).message}`);
    }
  }
  if (planAddTracing(text, options).changed) problems.push('a second run changes it');
  const t = parsed.value;
  // Items of the role's list itself (an ARN inside an !If's arguments does not count).
  const arnItems = (roleId: string): string[] =>
    (t.Resources[roleId]?.Properties?.ManagedPolicyArns ?? []).map((a: any) => (typeof a === 'string' ? a : typeof a?.['Fn::Sub'] === 'string' ? a['Fn::Sub'] : ''));
  for (const { f, id } of python) {
    const p = pieces(f, id);
    const props = t.Resources[id].Properties;
    const active = m.sam ? (props.Tracing ?? t.Globals?.Function?.Tracing) : props.TracingConfig?.Mode;
    if (active !== 'Active') problems.push(`${id}: tracing is ${active}`);
    const variables = props.Environment?.Variables ?? {};
    if (f.environment !== 'absent' && (variables.TABLE !== 'orders' || variables.LOG_LEVEL !== 'INFO')) problems.push(`${id}: its own variables changed: ${JSON.stringify(variables)}`);
    for (const [key, value] of Object.entries(p.env)) if (variables[key] !== value) problems.push(`${id}: ${key} is ${variables[key]}`);
    if (p.layer?.kind === 'mapping') {
      const layers: any[] = props.Layers ?? [];
      const found = layers.map((l) => l?.['Fn::FindInMap']).filter(Boolean);
      if (found.length !== 1) problems.push(`${id}: ${found.length} layer lookups in ${JSON.stringify(layers)}`);
      const arn = found[0] && t.Mappings?.[found[0][0]]?.['us-east-1']?.Arn;
      if (found[0] && arn !== p.layer.arns['us-east-1']) problems.push(`${id}: its layer in us-east-1 is ${arn}`);
      const listed = found[0] && t.Rules?.[`${found[0][0]}Region`]?.Assertions?.[0]?.Assert?.['Fn::Contains']?.[0];
      if (found[0] && JSON.stringify(listed) !== JSON.stringify(Object.keys(t.Mappings?.[found[0][0]] ?? {}))) problems.push(`${id}: no Rules assertion lists the regions of ${found[0][0]}`);
    }
    if (p.layer?.kind === 'ssm') {
      const count = (props.Layers ?? []).filter((l: unknown) => l === `{{resolve:ssm:${p.layer!.kind === 'ssm' ? p.layer!.parameter : ''}}}`).length;
      if (count !== 1) problems.push(`${id}: the SSM layer ${count} times in ${JSON.stringify(props.Layers)}`);
    }
    const roleId = props.Role?.['Fn::GetAtt']?.[0];
    const needed = roleId ? ['AWSXRayDaemonWriteAccess', ...p.managedPolicies] : p.managedPolicies;
    for (const policy of needed) {
      const count = roleId ? arnItems(roleId).filter((a) => a.endsWith(`policy/${policy}`)).length : (props.Policies ?? []).filter((x: unknown) => x === policy).length;
      if (count !== 1) problems.push(`${id}: ${policy} ${count} times on ${roleId ?? 'its Policies'}`);
    }
  }
  return { outcome: { kind: 'traced', text }, problems };
}
