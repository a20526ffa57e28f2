/** The commands the CLI runs, and the steps of each. */
import type { AddTracingInput } from '../add-tracing/steps.js';
import type { UpgradeInput } from '../upgrade/steps.js';
import { type AppInput, appSteps } from '../create/steps.js';
import type { Steps } from '../shared/steps.js';

/** The contract between the CLI and the runners: which command, and its input. */
export type Run =
  | { generator: 'app'; input: AppInput }
  | { generator: 'add-tracing'; input: AddTracingInput }
  | { generator: 'upgrade'; input: UpgradeInput };

/** A run's steps; add-tracing's and upgrade's (and their diff library) load only when one is the command. */
export async function stepsFor(run: Run): Promise<Steps> {
  if (run.generator === 'app') return appSteps(run.input);
  if (run.generator === 'upgrade') return (await import('../upgrade/steps.js')).upgradeSteps(run.input);
  return (await import('../add-tracing/steps.js')).addTracingSteps(run.input);
}
