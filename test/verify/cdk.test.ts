/**
 * The CDK flavor. TypeScript: every tracing variant on both architectures, synthesized offline with
 * the aws-cdk-lib and aws-cdk CLI versions the generated package.json pins (installed once per set
 * of versions), then cfn-lint, the same semantic tracing checks as SAM, and the generated jest tests.
 * Python (aws-cdk-lib for Python needs PyPI, out of reach here): every generated file compiles, and
 * the stack's constructor, run against recording stand-ins, makes the same calls as the TypeScript
 * stack's.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdkPythonModule } from '../../src/iac/cdk-python.js';
import { cdkStackClass } from '../../src/iac/cdk-shared.js';
import { iacFlavor } from '../../src/iac/index.js';
import type { ProjectSpec } from '../../src/model/spec.js';
import { type Inspection, inspectTemplates, lintFailures, tracingProblems } from '../helpers/cfn.js';
import { type JestRun, cdkSynth, installCdkPackages, linkModules, runJest } from '../helpers/cdk.js';
import { mapLimit } from '../helpers/pool.js';
import { fakePython } from '../helpers/stand-ins.js';
import { recordPythonStack, recordTypescriptStack } from '../helpers/cdk-record.js';
import { combos, generateProject, layerRuleProblems } from '../helpers/project.js';
import { runProjectPytest } from '../helpers/python.js';
import { PYTHON, describeIfTools } from '../helpers/tools.js';

const run = promisify(execFile);

/** CDK's own rule: the DependsOn it writes next to a Fn::GetAtt is redundant. Waived by id, alone. */
const WAIVED = ['W3005'];

const TYPESCRIPT = combos('cdk', ['python3.13']).map((c) => ({ ...c, given: { ...c.given, cdkLanguage: 'typescript' as const } }));
const PYTHON_COMBOS = combos('cdk').map((c) => ({ ...c, given: { ...c.given, cdkLanguage: 'python' as const } }));

const installed = installCdkPackages();
const installProblem = 'missing' in installed ? installed.missing : undefined;

type Project = { label: string; dir: string; spec: ProjectSpec; synth: { exitCode?: number; all?: string }; calls: string[]; inspection?: Inspection };

describeIfTools(
  'CDK TypeScript projects',
  ['cfnlint'],
  () => {
    let root: string;
    const projects: Project[] = [];
    let typecheck: { exitCode?: number; all?: string };
    let jest: JestRun;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'ctl-cdk-'));
      const bin = join(root, 'bin');
      await fakePython(bin);
      const modules = (installed as { modules: string }).modules;
      const generated = await Promise.all(
        TYPESCRIPT.map(async (combo, i) => ({ combo, ...(await generateProject({ ...combo.given, name: `cdk-${i}` }, root)) })),
      );
      for (const g of generated) await linkModules(g.dir, modules);
      // `npm run build` (tsc) of every app in one run: their tsconfig.json files are the same (checked below).
      await writeFile(
        join(root, 'tsconfig.json'),
        JSON.stringify({ extends: './cdk-0/tsconfig.json', include: generated.map((g) => `${basename(g.dir)}/**/*.ts`), exclude: ['**/node_modules', '**/cdk.out'] }),
      );
      typecheck = await execa(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', root], { reject: false, all: true });
      // `cdk synth` of each app: the first as a user runs it (npx, and cdk.json's app: tsc, then tsx), the others
      // with the same CLI and app run directly, without their own tsc (type-checked above).
      projects.push(
        ...(await mapLimit(generated, async (g, i) => {
          const calls = join(g.dir, 'pip-calls.log');
          const synth = await cdkSynth(g.dir, { PATH: `${bin}:${process.env.PATH}`, CALLS: calls }, i === 0 ? undefined : { app: `bin/${g.spec.name}.ts` });
          const log = await readFile(calls, 'utf8').catch(() => '');
          return { label: g.combo.label, dir: g.dir, spec: g.spec, synth, calls: log.split('\n').filter(Boolean) };
        })),
      );
      // Every app's jest tests, in one jest run (one project per app).
      jest = await runJest(root, projects.map((p) => p.dir));
      const templates = projects.map((p) => join(p.dir, 'cdk.out', `${p.spec.name}.template.json`));
      const inspections = await inspectTemplates(templates, WAIVED);
      for (const [i, p] of projects.entries()) p.inspection = inspections.get(templates[i]!);
    }, 600_000);

    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it(`type-checks and synthesizes all ${TYPESCRIPT.length} variants with \`cdk synth\``, async () => {
      expect(TYPESCRIPT.length).toBe(14);
      expect(typecheck.exitCode, typecheck.all).toBe(0);
      const configs = await Promise.all(projects.map((p) => readFile(join(p.dir, 'tsconfig.json'), 'utf8')));
      expect(new Set(configs).size).toBe(1);
      const failed = projects.filter((p) => p.synth.exitCode !== 0).map((p) => [p.label, p.synth.all]);
      expect(failed).toEqual([]);
      expect(projects).toHaveLength(TYPESCRIPT.length);
    });

    it(`lints clean with cfn-lint: zero errors and zero warnings but ${WAIVED.join(', ')}`, () => {
      expect(lintFailures(projects)).toEqual([]);
    });

    it('synthesizes an actively traced function, a traced regional stage and GET /hello', () => {
      const failures = projects
        .map((p) => [p.label, tracingProblems(p.inspection!.template, p.spec)] as const)
        .filter(([, problems]) => problems.length > 0);
      expect(failures).toEqual([]);
    });

    it('has a Rules assertion listing exactly the mapped regions (mapping layers only)', () => {
      for (const { spec, inspection } of projects) expect(layerRuleProblems(inspection!.template, spec), spec.tracing).toEqual([]);
    });

    it('keeps the logs --log-retention days: the function\'s, and the access logs when asked for', () => {
      for (const { spec, inspection } of projects) {
        const groups = Object.values(inspection!.template.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
        expect(groups.map((g) => g.Properties?.RetentionInDays)).toEqual(spec.accessLogs ? [Number(spec.logRetention), Number(spec.logRetention)] : [Number(spec.logRetention)]);
      }
    });

    it('installs the dependencies with pip for the Lambda platform into their layer or the code, and only when there are some', async () => {
      for (const { spec, calls, dir } of projects) {
        if (spec.pieces.functionRequirements.length === 0) {
          expect(calls, spec.tracing).toEqual([]);
          continue;
        }
        const platform = spec.arch === 'arm64' ? 'manylinux2014_aarch64' : 'manylinux2014_x86_64';
        const [requirements, target] = spec.depsLayer ? ['dependencies', '\\S+/python'] : ['hello_world', '\\S+'];
        expect(calls).toHaveLength(1);
        expect(calls[0]).toMatch(
          new RegExp(`^python3 -m pip install --quiet --requirement \\S+/${requirements}/requirements\\.txt --target ${target} --platform ${platform} --implementation cp --python-version 3\\.13 --only-binary=:all:$`),
        );
        const assets = (await readdir(join(dir, 'cdk.out'))).filter((f) => f.startsWith('asset.'));
        const contents = await Promise.all(assets.map(async (a) => (await readdir(join(dir, 'cdk.out', a))).sort().join(' ')));
        expect([...contents].sort()).toEqual(
          spec.depsLayer ? ['app.py requirements.txt', 'python'] : ['app.py installed_by_pip requirements.txt'],
        );
        if (spec.depsLayer) {
          const layerAsset = assets[contents.indexOf('python')]!;
          expect(await readdir(join(dir, 'cdk.out', layerAsset, 'python'))).toEqual(['installed_by_pip']);
        }
      }
    });

    it.for(TYPESCRIPT.map((c, i) => [c.label, i] as const))("passes the app's own jest tests: %s", ([label]) => {
      const { dir } = projects.find((p) => p.label === label)!;
      const files = jest.results?.testResults.filter((r) => r.name.startsWith(`${dir}/`)) ?? [];
      expect(files.length, jest.all).toBeGreaterThan(0);
      for (const file of files) {
        expect(file.status, file.message).toBe('passed');
        expect(file.assertionResults.length).toBeGreaterThan(0);
        expect(file.assertionResults.every((a) => a.status === 'passed')).toBe(true);
      }
    });

    it('prints next steps that build, test, synth, deploy and call', () => {
      const steps = iacFlavor('cdk').nextSteps(projects[0]!.spec, 'python3 scripts/trace_local.py').join('\n');
      for (const step of ['npm run build', 'npm test', 'npx cdk bootstrap', 'npx cdk deploy', 'describe-stacks']) expect(steps).toContain(step);
    });

    describe('the CDK Python app', () => {
      it.for(PYTHON_COMBOS.map((c, i) => [c.label, i] as const))('compiles and mirrors the TypeScript stack, call by call: %s', async ([, i]) => {
        const given = { ...PYTHON_COMBOS[i]!.given, name: 'mirror' };
        const py = await generateProject(given, join(root, `py-${i}`));
        const tsProject = await generateProject({ ...given, cdkLanguage: 'typescript' }, join(root, `ts-${i}`));
        const dir = py.dir;

        const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.py')).map((f) => join(dir, f));
        expect(files.length).toBeGreaterThanOrEqual(6);
        await run(PYTHON, ['-c', 'import sys\nfor f in sys.argv[1:]: compile(open(f, encoding="utf-8").read(), f, "exec")', ...files]);

        const module = cdkPythonModule(py.spec);
        const stackClass = cdkStackClass(py.spec);
        const pythonCalls = await recordPythonStack(dir, module, stackClass);
        const typescriptCalls = await recordTypescriptStack(tsProject.dir, iacFlavor('cdk').mainFile(tsProject.spec), stackClass);
        expect(pythonCalls.length).toBeGreaterThanOrEqual(8);
        expect(pythonCalls).toEqual(typescriptCalls);
      });

      it("passes the project's own pytest suite, the stack tests skipped without aws-cdk-lib, the integration test without a stack", async () => {
        const { dir } = await generateProject({ tracing: 'xray-sdk', iac: 'cdk', cdkLanguage: 'python', name: 'py-pytest' }, root);
        const { code, output } = await runProjectPytest(dir);
        expect(code, output).toBe(0);
        expect(output).toMatch(/\d+ passed, 2 skipped/);
      });
    });
  },
  () => installProblem,
);
