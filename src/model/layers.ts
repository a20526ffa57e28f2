/**
 * Every layer this tool's catalog knows, by the layer's name (the part of its ARN before the version):
 * what `upgrade` brings a project's layer ARNs to. Built from the tracing flavors' own pieces, for every
 * runtime, architecture and variant each one supports, so it says exactly what a generation today writes.
 */
import { PYTHON_RUNTIMES } from '../shared/catalog.js';
import { TRACING_NAMES, type Tracing, tracingFlavor, tracingPieces } from '../tracing/index.js';

export interface CatalogLayer {
  name: string;
  tracing: Tracing;
  description: string;
  /** Region -> ARN, in the catalog's order. */
  arns: Record<string, string>;
  /** The Python runtimes the layer supports. */
  runtimes: string[];
}

/** A layer version ARN's parts. */
export const LAYER_ARN = /arn:aws(?:-cn|-us-gov)?:lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]+):(\d+)/g;

export function parseLayerArn(arn: string): { region: string; account: string; name: string; version: number } | undefined {
  const match = new RegExp(LAYER_ARN.source).exec(arn);
  return match ? { region: match[1]!, account: match[2]!, name: match[3]!, version: Number(match[4]) } : undefined;
}

const ARCHS = ['x86_64', 'arm64'];
const RUNTIMES = [...Object.keys(PYTHON_RUNTIMES.supported), ...Object.keys(PYTHON_RUNTIMES.deprecated)];

/** Each combination of a flavor's variant options (one choice of each). */
function variantCombos(tracing: Tracing): Record<string, string>[] {
  return tracingFlavor(tracing).variants.reduce<Record<string, string>[]>(
    (combos, option) => combos.flatMap((combo) => option.choices.map((choice) => ({ ...combo, [option.key]: choice.value }))),
    [{}],
  );
}

let index: Map<string, CatalogLayer> | undefined;

/** The catalog's layers, by name. */
export function catalogLayers(): Map<string, CatalogLayer> {
  if (index) return index;
  index = new Map();
  for (const tracing of TRACING_NAMES) {
    for (const variants of variantCombos(tracing)) {
      for (const runtime of RUNTIMES) {
        for (const arch of ARCHS) {
          const pieces = tracingPieces({ tracing, runtime, arch, serviceName: 'svc', variants });
          const layer = pieces.layer;
          if (layer?.kind !== 'mapping' || !pieces.runtimes.includes(runtime)) continue;
          const name = parseLayerArn(Object.values(layer.arns)[0]!)!.name;
          const known = index.get(name);
          if (known) known.runtimes = [...new Set([...known.runtimes, runtime])].sort();
          else index.set(name, { name, tracing, description: layer.description, arns: layer.arns, runtimes: [runtime] });
        }
      }
    }
  }
  return index;
}
