/**
 * The Aspect module add-tracing writes into a CDK app and upgrade brings to the current catalog
 * (templates/add-tracing/cdk/), rendered from the flavor's
 * own facts: its layer per region for every runtime and architecture the layer supports, its environment and
 * managed policies (tracingPieces, as `create` uses them), so nothing is restated here.
 */
import { CHECKED_ON } from '../shared/catalog.js';
import { valueOption } from './options.js';
import { layerRegionLead } from './cloudformation.js';
import { renderTemplate } from '../shared/templates.js';
import { tsKey, tsString } from '../shared/escape.js';
import { TRACING_NAMES, type Tracing, tracingFlavor, tracingPieces, variantsOf } from '../tracing/index.js';

export type CdkLanguage = 'typescript' | 'python';

/** What a module is for: the flavor, its variant options, and where it is registered. */
export interface ModuleChoice {
  tracing: Tracing;
  /** Its variant options, each given or at its default (variantsOf). */
  variants: Readonly<Record<string, string>>;
  /** The entry file's path in the app, for the module's comment. */
  entry: string;
}

/** The first line of every module add-tracing writes: how a later run recognises it and its flavor. */
export const markerFor = (choice: Pick<ModuleChoice, 'tracing' | 'variants'>) => `create-traced-lambda add-tracing: ${commandFor(choice)}`;
/** What the marker line of an existing module says, or undefined when it is not one add-tracing wrote. */
export const markerIn = (text: string): string | undefined => /create-traced-lambda add-tracing: ([^\n]+)/.exec(text.split('\n', 2)[0] ?? '')?.[1]?.trim();

/** The flavor and the variant options away from their defaults, as the flags that choose them (e.g. `adot` and its layer flag). */
export function commandFor({ tracing, variants }: Pick<ModuleChoice, 'tracing' | 'variants'>): string {
  const flags = tracingFlavor(tracing)
    .variants.filter((option) => variants[option.key] !== undefined && variants[option.key] !== option.default)
    .map((option) => ` --${option.flag} ${variants[option.key]}`);
  return `${tracing}${flags.join('')}`;
}

/**
 * The flavor and variant options a module's marker names (commandFor, read back); else the part of the
 * command this tool does not know: the flavor, or a flag and its value.
 */
export function choiceOf(command: string): Pick<ModuleChoice, 'tracing' | 'variants'> | string {
  const [tracing = '', ...flags] = command.split(/\s+/);
  if (!TRACING_NAMES.includes(tracing as Tracing)) return `the flavor ${tracing}`;
  const flavor = tracingFlavor(tracing as Tracing);
  const given: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const option = flavor.variants.find((v) => `--${v.flag}` === flags[i] && v.choices.some((c) => c.value === flags[i + 1]));
    if (!option) return `${flags[i]} ${flags[i + 1] ?? ''}`.trim();
    given[option.key] = flags[i + 1]!;
  }
  return { tracing: tracing as Tracing, variants: variantsOf(tracing as Tracing, given) };
}

const SERVICE = '\u0000service';
const ARCHES = valueOption('arch').choices!.map((c) => c.value);
const combos = (runtimes: readonly string[]) => runtimes.flatMap((runtime) => ARCHES.map((arch) => ({ runtime, arch })));

/** One layer table per distinct set of ARNs, with the runtimes and architectures it serves and its mapping's name. */
function layerTables(choice: ModuleChoice, runtimes: readonly string[], prefix: string) {
  const tables: { arns: Record<string, string>; runtimes: string[]; architectures: string[]; description: string }[] = [];
  for (const { runtime, arch } of combos(runtimes)) {
    const layer = tracingPieces({ tracing: choice.tracing, runtime, arch, serviceName: SERVICE, variants: choice.variants }).layer!;
    if (layer.kind !== 'mapping') continue;
    const same = tables.find((t) => JSON.stringify(t.arns) === JSON.stringify(layer.arns));
    if (!same) tables.push({ arns: layer.arns, runtimes: [runtime], architectures: [arch], description: layer.description });
    else {
      if (!same.runtimes.includes(runtime)) same.runtimes.push(runtime);
      if (!same.architectures.includes(arch)) same.architectures.push(arch);
    }
  }
  const slug = (text: string) => text.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return tables.map((t) => ({
    ...t,
    // A table for one runtime or one architecture is named after it: PowertoolsLayerPython313Arm64, AdotLayer.
    mapping: prefix + (t.runtimes.length === 1 ? slug(t.runtimes[0]!) : '') + (t.architectures.length === 1 ? slug(t.architectures[0]!) : ''),
  }));
}

/** Other flavors' layer marks, as one regular expression (one that matches nothing when there are none). */
function otherMarks(tracing: Tracing): RegExp {
  const sources = TRACING_NAMES.filter((n) => n !== tracing).map((n) => tracingFlavor(n).layerMarks.source).filter((s) => s !== '$^');
  return sources.length ? new RegExp(sources.map((s) => `(?:${s})`).join('|')) : /$^/;
}

/** What the module template reads: the flavor's facts for every runtime and architecture its layer supports. */
export function moduleData(choice: ModuleChoice) {
  const flavor = tracingFlavor(choice.tracing);
  const base = tracingPieces({ tracing: choice.tracing, runtime: 'python3.13', arch: 'x86_64', serviceName: SERVICE, variants: choice.variants });
  const probe = tracingPieces({ tracing: choice.tracing, runtime: '${runtime}', arch: '${architecture}', serviceName: SERVICE, variants: choice.variants });
  const layer = !base.layer
    ? { kind: 'none' as const }
    : base.layer.kind === 'ssm'
      ? { kind: 'ssm' as const, description: base.layer.description, parameterPattern: (probe.layer as { parameter: string }).parameter }
      : {
          kind: 'mapping' as const,
          description: base.layer.description,
          tables: layerTables(choice, base.runtimes, flavor.mappingPrefix),
          messageStart: layerRegionLead(base.layer.description),
        };
  return {
    marker: markerFor(choice),
    command: commandFor(choice),
    label: base.label,
    entry: choice.entry,
    checkedOn: CHECKED_ON,
    runtimes: [...base.runtimes],
    layer,
    env: Object.entries(base.env).map(([key, value]) => [key, value === SERVICE ? null : value] as const),
    managedPolicies: base.managedPolicies,
    ownMarks: flavor.layerMarks,
    otherMarks: otherMarks(choice.tracing),
  };
}

export const MODULE_TEMPLATES: Record<CdkLanguage, string> = {
  typescript: 'add-tracing/cdk/traced-lambda.ts.ejs',
  python: 'add-tracing/cdk/traced_lambda.py.ejs',
};

/** The module's text, in the app's language. */
export function renderModule(language: CdkLanguage, choice: ModuleChoice): string {
  const py = (value: string) => JSON.stringify(value);
  return renderTemplate(MODULE_TEMPLATES[language], { module: moduleData(choice), ts: tsString, tsKey, py });
}
