/**
 * The SAM flavor, verified with real tools for every tracing x runtime x architecture combination:
 * cfn-lint and the SAM translator. The Python side runs in python.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lintFailures, tracingProblems } from '../helpers/cfn.js';
import { combos, layerRuleProblems, useInspectedProjects } from '../helpers/project.js';
import { describeIfTools } from '../helpers/tools.js';

const COMBOS = combos('sam');

describeIfTools('SAM projects', ['cfnlint', 'samtranslator'], () => {
  const projects = useInspectedProjects(COMBOS, 'sam');

  it(`covers ${COMBOS.length} combinations`, () => {
    expect(projects).toHaveLength(COMBOS.length);
    expect(COMBOS.length).toBe(36);
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

  it("keeps the function's tracing in Globals and the stage's on the stage it writes out, with a Rules assertion listing exactly the mapped regions", () => {
    for (const { spec, inspection } of projects) {
      const globals = inspection.source.Globals as { Function: Record<string, unknown>; Api?: unknown };
      expect(globals.Function.Tracing).toBe('Active');
      expect(globals.Api).toBeUndefined();
      const stage = inspection.source.Resources.HelloWorldProdStage as { Type: string; Properties: Record<string, unknown> };
      expect([stage.Type, stage.Properties.TracingEnabled]).toEqual(['AWS::ApiGateway::Stage', true]);
      expect(layerRuleProblems(inspection.source, spec)).toEqual([]);
    }
  });

  it('documents local runs, logs, traces, the production defaults and what access logs need in the README', async () => {
    for (const { dir, spec } of projects) {
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      for (const text of ['sam local invoke HelloWorldFunction --event events/hello.json', 'sam local start-api', `sam logs --stack-name ${spec.name}`, '--tail', 'sam traces']) {
        expect(readme).toContain(text);
      }
      expect(readme).toContain(`kept ${spec.logRetention} days`);
      expect(readme).toContain(`accepts ${spec.throttleRate} requests per second with bursts of\n  ${spec.throttleBurst}`);
      expect(readme.includes('aws apigateway update-account'), spec.accessLogs ? 'the account-level role' : 'no role commands').toBe(spec.accessLogs);
    }
  });

  it('writes the stack name and region to samconfig.toml', async () => {
    for (const { dir, spec } of projects) {
      const config = await readFile(join(dir, 'samconfig.toml'), 'utf8');
      expect(config).toContain(`stack_name = "${spec.name}"`);
      expect(config).toContain(`region = "${spec.region}"`);
    }
  });
});
