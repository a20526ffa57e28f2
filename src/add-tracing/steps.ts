/**
 * add-tracing's steps (src/shared/steps.ts): ask the tracing flavor (on a terminal, when no flag gave it),
 * plan the edit, show the diff, ask before writing (or write with --yes), and print what the handler code
 * needs. Run by Yeoman through generators/add-tracing when questions may be asked, and in order by runSteps
 * otherwise.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { mayWrite, unifiedDiff, writesWithoutAsking } from '../shared/confirm-write.js';
import type { Steps } from '../shared/steps.js';
import type { Tracing } from '../tracing/index.js';
import { variantsFor } from './flags.js';
import { type AddTracingInput, chooseTracing } from './input.js';
import { AddTracingError, type AddTracingOptions, type AddTracingPlan, planAddTracing } from './plan-edit.js';
import { writeTemplate } from './write-template.js';
import { cdkTracingSteps } from './cdk/steps.js';

export type { AddTracingInput };

/** A refusal: one line for one reason, else one indented line per reason. */
const refusal = (shown: string, message: string) =>
  message.includes('\n') ? `${shown}: nothing was changed, because:\n  ${message.replaceAll('\n', '\n  ')}` : `${shown}: nothing was changed: ${message}.`;

export function addTracingSteps(input: AddTracingInput): Steps {
  if (input.cdkApp) return cdkTracingSteps({ ...input, cdkApp: input.cdkApp });
  const { given, template, interactive, context } = input;
  const shown = relative(context.cwd, template) || template;
  let tracing: Tracing;
  let before: string;
  let plan: AddTracingPlan;
  const planOptions = (): AddTracingOptions => ({ tracing, functions: given.functions, force: Boolean(given.force), variants: variantsFor(given, tracing) });

  return {
    async prompting(io) {
      tracing = await chooseTracing(input, io);

      before = readFileSync(template, 'utf8');
      try {
        plan = planAddTracing(before, planOptions());
      } catch (error) {
        if (error instanceof AddTracingError) throw new UsageError(refusal(shown, error.message));
        throw error;
      }
    },

    async writing(io) {
      if (!plan.changed) {
        io.log(`${shown} already has ${tracing} tracing for ${given.functions.length ? given.functions.join(', ') : 'its Python functions'}: nothing to change.`);
        return;
      }
      const showDiff = () => {
        io.log(`${shown}: ${tracing} tracing\n${plan.changes.map((c) => `  + ${c}`).join('\n')}\n`);
        io.log(unifiedDiff(shown, shown, before, plan.text, 2));
      };
      const write = async (meanwhile?: () => void) => {
        const { linted } = await writeTemplate(template, plan.text, planOptions(), { debug: Boolean(given.debug), meanwhile });
        io.log(`Wrote ${shown} (checked: ${linted}).`);
      };
      // With --yes nothing is asked: cfn-lint starts on the result at once, and the diff is worked out and
      // shown while it runs (on a 400-function template the diff alone takes 0.5-0.8 s).
      const consent = { ...given, interactive };
      if (writesWithoutAsking(consent)) return write(showDiff);
      showDiff();
      if (await mayWrite(io, consent, shown)) await write();
    },

    end(io) {
      if (plan.notes.length > 0) io.log(`\n${plan.notes.join('\n')}`);
    },
  };
}
