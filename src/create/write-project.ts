/**
 * Writing a project all or nothing. The files are rendered into a hidden staging directory next
 * to the target, then moved into place in one synchronous step: a failure or an interrupt while
 * staging removes the staging directory and leaves the disk as it was; the move itself cannot be
 * interrupted (signal handlers run between event-loop turns, and it takes none). Under --force,
 * files the move replaces are set aside first and put back if the move fails.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CancelledError, CliError } from '../shared/errors.js';
import { signalExitCode, withSignals } from '../shared/signals.js';
import type { Fault } from '../shared/test-seam.js';
import type { RenderedFile } from './render.js';

export interface WriteOutcome {
  /** The files the write replaced (under --force). */
  replaced: string[];
  /** A signal that arrived during the move; the project is complete all the same. */
  signal?: string;
}

/** Paths of `files` that already exist in `targetDir` (what --force would replace). */
export function existingFiles(targetDir: string, files: RenderedFile[]): string[] {
  return files.filter((f) => existsSync(join(targetDir, f.path))).map((f) => f.path);
}

export async function writeProject(targetDir: string, files: RenderedFile[], fault?: Fault): Promise<WriteOutcome> {
  const parent = dirname(targetDir);
  let createdParent: string | undefined;
  let staging: string | undefined;
  const removeStaging = () => staging && rmSync(staging, { recursive: true, force: true });
  // Leaves the disk as it was: no staging directory, and no parent directories this run created.
  const cleanUp = () => {
    removeStaging();
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
  };

  const { result, signal } = await withSignals(async (interrupted) => {
    const stop = (): never => {
      const name = interrupted()!;
      cleanUp();
      throw new CancelledError(`cancelled (${name}) while writing: nothing was written`, signalExitCode(name));
    };
    try {
      createdParent = makeParents(parent);
      // Not mkdtemp, which makes the directory 0700: the staging directory becomes the project's own
      // when it is new, so it is made like any directory the user makes (0777 less the umask).
      // The name need only be new (mkdirSync refuses one that exists), not secret: no crypto to load for it.
      staging = join(parent, `.${basename(targetDir)}.create-traced-lambda-${process.pid.toString(36)}${Math.random().toString(36).slice(2, 8)}`);
      mkdirSync(staging);
      // Synchronous: a project is a few dozen small files, written in a few milliseconds; a signal that
      // arrives meanwhile is seen right after.
      for (const [i, file] of files.entries()) {
        const path = join(staging, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.contents, file.mode === undefined ? {} : { mode: file.mode });
        if (fault && i === Math.floor(files.length / 2)) await injectFault(fault, interrupted);
      }
      if (interrupted()) stop();
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      cleanUp();
      const denied = ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
      throw new CliError(
        `Could not write ${targetDir}: ${(error as Error).message}. Nothing was written` +
          (denied ? '; choose a directory you can write to.' : '.'),
      );
    }
    // From here on, synchronous: no signal handler runs until the project is in place.
    try {
      const replaced = commit(staging!, targetDir, files, fault);
      removeStaging();
      return replaced;
    } catch (error) {
      cleanUp();
      throw new CliError(`Could not move the project into ${targetDir}: ${(error as Error).message}. Nothing was changed there.`);
    }
  });
  return { replaced: result, ...(signal ? { signal } : {}) };
}

/**
 * mkdir -p, one level at a time; returns the first directory it created. (Node's recursive mkdir
 * never returns for a path under /proc: it retries ENOENT forever.)
 */
function makeParents(dir: string): string | undefined {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
  return missing[0];
}

async function injectFault(fault: Fault | undefined, interrupted: () => string | undefined) {
  if (fault === 'fail-staging') throw new Error('injected fault while staging (CREATE_TRACED_LAMBDA_FAULT)');
  if (fault === 'pause-staging') {
    process.stderr.write('create-traced-lambda: paused while staging (CREATE_TRACED_LAMBDA_FAULT)\n');
    for (let waited = 0; waited < 30_000 && !interrupted(); waited += 50) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Moves the staged files into the target. Returns the paths it replaced; on failure, restores them. */
function commit(staging: string, targetDir: string, files: RenderedFile[], fault: Fault | undefined): string[] {
  if (!existsSync(targetDir)) {
    if (fault === 'fail-commit') throw new Error('injected fault while moving (CREATE_TRACED_LAMBDA_FAULT)');
    renameSync(staging, targetDir);
    return [];
  }
  // An existing directory: empty, holding only .git, or --force. File by file, undoable.
  const backup = join(staging, '.replaced');
  const replaced: string[] = [];
  const moved: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const file of files) {
      const target = join(targetDir, file.path);
      for (let dir = dirname(target); !existsSync(dir); dir = dirname(dir)) createdDirs.unshift(dir);
      mkdirSync(dirname(target), { recursive: true });
      if (existsSync(target)) {
        if (!statSync(target).isFile()) throw new Error(`${file.path} exists and is not a file`);
        mkdirSync(dirname(join(backup, file.path)), { recursive: true });
        renameSync(target, join(backup, file.path));
        replaced.push(file.path);
      }
      if (fault === 'fail-commit' && moved.length === Math.floor(files.length / 2)) {
        throw new Error('injected fault while moving (CREATE_TRACED_LAMBDA_FAULT)');
      }
      renameSync(join(staging, file.path), target);
      moved.push(file.path);
    }
  } catch (error) {
    for (const path of moved) rmSync(join(targetDir, path), { force: true });
    for (const path of replaced) renameSync(join(backup, path), join(targetDir, path));
    for (const dir of createdDirs.reverse()) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    throw error;
  }
  return replaced;
}
