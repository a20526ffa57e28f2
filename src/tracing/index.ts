/**
 * The tracing flavors, by --tracing value. Adding one is a module here (see types.ts for what it
 * provides), its entry below, and its templates/tracing/<name>/ folder; see the README's "Adding a
 * tracing flavor".
 */
import { adot } from './adot.js';
import { powertools } from './powertools.js';
import type { TracingChoice, TracingFlavor, TracingPieces } from './types.js';
import { xraySdk } from './xray-sdk.js';

export type { LayerSource, TraceShape, TracingChoice, TracingFlavor, TracingPieces } from './types.js';

export const TRACING_FLAVORS = { powertools, adot, 'xray-sdk': xraySdk } as const satisfies Record<string, TracingFlavor>;

export type Tracing = keyof typeof TRACING_FLAVORS;
export const TRACING_NAMES = Object.keys(TRACING_FLAVORS) as Tracing[];

export const tracingFlavor = (name: Tracing): TracingFlavor => TRACING_FLAVORS[name];

/** Every region any flavor's layer is published in: the regions this tool knows. */
export const KNOWN_REGIONS: readonly string[] = [...new Set(TRACING_NAMES.flatMap((name) => TRACING_FLAVORS[name].layerRegions))].sort();

/** The pieces of a flavor for a runtime, architecture and service. */
export function tracingPieces(choice: TracingChoice & { tracing: Tracing }): TracingPieces {
  const pieces = tracingFlavor(choice.tracing).pieces(choice);
  return { ...pieces, regions: pieces.regions ?? KNOWN_REGIONS };
}
