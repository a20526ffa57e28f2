/** Generate projects through the pure core (no Yeoman, no prompts), for tests. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Answers } from '../../src/model/options.js';
import { type Inspection, inspectTemplates } from './cfn.js';
import { renderProject } from '../../src/create/render.js';
import { type ProjectSpec, fillDefaults, resolveSpec } from '../../src/model/spec.js';

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
  { label: 'xray-sdk (dependencies layer)', given: { tracing: 'xray-sdk' } },
  { label: 'xray-sdk (dependencies bundled)', given: { tracing: 'xray-sdk', depsLayer: 'off' } },
];

/**
 * Every tracing variant x runtime x architecture for one IaC flavor, less what the CLI refuses
 * (ADOT's legacy collector layer lists Python 3.10-3.13): 34 combinations, and the OPTION_VARIANTS: 36.
 */
export function combos(iac: Answers['iac'], runtimes: readonly string[] = RUNTIMES, archs: readonly string[] = ARCHS) {
  return VARIANTS.flatMap((variant) =>
    runtimes.flatMap((runtime) =>
      archs.map((arch) => ({
        label: `${variant.label}, ${runtime}, ${arch}`,
        given: { ...variant.given, runtime, arch, iac } as Partial<Answers>,
      })),
    ),
  )
    .filter((c) => !(c.given.adotLayer === 'collector' && c.given.runtime === 'python3.14'))
    .concat(OPTION_VARIANTS.map((variant) => ({ label: variant.label, given: { ...variant.given, iac } as Partial<Answers> })));
}

/** The log and API options away from their defaults (every other combination has the defaults): 2 more per IaC flavor. */
export const OPTION_VARIANTS: { label: string; given: Partial<Answers> }[] = [
  {
    label: 'adot, access logs, 30-day retention, throttled at 50/s, bursts of 100',
    given: { tracing: 'adot', accessLogs: true, logRetention: '30', throttleRate: '50', throttleBurst: '100' },
  },
  { label: 'xray-sdk, 1-day retention, throttled at 0.5/s, bursts of 1', given: { tracing: 'xray-sdk', logRetention: '1', throttleRate: '0.5', throttleBurst: '1' } },
];

export interface InspectedProject {
  label: string;
  dir: string;
  spec: ProjectSpec;
  inspection: Inspection;
}

/** Generates every combination into `root` (named `<prefix>-<i>`), then lints and parses `file` of each, in one Python process. */
export async function generateAndInspect(
  list: { label: string; given: Partial<Answers> }[],
  root: string,
  prefix: string,
  file = 'template.yaml',
): Promise<InspectedProject[]> {
  const generated = await Promise.all(
    list.map(async (combo, i) => ({ label: combo.label, ...(await generateProject({ ...combo.given, name: `${prefix}-${i}` }, root)) })),
  );
  const inspections = await inspectTemplates(generated.map((g) => join(g.dir, file)));
  return generated.map((g) => ({ ...g, inspection: inspections.get(join(g.dir, file))! }));
}

/**
 * For a template suite: inside its describe, generates and inspects every combination before the
 * tests (into a temporary folder named `ctl-<prefix>-`) and removes them after. Returns the list the
 * tests read, filled by then.
 */
export function useInspectedProjects(list: { label: string; given: Partial<Answers> }[], prefix: string): InspectedProject[] {
  const projects: InspectedProject[] = [];
  let root: string | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `ctl-${prefix}-`));
    projects.push(...(await generateAndInspect(list, root, prefix)));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return projects;
}

/** What is wrong with the layer's Rules assertion: it must list exactly the mapped regions, and exist only for mapped layers. */
export function layerRuleProblems(template: Record<string, unknown>, spec: ProjectSpec): string[] {
  const layer = spec.pieces.layer;
  const rules = template.Rules as Record<string, { Assertions: { Assert: { 'Fn::Contains': [string[], unknown] } }[] }> | undefined;
  const listed = rules?.TracingLayerRegion?.Assertions[0]?.Assert['Fn::Contains'][0];
  if (layer?.kind !== 'mapping') return listed ? ['a TracingLayerRegion rule without a mapped layer'] : [];
  const mapped = Object.keys((template.Mappings as Record<string, object> | undefined)?.TracingLayer ?? {});
  const problems: string[] = [];
  if (JSON.stringify(mapped) !== JSON.stringify(Object.keys(layer.arns))) problems.push('the TracingLayer mapping does not list the catalog regions');
  if (JSON.stringify(listed) !== JSON.stringify(mapped)) problems.push('the TracingLayerRegion rule does not list exactly the mapped regions');
  return problems;
}
