/**
 * add-tracing's steps in a CDK app: plan (the Aspect module and the entry's registration), show the diff, ask
 * (or write with --yes), write both files or neither, and print what the handler code needs.
 */
import { relative } from 'node:path';
import { CliError } from '../../shared/errors.js';
import { mayWrite, unifiedDiff } from '../../shared/confirm-write.js';
import type { StepIo, Steps } from '../../shared/steps.js';
import { type Tracing, variantsOf } from '../../tracing/index.js';
import { variantsFor } from '../flags.js';
import { type AddTracingInput, chooseTracing } from '../input.js';
import { readCdkApp, writeAppFiles } from './app-files.js';
import { type CdkApp, type CdkOptions, type CdkPlan, planCdkTracing } from './plan.js';

/** The options: the flavor, its variant options (given, else their defaults), --force. */
function cdkOptions(input: AddTracingInput, tracing: Tracing): CdkOptions {
  return { tracing, variants: variantsOf(tracing, variantsFor(input.given, tracing)), force: Boolean(input.given.force) };
}

/** The plan applied to the app as read: a second run on it must find nothing to change (checked before writing). */
function checkSecondRun(app: CdkApp, plan: CdkPlan, options: CdkOptions): void {
  const files = new Map(app.files);
  for (const w of plan.writes) files.set(w.path, w.after);
  const again = planCdkTracing({ ...app, files }, { ...options, force: false });
  if (again.writes.length > 0) throw new CliError(`add-tracing's own check failed (a second run would change ${again.writes.map((w) => w.path).join(', ')}); nothing was written. This is a bug: please report it.`);
}

function showDiff(io: StepIo, plan: CdkPlan, tracing: Tracing): void {
  io.log(`${tracing} tracing for every Python Lambda function of the app\n${plan.changes.map((c) => `  + ${c}`).join('\n')}\n`);
  for (const w of plan.writes) {
    io.log(unifiedDiff(w.before === undefined ? '/dev/null' : w.path, w.path, w.before ?? '', w.after, 2));
  }
}

export function cdkTracingSteps(input: AddTracingInput & { cdkApp: string }): Steps {
  const { given, interactive, context, cdkApp } = input;
  const shown = relative(context.cwd, cdkApp) || '.';
  let tracing: Tracing;
  let app: CdkApp;
  let plan: CdkPlan;

  return {
    async prompting(io) {
      tracing = await chooseTracing(input, io);
      app = readCdkApp(cdkApp);
      plan = planCdkTracing(app, cdkOptions(input, tracing));
    },

    async writing(io) {
      if (plan.unchanged) {
        io.log(`${shown}: ${plan.unchanged}`);
        return;
      }
      showDiff(io, plan, tracing);
      if (!(await mayWrite(io, { ...given, interactive }, `The CDK app in ${shown}`, `the app in ${shown}`))) return;
      checkSecondRun(app, plan, cdkOptions(input, tracing));
      writeAppFiles(cdkApp, plan.writes);
      io.log(`Wrote ${plan.writes.map((w) => w.path).join(' and ')}${shown === '.' ? '' : ` in ${shown}`}. Run cdk synth (or cdk diff) to see the traced templates.`);
    },

    end(io) {
      if (plan.notes.length > 0) io.log(`\n${plan.notes.join('\n')}`);
    },
  };
}
