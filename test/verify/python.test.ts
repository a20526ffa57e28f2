/**
 * The generated Python, run for real against the real libraries (the X-Ray SDK installed, Powertools
 * installed or from shared/python): the handler as Lambda runs it (against a stand-in X-Ray daemon), the
 * project's own test suite as a user runs it (`python3 -m pytest` in the project), and the local trace
 * preview. Every IaC flavor x tracing variant x runtime is rendered, and each distinct Python side runs
 * once: the runtime and the architecture change only infrastructure files (test/unit/core.test.ts checks
 * that), and the IaC flavors write the same Python but for comments naming their infrastructure file.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { iacFlavor } from '../../src/iac/index.js';
import { renderProject } from '../../src/create/render.js';
import type { ProjectSpec } from '../../src/model/spec.js';
import { mapLimit } from '../helpers/pool.js';
import { RUNTIMES, VARIANTS, generateProject, specFor } from '../helpers/project.js';
import { type Invocation, entityNames, invokeHandler, runProjectPytest } from '../helpers/python.js';
import { tracingFlavor } from '../../src/tracing/index.js';
import { PYTHON, describeIfTools } from '../helpers/tools.js';

const FLAVORS = [{ iac: 'sam' }, { iac: 'cloudformation' }, { iac: 'cdk', cdkLanguage: 'typescript' }, { iac: 'cdk', cdkLanguage: 'python' }] as const;

/**
 * The Python side of a project: what the handler run and pytest read (the CDK Python app's stack test
 * aside, and the __init__.py files that make its tests/ packages: the CDK suite runs that app's pytest).
 */
function pythonSide(spec: ProjectSpec): string {
  const hash = createHash('sha256');
  for (const file of renderProject(spec)) {
    if (!/^(hello_world|dependencies|events|tests|scripts)\//.test(file.path) || /^tests\/(unit\/test_.*_stack\.py|__init__\.py|unit\/__init__\.py)$/.test(file.path)) continue;
    // Its CONFIG names where the IaC flavor keeps the stack's name and region; test/verify/trace.test.ts runs each rendering.
    if (file.path === 'scripts/trace_deployed.py' || file.path === 'scripts/check_layers.py') continue; // test/verify/check-layers.test.ts runs this one
    hash.update(`${file.path}\0${file.contents.split(iacFlavor(spec.iac).mainFile(spec)).join('<iac file>')}\0`);
  }
  return hash.digest('hex');
}

/** One project per distinct Python side, labelled with every combination it stands for. */
const RUNS = (() => {
  const byKey = new Map<string, { label: string; given: Record<string, string>; covers: string[] }>();
  for (const variant of VARIANTS) {
    for (const flavor of FLAVORS) {
      for (const runtime of RUNTIMES) {
        if (variant.given.adotLayer === 'collector' && runtime === 'python3.14') continue; // the CLI refuses it
        const given: Record<string, string> = { ...(variant.given as Record<string, string>), ...flavor, runtime, name: 'traced' };
        const key = pythonSide(specFor(given));
        const label = `${variant.label} / ${Object.values(flavor).join(' ')} / ${runtime}`;
        const run = byKey.get(key);
        if (run) run.covers.push(label);
        else byKey.set(key, { label: variant.label, given, covers: [label] });
      }
    }
  }
  return [...byKey.values()];
})();

describeIfTools('the generated Python, run', ['aws_xray_sdk', 'aws_lambda_powertools', 'pytest'], () => {
  let root: string;
  const results: { dir: string; spec: ProjectSpec; invocation: Invocation; pytest: { code: number; output: string } }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-python-'));
    results.push(
      ...(await mapLimit(RUNS, async (run, i) => {
        const { dir, spec } = await generateProject({ ...run.given, directory: `p${i}` }, root);
        return { dir, spec, invocation: await invokeHandler(dir, spec, { trace: true }), pytest: await runProjectPytest(dir) };
      })),
    );
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs each tracing variant once, standing for every IaC flavor and runtime', () => {
    expect(RUNS.map((r) => r.label)).toEqual(VARIANTS.map((v) => v.label));
    for (const run of RUNS) expect(run.covers, run.label).toHaveLength(FLAVORS.length * (run.given.adotLayer === 'collector' ? RUNTIMES.length - 1 : RUNTIMES.length));
  });

  it.for(RUNS.map((r, i) => [r.label, i] as const))('runs the handler in Lambda mode and sends subsegments to X-Ray: %s', ([, i]) => {
    const { spec, invocation } = results[i]!;
    expect(invocation.exitCode, invocation.stderr).toBe(0);
    expect(invocation.response?.statusCode).toBe(200);
    expect(JSON.parse(invocation.response!.body)).toEqual({ message: 'hello world' });
    if (spec.tracing === 'adot') {
      expect(invocation.segments).toEqual([]); // no tracing code: the layer does it in Lambda
    } else {
      expect(entityNames(invocation).sort()).toEqual(['## app.hello', '## lambda_handler']);
      expect(new Set(invocation.segments.map((s) => s.entity.trace_id))).toEqual(new Set([invocation.traceId]));
      expect(invocation.segments.every((s) => s.header.format === 'json' && s.header.version === 1)).toBe(true);
    }
    if (spec.tracing === 'xray-sdk') {
      const handler = invocation.segments.find((s) => s.entity.name === '## lambda_handler')!;
      expect(handler.entity.annotations).toEqual({ ColdStart: true });
    }
  });

  it.for(RUNS.map((r, i) => [r.label, i] as const))('writes the X-Ray trace id on every log line of the handler: %s', ([, i]) => {
    const { spec, invocation } = results[i]!;
    // Lambda's JSON format writes a record's extra attributes (the handler's record factory adds one); a library may write its own line.
    const key = tracingFlavor(spec.tracing).trace.logTraceIdKey;
    expect(invocation.logs.filter((line) => /Hello world API/.test(String(line.message))), invocation.stdout).toHaveLength(1);
    // A metrics document (CloudWatch embedded metric format: its "_aws" key) is not a log record.
    const [metrics, records] = [invocation.logs.filter((line) => '_aws' in line), invocation.logs.filter((line) => !('_aws' in line))];
    for (const line of records) expect(line[key], JSON.stringify(line)).toBe(invocation.traceId);
    const metricNames = metrics.flatMap((doc) => (doc._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)));
    expect(metricNames.sort()).toEqual(spec.tracing === 'powertools' ? ['ColdStart', 'HelloWorldInvocations'] : []);
  });

  it.for(RUNS.map((r, i) => [r.label, i] as const))("passes the project's own pytest suite: %s", ([, i]) => {
    const { pytest } = results[i]!;
    expect(pytest.code, pytest.output).toBe(0);
    expect(pytest.output).toMatch(/\d+ passed/);
  });

  it.for(['xray-sdk', 'adot', 'powertools'] as const)(
    "runs the local trace preview, whose output has the shape of the README's sample: %s",
    async (tracing) => {
      const { dir } = results.find((p) => p.spec.tracing === tracing)!;
      const run = await execa(PYTHON, ['scripts/trace_local.py'], { cwd: dir, reject: false, env: { PYTHONDONTWRITEBYTECODE: '1' } });
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      const sample = /It prints, for example:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
      // Trace ids, ports, timestamps, durations and so the bars' lengths and the time axis' width (its
      // labels' digits) differ from run to run; the rest (rows, names, nesting, annotations, the log
      // lines, each whole, and their keys) must be the same.
      const shape = (text: string) =>
        text
          .replace(/\s+/g, '')
          .replace(/1-[0-9a-f]{8}-[0-9a-f]{24}/g, 'TRACE')
          .replace(/[▏▎▍▌▋▊▉█]+/g, 'BAR')
          .replace(/─+/g, 'AXIS')
          .replace(/\d+(\.\d+)?/g, 'N');
      expect(shape(run.stdout)).toBe(shape(sample!));
      expect(run.stdout).toMatch(/^HelloWorldFunction \(Function\) +[▏▎▍▌▋▊▉█]+ +\d/m);
      if (tracing !== 'adot') expect(run.stdout).toMatch(/^ {2}## lambda_handler +[▏▎▍▌▋▊▉█]+ +\d[^\n]*\n[\s\S]*^ {4}## app\.hello +[▏▎▍▌▋▊▉█]+ +\d/m);
      expect(run.stdout).toMatch(/^Logs \(trace 1-[0-9a-f]{8}-[0-9a-f]{24}\)\n/m);
      // Each log line is one line of JSON, in the run as in the sample, with the same keys in the same order.
      const logKeys = (text: string) =>
        text.split(/^Logs \(trace [^)]*\)\n/m)[1]!.split('\n\n')[0]!.split('\n').map((line) => Object.keys(JSON.parse(line) as object));
      expect(logKeys(run.stdout)).toEqual(logKeys(sample!));
    },
  );

  it('runs the xray-sdk handler without any trace context', async () => {
    const { dir, spec } = results.find((p) => p.spec.tracing === 'xray-sdk')!;
    const result = await invokeHandler(dir, spec);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.response?.statusCode).toBe(200);
  });
});
