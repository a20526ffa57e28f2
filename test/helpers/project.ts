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
