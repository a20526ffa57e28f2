/**
 * `npm run catalog:check` (scripts/catalog-check.js): the layer facts of the catalog compared with copies
 * of the projects' own sources, so that a refresh is a routine job. Not part of the CLI (nothing in it
 * imports this). Pure functions: texts in, differences out.
 *
 * The sources, by file name (as fetched or saved from each repository):
 * - `lambdaLayerArns` (aws-otel/aws-otel.github.io src/config/lambdaLayerArns.js): the ADOT Python
 *   (AWSOpenTelemetryDistroPython) ARN of each region;
 * - `release-build` (aws-observability/aws-otel-python-instrumentation .github/workflows/release-build.yml):
 *   the --compatible-runtimes the layer is published with;
 * - `install.md` (aws-powertools/powertools-lambda-python docs/getting-started/install.md): the Powertools
 *   layer version of each partition, and the runtimes it lists.
 */
import { ADOT_APPLICATION_SIGNALS } from './adot.js';
import { POWERTOOLS } from './powertools.js';

export type SourceKind = 'adot-arns' | 'adot-workflow' | 'powertools-install';

/** Which source a file is, from its name; undefined for any other file. */
export function sourceKind(fileName: string): SourceKind | undefined {
  if (/lambdaLayerArns.*\.js$/.test(fileName)) return 'adot-arns';
  if (/release-build.*\.ya?ml$/.test(fileName)) return 'adot-workflow';
  if (/install.*\.md$/.test(fileName)) return 'powertools-install';
  return undefined;
}

/** What the catalog says, in the sources' terms. */
export interface CatalogFacts {
  adotArns: Record<string, string>;
  adotRuntimes: string[];
  powertoolsVersions: Record<string, number>;
  powertoolsRuntimes: string[];
}

export function catalogFacts(): CatalogFacts {
  return {
    adotArns: { ...ADOT_APPLICATION_SIGNALS.arns },
    adotRuntimes: [...ADOT_APPLICATION_SIGNALS.runtimes],
    powertoolsVersions: Object.fromEntries(POWERTOOLS.partitions.map((p) => [p.partition, p.version])),
    powertoolsRuntimes: [...POWERTOOLS.runtimes],
  };
}

/** The AWSOpenTelemetryDistroPython ARN of each region in lambdaLayerArns.js. */
export function adotArnsIn(text: string): Record<string, string> {
  const arns: Record<string, string> = {};
  for (const m of text.matchAll(/arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:layer:AWSOpenTelemetryDistroPython:\d+/g)) arns[m[1]!] = m[0];
  return arns;
}

/** The runtimes of the workflow's `publish-layer-version ... --compatible-runtimes a b c` (its first such step). */
export function compatibleRuntimesIn(text: string): string[] {
  const m = /--compatible-runtimes((?:\s+python[\d.]+)+)/.exec(text);
  return m ? m[1]!.trim().split(/\s+/) : [];
}

/** install.md: the layer version of each partition (from its ARN tables) and the runtimes it lists. */
export function powertoolsFactsIn(text: string): { versions: Record<string, number>; runtimes: string[]; elsewhere: number[] } {
  const versions: Record<string, number> = {};
  const elsewhere: number[] = [];
  const arn = /arn:(aws[a-z-]*):lambda:[^:\s`]+:\d{12}:layer:AWSLambdaPowertoolsPythonV3-[^:\s`]+:(\d+)/g;
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(arn)) {
      if (line.trimStart().startsWith('|')) versions[m[1]!] = Math.max(versions[m[1]!] ?? 0, Number(m[2]));
      else elsewhere.push(Number(m[2]));
    }
  }
  const listing = text.split('\n').find((line) => /supported runtime/.test(line)) ?? '';
  const runtimes = [...listing.matchAll(/`python3(\d+)`/g)].map((m) => `python3.${m[1]}`);
  return { versions, runtimes, elsewhere };
}

const list = (values: readonly string[]) => values.join(', ') || 'none';

/** The differences between the catalog and one source's text (empty when they agree), and notes that are not differences. */
export function compareSource(kind: SourceKind, text: string, catalog: CatalogFacts): { differences: string[]; notes: string[] } {
  const differences: string[] = [];
  const notes: string[] = [];
  if (kind === 'adot-arns') {
    const found = adotArnsIn(text);
    if (Object.keys(found).length === 0) differences.push('no AWSOpenTelemetryDistroPython ARN found');
    for (const [region, arn] of Object.entries(found)) {
      const ours = catalog.adotArns[region];
      if (ours !== arn) differences.push(`ADOT ${region}: the source has ${arn}, the catalog ${ours ?? 'no ARN'}`);
    }
    for (const region of Object.keys(catalog.adotArns)) if (!(region in found)) differences.push(`ADOT ${region}: in the catalog, not in the source`);
  } else if (kind === 'adot-workflow') {
    const found = compatibleRuntimesIn(text);
    if (list(found) !== list(catalog.adotRuntimes)) differences.push(`ADOT runtimes: the workflow publishes ${list(found)}, the catalog says ${list(catalog.adotRuntimes)}`);
  } else {
    const { versions, runtimes, elsewhere } = powertoolsFactsIn(text);
    for (const [partition, version] of Object.entries(catalog.powertoolsVersions)) {
      if (versions[partition] !== version) differences.push(`Powertools ${partition}: the source has layer ${versions[partition] ?? 'none'}, the catalog ${version}`);
    }
    if (list(runtimes) !== list(catalog.powertoolsRuntimes)) differences.push(`Powertools runtimes: the source lists ${list(runtimes)}, the catalog ${list(catalog.powertoolsRuntimes)}`);
    const newest = Math.max(0, ...Object.values(versions));
    for (const v of new Set(elsewhere.filter((v) => v > newest))) notes.push(`Powertools: the page mentions layer version ${v} outside its tables (newer than the tables' ${newest}): check the live page`);
  }
  return { differences, notes };
}
