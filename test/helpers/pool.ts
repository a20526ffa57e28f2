/** Bounded concurrency for suites that start child processes: never more at once than this machine has CPUs. */
import { availableParallelism } from 'node:os';

export const CPUS = availableParallelism();

/** `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, limit = CPUS): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
