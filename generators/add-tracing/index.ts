/**
 * The add-tracing sub-generator: a thin shell around src/add-tracing/. It asks the tracing flavor (on a
 * terminal, when no flag gave it), plans the edit, shows the diff, asks before writing (or writes with
 * --yes), and prints what the handler code needs.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import Generator from 'yeoman-generator';
import { AddTracingError, type AddTracingOptions, type AddTracingPlan, planAddTracing } from '../../src/add-tracing/plan-edit.js';
import { variantsFor } from '../../src/add-tracing/flags.js';
import { writeTemplate } from '../../src/add-tracing/write-template.js';
import { CancelledError, UsageError } from '../../src/shared/errors.js';
import type { AddTracingInput, GeneratorOptions } from '../../src/shared/engine.js';
import { valueOption } from '../../src/create/options.js';
import type { Tracing } from '../../src/tracing/index.js';

export type AddTracingGeneratorOptions = GeneratorOptions<AddTracingInput>;

export default class AddTracingGenerator extends Generator<Record<string, never>, AddTracingGeneratorOptions> {
  tracing!: Tracing;
  before!: string;
  plan!: AddTracingPlan;

  constructor(args: string[], options: AddTracingGeneratorOptions) {
    super(args, options, { customInstallTask: true, customCommitTask: true, unique: 'namespace' });
  }

  get shown(): string {
    return relative(this.options.input.context.cwd, this.options.input.template) || this.options.input.template;
  }

  /** A method, not a getter: Yeoman reads every getter while it queues the tasks, before the flavor is known. */
  _planOptions(): AddTracingOptions {
    const { given } = this.options.input;
    return { tracing: this.tracing, functions: given.functions, force: Boolean(given.force), variants: variantsFor(given, this.tracing) };
  }

  async prompting() {
    const { given, interactive } = this.options.input;
    const def = valueOption('tracing');
    if (given.tracing) this.tracing = given.tracing;
    else if (interactive) {
      const { tracing } = await this.prompt<{ tracing: Tracing }>([
        { type: 'select', name: 'tracing', message: def.question!, choices: def.choices!.map((c) => ({ name: c.value, value: c.value, description: c.hint })) },
      ]);
      this.tracing = tracing;
    } else this.tracing = def.default({}, this.options.input.context) as Tracing;

    this.before = readFileSync(this.options.input.template, 'utf8');
    try {
      this.plan = planAddTracing(this.before, this._planOptions());
    } catch (error) {
      if (error instanceof AddTracingError) throw new UsageError(`${this.shown}: nothing was changed, because:\n  ${error.message.replaceAll('\n', '\n  ')}`);
      throw error;
    }
  }

  async writing() {
    const { plan, shown } = this;
    const { given, interactive } = this.options.input;
    if (!plan.changed) {
      this.log(`${shown} already has ${this.tracing} tracing for ${given.functions.length ? given.functions.join(', ') : 'its Python functions'}: nothing to change.`);
      return;
    }
    this.log(`${shown}: ${this.tracing} tracing\n${plan.changes.map((c) => `  + ${c}`).join('\n')}\n`);
    this.log(createTwoFilesPatch(shown, shown, this.before, plan.text, '', '', { context: 2 }).split('\n').slice(2).join('\n'));
    if (given.dryRun) {
      this.log('Dry run: nothing was written.');
      return;
    }
    if (!given.yes) {
      if (!interactive) throw new UsageError(`${shown} was not changed: there is no terminal to ask. Run again with --yes to write it, or --dry-run to only see the diff.`);
      const { confirmed } = await this.prompt<{ confirmed: boolean }>([{ type: 'confirm', name: 'confirmed', message: `Write these changes to ${shown}?`, default: true }]);
      if (!confirmed) throw new CancelledError(`cancelled: ${shown} was not changed`);
    }
    const { linted } = await writeTemplate(this.options.input.template, plan.text, this._planOptions(), { debug: Boolean(given.debug) });
    this.log(`Wrote ${shown} (checked: ${linted}).`);
  }

  end() {
    if (this.plan.notes.length > 0) this.log(`\n${this.plan.notes.join('\n')}`);
  }
}
