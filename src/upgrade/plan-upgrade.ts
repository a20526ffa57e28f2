/**
 * upgrade's pure core: a project's files in, the same files with their tracing layers brought to this tool's
 * catalog out. It moves each layer ARN to the catalog's version, the regions of each layer mapping (and every
 * list of them: the Rules assertion, its message) to the catalog's, and the "as of" dates to the catalog's
 * date. Every other byte stays as it was, so a project generated with an older catalog and upgraded is the
 * project a generation writes today. What it cannot follow is an UpgradeError, and nothing is half-done.
 *
 * A layer mapping is found by its shape, whatever the file's language: a run of entries, one region and its
 * ARN each, every entry the same text but for those two (a YAML mapping, a JSON object, a TypeScript or
 * Python dict). New entries are written in that same shape, in the catalog's order of regions.
 */
import { type CdkLanguage, choiceOf, markerIn, renderModule } from '../model/cdk-module.js';
import { LAYER_ARN, catalogLayers, parseLayerArn } from '../model/layers.js';
import { CHECKED_ON } from '../shared/catalog.js';
import { TRACING_NAMES, tracingFlavor } from '../tracing/index.js';

export class UpgradeError extends Error {}

export interface ProjectFile {
  path: string;
  text: string;
}

export interface UpgradePlan {
  /** The files that change. */
  files: { path: string; before: string; after: string }[];
  /** One line per layer that moved: its versions, the regions added and removed. */
  moved: string[];
  /** Whether the project has a layer this tool knows (else there is nothing to upgrade). */
  traced: boolean;
}

/** A layer ARN in a file: where, and what. */
interface Arn {
  line: number;
  text: string;
  region: string;
  name: string;
  version: number;
}

/** A layer mapping: its entries (one ARN each, `span` lines apart), and its entry's text with placeholders. */
interface Block {
  arns: Arn[];
  /** Lines an entry takes (0: a single ARN, not a mapping). */
  span: number;
  /** Lines from an entry's key line down to its ARN's. */
  lead: number;
  shape: string;
  lastShape: string;
}

/** What moved of one layer, over every file. */
interface Move {
  versions: Map<string, [number, number]>;
  added: Set<string>;
  removed: Set<string>;
}

const REGION = '\u0000R';
const ARN = '\u0000A';
const AS_OF = /((?:[Vv]ersions|[Ll]ayers|catalog) as of )(\d{4}-\d{2}-\d{2})/g;

export function planUpgrade(files: ProjectFile[], today: string = CHECKED_ON): UpgradePlan {
  const moves = new Map<string, Move>();
  const modules = files.map((file) => moduleAnew(file));
  const layers = files.map((file, i) => (modules[i] === undefined ? arnsOf(file).filter((arn) => known(file, arn)) : []));
  const traced = layers.some((arns) => arns.length > 0) || modules.some((text) => text !== undefined);
  const changed: UpgradePlan['files'] = [];
  for (const [i, file] of files.entries()) {
    const after = modules[i] ?? (traced ? upgradeFile(file, layers[i]!, today) : file.text);
    if (after === file.text) continue;
    changed.push({ path: file.path, before: file.text, after });
    recordMoves(moves, arnsOf(file), arnsOf({ path: file.path, text: after }));
  }
  return { files: changed, moved: [...moves].map(([name, move]) => describeMove(name, move)).filter(Boolean), traced };
}

/**
 * The Aspect module add-tracing wrote into a CDK app (its first line names the flavor and variant options it
 * was written for), written anew from today's catalog; undefined for any other file.
 */
function moduleAnew(file: ProjectFile): string | undefined {
  const command = markerIn(file.text);
  if (command === undefined) return undefined;
  const choice = choiceOf(command);
  if (typeof choice === 'string') throw new UpgradeError(`${file.path}:1: its first line names ${choice}, which this tool does not know. Was it edited by hand? Run add-tracing --force in the app to write it anew.`);
  const entry = /registered it in (.+?)\.\n/.exec(file.text)?.[1] ?? '';
  const language: CdkLanguage = file.path.endsWith('.py') ? 'python' : 'typescript';
  return renderModule(language, { ...choice, entry });
}

/** What moved between a file's layer ARNs before and after, by layer name and region (a user's own layers do not move). */
function recordMoves(moves: Map<string, Move>, before: Arn[], after: Arn[]): void {
  for (const name of new Set([...before, ...after].map((arn) => arn.name))) {
    const was = new Map(before.filter((a) => a.name === name).map((a) => [a.region, a.version]));
    const is = new Map(after.filter((a) => a.name === name).map((a) => [a.region, a.version]));
    const move = moveOf(moves, name);
    for (const [region, version] of is) {
      if (!was.has(region)) move.added.add(region);
      else if (was.get(region) !== version) move.versions.set(region, [was.get(region)!, version]);
    }
    for (const region of was.keys()) if (!is.has(region)) move.removed.add(region);
  }
}

/** Every layer ARN of a file, with its line. */
function arnsOf(file: ProjectFile): Arn[] {
  const lines = file.text.split('\n');
  return lines.flatMap((line, index) =>
    [...line.matchAll(LAYER_ARN)].map((m) => ({ line: index, text: m[0], ...parseLayerArn(m[0])! })),
  );
}

/** One file, upgraded: its mappings, its single ARNs, the lists of their regions, its dates. */
function upgradeFile(file: ProjectFile, arns: Arn[], today: string): string {
  refuseUnsupportedRuntimes(file, arns);
  const lines = file.text.split('\n');
  const blocks = blocksOf(file, lines, arns);
  const lists: [string[], string[]][] = [];
  // From the last block up, so that the line numbers of those above stay right.
  for (const block of [...blocks].reverse()) lists.push(rewriteBlock(lines, block));
  let text = lines.join('\n');
  for (const [before, after] of lists) text = replaceRegionLists(text, before, after);
  return text.replace(AS_OF, (_match, lead: string) => `${lead}${today}`);
}

/** Whether an ARN is a layer of the catalog; refuses a tracing layer the catalog does not know. */
function known(file: ProjectFile, arn: Arn): boolean {
  if (catalogLayers().has(arn.name)) return true;
  const flavor = TRACING_NAMES.find((name) => tracingFlavor(name).layerMarks.test(arn.name));
  if (!flavor) return false; // the user's own layer: not ours to move
  const runtime = /python3(\d+)/.exec(arn.name);
  const sibling = runtime && [...catalogLayers().keys()].find((name) => name === arn.name.replace(/python3\d+/, name.match(/python3\d+/)?.[0] ?? ''));
  if (sibling) {
    throw new UpgradeError(
      `${file.path}:${arn.line + 1}: the ${flavor} layers of this tool's catalog (as of ${CHECKED_ON}) no longer support python3.${runtime[1]}. ` +
        `Move the function to a supported runtime first (${catalogLayers().get(sibling)!.runtimes.join(', ')}), then run upgrade again.`,
    );
  }
  throw new UpgradeError(
    `${file.path}:${arn.line + 1}: ${arn.name} is not a layer this tool's catalog (as of ${CHECKED_ON}) knows, so upgrade cannot follow it. ` +
      'Was it edited by hand? Put back the layer the project was generated with, or update this ARN by hand.',
  );
}

/** Refuses a file whose Python runtimes a layer it holds no longer supports. */
function refuseUnsupportedRuntimes(file: ProjectFile, arns: Arn[]): void {
  const runtimes = new Set<string>();
  for (const line of file.text.split('\n').filter((l) => /runtime/i.test(l))) {
    for (const m of line.matchAll(/\bpython3\.(\d+)\b|PYTHON_3_(\d+)\b/g)) runtimes.add(`python3.${m[1] ?? m[2]}`);
  }
  // A layer named for one runtime (Powertools') is in the catalog only while it is supported; the others serve many.
  for (const name of new Set(arns.map((arn) => arn.name).filter((n) => !/python3\d+/.test(n)))) {
    const layer = catalogLayers().get(name)!;
    const unsupported = [...runtimes].filter((runtime) => !layer.runtimes.includes(runtime));
    if (unsupported.length > 0) {
      throw new UpgradeError(
        `${file.path}: the current ${layer.description} (as of ${CHECKED_ON}) no longer supports ${unsupported.join(', ')}; it supports ${layer.runtimes.join(', ')}. ` +
          'Move the function to one of those runtimes first, then run upgrade again.',
      );
    }
  }
}

/** The lines of the entries `arn` ends: `span` lines from its key line, `lead` lines above the ARN's. */
const entryLines = (arn: Arn, block: Pick<Block, 'span' | 'lead'>) => [arn.line - block.lead, arn.line - block.lead + block.span - 1] as const;

/** An entry's text with its region and ARN as placeholders. */
function shapeOf(lines: string[], arn: Arn, block: Pick<Block, 'span' | 'lead'>): string {
  const [first, last] = entryLines(arn, block);
  return lines.slice(first, last + 1).join('\n').replace(arn.text, ARN).replaceAll(arn.region, REGION);
}

/** Runs of ARNs of one layer, each in its own region, the same number of lines apart. */
function runsOf(arns: Arn[]): Arn[][] {
  const runs: Arn[][] = [];
  for (const arn of arns) {
    const run = runs.at(-1);
    const span = run && run.length > 1 ? run[1]!.line - run[0]!.line : undefined;
    const gap = run ? arn.line - run.at(-1)!.line : 0;
    const continues = run && gap >= 1 && gap <= 4 && (span === undefined || gap === span) && !run.some((a) => a.region === arn.region);
    if (continues) run.push(arn);
    else runs.push([arn]);
  }
  return runs;
}

/** The layer mappings of a file: runs of entries of one layer, each entry the same text but for its region and ARN. */
function blocksOf(file: ProjectFile, lines: string[], arns: Arn[]): Block[] {
  return runsOf(arns).map((run) => {
    const names = [...new Set(run.map((arn) => arn.name))];
    if (names.length > 1) {
      throw new UpgradeError(
        `${file.path}:${run[0]!.line + 1}: one layer mapping holds ${names.join(' and ')}: a layer edited by hand to another flavor? ` +
          "Put back one flavor's layer in every region (add-tracing --force can write it), then run upgrade again.",
      );
    }
    if (run.length === 1) return { arns: run, span: 0, lead: 0, shape: '', lastShape: '' };
    const span = run[1]!.line - run[0]!.line;
    // The entry's key line: the nearest line at or above the ARN's that names the region outside the ARN.
    const first = run[0]!;
    const lead = [...Array(span).keys()].find((up) => (lines[first.line - up] ?? '').replace(first.text, '').includes(first.region)) ?? 0;
    const block = { arns: run, span, lead, shape: '', lastShape: '' };
    block.shape = shapeOf(lines, first, block);
    block.lastShape = shapeOf(lines, run.at(-1)!, block);
    const odd = run.slice(0, -1).find((arn) => shapeOf(lines, arn, block) !== block.shape);
    if (odd) throw new UpgradeError(`${file.path}:${odd.line + 1}: the layer mapping's entries are not all written alike, so upgrade cannot rewrite it. Update its ARNs by hand.`);
    return block;
  });
}

/** Writes a block anew from the catalog (a single ARN: its version in place); returns its region lists, before and after. */
function rewriteBlock(lines: string[], block: Block): [string[], string[]] {
  const layer = catalogLayers().get(block.arns[0]!.name)!;
  if (!block.span) {
    for (const arn of block.arns) if (layer.arns[arn.region]) lines[arn.line] = lines[arn.line]!.replace(arn.text, layer.arns[arn.region]!);
    return [[], []];
  }
  const before = block.arns.map((arn) => arn.region);
  const after = Object.keys(layer.arns);
  const entries = after.map((region, k) => (k === after.length - 1 ? block.lastShape : block.shape).replaceAll(REGION, region).replace(ARN, layer.arns[region]!));
  const [start] = entryLines(block.arns[0]!, block);
  const [, end] = entryLines(block.arns.at(-1)!, block);
  lines.splice(start, end - start + 1, ...entries.join('\n').split('\n'));
  return [before, after];
}

/** Every list of the regions `before` (joined by any separator without letters or digits) becomes `after`, joined the same way. */
function replaceRegionLists(text: string, before: string[], after: string[]): string {
  if (before.length < 2 || before.join() === after.join()) return text;
  const separators = new Set<string>();
  const pattern = new RegExp(`${escape(before[0]!)}([^a-z0-9\\u0000]{1,80}?)${escape(before[1]!)}`, 'g');
  for (const m of text.matchAll(pattern)) separators.add(m[1]!);
  for (const separator of separators) text = text.replaceAll(before.join(separator), after.join(separator));
  return text;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function moveOf(moves: Map<string, Move>, name: string): Move {
  let move = moves.get(name);
  if (!move) moves.set(name, (move = { versions: new Map(), added: new Set(), removed: new Set() }));
  return move;
}

/** "AWSOpenTelemetryDistroPython: us-east-1 29 → 33, us-west-2 33 → 35 and 33 more regions; 2 regions added (...)". */
function describeMove(name: string, move: Move): string {
  const versions = [...move.versions].map(([region, [from, to]]) => `${region} ${from} → ${to}`);
  const parts = [
    versions.length > 3 ? `${versions.slice(0, 3).join(', ')} and ${versions.length - 3} more regions` : versions.join(', '),
    move.added.size ? `${move.added.size} region${move.added.size > 1 ? 's' : ''} added (${[...move.added].join(', ')})` : '',
    move.removed.size ? `${move.removed.size} region${move.removed.size > 1 ? 's' : ''} removed (${[...move.removed].join(', ')})` : '',
  ].filter(Boolean);
  return parts.length ? `${name}: ${parts.join('; ')}` : '';
}

