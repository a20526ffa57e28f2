/**
 * The SAM flavor, verified with real tools for every tracing x runtime x architecture combination:
 * cfn-lint, the SAM translator, the handler run as Lambda would run it, and the project's own tests.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { lintFailures, tracingProblems } from './helpers/cfn.js';
import { combos, layerRuleProblems, useInspectedProjects } from './helpers/project.js';
import { entityNames, invokeHandler, runProjectPytest } from './helpers/python.js';
import { PYTHON, describeIfTools, powertoolsSkipReason } from './helpers/tools.js';

const COMBOS = combos('sam');

const powertoolsMissing = powertoolsSkipReason();
if (powertoolsMissing) process.stderr.write(`\n*** SKIPPED Powertools handler runs and test suites: ${powertoolsMissing}\n\n`);

describeIfTools('SAM projects', ['cfnlint', 'samtranslator', 'aws_xray_sdk', 'pytest'], () => {
  const projects = useInspectedProjects(COMBOS, 'sam');

  it(`covers ${COMBOS.length} combinations`, () => {
    expect(projects).toHaveLength(COMBOS.length);
    expect(COMBOS.length).toBe(32);
  });

  it('lints clean with cfn-lint: zero errors and zero warnings', () => {
    expect(lintFailures(projects)).toEqual([]);
  });

  it('expands with the SAM translator to an actively traced function, a traced stage and GET /hello', () => {
    const failures = projects
      .map((p) => [p.label, p.inspection.error ?? tracingProblems(p.inspection.template, p.spec)] as const)
      .filter(([, problems]) => problems.length > 0);
    expect(failures).toEqual([]);
  });

  it('keeps tracing in Globals, with a Rules assertion listing exactly the mapped regions', () => {
    for (const { spec, inspection } of projects) {
      const globals = inspection.source.Globals as { Function: Record<string, unknown>; Api: Record<string, unknown> };
      expect(globals.Function.Tracing).toBe('Active');
      expect(globals.Api.TracingEnabled).toBe(true);
      expect(layerRuleProblems(inspection.source, spec)).toEqual([]);
    }
  });

  it('writes the stack name and region to samconfig.toml', async () => {
    for (const { dir, spec } of projects) {
      const config = await readFile(join(dir, 'samconfig.toml'), 'utf8');
      expect(config).toContain(`stack_name = "${spec.name}"`);
      expect(config).toContain(`region = "${spec.region}"`);
    }
  });

  it.for(COMBOS.map((c, i) => [c.label, i] as const))(
    'runs the handler in Lambda mode and sends subsegments to X-Ray: %s',
    async ([, i], { skip }) => {
      const { dir, spec } = projects[i]!;
      if (spec.tracing === 'powertools' && powertoolsMissing) skip(powertoolsMissing);
      const result = await invokeHandler(dir, spec, { trace: true });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.response?.statusCode).toBe(200);
      expect(JSON.parse(result.response!.body)).toEqual({ message: 'hello world' });
      if (spec.tracing === 'adot') {
        expect(result.segments).toEqual([]); // no tracing code: the layer does it in Lambda
      } else {
        expect(entityNames(result).sort()).toEqual(['## app.hello', '## lambda_handler']);
        expect(new Set(result.segments.map((s) => s.entity.trace_id))).toEqual(new Set([result.traceId]));
        expect(result.segments.every((s) => s.header.format === 'json' && s.header.version === 1)).toBe(true);
      }
      if (spec.tracing === 'xray-sdk') {
        const handler = result.segments.find((s) => s.entity.name === '## lambda_handler')!;
        expect(handler.entity.annotations).toEqual({ ColdStart: true });
      }
    },
    60_000,
  );

  it.for(COMBOS.map((c, i) => [c.label, i] as const))(
    "passes the project's own pytest suite: %s",
    async ([, i], { skip }) => {
      const { dir, spec } = projects[i]!;
      if (spec.tracing === 'powertools' && powertoolsMissing) skip(powertoolsMissing);
      const { code, output } = await runProjectPytest(dir);
      expect(code, output).toBe(0);
      expect(output).toMatch(/\d+ passed/);
    },
    60_000,
  );

  it.for(['xray-sdk', 'adot', 'powertools'] as const)(
    "runs the local trace preview, whose output has the shape of the README's sample: %s",
    async (tracing, { skip }) => {
      if (tracing === 'powertools' && powertoolsMissing) skip(powertoolsMissing);
      const { dir } = projects.find((p) => p.spec.tracing === tracing)!;
      const run = await execa(PYTHON, ['scripts/trace_local.py'], { cwd: dir, reject: false, env: { PYTHONDONTWRITEBYTECODE: '1' } });
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      const sample = /It prints, for example:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
      // Trace ids, ports and durations differ from run to run; the rest must be the same.
      const shape = (text: string) => text.replace(/\b[0-9a-f]{8,24}\b/g, 'ID').replace(/\d+(\.\d+)?/g, 'N').trim();
      expect(shape(run.stdout)).toBe(shape(sample!));
      if (tracing !== 'adot') expect(run.stdout).toMatch(/└── ## lambda_handler {2}\d+\.\d ms\n[\s\S]*└── ## app\.hello/);
    },
    60_000,
  );

  it('runs the xray-sdk handler without any trace context', async () => {
    const { dir, spec } = projects.find((p) => p.spec.tracing === 'xray-sdk')!;
    const result = await invokeHandler(dir, spec);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.response?.statusCode).toBe(200);
  });
});
