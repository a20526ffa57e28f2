/**
 * add-tracing in CDK apps, as a user runs it: fixture apps (test/fixtures/cdk-apps/) of several shapes, and a
 * project `create` made, synthesized with the real `cdk` CLI and aws-cdk-lib before and after: every Python
 * function traced (layer, env, X-Ray write), every stage traced, the CDK's helpers, other languages and
 * excluded paths left as they were, cfn-lint finding nothing new, `tsc` and the apps' jest tests passing, and a
 * second run changing nothing. The Python app: it compiles, the Aspect is registered, a second run changes
 * nothing, and its entry, run against recording stand-ins for aws_cdk (no PyPI here), registers the Aspect.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderModule } from '../../src/model/cdk-module.js';
import { type Inspection, type Template, inspectTemplates } from '../helpers/cfn.js';
import { type JestRun, cdkSynth, linkModules, runJest } from '../helpers/cdk.js';
import { type TraceExpectation, addTracing, aspectProblems, installCdkAppPackages, synthesized } from '../helpers/cdk-apps.js';
import { mapLimit } from '../helpers/pool.js';
import { generateProject } from '../helpers/project.js';
import { PYTHON, describeIfTools } from '../helpers/tools.js';
import { tracingPieces } from '../../src/tracing/index.js';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cdk-apps');
const DEFAULTS = { adotLayer: 'application-signals', powertoolsLayer: 'pinned' };
/** CDK's own rule: the DependsOn it writes next to a Fn::GetAtt is redundant (as in cdk.test.ts). */
const WAIVED = ['W3005'];

/** Each app, the flags add-tracing gets, and what the result must hold. */
const CASES: { label: string; fixture: string; entry: string; flags: string[]; expect: TraceExpectation; exclude?: string }[] = [
  {
    label: 'one stack, powertools',
    fixture: 'one-stack',
    entry: 'bin/app.ts',
    flags: ['--tracing', 'powertools'],
    expect: { tracing: 'powertools', variants: DEFAULTS, untouched: /^(NotifyFunction|CustomCDKBucketDeployment)/ },
  },
  {
    label: 'one stack, powertools from SSM',
    fixture: 'one-stack',
    entry: 'bin/app.ts',
    flags: ['--tracing', 'powertools', '--powertools-layer', 'ssm'],
    expect: { tracing: 'powertools', variants: { ...DEFAULTS, powertoolsLayer: 'ssm' }, untouched: /^(NotifyFunction|CustomCDKBucketDeployment)/ },
  },
  {
    label: 'several stacks, adot, the nested stack excluded',
    fixture: 'multi-stack',
    entry: 'bin/reports.ts',
    flags: ['--tracing', 'adot'],
    expect: { tracing: 'adot', variants: DEFAULTS, untouched: /^(WorkerFunction|ArchiveFunction)/, importedRole: /^ExportFunction/ },
    exclude: 'Reports/Workers',
  },
  {
    label: 'several stacks, xray-sdk',
    fixture: 'multi-stack',
    entry: 'bin/reports.ts',
    flags: ['--tracing', 'xray-sdk'],
    expect: { tracing: 'xray-sdk', variants: DEFAULTS, untouched: /^ArchiveFunction/, importedRole: /^ExportFunction/ },
  },
];

/** Every flavor and variant of the module. */
const MODULE_VARIANTS = [
  { tracing: 'powertools', variants: DEFAULTS },
  { tracing: 'powertools', variants: { ...DEFAULTS, powertoolsLayer: 'ssm' } },
  { tracing: 'adot', variants: DEFAULTS },
  { tracing: 'adot', variants: { ...DEFAULTS, adotLayer: 'collector' } },
  { tracing: 'xray-sdk', variants: DEFAULTS },
] as const;

const installed = installCdkAppPackages();
const installProblem = 'missing' in installed ? installed.missing : undefined;

type App = { label: string; dir: string; entry: string; synth?: { exitCode?: number; all?: string }; templates?: Record<string, Template> };

/** The templates cdk synth wrote (every stack and nested stack). */
const templateNames = async (dir: string) => (await readdir(join(dir, 'cdk.out'))).filter((f) => f.endsWith('.template.json')).sort();

async function synthAll(apps: App[], userRun: App): Promise<void> {
  await mapLimit(apps, async (app) => {
    app.synth = await cdkSynth(app.dir, {}, app === userRun ? undefined : { app: app.entry });
    if (app.synth.exitCode === 0) app.templates = await synthesized(app.dir, await templateNames(app.dir));
  });
}

describeIfTools(
  'add-tracing in CDK TypeScript apps',
  ['cfnlint'],
  () => {
    let root: string;
    const before: App[] = [];
    const after: App[] = [];
    const runs: { first: { code: number; output: string }; second: { code: number; output: string }; changed: string[]; again: string[] }[] = [];
    let generated: { before: App; after: App; plain: { code: number; output: string }; plainChanged: string[] };
    let typecheck: { exitCode?: number; all?: string };
    let jest: JestRun;
    let lint: Map<string, Inspection>;
    const started = Date.now();

    const snapshot = async (dir: string) => {
      const files = (await readdir(dir, { recursive: true })).filter((f) => !/^(node_modules|cdk\.out)(\/|$)/.test(f) && /\.(ts|py|json)$/.test(f));
      return new Map(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)));
    };
    const changedFiles = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'ctl-cdk-apps-'));
      const modules = (installed as { modules: string }).modules;
      const copy = async (fixture: string, name: string) => {
        const dir = join(root, name);
        await cp(join(FIXTURES, fixture), dir, { recursive: true });
        await linkModules(dir, modules);
        return dir;
      };
      // Before: each fixture as it is, and a project create made (powertools).
      for (const fixture of ['one-stack', 'multi-stack']) before.push({ label: fixture, dir: await copy(fixture, `before-${fixture}`), entry: CASES.find((c) => c.fixture === fixture)!.entry });
      const gen = await generateProject({ iac: 'cdk', tracing: 'powertools', name: 'made-by-create' }, root);
      await linkModules(gen.dir, modules);
      const genBefore: App = { label: 'made by create', dir: gen.dir, entry: 'bin/made-by-create.ts' };

      // add-tracing on a copy of each, then a second run that must change nothing.
      for (const [i, c] of CASES.entries()) {
        const dir = await copy(c.fixture, `case-${i}`);
        const original = await snapshot(dir);
        const first = await addTracing(dir, [...c.flags, '--yes']);
        const written = await snapshot(dir);
        const second = await addTracing(dir, [...c.flags, '--yes']);
        runs.push({ first, second, changed: changedFiles(original, written), again: changedFiles(written, await snapshot(dir)) });
        if (c.exclude) {
          const entry = join(dir, c.entry);
          await writeFile(entry, (await readFile(entry, 'utf8')).replace('new TracedLambda()', `new TracedLambda({ exclude: ['${c.exclude}'] })`));
        }
        after.push({ label: c.label, dir, entry: c.entry });
      }
      // The project create made: nothing to change; with --force the Aspect is added, and must change no template.
      const genCopy = join(root, 'made-by-create-forced');
      await cp(gen.dir, genCopy, { recursive: true, filter: (src) => basename(src) !== 'node_modules' });
      await linkModules(genCopy, modules);
      const genOriginal = await snapshot(gen.dir);
      const plain = await addTracing(gen.dir, ['--tracing', 'powertools', '--yes']);
      const plainChanged = changedFiles(genOriginal, await snapshot(gen.dir));
      await addTracing(genCopy, ['--tracing', 'powertools', '--yes', '--force']);
      generated = { before: genBefore, after: { label: 'made by create, --force', dir: genCopy, entry: 'bin/made-by-create.ts' }, plain, plainChanged };

      // One tsc over every app after add-tracing (their tsconfig.json files are alike), then every synth.
      const tsApps = [...after, generated.after];
      await writeFile(
        join(root, 'tsconfig.json'),
        JSON.stringify({ extends: `./${basename(after[0]!.dir)}/tsconfig.json`, include: tsApps.map((a) => `${basename(a.dir)}/**/*.ts`), exclude: ['**/node_modules', '**/cdk.out'] }),
      );
      typecheck = await execa(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', root], { reject: false, all: true });
      // The first as a user runs it (npx cdk synth, cdk.json's app through npx tsx); the others with the same CLI and app run directly.
      await synthAll([after[0]!, ...before, genBefore, ...after.slice(1), generated.after], after[0]!);
      jest = await runJest(root, [after[0]!.dir, after[1]!.dir, generated.after.dir]);
      const paths = [...before, ...after].flatMap((a) => Object.keys(a.templates ?? {}).map((name) => join(a.dir, 'cdk.out', name)));
      lint = await inspectTemplates(paths, WAIVED, { templates: false });
      process.stderr.write(`add-tracing CDK apps: set up, add-tracing, tsc, ${before.length + after.length + 2} synths, jest and cfn-lint in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }, 1_200_000);

    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('writes the Aspect module and the entry, and a second run changes nothing', () => {
      for (const [i, c] of CASES.entries()) {
        const { first, second, changed, again } = runs[i]!;
        expect(first.code, first.output).toBe(0);
        expect(changed, c.label).toEqual([c.entry, 'lib/traced-lambda.ts'].sort());
        expect(second.code, second.output).toBe(0);
        expect(second.output).toMatch(/nothing to change/);
        expect(again, c.label).toEqual([]);
      }
    });

    it('type-checks every app with tsc and synthesizes each with the cdk CLI', () => {
      expect(typecheck.exitCode, typecheck.all).toBe(0);
      const failed = [...before, ...after, generated.before, generated.after].filter((a) => a.synth?.exitCode !== 0).map((a) => [a.label, a.synth?.all]);
      expect(failed).toEqual([]);
    });

    it.for(CASES.map((c, i) => [c.label, i] as const))('traces every Python function and every stage: %s', ([, i]) => {
      const c = CASES[i]!;
      const templates = after[i]!.templates!;
      expect(Object.keys(templates).length).toBeGreaterThanOrEqual(c.fixture === 'multi-stack' ? 3 : 1);
      const problems = Object.entries(templates).flatMap(([name, t]) => aspectProblems(t, c.expect).map((p) => `${name} ${p}`));
      expect(problems).toEqual([]);
      // What it must leave alone is as it was: other languages, the CDK's helpers, excluded paths.
      const beforeTemplates = before.find((b) => b.label === c.fixture)!.templates!;
      for (const [name, t] of Object.entries(templates)) {
        for (const [id, r] of Object.entries(t.Resources)) {
          if (r.Type === 'AWS::Lambda::Function' && c.expect.untouched.test(id)) expect(r, `${name} ${id}`).toEqual(beforeTemplates[name]!.Resources[id]);
        }
      }
    });

    it("keeps a value the user set, and the function's own layers", () => {
      const orders = Object.entries(after[0]!.templates!['Orders.template.json']!.Resources).find(([id]) => id.startsWith('OrdersFunction') && !id.includes('Role'))![1];
      expect((orders.Properties!.Environment as { Variables: Record<string, string> }).Variables).toMatchObject({ TABLE_NAME: 'orders', POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_SERVICE_NAME: 'OrdersFunction' });
      expect(JSON.stringify(orders.Properties!.Layers)).toMatch(/^\["arn:aws:lambda:eu-west-1:123456789012:layer:orders-deps:3",\{"Fn::FindInMap":\["PowertoolsLayerPython313X8664"/);
    });

    it('warns at synth about a role the app imports, and add-tracing names the permissions to attach', () => {
      expect(after[2]!.synth?.all).toMatch(/Legacy\/ExportFunction\/Resource has a role this app does not create: attach to it xray:PutTraceSegments, xray:PutTelemetryRecords, CloudWatchLambdaApplicationSignalsExecutionRolePolicy/);
      expect(runs[2]!.first.output).toMatch(/attach AWSXRayDaemonWriteAccess, CloudWatchLambdaApplicationSignalsExecutionRolePolicy to that role yourself/);
    });

    it('warns at synth about a Python function on a runtime the flavor does not support, and leaves it', () => {
      expect(after[3]!.synth?.all).toMatch(/Legacy\/ArchiveFunction\/Resource runs python3\.9: AWS X-Ray SDK for Python \(maintenance mode\) supports python3\.10, python3\.11, python3\.12, python3\.13, python3\.14; not traced\./);
      expect(after[2]!.synth?.all).toMatch(/Legacy\/ArchiveFunction\/Resource runs python3\.9: AWS Distro for OpenTelemetry \(Application Signals layer\) supports python3\.10, python3\.11, python3\.12, python3\.13, python3\.14; not traced\./);
    });

    it('cfn-lint finds nothing new in the traced templates', () => {
      const found = (app: App, name: string) => new Set((lint.get(join(app.dir, 'cdk.out', name))?.lint ?? []).map((m) => `${m.rule} ${m.path}`));
      for (const [i, c] of CASES.entries()) {
        const b = before.find((x) => x.label === c.fixture)!;
        for (const name of Object.keys(after[i]!.templates!)) {
          const old = found(b, name);
          expect([...found(after[i]!, name)].filter((m) => !old.has(m)), `${c.label} ${name}`).toEqual([]);
        }
      }
    });

    it("passes the apps' own jest tests", () => {
      const files = jest.results?.testResults ?? [];
      expect(files.length, jest.all).toBe(3);
      for (const file of files) expect(file.status, file.message).toBe('passed');
    });

    it('finds nothing to do in a project create made with the same flavor; with --force its templates stay the same', () => {
      expect(generated.plain.code, generated.plain.output).toBe(0);
      expect(generated.plain.output).toMatch(/already traces with powertools .*nothing to change/);
      expect(generated.plainChanged).toEqual([]);
      expect(generated.after.templates).toEqual(generated.before.templates);
    });
  },
  () => installProblem,
);

describeIfTools('add-tracing in a CDK Python app', [], () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctl-cdk-py-'));
    await cp(join(FIXTURES, 'py-app'), dir, { recursive: true });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the module into the app package and registers it before app.synth(); a second run changes nothing', async () => {
    const first = await addTracing(dir, ['--tracing', 'adot', '--yes']);
    expect(first.code, first.output).toBe(0);
    const entry = await readFile(join(dir, 'app.py'), 'utf8');
    expect(entry).toContain('from py_app.traced_lambda import TracedLambda\n');
    expect(entry).toMatch(/cdk\.Aspects\.of\(app\)\.add\(TracedLambda\(\)\)\napp\.synth\(\)/);
    const written = await readFile(join(dir, 'py_app', 'traced_lambda.py'), 'utf8');
    const second = await addTracing(dir, ['--tracing', 'adot', '--yes']);
    expect(second.output).toMatch(/nothing to change/);
    expect(await readFile(join(dir, 'app.py'), 'utf8')).toBe(entry);
    expect(await readFile(join(dir, 'py_app', 'traced_lambda.py'), 'utf8')).toBe(written);
  });

  it('compiles, with the module of every flavor and variant', async () => {
    for (const [i, v] of MODULE_VARIANTS.entries()) await writeFile(join(dir, `module_${i}.py`), renderModule('python', { ...v, entry: 'app.py' }));
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.py')).map((f) => join(dir, f));
    expect(files.length).toBeGreaterThanOrEqual(8);
    await run(PYTHON, ['-c', 'import sys\nfor f in sys.argv[1:]: compile(open(f, encoding="utf-8").read(), f, "exec")', ...files]);
  });

  it.for(MODULE_VARIANTS.map((v, i) => [`${v.tracing} ${JSON.stringify(v.variants)}`, i] as const))(
    "traces an app of aws_cdk stand-ins as the TypeScript Aspect traces the real one: %s",
    async ([, i]) => {
      const v = MODULE_VARIANTS[i]!;
      const module = join(dir, `aspect_${i}.py`);
      await writeFile(module, renderModule('python', { ...v, entry: 'app.py' }));
      const made = tracingPieces({ tracing: v.tracing, runtime: 'python3.13', arch: 'x86_64', serviceName: 'Made', variants: v.variants });
      const args = [join(import.meta.dirname, '..', 'tools', 'cdk_aspect_py.py'), module, JSON.stringify(made.layer ?? {})];
      const { stdout } = await run(PYTHON, args, { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      const { template, warnings } = JSON.parse(stdout) as { template: Template; warnings: string[][] };
      const expectation = { tracing: v.tracing, variants: v.variants, untouched: /^(Notify|CustomCDKHelper|Legacy|Old)/, importedRole: /^Export/ };
      expect(aspectProblems(template, expectation)).toEqual([]);
      for (const id of ['Notify', 'CustomCDKHelper', 'Legacy', 'Old']) expect(template.Resources[id]!.Properties!.TracingConfig, id).toBeUndefined();
      expect(template.Resources.Orders!.Properties!.Environment).toMatchObject({ Variables: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } });
      expect(JSON.stringify(template.Resources.Orders!.Properties!.Layers)).toMatch(/^\["arn:aws:lambda:eu-west-1:123456789012:layer:deps:3"/);
      // The CDK granted X-Ray write to the traced Worker already: no second statement.
      expect(JSON.stringify(template.Resources.WorkerServiceRoleDefaultPolicy).match(/xray:PutTraceSegments/g)).toHaveLength(1);
      expect(JSON.stringify(template.Resources.RawRole!.Properties!.ManagedPolicyArns)).toContain('policy/AWSXRayDaemonWriteAccess"');
      expect(warnings.map(([path, id]) => `${path} ${id}`)).toEqual(['Shop/Export/Resource traced-lambda:imported-role', 'Shop/Old/Resource traced-lambda:runtime']);
      // The function a project create made keeps its one layer of the flavor.
      expect((template.Resources.Made!.Properties!.Layers as unknown[] | null)?.length ?? 0).toBe(made.layer ? 1 : 0);
    },
  );

  it('registers the Aspect on the app when its entry runs (aws_cdk recorded with stand-ins)', async () => {
    const script = join(import.meta.dirname, '..', 'tools', 'cdk_record_app.py');
    const { stdout } = await run(PYTHON, [script, dir, 'app.py'], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    const calls = (JSON.parse(stdout) as { calls: { call: string; args: unknown[]; result: string }[] }).calls;
    const app = calls.find((c) => c.call === 'app')!.result;
    const aspects = calls.find((c) => c.call === 'aspects.of')!;
    expect(aspects.args).toEqual([{ ref: app }]);
    const add = calls.findIndex((c) => c.call === `${aspects.result}.add`);
    expect(calls[add]!.args).toEqual([{ visit: '<function>' }]);
    expect(calls.findIndex((c) => c.call === `${app}.synth`)).toBeGreaterThan(add);
    expect(calls.some((c) => c.call === 'aws_lambda.function')).toBe(true);
  });
});
