/** add-tracing's pure core: refusals, options, line endings, and projects the generator made. No disk, no child processes. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addTracingHelp, parseAddTracingArgv, variantsFor } from '../../src/add-tracing/flags.js';
import { AddTracingError, planAddTracing } from '../../src/add-tracing/plan-edit.js';
import { parseTemplateDocument } from '../../src/add-tracing/parse.js';
import { writeTemplate } from '../../src/add-tracing/write-template.js';
import type { LintOutcome, startLint } from '../../src/add-tracing/lint.js';
import { CliError } from '../../src/shared/errors.js';
import { parseTemplate } from '../helpers/template-gen.js';
import { renderProject } from '../../src/create/render.js';
import { specFor } from '../helpers/project.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'add-tracing');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

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

  it.each(['sam', 'cloudformation'] as const)('finds nothing to change in a project the generator made with the same flavor (%s)', (iac) => {
    for (const [tracing, extra] of [['powertools', {}], ['adot', {}], ['adot', { adotLayer: 'collector' }], ['xray-sdk', {}]] as const) {
      const template = renderProject(specFor({ name: 'p', iac, tracing, ...extra })).find((f) => f.path === 'template.yaml')!;
      const plan = planAddTracing(template.contents, { tracing, functions: [], force: false });
      expect(plan.changes, `${iac} ${tracing} ${JSON.stringify(extra)}`).toEqual([]);
    }
  });

  it('only --function is traced when named', () => {
    const plan = planAddTracing(fixture('sam-multi.yaml'), { tracing: 'powertools', functions: ['CreateOrderFunction'], force: false });
    expect(plan.changes.join('\n')).toContain('CreateOrderFunction');
    expect(plan.changes.join('\n')).not.toContain('ListOrderFunction');
  });
});


/**
 * Regressions from templates people have (issue 17): insertions that fall at one offset (a last
 * Environment.Variables, a last Layers list) and a role several functions share.
 */
describe('add-tracing: edits planned per file, merged per node', () => {
  const REGRESSIONS = join(import.meta.dirname, '..', 'fixtures', 'add-tracing-regressions');
  const regression = (name: string) => readFileSync(join(REGRESSIONS, name), 'utf8');
  // As CloudFormation parses: flow lists indented less than their key included (src/add-tracing/parse.ts).
  const parse = (text: string) => parseTemplateDocument(text, { uniqueKeys: true });

  it.each(['powertools', 'adot', 'xray-sdk'] as const)('a last Environment.Variables keeps its variables, and new keys follow it (%s)', (tracing) => {
    const plan = planAddTracing(regression('env-last-shared-role.yaml'), { tracing, functions: [], force: false });
    const doc = parse(plan.text);
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const js = doc.toJS() as { Resources: Record<string, { Properties: Record<string, any> }> };
    for (const id of ['FirstFunction', 'SecondFunction']) {
      const props = js.Resources[id]!.Properties;
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Environment.Variables.TABLE).toBe('orders');
      if (tracing === 'adot') expect(props.Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER).toBe('/opt/otel-instrument');
      if (tracing !== 'xray-sdk') expect(props.Layers).toHaveLength(1);
    }
    expect(planAddTracing(plan.text, { tracing, functions: [], force: false }).changed).toBe(false);
  });

  it.each(['powertools', 'adot', 'xray-sdk'] as const)('a role two functions share gets one edit: each policy once (%s)', (tracing) => {
    for (const name of ['env-last-shared-role.yaml', 'shared-role-no-arns.yaml']) {
      const plan = planAddTracing(regression(name), { tracing, functions: [], force: false });
      const doc = parse(plan.text);
      expect(doc.errors.map((e) => e.message), name).toEqual([]);
      const arns = JSON.stringify((doc.toJS() as any).Resources.SharedRole.Properties.ManagedPolicyArns);
      expect(arns.match(/AWSXRayDaemonWriteAccess/g), name).toHaveLength(1);
      if (tracing === 'adot') expect(arns.match(/CloudWatchLambdaApplicationSignalsExecutionRolePolicy/g), name).toHaveLength(1);
      expect(plan.changes.filter((c) => c.startsWith('SharedRole')), name).toHaveLength(1);
      expect(planAddTracing(plan.text, { tracing, functions: [], force: false }).changed, name).toBe(false);
    }
  });

  it.each(readdirSync(REGRESSIONS).sort())('every regression fixture (%s) comes out parsing, without duplicate keys, and a second run leaves it', (name) => {
    for (const tracing of ['powertools', 'adot', 'xray-sdk'] as const) {
      const plan = planAddTracing(regression(name), { tracing, functions: [], force: false });
      expect(parse(plan.text).errors.map((e) => e.message), `${name} ${tracing}`).toEqual([]);
      expect(planAddTracing(plan.text, { tracing, functions: [], force: false }).changed, `${name} ${tracing}`).toBe(false);
    }
  });

  it('a last Layers list written without indented dashes gets its item before the next key', () => {
    const plan = planAddTracing(regression('shared-role-no-arns.yaml'), { tracing: 'adot', functions: [], force: false });
    const props = (parse(plan.text).toJS() as any).Resources.OneFunction.Properties;
    expect(props.Layers).toHaveLength(2);
    expect(props.Environment.Variables).toMatchObject({ STAGE: 'b', AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' });
    expect(props.Tracing).toBe('Active');
  });
});

describe('add-tracing: parity with the generator', () => {
  const plan = (name: string, tracing: 'powertools' | 'adot' | 'xray-sdk', variants = {}) =>
    planAddTracing(fixture(name), { tracing, functions: [], force: false, variants });
  const js = (text: string) => parseTemplate(text).value;

  it('a mapped layer gets a Rules assertion listing exactly the regions of its mapping', () => {
    const p = plan('sam-hello.yaml', 'adot');
    const t = js(p.text);
    const name = Object.keys(t.Mappings)[0]!;
    const rule = t.Rules[`${name}Region`].Assertions[0];
    expect(rule.Assert['Fn::Contains'][0]).toEqual(Object.keys(t.Mappings[name]));
    expect(rule.Assert['Fn::Contains'][1]).toEqual({ Ref: 'AWS::Region' });
    expect(rule.AssertDescription).toMatch(/is not published in this region\. Deploy to one of: af-south-1, /);
    expect(Object.keys(t).indexOf('Rules')).toBeLessThan(Object.keys(t).indexOf('Resources'));
    // JSON stays JSON, with the rule in it.
    expect(JSON.parse(plan('cfn.json', 'powertools').text).Rules).toBeDefined();
  });

  it('--adot-layer collector: the legacy layer per architecture, no Application Signals policy; python3.14 refused saying where to check', () => {
    const t = js(plan('cfn-role.yaml', 'adot', { adotLayer: 'collector' }).text);
    const mapping = Object.values(t.Mappings)[0] as Record<string, { Arn: string }>;
    expect(mapping['us-east-1']!.Arn).toBe('arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-python-amd64-ver-1-32-0:2');
    expect(JSON.stringify(t.Resources.FunctionRole)).not.toContain('ApplicationSignals');
    const py314 = fixture('cfn-role.yaml').replace('Runtime: python3.13', 'Runtime: python3.14');
    expect(() => planAddTracing(py314, { tracing: 'adot', functions: [], force: false, variants: { adotLayer: 'collector' } })).toThrow(
      /HelloFunction runs python3\.14, which the .*collector layer\) layer does not support \(it supports .*python3\.13 as of \d{4}-\d{2}-\d{2}; newer layers: see https:\/\/aws-otel/,
    );
    // With the Application Signals layer (v0.18.0 on), python3.14 is traced.
    expect(planAddTracing(py314, { tracing: 'adot', functions: [], force: false }).changes.join('\n')).toContain('HelloFunction: layer AdotLayerPython314X8664');
  });

  it('--powertools-layer ssm: the layer from the public SSM parameter, no mapping and no rule; a second run adds nothing', () => {
    const p = plan('sam-multi.yaml', 'powertools', { powertoolsLayer: 'ssm' });
    const t = js(p.text);
    expect(t.Mappings).toBeUndefined();
    expect(t.Rules).toBeUndefined();
    const layers = Object.values(t.Resources as Record<string, any>).flatMap((r) => r.Properties?.Layers ?? []);
    expect(layers.sort()).toEqual(['{{resolve:ssm:/aws/service/powertools/python/arm64/python3.12/latest}}', '{{resolve:ssm:/aws/service/powertools/python/arm64/python3.13/latest}}']);
    expect(planAddTracing(p.text, { tracing: 'powertools', functions: [], force: false, variants: { powertoolsLayer: 'ssm' } }).changed).toBe(false);
  });

  it('takes --adot-layer and --powertools-layer with the option table\'s choices and "applies only" rule', () => {
    expect(parseAddTracingArgv(['--tracing', 'adot', '--adot-layer', 'collector'])).toMatchObject({ adotLayer: 'collector' });
    expect(() => parseAddTracingArgv(['--tracing', 'adot', '--adot-layer', 'sidecar'])).toThrow(/--adot-layer "sidecar" is not supported\. Use one of: application-signals, collector/);
    expect(() => parseAddTracingArgv(['--tracing', 'xray-sdk', '--powertools-layer', 'ssm'])).toThrow(/--powertools-layer applies only with --tracing powertools/);
    expect(() => variantsFor({ adotLayer: 'collector' }, 'powertools')).toThrow(/--adot-layer applies only with --tracing adot/);
    expect(addTracingHelp('0.0.0')).toMatch(/--powertools-layer pinned\|ssm +how the Powertools layer ARN is chosen \(with --tracing powertools; default: pinned\)/);
  });
});

describe('add-tracing: the checked write', () => {
  // The write's own checks, which run while cfn-lint does: fed a text that fails them, as a bug would make,
  // and one that passes them. cfn-lint is a stand-in (no child process): one that runs until it is
  // cancelled (a failed check must stop it), or one whose verdict the test gives when it chooses.
  const setUp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctl-write-check-'));
    const path = join(dir, 'template.yaml');
    writeFileSync(path, fixture('sam-hello.yaml'));
    return { dir, path };
  };
  const options = { tracing: 'adot' as const, functions: [], force: false };
  const linted: string[] = [];
  const lint: typeof startLint = async (path, _text, { cancel }) => ({
    started: Date.now(),
    outcome: new Promise<LintOutcome>((resolve) => {
      linted.push(path);
      cancel?.addEventListener('abort', () => resolve({ kind: 'cancelled' }));
    }),
  });

  it.each([
    ['a second run changes nothing', () => fixture('sam-hello.yaml').replace('Resources:', '# edited\nResources:')],
    ['the result parses as a template', () => 'Resources: [1,\n'],
  ])('names the check that failed (%s), says the file is untouched, and writes nothing else', async (check, broken) => {
    const { dir, path } = setUp();
    try {
      linted.length = 0;
      const error = await writeTemplate(path, broken(), options, { lint }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(CliError);
      expect(linted).toHaveLength(1); // started on the staged file, and cancelled (else this would not end)
      expect((error as Error).message).toContain(`failed its check "${check}"`);
      expect((error as Error).message).toContain(`${path} is untouched. Run again with --debug`);
      expect(readFileSync(path, 'utf8')).toBe(fixture('sam-hello.yaml'));
      expect(readdirSync(dir)).toEqual(['template.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --debug keeps the would-be template next to the original, for the bug report', async () => {
    const { dir, path } = setUp();
    try {
      const broken = fixture('sam-hello.yaml').replace('Resources:', '# edited\nResources:');
      const error = await writeTemplate(path, broken, options, { debug: true, lint }).catch((e: Error) => e);
      const kept = join(dir, 'template.add-tracing-rejected.yaml');
      expect((error as Error).message).toContain(`The would-be template is in ${kept}`);
      expect(readFileSync(kept, 'utf8')).toBe(broken);
      expect(readFileSync(path, 'utf8')).toBe(fixture('sam-hello.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs the caller's `meanwhile` (the diff) while cfn-lint runs, and writes only after cfn-lint's verdict", async () => {
    const { dir, path } = setUp();
    try {
      const after = planAddTracing(fixture('sam-hello.yaml'), options).text;
      const events: string[] = [];
      let verdict: (outcome: LintOutcome) => void = () => {};
      const waiting: typeof startLint = async (staged) => {
        events.push(`lint started on ${staged === path ? 'the template' : 'the staged file'}`);
        return { started: Date.now(), outcome: new Promise<LintOutcome>((resolve) => (verdict = resolve)) };
      };
      const written = writeTemplate(path, after, options, { lint: waiting, meanwhile: () => events.push('meanwhile') });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events).toEqual(['lint started on the staged file', 'meanwhile']);
      expect(readFileSync(path, 'utf8')).toBe(fixture('sam-hello.yaml'));
      verdict({ kind: 'errors', errors: new Set() });
      expect(await written).toEqual({ linted: 'cfn-lint' });
      expect(readFileSync(path, 'utf8')).toBe(after);
      expect(readdirSync(dir)).toEqual(['template.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
