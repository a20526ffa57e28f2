/**
 * add-tracing on a suite of existing templates (test/fixtures/add-tracing: the SAM app templates'
 * hello world, a multi-function SAM template with Globals, a CloudFormation template with its own
 * role, one with comments and odd formatting, and a JSON one), for each tracing flavor, planned by the
 * core (the CLI's checked write is tested in test/cli/add-tracing.test.ts). The result lints clean,
 * expands with the SAM translator, passes the tracing checks; a second run changes nothing; what was
 * there is still there, byte for byte, with only insertions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planAddTracing } from '../../src/add-tracing/plan-edit.js';
import { type Tracing, tracingPieces } from '../../src/tracing/index.js';
import { type Inspection, type Json, type Template, grantsXrayWrite, inspectTemplates, lintFailures, managedPolicyNames, resolveValue, sampleRegions } from '../helpers/cfn.js';
import { describeIfTools } from '../helpers/tools.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** The five templates, and the regressions found on templates people have and by the property tests. */
const TEMPLATES = ['add-tracing', 'add-tracing-regressions'].flatMap((dir) => readdirSync(join(FIXTURES, dir)).sort().map((name) => join(dir, name)));
const FLAVORS: Tracing[] = ['powertools', 'adot', 'xray-sdk'];
/** Each flavor with the generator's defaults, and the variants add-tracing takes (--adot-layer, --powertools-layer). */
const RUNS: { tracing: Tracing; variants: { adotLayer?: string; powertoolsLayer?: string } }[] = [
  ...FLAVORS.map((tracing) => ({ tracing, variants: {} })),
  { tracing: 'adot', variants: { adotLayer: 'collector' } },
  { tracing: 'powertools', variants: { powertoolsLayer: 'ssm' } },
];
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** `after` is `before` with text inserted, nothing removed or rewritten: every line of `before` survives in order, at most extended. */
function onlyInsertions(before: string, after: string): string[] {
  const problems: string[] = [];
  const lines = after.split('\n');
  let j = 0;
  for (const [i, line] of before.split('\n').entries()) {
    while (j < lines.length && !isInsertedInto(line, lines[j]!)) j++;
    if (j === lines.length) {
      problems.push(`line ${i + 1} of the original is gone or rewritten: ${JSON.stringify(line)}`);
      break;
    }
    j++;
  }
  return problems;
}
const isInsertedInto = (line: string, candidate: string) => {
  if (line === candidate) return true;
  for (let k = 0; k <= line.length; k++) if (candidate.startsWith(line.slice(0, k)) && candidate.endsWith(line.slice(k)) && candidate.length > line.length) return true;
  return false;
};

/** What must hold in the expanded template for every Python function add-tracing targeted. */
function tracingProblems(inspection: Inspection, tracing: Tracing, variants: { adotLayer?: string; powertoolsLayer?: string } = {}): string[] {
  const problems: string[] = [];
  const { template, source } = inspection;
  const resources = template.Resources;
  for (const [id, resource] of Object.entries(source.Resources)) {
    if (!['AWS::Serverless::Function', 'AWS::Lambda::Function'].includes(resource.Type)) continue;
    const fn = resources[id];
    const props = (fn?.Properties ?? {}) as Record<string, Json>;
    const runtime = String(props.Runtime);
    if (!runtime.startsWith('python')) {
      if ((props.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active') problems.push(`${id} is not Python but got tracing`);
      continue;
    }
    const arch = String((props.Architectures as string[] | undefined)?.[0] ?? 'x86_64');
    const pieces = tracingPieces({ tracing, runtime, arch, serviceName: id, variants });
    if ((props.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active') problems.push(`${id}: TracingConfig is not Active`);
    const layer = pieces.layer;
    if (layer?.kind === 'mapping') {
      for (const region of sampleRegions(Object.keys(layer.arns))) {
        const resolved = ((props.Layers as Json[] | undefined) ?? []).map((l) => resolveValue(l, { region, template }));
        if (!resolved.includes(layer.arns[region]!)) problems.push(`${id}: in ${region} its layers ${JSON.stringify(resolved)} lack ${layer.arns[region]}`);
      }
      // The Rules assertion lists exactly the regions the layer is mapped in.
      const rule = Object.values((template.Rules ?? {}) as Record<string, any>).find((r) => JSON.stringify(r).includes(`Deploy to one of: ${Object.keys(layer.arns).join(', ')}.`));
      if (JSON.stringify(rule?.Assertions?.[0]?.Assert?.['Fn::Contains']?.[0]) !== JSON.stringify(Object.keys(layer.arns))) problems.push(`${id}: no Rules assertion lists the layer's regions`);
    }
    if (layer?.kind === 'ssm' && !JSON.stringify(props.Layers).includes(`{{resolve:ssm:${layer.parameter}}}`)) problems.push(`${id}: its layers lack the SSM parameter ${layer.parameter}`);
    const variables = ((props.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {}) as Record<string, Json>;
    for (const [key, value] of Object.entries(pieces.env)) if (variables[key] !== value) problems.push(`${id}: ${key} is ${String(variables[key])}, not ${value}`);
    const roleId = (props.Role as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0];
    const role = roleId ? resources[roleId] : undefined;
    if (!role) problems.push(`${id}: its role is not in the template`);
    else {
      const where = { region: 'us-east-1', template };
      if (!grantsXrayWrite(template, roleId!, role, where)) problems.push(`${id}: its role cannot write to X-Ray`);
      for (const policy of pieces.managedPolicies) if (!managedPolicyNames(role, where).includes(policy)) problems.push(`${id}: its role lacks ${policy}`);
    }
  }
  for (const [id, stage] of Object.entries(resources)) {
    if (stage.Type === 'AWS::ApiGateway::Stage' && stage.Properties?.TracingEnabled !== true) problems.push(`${id}: stage tracing is not enabled`);
  }
  return problems;
}

describeIfTools('add-tracing on existing templates', ['cfnlint', 'samtranslator'], () => {
  let root: string;
  const cases = TEMPLATES.flatMap((name) =>
    RUNS.map(({ tracing, variants }) => ({ name, tracing, variants, label: `${name} + ${[tracing, ...Object.values(variants)].join(' ')}` })),
  );
  const results = new Map<string, { before: string; after: string; second: string; changed: boolean; notes: string[]; inspection?: Inspection }>();

  const originals = TEMPLATES.map((name) => join(FIXTURES, name));
  const before = new Map<string, Inspection>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-'));
    const paths: string[] = [];
    for (const { name, tracing, variants, label } of cases) {
      const original = fixture(name);
      const plan = planAddTracing(original, { tracing, functions: [], force: false, variants });
      const second = planAddTracing(plan.text, { tracing, functions: [], force: false, variants });
      const path = join(root, `${label.replace(/\W+/g, '-')}${name.endsWith('.json') ? '.json' : '.yaml'}`);
      await writeFile(path, plan.text);
      paths.push(path);
      results.set(label, { before: original, after: plan.text, second: second.text, changed: second.changed, notes: plan.notes });
    }
    // One Python process lints and expands the originals and every result.
    const inspections = await inspectTemplates([...originals, ...paths]);
    for (const path of originals) before.set(path, inspections.get(path)!);
    for (const [i, c] of cases.entries()) results.get(c.label)!.inspection = inspections.get(paths[i]!);
  }, 600_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the templates lint clean before, and the tracing checks find them untraced', () => {
    expect(before.size).toBe(TEMPLATES.length);
    for (const [path, inspection] of before) {
      expect(lintFailures([{ label: path, inspection }])).toEqual([]);
      for (const tracing of FLAVORS) expect(tracingProblems(inspection, tracing).join('\n'), path).toMatch(/TracingConfig is not Active/);
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, { label, name, tracing, variants }) => {
    const r = results.get(label)!;
    expect(r.after).not.toBe(r.before);
    // lints clean and expands (SAM) with AWS's tools, and passes the tracing checks
    expect(lintFailures([{ label, inspection: r.inspection }])).toEqual([]);
    expect(tracingProblems(r.inspection!, tracing, variants), label).toEqual([]);
    // a second run is a no-op
    expect(r.changed).toBe(false);
    expect(r.second).toBe(r.after);
    // only insertions: the user's text is all still there, in order
    expect(onlyInsertions(r.before, r.after), label).toEqual([]);
    if (name.endsWith('.json')) expect(() => JSON.parse(r.after)).not.toThrow();
    if (tracing !== 'adot') expect(r.notes.join('\n')).toMatch(tracing === 'powertools' ? /from aws_lambda_powertools import Tracer/ : /aws-xray-sdk==/);
  });
});

