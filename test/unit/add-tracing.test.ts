/** add-tracing's pure core: refusals, options, line endings, and projects the generator made. No disk, no child processes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { AddTracingError, planAddTracing } from '../../src/add-tracing/plan-edit.js';
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
  const parse = (text: string) => parseDocument(text, { uniqueKeys: true });

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

  it('a last Layers list written without indented dashes gets its item before the next key', () => {
    const plan = planAddTracing(regression('shared-role-no-arns.yaml'), { tracing: 'adot', functions: [], force: false });
    const props = (parse(plan.text).toJS() as any).Resources.OneFunction.Properties;
    expect(props.Layers).toHaveLength(2);
    expect(props.Environment.Variables).toMatchObject({ A: 'b', AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' });
    expect(props.Tracing).toBe('Active');
  });
});
