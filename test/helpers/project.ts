/** Generate projects through the pure core (no Yeoman, no prompts), for tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Answers } from '../../src/options.js';
import { renderProject } from '../../src/plan.js';
import { type ProjectSpec, fillDefaults, resolveSpec } from '../../src/spec.js';

export function specFor(given: Partial<Answers>, cwd = '/tmp'): ProjectSpec {
  const context = { cwd, env: {} };
  const full = { directory: given.name ?? 'p', ...given };
  return resolveSpec(fillDefaults(full, context), full, context);
}

export async function generateProject(given: Partial<Answers>, root: string): Promise<{ dir: string; spec: ProjectSpec }> {
  const spec = specFor(given, root);
  for (const file of renderProject(spec)) {
    const path = join(spec.targetDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
  }
  return { dir: spec.targetDir, spec };
}

/** Every supported runtime x architecture, for matrix tests. */
export const RUNTIMES = ['python3.12', 'python3.13', 'python3.14'] as const;
export const ARCHS = ['x86_64', 'arm64'] as const;

/** The tracing variants every IaC flavor is verified with. */
export const VARIANTS: { label: string; given: Partial<Answers> }[] = [
  { label: 'powertools (pinned layer)', given: { tracing: 'powertools' } },
  { label: 'powertools (SSM layer)', given: { tracing: 'powertools', powertoolsLayer: 'ssm' } },
  { label: 'adot (Application Signals)', given: { tracing: 'adot' } },
  { label: 'adot (collector)', given: { tracing: 'adot', adotLayer: 'collector' } },
  { label: 'xray-sdk', given: { tracing: 'xray-sdk' } },
];

/**
 * Every tracing variant x runtime x architecture for one IaC flavor, less what the CLI refuses
 * (the ADOT layers list Python 3.10-3.13): 26 combinations.
 */
export function combos(iac: Answers['iac'], runtimes: readonly string[] = RUNTIMES, archs: readonly string[] = ARCHS) {
  return VARIANTS.flatMap((variant) =>
    runtimes.flatMap((runtime) =>
      archs.map((arch) => ({
        label: `${variant.label}, ${runtime}, ${arch}`,
        given: { ...variant.given, runtime, arch, iac } as Partial<Answers>,
      })),
    ),
  ).filter((c) => !(c.given.tracing === 'adot' && c.given.runtime === 'python3.14'));
}
