/**
 * A file's new text staged beside it, then put in its place in one rename that keeps its permissions. A
 * symbolic link is followed: the file it points to is staged beside and replaced, and the link stays.
 */
import { chmodSync, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where `path`'s new text is staged (`tag`: the command staging it): beside the file itself. */
export function stagedFile(path: string, tag: string): { target: string; temp: string } {
  const target = realpathSync(path);
  return { target, temp: join(dirname(target), `.${basename(target)}.${tag}-${process.pid}`) };
}

/** The staged file takes its target's place, with the target's permissions. */
export function replaceWithStaged({ target, temp }: { target: string; temp: string }): void {
  chmodSync(temp, statSync(target).mode & 0o7777);
  renameSync(temp, target);
}
