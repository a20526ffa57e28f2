/** Work that SIGINT, SIGTERM and SIGHUP may interrupt: the commands' writes undo what they started, then exit with the signal's code. */

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Runs `work` with SIGINT, SIGTERM and SIGHUP caught: the work sees `interrupted()` and decides when
 * to stop (`onSignal` may tell it at once, e.g. to cancel a child process). Without handlers Node would
 * exit at once, wherever it was.
 */
export async function withSignals<T>(work: (interrupted: () => string | undefined) => Promise<T>, onSignal?: (name: string) => void): Promise<{ result: T; signal?: string }> {
  let signal: string | undefined;
  const handlers = Object.keys(SIGNAL_EXIT).map((name) => {
    const handler = () => {
      signal ??= name;
      onSignal?.(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    const result = await work(() => signal);
    return { result, ...(signal ? { signal } : {}) };
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}

export const signalExitCode = (signal: string) => SIGNAL_EXIT[signal] ?? 130;
