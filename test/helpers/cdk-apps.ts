/**
 * add-tracing in CDK apps, for the tests: the fixture apps' dependencies (the generated app's pinned ones, and
 * the PythonFunction construct library), installed once; add-tracing run in-process as the CLI runs it; and
 * the checks of a synthesized template that the Aspect traced what it should.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { CDK_TYPESCRIPT_PACKAGES } from '../../src/iac/cdk.js';
import { type Tracing, tracingPieces } from '../../src/tracing/index.js';
import { type Json, type Resource, type Template, grantsXrayWrite } from './cfn.js';
import { installOnce } from '../tools/install-once.mjs';

/** @aws-cdk/aws-lambda-python-alpha: the newest on npm (2.269.0-alpha.0) takes aws-cdk-lib ^2.269.0, so 2.276.0. */
export const PYTHON_ALPHA = '2.269.0-alpha.0';

export const installCdkAppPackages = () =>
  installOnce(
    'create-traced-lambda-cdk-apps',
    {
      dependencies: { ...CDK_TYPESCRIPT_PACKAGES.dependencies, '@aws-cdk/aws-lambda-python-alpha': PYTHON_ALPHA },
      devDependencies: CDK_TYPESCRIPT_PACKAGES.devDependencies,
    },
    "the CDK fixture apps' dependencies",
  );

/** `create-traced-lambda add-tracing ARGS` in `cwd`, without a terminal: its exit code and what it printed. */
export async function addTracing(cwd: string, args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const sink = { write: (text: string) => ((output += text), true) };
  const code = await main({ argv: ['add-tracing', ...args], env: { PATH: process.env.PATH }, cwd, stdin: {}, stdout: sink, stderr: sink });
  return { code, output };
}

/** The synthesized templates of an app (every stack, nested ones too), by file name. */
export async function synthesized(dir: string, names: string[]): Promise<Record<string, Template>> {
  const entries = await Promise.all(names.map(async (name) => [name, JSON.parse(await readFile(join(dir, 'cdk.out', name), 'utf8')) as Template] as const));
  return Object.fromEntries(entries);
}

export interface TraceExpectation {
  tracing: Tracing;
  variants: { adotLayer: string; powertoolsLayer: string };
  /** Logical ids left as they are (excluded, the CDK's helpers, other languages). */
  untouched: RegExp;
  /** Logical ids whose role the app imports (no X-Ray write expected). */
  importedRole?: RegExp;
}

const isPython = (r: Resource) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Runtime ?? '').startsWith('python');

/** What the Aspect should have done in one template: every Python function traced, with layer, env and X-Ray write; every stage traced. */
export function aspectProblems(template: Template, expected: TraceExpectation): string[] {
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::ApiGateway::Stage' && r.Properties?.TracingEnabled !== true) problems.push(`${id}: stage not traced`);
    if (!isPython(r) || expected.untouched.test(id)) continue;
    const p = r.Properties!;
    const pieces = tracingPieces({ tracing: expected.tracing, runtime: String(p.Runtime), arch: String((p.Architectures as string[] | undefined)?.[0] ?? 'x86_64'), serviceName: 'x', variants: expected.variants });
    if ((p.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active') problems.push(`${id}: not actively traced`);
    problems.push(...layerProblems(template, id, p.Layers as Json[] | undefined, pieces.layer));
    const env = ((p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {}) as Record<string, Json>;
    for (const key of Object.keys(pieces.env)) if (!(key in env)) problems.push(`${id}: no ${key}`);
    if (expected.importedRole?.test(id)) continue;
    const roleId = (p.Role as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0];
    const role = roleId ? template.Resources[roleId] : undefined;
    if (!role || !grantsXrayWrite(template, roleId!, role, { region: 'us-east-1', template })) problems.push(`${id}: its role may not write to X-Ray`);
    for (const policy of pieces.managedPolicies) if (!JSON.stringify(role?.Properties?.ManagedPolicyArns ?? []).includes(`policy/${policy}"`)) problems.push(`${id}: no ${policy}`);
  }
  return problems;
}

/** The layer: from a mapping of the flavor keyed by region with its Rules assertion, or its SSM parameter. */
function layerProblems(template: Template, id: string, layers: Json[] | undefined, layer: ReturnType<typeof tracingPieces>['layer']): string[] {
  if (!layer) return [];
  const text = JSON.stringify(layers ?? []);
  if (layer.kind === 'ssm') {
    const parameters = Object.entries(template.Parameters ?? {}).filter(([, v]) => (v as { Default?: string }).Default === layer.parameter).map(([k]) => k);
    return parameters.some((name) => text.includes(`{"Ref":"${name}"}`)) ? [] : [`${id}: no layer from ${layer.parameter}`];
  }
  const mapping = /"Fn::FindInMap":\["([^"]+)"/.exec(text)?.[1];
  const table = mapping ? (template.Mappings?.[mapping] as Record<string, { Arn: string }> | undefined) : undefined;
  if (!table || JSON.stringify(Object.fromEntries(Object.entries(table).map(([r, v]) => [r, v.Arn]))) !== JSON.stringify(layer.arns)) return [`${id}: no mapping with the layer's ARNs per region`];
  const rule = (template.Rules as Record<string, Json> | undefined)?.[`${mapping}Region`];
  const regions = JSON.stringify((rule as { Assertions: { Assert: { 'Fn::Contains': Json[] } }[] } | undefined)?.Assertions[0]?.Assert['Fn::Contains'][0]);
  return regions === JSON.stringify(Object.keys(layer.arns)) ? [] : [`${id}: no Rules assertion listing the layer's regions`];
}
