/**
 * The Yeoman adapter for runs that ask nothing (flags, --yes, CI, no terminal): Yeoman's own logger,
 * tasks run one at a time in order, no spinner and no prompt machinery. Interactive runs use
 * @yeoman/adapter's QueuedAdapter, loaded only then.
 */
import { createLogger } from '@yeoman/adapter';
import type { QueuedAdapter } from '@yeoman/adapter/types';

export function createQuietAdapter(): QueuedAdapter {
  const controller = new AbortController();
  let last: Promise<unknown> = Promise.resolve();
  const adapter: QueuedAdapter = {
    log: createLogger(),
    signal: controller.signal,
    abort: (reason?: unknown) => controller.abort(reason),
    close: () => controller.abort(),
    prompt: () => Promise.reject(new Error('a question was asked in a run that cannot ask (--yes, CI or no terminal)')),
    queue(task) {
      const run = last.then(() => task(adapter));
      last = run.catch(() => undefined);
      return run;
    },
    // Like QueuedAdapter's progress when no spinner is shown: run the task, then say it is done.
    progress: (task, options) =>
      Promise.resolve(task({ step() {} })).finally(() => {
        if (options?.name) adapter.log.ok(options.name);
      }),
  };
  return adapter;
}
