/** add-tracing on hostile files: alias bombs, findings compared by place, not line. No child processes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { expandedSize, MAX_EXPANDED_NODES } from '../../src/add-tracing/edit.js';
import { placesOf } from '../../src/add-tracing/lint.js';
import { AddTracingError, planAddTracing } from '../../src/add-tracing/plan-edit.js';
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
