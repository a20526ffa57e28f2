/**
 * The create command's steps (src/shared/steps.ts): ask (only when told it may), resolve the spec, write the
 * rendered files, install, git init, next steps. Run by Yeoman through generators/app when questions may be
 * asked, and in order by runSteps otherwise.
 */
import { iacFlavor } from '../iac/index.js';
import { CancelledError } from '../shared/errors.js';
import { faultFrom } from '../shared/test-seam.js';
import type { Steps } from '../shared/steps.js';
import { tracingFlavor } from '../tracing/index.js';
import { gitInit } from './git.js';
import { nextSteps } from './next-steps.js';
import type { Answers, Context } from '../model/options.js';
import { questionsFor, summary } from './questions.js';
import { renderProject } from './render.js';
import { type ProjectSpec, fillDefaults, resolveSpec } from '../model/spec.js';
import { checkTarget } from './target.js';
import { existingFiles, writeProject } from './write-project.js';
import { signalExitCode, withSignals } from '../shared/signals.js';

/** What the create command is given. */
export interface AppInput {
  /** Values given as flags. */
  given: Partial<Answers>;
  /** May questions be asked? (The CLI decides: a TTY, no CI, no --yes.) */
  interactive: boolean;
  context: Context;
}

/** A signal after the project was written: it stays, complete; the message says what is left to do. */
const interruptedAfterWriting = (signal: string, when: string, kept: string, left: string) =>
  new CancelledError(`interrupted (${signal}) ${when}: ${kept}; ${left}`, signalExitCode(signal));

export function appSteps({ given, interactive, context }: AppInput): Steps {
  let spec: ProjectSpec;
  return {
    async prompting(io) {
      let answers: Answers;
      if (interactive) {
        const asked = await io.prompt<Partial<Answers>>(questionsFor(given, context));
        answers = fillDefaults({ ...given, ...asked }, context);
      } else {
        answers = fillDefaults(given, context);
      }
      spec = resolveSpec(answers, given, context);
      checkTarget(spec.targetDir, spec.directory, spec.force);

      io.log(summary(spec, answers));
      const { notice } = tracingFlavor(spec.tracing);
      if (notice) io.info(notice);
      if (interactive) {
        const { confirmed } = await io.prompt<{ confirmed: boolean }>([
          { type: 'confirm', name: 'confirmed', message: 'Create the project?', default: true },
        ]);
        if (!confirmed) throw new CancelledError();
      }
    },

    async writing(io) {
      const files = renderProject(spec);
      if (spec.dryRun) {
        const replacing = new Set(spec.force ? existingFiles(spec.targetDir, files) : []);
        io.log(`Dry run: would write ${files.length} files in ${spec.targetDir}, and writes nothing:`);
        for (const file of files) io.log(`  ${file.path}${replacing.has(file.path) ? '  (replaces the existing file)' : ''}`);
        return;
      }
      const { replaced, signal } = await writeProject(spec.targetDir, files, faultFrom(context.env));
      for (const file of files) io.log(`  ${replaced.includes(file.path) ? 'replace' : 'create '} ${spec.directory}/${file.path}`);
      if (signal) {
        const kept = `the project is complete in ${spec.directory}`;
        throw interruptedAfterWriting(signal, 'while the files were moved into place', kept, 'git init and the install were skipped');
      }
    },

    async install(io) {
      if (spec.dryRun || !spec.install || !iacFlavor(spec.iac).installs?.(spec)) return;
      const { install } = spec.packageManager;
      const byHand = `cd ${spec.directory} && ${install}`;
      io.log(`Installing dependencies (${install})...`);
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
        io.info(`${install} did not finish (${result.shortMessage}). The project is complete; run it by hand: ${byHand}`);
      }
    },

    async end(io) {
      if (spec.dryRun) return;
      if (spec.git) {
        const { result: warning, signal } = await withSignals(() => gitInit(spec.targetDir));
        if (signal) throw interruptedAfterWriting(signal, 'during git init', 'the project is complete', `run it by hand: cd ${spec.directory} && git init`);
        if (warning) io.info(warning);
      }
      io.log(`\nDone. ${spec.name} is in ${spec.targetDir}. Next steps:\n`);
      for (const step of nextSteps(spec, context.cwd)) io.log(`  ${step}`);
      io.log('');
    },
  };
}
