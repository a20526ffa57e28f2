/**
 * A Yeoman generator around a command's steps (src/shared/steps.ts): each of Yeoman's tasks hands its step
 * Yeoman's logger and prompts. generators/app and generators/add-tracing are this, each with its steps.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import type { StepIo, Steps } from '../shared/steps.js';

/**
 * A generator's options: our input under `input`, apart from Yeoman's own options, so that nothing of
 * the user's (their --force, say) is ever read as one of Yeoman's.
 */
export type GeneratorOptions<I> = BaseOptions & { input: I };

export function stepsGenerator<I>(stepsOf: (input: I) => Steps) {
  return class StepsGenerator extends Generator<Record<string, never>, GeneratorOptions<I>> {
    readonly steps: Steps;

    constructor(args: string[], options: GeneratorOptions<I>) {
      // Our steps write, install and commit themselves (all or nothing, under the user's --force), so Yeoman's
      // in-memory commit (and its conflict prompts) and its install have nothing to do.
      super(args, options, { customInstallTask: true, customCommitTask: true, unique: 'namespace' });
      this.steps = stepsOf(this.options.input);
    }

    /** Private to Yeoman (a leading _): not a task. */
    _io(): StepIo {
      return {
        log: (text) => void this.log(text),
        info: (text) => void this.log.info(text),
        prompt: (questions) => this.prompt(questions as Parameters<Generator['prompt']>[0]) as never,
      };
    }

    async prompting() {
      await this.steps.prompting?.(this._io());
    }

    async writing() {
      await this.steps.writing?.(this._io());
    }

    async install() {
      await this.steps.install?.(this._io());
    }

    async end() {
      await this.steps.end?.(this._io());
    }
  };
}
