/**
 * scripts/check_layers.py of every generated project, run for real (test/python/test_check_layers.py) against
 * a local stand-in for Lambda and SSM: current (exit 0), behind (exit 1, naming the layer and the upgrade),
 * and unreachable, without credentials or for a region without the layer (exit 2, one line). Every IaC flavor
 * x tracing variant is rendered; each distinct behaviour (the kind of layer, and for pinned ARNs the file
 * format they are read from) runs once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProjectSpec } from '../../src/model/spec.js';
import { mapLimit } from '../helpers/pool.js';
import { VARIANTS, generateProject, specFor } from '../helpers/project.js';
import { PYTHON, describeIfTools } from '../helpers/tools.js';

const PY_TESTS = join(import.meta.dirname, '..', 'python');
const FLAVORS = [{ iac: 'sam' }, { iac: 'cloudformation' }, { iac: 'cdk', cdkLanguage: 'typescript' }, { iac: 'cdk', cdkLanguage: 'python' }] as const;

/**
 * What decides the script's behaviour: the kind of layer (pinned ARNs, an SSM parameter naming the latest,
 * both, or none) and, for pinned ARNs, the IaC flavor whose file it reads them from (its format and its
 * region's configuration). The layer's name and numbers are data the tests read from the project.
 */
function behaviour(spec: ProjectSpec): string {
  const { layer, latestParameter } = spec.pieces;
  const kind = `${layer?.kind ?? 'none'}${latestParameter ? '+ssm' : ''}`;
  return layer?.kind === 'mapping' ? `${kind} ${spec.iac} ${spec.cdkLanguage}` : kind;
}

const RUNS = (() => {
  const byKey = new Map<string, { given: Record<string, string>; covers: string[] }>();
  for (const flavor of FLAVORS) {
    for (const variant of VARIANTS) {
      const given: Record<string, string> = { ...(variant.given as Record<string, string>), ...flavor, name: 'checked', region: 'eu-west-1' };
      const key = behaviour(specFor(given));
      const label = `${Object.values(flavor).join(' ')} / ${variant.label}`;
      const run = byKey.get(key);
      if (run) run.covers.push(label);
      else byKey.set(key, { given, covers: [label] });
    }
  }
  return [...byKey.values()];
})();

describeIfTools('scripts/check_layers.py of every generated project', ['pytest', 'boto3'], () => {
  let root: string;
  const results: { code: number; output: string }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-check-layers-'));
    const projects = await Promise.all(RUNS.map((run, i) => generateProject({ ...run.given, directory: `p${i}` }, root)));
    results.push(
      ...(await mapLimit(projects, async ({ dir }) => {
        const run = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rs', 'test_check_layers.py'], {
          cwd: PY_TESTS,
          env: { TRACE_PROJECT: dir, PYTHONDONTWRITEBYTECODE: '1' },
          reject: false,
          all: true,
        });
        return { code: run.exitCode ?? 1, output: run.all ?? '' };
      })),
    );
  }, 600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('covers every IaC flavor x tracing variant', () => {
    expect(RUNS.flatMap((r) => r.covers)).toHaveLength(FLAVORS.length * VARIANTS.length);
  });

  it.for(RUNS.map((r, i) => [r.covers.join('; '), i] as const))('is current, behind, or cannot tell, as the stand-in says: %s', ([, i]) => {
    const { code, output } = results[i]!;
    expect(code, output).toBe(0);
    const given = RUNS[i]!.given;
    // A pinned layer: five checks; a layer from SSM: the SSM check and the three "cannot tell"; no layer: one.
    const expected = given.tracing === 'xray-sdk' ? 1 : given.powertoolsLayer === 'ssm' ? 3 : 5;
    expect(Number(/(\d+) passed/.exec(output)?.[1]), output).toBe(expected);
  });
});
