/**
 * A file's new text staged beside it, then put in its place in one rename that keeps its permissions. A
 * symbolic link is followed: the file it points to is staged beside and replaced, and the link stays.
 */
import { chmodSync, existsSync, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Where `path`'s new text is staged (`tag`: the command staging it): beside the file itself, or where a new file goes. */
export function stagedFile(path: string, tag: string): { target: string; temp: string } {
  const target = existsSync(path) ? realpathSync(path) : resolve(path);
  return { target, temp: join(dirname(target), `.${basename(target)}.${tag}-${process.pid}`) };
}

/** The staged file takes its target's place, with the target's permissions (a new file: 0644). */
export function replaceWithStaged({ target, temp }: { target: string; temp: string }): void {
  chmodSync(temp, existsSync(target) ? statSync(target).mode & 0o7777 : 0o644);
  renameSync(temp, target);
}
