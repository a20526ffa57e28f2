/**
 * A command's work as steps, in the order of Yeoman's run loop: ask and resolve (prompting), write, install,
 * finish (end). Each command's steps live beside its core (src/create/steps.ts, src/add-tracing/steps.ts) and
 * know nothing of Yeoman: they log and ask through a StepIo.
 *
 * Two runners, one set of steps:
 * - a run that may ask questions runs its generator in Yeoman's environment (src/shared/engine.ts), whose
 *   adapter brings the prompts (inquirer); the generators are shells that hand each task to its step;
 * - a run that asks nothing (flags, --yes, CI, no terminal) runs the same steps in the same order with
 *   runSteps below: there Yeoman would only call four functions in turn, so it is not loaded.
 */
import type { AddTracingInput } from '../add-tracing/steps.js';
import { type AppInput, appSteps } from '../create/steps.js';

/** A question, in inquirer's shape (as Yeoman's this.prompt takes it). */
export interface PromptQuestion {
  type: string;
  name: string;
  message: string;
  default?: unknown;
  choices?: readonly unknown[];
}

/** How a step talks to the user. Both runners write to stderr, as Yeoman's logger does; stdout stays free. */
export interface StepIo {
  /** A line (Yeoman's this.log). */
  log(text: string): void;
  /** A note, after a right-aligned "info" (Yeoman's this.log.info). */
  info(text: string): void;
  /** Asks (Yeoman's this.prompt); a run that asks nothing refuses. */
  prompt<T>(questions: PromptQuestion[]): Promise<T>;
}

/** Yeoman's task names, in its run loop's order. */
export const STEP_NAMES = ['prompting', 'writing', 'install', 'end'] as const;

export type Steps = { [name in (typeof STEP_NAMES)[number]]?: (io: StepIo) => Promise<void> | void };

/** The contract between the CLI and the runners: which command, and its input. */
export type Run = { generator: 'app'; input: AppInput } | { generator: 'add-tracing'; input: AddTracingInput };

/** A run's steps; add-tracing's (and its diff library) load only when it is the command. */
export async function stepsFor(run: Run): Promise<Steps> {
  if (run.generator === 'app') return appSteps(run.input);
  return (await import('../add-tracing/steps.js')).addTracingSteps(run.input);
}

/** Where runSteps writes: stderr (a TTY's hasColors says whether to colour "info" grey, as Yeoman's chalk does). */
export interface StepOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  hasColors?: () => boolean;
}

/** Runs `steps` in order, without Yeoman, for a run that asks nothing; writes what Yeoman's logger would. */
export async function runSteps(steps: Steps, stderr: StepOutput): Promise<void> {
  // Yeoman's status column: the status right-aligned to the width of "identical".
  const info = 'info'.padStart('identical'.length);
  const label = stderr.isTTY && stderr.hasColors?.() ? `\u001b[90m${info}\u001b[39m` : info;
  const io: StepIo = {
    log: (text) => void stderr.write(`${text}\n`),
    info: (text) => void stderr.write(`${label} ${text}\n`),
    prompt: () => Promise.reject(new Error('a question was asked in a run that cannot ask (--yes, CI or no terminal)')),
  };
  for (const name of STEP_NAMES) await steps[name]?.(io);
}
