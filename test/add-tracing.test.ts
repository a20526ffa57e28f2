/**
 * add-tracing on a suite of existing templates (test/fixtures/add-tracing: the SAM app templates'
 * hello world, a multi-function SAM template with Globals, a CloudFormation template with its own
 * role, one with comments and odd formatting, and a JSON one), for each tracing flavor, through the
 * installed CLI. The result lints clean, expands with the SAM translator, passes the tracing checks;
 * a second run changes nothing; what was there is still there, byte for byte, with only insertions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTracingError, planAddTracing } from '../src/add-tracing/plan.js';
import { type Tracing, tracingPieces } from '../src/tracing.js';
import { type Inspection, type Json, type Template, grantsXrayWrite, inspectTemplates, lintFailures, managedPolicyNames, resolveValue, sampleRegions } from './helpers/cfn.js';
import { runCli } from './helpers/cli.js';
import { generateProject } from './helpers/project.js';
import { describeIfTools } from './helpers/tools.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'add-tracing');
const TEMPLATES = readdirSync(FIXTURES).sort();
const FLAVORS: Tracing[] = ['powertools', 'adot', 'xray-sdk'];
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
function tracingProblems(inspection: Inspection, tracing: Tracing): string[] {
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
    const pieces = tracingPieces({ tracing, runtime, arch, serviceName: id, adotLayer: 'application-signals', powertoolsLayer: 'pinned' });
    if ((props.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active') problems.push(`${id}: TracingConfig is not Active`);
    const layer = pieces.layer;
    if (layer?.kind === 'mapping') {
      for (const region of sampleRegions(Object.keys(layer.arns))) {
        const resolved = ((props.Layers as Json[] | undefined) ?? []).map((l) => resolveValue(l, { region, template }));
        if (!resolved.includes(layer.arns[region]!)) problems.push(`${id}: in ${region} its layers ${JSON.stringify(resolved)} lack ${layer.arns[region]}`);
      }
    }
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

describe('add-tracing: the pure core', () => {
  it('refuses a named function that is not Python, saying which and why', () => {
    expect(() => planAddTracing(fixture('sam-multi.yaml'), { tracing: 'adot', functions: ['NotifyFunction'], force: false })).toThrow(/NotifyFunction .*runs nodejs24\.x: add-tracing adds Python tracing only/);
  });
  it('skips functions that are not Python when none is named, and says so', () => {
    const plan = planAddTracing(fixture('sam-multi.yaml'), { tracing: 'adot', functions: [], force: false });
    expect(plan.notes).toContain('Skipped NotifyFunction: it runs nodejs24.x, not Python.');
  });
  it('refuses tracing configured differently, with the line, unless --force', () => {
    const passThrough = fixture('sam-hello.yaml').replace('    Timeout: 3\n', '    Timeout: 3\n    Tracing: PassThrough\n');
    expect(() => planAddTracing(passThrough, { tracing: 'powertools', functions: [], force: false })).toThrow(/tracing is PassThrough \(line 12\); --force sets it to Active/);
    const forced = planAddTracing(passThrough, { tracing: 'powertools', functions: [], force: true });
    expect(forced.text).toContain('    Tracing: Active\n');
    expect(forced.text).not.toContain('PassThrough');
  });
  it('refuses a runtime it cannot follow', () => {
    const intrinsic = fixture('cfn-role.yaml').replace('Runtime: python3.13', 'Runtime: !Ref PythonRuntime');
    expect(() => planAddTracing(intrinsic, { tracing: 'adot', functions: [], force: false })).toThrow(/HelloFunction: its Runtime \(line \d+\) is an intrinsic function/);
  });
  it('refuses another flavor already there, and an unknown --function', () => {
    const traced = planAddTracing(fixture('cfn-role.yaml'), { tracing: 'adot', functions: [], force: false }).text;
    expect(() => planAddTracing(traced, { tracing: 'powertools', functions: [], force: false })).toThrow(/already has the adot layer/);
    expect(() => planAddTracing(traced, { tracing: 'adot', functions: ['Nope'], force: false })).toThrow(/there is no function Nope; the functions are: HelloFunction/);
  });
  it('refuses what is not a template', () => {
    expect(() => planAddTracing('a: [1,\n', { tracing: 'adot', functions: [], force: false })).toThrow(AddTracingError);
    expect(() => planAddTracing('Description: x\n', { tracing: 'adot', functions: [], force: false })).toThrow(/no Resources section/);
  });
  it('keeps Windows line endings', () => {
    const crlf = fixture('sam-hello.yaml').replaceAll('\n', '\r\n');
    const plan = planAddTracing(crlf, { tracing: 'adot', functions: [], force: false });
    expect(plan.text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(plan.text.replaceAll('\r\n', '')).not.toContain('\r');
    expect(planAddTracing(plan.text, { tracing: 'adot', functions: [], force: false }).changed).toBe(false);
  });

  it.each(['sam', 'cloudformation'] as const)('finds nothing to change in a project the generator made with the same flavor (%s)', async (iac) => {
    const root = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-own-'));
    try {
      for (const [tracing, extra] of [['powertools', {}], ['adot', {}], ['adot', { adotLayer: 'collector' }], ['xray-sdk', {}]] as const) {
        const { dir } = await generateProject({ name: `p-${tracing}-${Object.keys(extra).length}`, iac, tracing, ...extra }, root);
        const plan = planAddTracing(await readFile(join(dir, 'template.yaml'), 'utf8'), { tracing, functions: [], force: false });
        expect(plan.changes, `${iac} ${tracing} ${JSON.stringify(extra)}`).toEqual([]);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('only --function is traced when named', () => {
    const plan = planAddTracing(fixture('sam-multi.yaml'), { tracing: 'powertools', functions: ['CreateOrderFunction'], force: false });
    expect(plan.changes.join('\n')).toContain('CreateOrderFunction');
    expect(plan.changes.join('\n')).not.toContain('ListOrderFunction');
  });
});

describeIfTools('add-tracing on existing templates', ['cfnlint', 'samtranslator'], () => {
  let root: string;
  const cases = TEMPLATES.flatMap((name) => FLAVORS.map((tracing) => ({ name, tracing, label: `${name} + ${tracing}` })));
  const results = new Map<string, { before: string; after: string; second: string; exitCode: number; output: string; secondOutput: string; inspection?: Inspection }>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-'));
    await Promise.all(
      cases.map(async ({ name, tracing, label }) => {
        const dir = await mkdtemp(join(root, 'case-'));
        await copyFile(join(FIXTURES, name), join(dir, name));
        const run = await runCli(['add-tracing', name, '--tracing', tracing, '--yes'], { cwd: dir });
        const after = await readFile(join(dir, name), 'utf8');
        const again = await runCli(['add-tracing', name, '--tracing', tracing, '--yes'], { cwd: dir });
        results.set(label, { before: fixture(name), after, second: await readFile(join(dir, name), 'utf8'), exitCode: run.exitCode, output: run.all, secondOutput: again.all });
        await writeFile(join(root, `${label.replace(/\W+/g, '-')}${name.endsWith('.json') ? '.json' : '.yaml'}`), after);
      }),
    );
    const paths = cases.map(({ name, label }) => join(root, `${label.replace(/\W+/g, '-')}${name.endsWith('.json') ? '.json' : '.yaml'}`));
    const inspections = await inspectTemplates(paths);
    for (const [i, c] of cases.entries()) results.get(c.label)!.inspection = inspections.get(paths[i]!);
  }, 300_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the templates lint clean before, and the tracing checks find them untraced', async () => {
    const before = await inspectTemplates(TEMPLATES.map((name) => join(FIXTURES, name)));
    for (const [path, inspection] of before) {
      expect(lintFailures([{ label: path, inspection }])).toEqual([]);
      for (const tracing of FLAVORS) expect(tracingProblems(inspection, tracing).join('\n'), path).toMatch(/TracingConfig is not Active/);
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, { label, name, tracing }) => {
    const r = results.get(label)!;
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toContain('(checked: cfn-lint)');
    expect(r.after).not.toBe(r.before);
    // lints clean and expands (SAM) with AWS's tools, and passes the tracing checks
    expect(lintFailures([{ label, inspection: r.inspection }])).toEqual([]);
    expect(tracingProblems(r.inspection!, tracing), label).toEqual([]);
    // a second run is a no-op
    expect(r.second).toBe(r.after);
    expect(r.secondOutput).toContain('nothing to change');
    // only insertions: the user's text is all still there, in order
    expect(onlyInsertions(r.before, r.after), label).toEqual([]);
    if (name.endsWith('.json')) expect(() => JSON.parse(r.after)).not.toThrow();
    if (tracing !== 'adot') expect(r.output).toMatch(tracing === 'powertools' ? /from aws_lambda_powertools import Tracer/ : /aws-xray-sdk==/);
  });
});

describe('add-tracing: the command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    await copyFile(join(FIXTURES, 'sam-hello.yaml'), join(dir, 'template.yaml'));
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--dry-run'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout + run.stderr).toContain('+    Tracing: Active');
    expect(run.all).toContain('Dry run: nothing was written.');
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('sam-hello.yaml'));
  });

  it('without a terminal and without --yes, shows the diff, writes nothing, exits 2 naming --yes', async () => {
    await copyFile(join(FIXTURES, 'cfn-role.yaml'), join(dir, 'template.yaml'));
    const run = await runCli(['add-tracing', '--tracing', 'powertools'], { cwd: dir, stdin: 'pipe' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Run again with --yes to write it');
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('cfn-role.yaml'));
  });

  it('bad input: one line naming the fix, exit 2, no stack trace, the file untouched', async () => {
    await copyFile(join(FIXTURES, 'sam-multi.yaml'), join(dir, 'template.yaml'));
    for (const [args, message] of [
      [['--tracing', 'otel'], '--tracing "otel" is not supported'],
      [['missing.yaml'], 'missing.yaml does not exist'],
      [['--function', 'NotifyFunction', '--yes'], 'add-tracing adds Python tracing only'],
      [['--tracng', 'adot'], 'Unknown option --tracng'],
    ] as const) {
      const run = await runCli(['add-tracing', ...args], { cwd: dir });
      expect(run.exitCode, run.all).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('sam-multi.yaml'));
  });

  it('--help describes the command', async () => {
    const run = await runCli(['add-tracing', '--help'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    for (const flag of ['--tracing', '--function', '--yes', '--dry-run', '--force']) expect(run.stdout).toContain(flag);
  });
});
