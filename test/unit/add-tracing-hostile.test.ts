/** add-tracing on hostile files: alias bombs, findings compared by place, not line. No child processes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import { expandedSize, MAX_EXPANDED_NODES } from '../../src/add-tracing/edit.js';
import { placesOf } from '../../src/add-tracing/lint.js';
import { showProgress } from '../../src/add-tracing/progress.js';
import { parseTemplateDocument } from '../../src/add-tracing/parse.js';
import { AddTracingError, planAddTracing, runtimeRefusal } from '../../src/add-tracing/plan-edit.js';
import { tracingPieces } from '../../src/tracing/index.js';
import { deprecatedRuntimeProblem, retiringRuntimeProblem } from '../../src/shared/catalog.js';
import { aliasBomb } from '../helpers/hostile.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'add-tracing');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('add-tracing: alias bombs', () => {
  it('refuses a template whose aliases expand past the bound, at once, naming the fix', () => {
    const started = performance.now();
    const bomb = aliasBomb(fixture('sam-hello.yaml'));
    expect(() => planAddTracing(bomb, { tracing: 'adot', functions: [], force: false })).toThrow(AddTracingError);
    expect(() => planAddTracing(bomb, { tracing: 'adot', functions: [], force: false })).toThrow(/aliases \(\*name\) expand to more than 100,000 nodes .*Write the repeated parts out/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('counts expanded nodes without expanding them, and takes a few honest aliases', () => {
    expect(expandedSize(parseDocument('a: &x [1, 2]\nb: *x\nc: *x\n'))).toBe(1 + 2 * 3 + 3 * 2);
    expect(expandedSize(parseDocument(aliasBomb('a: 1', 9, 9)))).toBe(MAX_EXPANDED_NODES + 1);
    const few = aliasBomb(fixture('sam-hello.yaml'), 3, 3);
    expect(planAddTracing(few, { tracing: 'adot', functions: [], force: false }).changed).toBe(true);
  });
});

describe('add-tracing: cfn-lint findings by place', () => {
  it('a line maps to the key on it, or the nearest above; duplicates are numbered', () => {
    const text = 'Resources:\n  F:\n    Properties:\n      Handler: a\n      # note\n      Handler: b\n      Layers:\n        - x\n';
    const place = placesOf(text);
    expect(place(4)).toBe('Resources/F/Properties/Handler');
    expect(place(5)).toBe('Resources/F/Properties/Handler');
    expect(place(6)).toBe('Resources/F/Properties/Handler#2');
    expect(place(8)).toBe('Resources/F/Properties/Layers/0');
    const moved = placesOf(text.replace('Resources:\n', 'Mappings:\n  M:\n    a: {b: c}\nResources:\n'));
    expect(moved(9)).toBe(place(6));
  });
});

describe('add-tracing: insertions land at the right node, whatever its shape', () => {
  const REGRESSIONS = join(import.meta.dirname, '..', 'fixtures', 'add-tracing-regressions');
  const regression = (name: string) => readFileSync(join(REGRESSIONS, name), 'utf8');
  const js = (text: string) => {
    const doc = parseDocument(text, { uniqueKeys: true, customTags: [{ tag: '!If', collection: 'seq' }, { tag: '!Ref', resolve: (s: string) => ({ Ref: s }) }, { tag: '!Sub', resolve: (s: string) => s }, { tag: '!GetAtt', resolve: (s: string) => s }, { tag: '!Equals', collection: 'seq' }] });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    return doc.toJS() as any;
  };

  it.each(['powertools', 'adot', 'xray-sdk'] as const)('ARNs added after a last !If with its arguments below go at the list\'s dash, not into the !If (%s)', (tracing) => {
    const arns = js(planAddTracing(regression('role-arns-if-args-below.yaml'), { tracing, functions: [], force: false }).text).Resources.FnRole.Properties.ManagedPolicyArns;
    expect(arns[0]).toHaveLength(3);
    expect(arns.slice(1).join(' ')).toContain('policy/AWSXRayDaemonWriteAccess');
  });

  it('a flow !If over three lines and a long-form Fn::If: each keeps its arguments; the ARNs follow them', () => {
    const arns = js(planAddTracing(regression('role-arns-flow-and-long-if.yaml'), { tracing: 'adot', functions: [], force: false }).text).Resources.FnRole.Properties.ManagedPolicyArns;
    expect(arns).toHaveLength(4);
    expect(arns[0]).toHaveLength(3);
    expect(arns[1]['Fn::If']).toHaveLength(3);
  });

  it('Properties that end with comments and a line of spaces, a comment above the next resource: each function gets its own keys', () => {
    const t = js(planAddTracing(regression('comments-after-properties.yaml'), { tracing: 'adot', functions: [], force: false }).text);
    for (const id of ['OneFunction', 'TwoFunction']) {
      expect(Object.keys(t.Resources[id])).toEqual(['Type', 'Properties']);
      expect(t.Resources[id].Properties.Layers, id).toHaveLength(1);
      expect(t.Resources[id].Properties.Environment.Variables.OTEL_SERVICE_NAME).toBe(id);
    }
  });
});

describe('add-tracing: templates the yaml package alone would refuse', () => {
  it('a multi-line flow list indented less than its key parses as CloudFormation parses it, at the original offsets', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'add-tracing-regressions', 'flow-list-indented-less-than-its-key.yaml'), 'utf8');
    expect(parseDocument(text).errors.length).toBeGreaterThan(0); // strict: refused
    const doc = parseTemplateDocument(text);
    expect(doc.errors).toEqual([]);
    const resource = (doc.getIn(['Resources', 'FnRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Resource'], true) as any);
    expect(resource.toJSON()).toEqual(['arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-b/*']);
    expect(text.slice(resource.range[0], resource.range[1])).toMatch(/^\[\n {10}"arn:aws:s3:::bucket-a\/\*",\n[\s\S]*\]$/);
    const plan = planAddTracing(text, { tracing: 'adot', functions: [], force: false });
    expect(plan.text).toContain('                Resource: [\n          "arn:aws:s3:::bucket-a/*",\n');
    expect(planAddTracing(plan.text, { tracing: 'adot', functions: [], force: false }).changed).toBe(false);
  });
});

describe('add-tracing: honest refusals', () => {
  const withRuntime = (runtime: string) => fixture('cfn-role.yaml').replace('Runtime: python3.13', `Runtime: ${runtime}`);
  const refusal = (runtime: string, tracing: 'adot' | 'powertools' | 'xray-sdk') => {
    try {
      planAddTracing(withRuntime(runtime), { tracing, functions: [], force: false });
    } catch (error) {
      return (error as Error).message;
    }
    return 'traced';
  };

  it.each(['python3.10', 'python3.9'])('%s, deprecated in Lambda, gets the same answer in every flavor: what Lambda blocks, since or from when, what to move to, and the source', (runtime) => {
    const answers = (['adot', 'powertools', 'xray-sdk'] as const).map((tracing) => refusal(runtime, tracing));
    expect(new Set(answers).size).toBe(1);
    const date = '\\d{4}-\\d\\d-\\d\\d';
    expect(answers[0]).toMatch(
      new RegExp(
        `^HelloFunction: ${runtime.replace('.', '\\.')} is deprecated in Lambda since ${date}: Lambda (blocks|will block) creating functions on it (since|from) ${date} ` +
          `(and updating them since|and will block updating them from) ${date} \\(the Lambda runtimes page, as cfn-lint afd7953 \\(2026-06-02\\) records it; read 2026-12-07\\); move to python3\\.14`,
      ),
    );
    expect(answers[0]).not.toMatch(/layer/);
  });

  it("the dates are the Lambda runtimes page's (cfn-lint afd7953); a date still ahead is \"will block\"; python3.11 is supported until 2027-06-30", () => {
    expect(deprecatedRuntimeProblem('python3.10', '2026-12-07')).toContain('since 2026-10-31: Lambda will block creating functions on it from 2027-02-01 and will block updating them from 2027-03-03');
    expect(deprecatedRuntimeProblem('python3.9', '2027-03-04')).toContain('since 2025-12-15: Lambda blocks creating functions on it since 2027-02-01 and updating them since 2027-03-03');
    expect(deprecatedRuntimeProblem('python3.11', '2026-12-07')).toBeUndefined();
    expect(deprecatedRuntimeProblem('python3.11', '2027-07-01')).toContain('since 2027-06-30: Lambda will block creating functions on it from 2027-07-31');
    expect(retiringRuntimeProblem('python3.11', '2026-12-07')).toMatch(/^python3\.11 is deprecated in Lambda on 2027-06-30 \(creating functions on it is blocked from 2027-07-31, updating them from 2027-08-31; /);
    expect(retiringRuntimeProblem('python3.11', '2027-07-01')).toBeUndefined();
    expect(deprecatedRuntimeProblem('python3.13')).toBeUndefined();
    // Today: a python3.11 function is traced by every flavor while Lambda supports it, and refused by all after.
    const supported = new Date().toISOString().slice(0, 10) < '2027-06-30';
    for (const tracing of ['adot', 'powertools', 'xray-sdk'] as const) expect(refusal('python3.11', tracing) === 'traced', tracing).toBe(supported);
  });

  it('a flavor without a layer never speaks of its layer; one with a layer names it', () => {
    const xray = tracingPieces({ tracing: 'xray-sdk', runtime: 'python3.13', arch: 'x86_64', serviceName: 'F' });
    expect(xray.layer).toBeUndefined();
    expect(runtimeRefusal('F', 'python3.99', xray)).toMatch(/^F runs python3\.99, which AWS X-Ray SDK for Python \(maintenance mode\) does not support \(it supports python3\.10, /);
    expect(runtimeRefusal('F', 'python3.99', xray)).not.toMatch(/layer/);
    expect(runtimeRefusal('F', 'python3.13', xray)).toBeUndefined();
    expect(() => planAddTracing(withRuntime('python3.14'), { tracing: 'adot', functions: [], force: false, variants: { adotLayer: 'collector' } })).toThrow(/which the AWS Distro for OpenTelemetry \(legacy collector layer\) layer does not support/);
  });
});

describe('add-tracing: the time a check takes, on a terminal', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
  };
  it('is shown and redrawn in place each second, then erased', () => {
    vi.useFakeTimers();
    try {
      const { written, stream: out } = stream(true);
      const done = showProgress('checking the result with cfn-lint', out);
      vi.advanceTimersByTime(12_000);
      done();
      expect(written[0]).toBe('\rchecking the result with cfn-lint… 0 s\x1b[K');
      expect(written).toContain('\rchecking the result with cfn-lint… 12 s\x1b[K');
      expect(written.at(-1)).toBe('\r\x1b[K');
      const count = written.length;
      vi.advanceTimersByTime(5000);
      expect(written).toHaveLength(count);
    } finally {
      vi.useRealTimers();
    }
  });
  it('prints nothing when stderr is not a terminal', () => {
    const { written, stream: out } = stream(false);
    showProgress('checking', out)();
    expect(written).toEqual([]);
  });
});
