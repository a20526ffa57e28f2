/**
 * A catalog older than today's, for upgrade's tests: the catalog's own objects, changed for the length of one
 * call (older versions, a region fewer), and an older "as of" date written into the files.
 */
import { CHECKED_ON } from '../../src/shared/catalog.js';
import { ADOT_APPLICATION_SIGNALS, ADOT_COLLECTOR } from '../../src/tracing/adot.js';
import { POWERTOOLS } from '../../src/tracing/powertools.js';

export const OLD_DATE = '2026-06-01';

/** Runs `make` with the catalog as it was "before": older versions, a region fewer. */
export function withOlderCatalog<T>(make: () => T): T {
  const adot = ADOT_APPLICATION_SIGNALS.arns as Record<string, string>;
  const powertools = POWERTOOLS.partitions[0] as { version: number; accounts: Record<string, string> };
  const collector = ADOT_COLLECTOR as unknown as { version: number; regions: string[] };
  const saved = { adot: { ...adot }, version: powertools.version, accounts: { ...powertools.accounts }, collector: collector.version, regions: collector.regions };
  try {
    for (const region of ['us-east-1', 'eu-west-1']) adot[region] = adot[region]!.replace(/:(\d+)$/, (_m, v: string) => `:${Number(v) - 2}`);
    delete adot['ap-southeast-6'];
    powertools.version -= 3;
    delete powertools.accounts['mx-central-1'];
    collector.version -= 1;
    collector.regions = collector.regions.filter((r) => r !== 'eu-north-1');
    return make();
  } finally {
    Object.assign(adot, saved.adot);
    Object.assign(powertools, { version: saved.version, accounts: saved.accounts });
    Object.assign(collector, { version: saved.collector, regions: saved.regions });
  }
}

/** A file's text with the older "as of" date. */
export const aged = (text: string) => text.replaceAll(`as of ${CHECKED_ON}`, `as of ${OLD_DATE}`);
