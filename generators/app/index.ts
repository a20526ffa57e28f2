/**
 * The Yeoman generator: a thin shell around the pure core in src/. It asks
 * (only when told it may), resolves the spec, writes the rendered files
 * through Yeoman's in-memory file system, installs and runs git init.
 */
import Generator from 'yeoman-generator';
import { iacFlavor } from '../../src/iac/index.js';
import { CancelledError } from '../../src/shared/errors.js';
import type { Answers } from '../../src/create/options.js';
import type { AppInput, GeneratorOptions } from '../../src/shared/engine.js';
import { faultFrom } from '../../src/shared/test-seam.js';
import { renderProject } from '../../src/create/render.js';
import { questionsFor, summary } from '../../src/create/questions.js';
import { type ProjectSpec, fillDefaults, resolveSpec } from '../../src/create/spec.js';
import { tracingFlavor } from '../../src/tracing/index.js';
import { nextSteps } from '../../src/create/next-steps.js';
import { checkTarget } from '../../src/create/target.js';
import { gitInit } from '../../src/create/git.js';
import { existingFiles, signalExitCode, withSignals, writeProject } from '../../src/create/write-project.js';

export type AppOptions = GeneratorOptions<AppInput>;

/** A signal after the project was written: it stays, complete; the message says what is left to do. */
const interruptedAfterWriting = (signal: string, when: string, kept: string, left: string) =>
  new CancelledError(`interrupted (${signal}) ${when}: ${kept}; ${left}`, signalExitCode(signal));

export default class AppGenerator extends Generator<Record<string, never>, AppOptions> {
  spec!: ProjectSpec;

  constructor(args: string[], options: AppOptions) {
    // We install and commit ourselves: writeProject stages the files and moves them into place as a whole,
    // so Yeoman's in-memory commit (and its conflict prompts) has nothing to do.
    super(args, options, { customInstallTask: true, customCommitTask: true, unique: 'namespace' });
  }

  async prompting() {
    const { given, interactive, context } = this.options.input;
    let answers: Answers;
    if (interactive) {
      const asked = await this.prompt(questionsFor(given, context) as Parameters<Generator['prompt']>[0]);
      answers = fillDefaults({ ...given, ...asked }, context);
    } else {
      answers = fillDefaults(given, context);
    }
    this.spec = resolveSpec(answers, given, context);
    checkTarget(this.spec.targetDir, this.spec.directory, this.spec.force);

    this.log(summary(this.spec, answers));
    const { notice } = tracingFlavor(this.spec.tracing);
    if (notice) this.log.info(notice);
    if (interactive) {
      const { confirmed } = await this.prompt<{ confirmed: boolean }>([
        { type: 'confirm', name: 'confirmed', message: 'Create the project?', default: true },
      ]);
      if (!confirmed) throw new CancelledError();
    }
  }

  async writing() {
    const { spec } = this;
    const files = renderProject(spec);
    if (spec.dryRun) {
      const replacing = new Set(spec.force ? existingFiles(spec.targetDir, files) : []);
      this.log(`Dry run: would write ${files.length} files in ${spec.targetDir}, and writes nothing:`);
      for (const file of files) this.log(`  ${file.path}${replacing.has(file.path) ? '  (replaces the existing file)' : ''}`);
      return;
    }
    const { replaced, signal } = await writeProject(spec.targetDir, files, faultFrom(this.options.input.context.env));
    for (const file of files) this.log(`  ${replaced.includes(file.path) ? 'replace' : 'create '} ${spec.directory}/${file.path}`);
    if (signal) {
      const kept = `the project is complete in ${spec.directory}`;
      throw interruptedAfterWriting(signal, 'while the files were moved into place', kept, 'git init and the install were skipped');
    }
  }

  async install() {
    const { spec } = this;
    if (spec.dryRun || !spec.install || !iacFlavor(spec.iac).installs?.(spec)) return;
    const { install } = spec.packageManager;
    const byHand = `cd ${spec.directory} && ${install}`;
    this.log(`Installing dependencies (${install})...`);
    const { execa } = await import('execa');
    const [command, ...args] = install.split(' ') as [string, ...string[]];
    const { result, signal } = await withSignals(() =>
      execa(command, args, { cwd: spec.targetDir, stdio: ['ignore', 'inherit', 'inherit'], reject: false }),
    );
    if (signal) {
      const skipped = spec.git ? `; git init was skipped too: cd ${spec.directory} && git init` : '';
      throw interruptedAfterWriting(signal, `during ${install}`, 'the project is complete', `the install was stopped, run it by hand: ${byHand}${skipped}`);
    }
    if (result.failed) {
      this.log.info(`${install} did not finish (${result.shortMessage}). The project is complete; run it by hand: ${byHand}`);
    }
  }

  async end() {
    if (this.spec.dryRun) return;
    if (this.spec.git) {
      const { result: warning, signal } = await withSignals(() => gitInit(this.spec.targetDir));
      if (signal) throw interruptedAfterWriting(signal, 'during git init', 'the project is complete', `run it by hand: cd ${this.spec.directory} && git init`);
      if (warning) this.log.info(warning);
    }
    this.log(`\nDone. ${this.spec.name} is in ${this.spec.targetDir}. Next steps:\n`);
    for (const step of nextSteps(this.spec, this.env.cwd)) this.log(`  ${step}`);
    this.log('');
  }
}
