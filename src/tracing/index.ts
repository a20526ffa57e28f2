/**
 * The tracing flavors, by --tracing value. Adding one is a module here (see types.ts for what it
 * provides), its entry below, and its templates/tracing/<name>/ folder; see the README's "Adding a
 * tracing flavor".
 */
import { adot } from './adot.js';
import { powertools } from './powertools.js';
import type { TracingChoice, TracingFlavor, TracingPieces } from './types.js';
import { xraySdk } from './xray-sdk.js';

export type { LayerSource, TraceShape, TracingChoice, TracingFlavor, TracingPieces, VariantOption } from './types.js';

export const TRACING_FLAVORS = { powertools, adot, 'xray-sdk': xraySdk } as const satisfies Record<string, TracingFlavor>;

export type Tracing = keyof typeof TRACING_FLAVORS;
export const TRACING_NAMES = Object.keys(TRACING_FLAVORS) as Tracing[];

export const tracingFlavor = (name: Tracing): TracingFlavor => TRACING_FLAVORS[name];

/** Every region any flavor's layer is published in: the regions this tool knows. */
export const KNOWN_REGIONS: readonly string[] = [...new Set(TRACING_NAMES.flatMap((name) => TRACING_FLAVORS[name].layerRegions))].sort();

/** Every flavor's variant options, each with its flavor. */
export const VARIANT_OPTIONS = TRACING_NAMES.flatMap((tracing) => TRACING_FLAVORS[tracing].variants.map((option) => ({ ...option, tracing })));

/** The variant options' keys, as a type. */
export type VariantKey = (typeof TRACING_FLAVORS)[Tracing]['variants'][number]['key'];

/** A flavor's variant options: the ones given (of this flavor), the rest at their defaults. */
export function variantsOf(tracing: Tracing, given: Readonly<Record<string, unknown>> = {}): Record<string, string> {
  const value = (key: string) => (typeof given[key] === 'string' ? given[key] : undefined);
  return Object.fromEntries(tracingFlavor(tracing).variants.map((option) => [option.key, value(option.key) ?? option.default]));
}

/** The pieces of a flavor for a runtime, architecture and service, with its variant options given or at their defaults. */
export function tracingPieces(choice: Omit<TracingChoice, 'variants'> & { tracing: Tracing; variants?: Readonly<Record<string, unknown>> }): TracingPieces {
  const pieces = tracingFlavor(choice.tracing).pieces({ ...choice, variants: variantsOf(choice.tracing, choice.variants) });
  return { ...pieces, regions: pieces.regions ?? KNOWN_REGIONS };
}
