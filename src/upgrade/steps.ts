/**
 * upgrade's steps (src/shared/steps.ts): read the project and plan (refusing what it cannot follow, before
 * anything is written), show what moved and the diff, ask before writing (or write with --yes), write.
 */
import { lstatSync } from 'node:fs';
import { relative } from 'node:path';
import type { Context } from '../model/options.js';
import { CHECKED_ON } from '../shared/catalog.js';
import { UsageError } from '../shared/errors.js';
import { mayWrite, unifiedDiff } from '../shared/confirm-write.js';
import type { Steps } from '../shared/steps.js';
import type { UpgradeGiven } from './flags.js';
import { UpgradeError, type UpgradePlan, planUpgrade } from './plan-upgrade.js';
import { readProjectFiles } from './project-files.js';
import { writeUpgrade } from './write-files.js';

export interface UpgradeInput {
  given: UpgradeGiven;
  /** The project's folder, or one file (absolute; the CLI checked that it exists). */
  target: string;
  interactive: boolean;
  context: Context;
}

export function upgradeSteps({ given, target, interactive, context }: UpgradeInput): Steps {
  const shown = relative(context.cwd, target) || '.';
  let plan: UpgradePlan;
  return {
    prompting() {
      try {
        plan = planUpgrade(readProjectFiles(target));
      } catch (error) {
        if (error instanceof UpgradeError) throw new UsageError(`${shown}: nothing was changed, because:\n  ${error.message}`);
        throw error;
      }
    },

    async writing(io) {
      if (!plan.traced) throw new UsageError(`${shown} has no tracing layer this tool knows: nothing to upgrade. Is it a project create-traced-lambda made or add-tracing traced?`);
      if (plan.files.length === 0) {
        io.log(`${shown}: its tracing layers are those of this tool's catalog (as of ${CHECKED_ON}): nothing to change.`);
        return;
      }
      io.log(`${shown}: tracing layers to the catalog as of ${CHECKED_ON}\n${plan.moved.map((line) => `  ${line}`).join('\n')}\n`);
      for (const file of plan.files) io.log(unifiedDiff(file.path, file.path, file.before, file.after, 1));
      if (!(await mayWrite(io, { ...given, interactive }, shown))) return;
      writeUpgrade(target, plan.files, lstatSync(target).isFile());
      io.log(`Wrote ${plan.files.map((f) => f.path).join(', ')}.`);
    },
  };
}
