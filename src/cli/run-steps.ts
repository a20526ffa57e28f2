/**
 * The two runners of a command's steps (src/shared/steps.ts):
 * - a run that may ask questions runs its generator in Yeoman's environment (src/cli/engine.ts), whose
 *   adapter brings the prompts (inquirer); the generators are shells that hand each task to its step;
 * - a run that asks nothing (flags, --yes, CI, no terminal) runs the same steps in the same order with
 *   runSteps below: there Yeoman would only call four functions in turn, so it is not loaded.
 */
import { STEP_NAMES, type StepIo, type Steps } from '../shared/steps.js';

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
