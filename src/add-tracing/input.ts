/** What add-tracing is given, and the flavor it works with: the template path's steps and the CDK app's share them. */
import type { Context } from '../model/options.js';
import { valueOption } from '../model/options.js';
import type { StepIo } from '../shared/steps.js';
import type { Tracing } from '../tracing/index.js';
import type { AddTracingGiven } from './flags.js';

/** What add-tracing is given. */
export interface AddTracingInput {
  given: AddTracingGiven;
  /** The template's absolute path (the CLI checked that it is a file); in a CDK app, its cdk.json. */
  template: string;
  /** The CDK app's folder, when add-tracing runs in one (./cdk/). */
  cdkApp?: string;
  interactive: boolean;
  context: Context;
}

/** The flavor: --tracing, else asked on a terminal, else the generator's default. */
export async function chooseTracing({ given, interactive, context }: AddTracingInput, io: StepIo): Promise<Tracing> {
  const def = valueOption('tracing');
  if (given.tracing) return given.tracing;
  if (!interactive) return def.default({}, context) as Tracing;
  const choices = def.choices!.map((c) => ({ name: c.value, value: c.value, description: c.hint }));
  return (await io.prompt<{ tracing: Tracing }>([{ type: 'select', name: 'tracing', message: def.question!, choices }])).tracing;
}
