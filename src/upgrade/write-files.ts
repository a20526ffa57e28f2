/**
 * Writing an upgrade without leaving a broken project: each new text goes to a temporary file next to its
 * file (next to a link's target: the link stays a link) and is checked (a second upgrade would change
 * nothing; a template still parses); only when every file passes does each replace its original, in one
 * rename that keeps its permissions. A failed check is a bug of this tool: nothing is written.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { CliError } from '../shared/errors.js';
import { replaceWithStaged, stagedFile } from '../shared/staged-file.js';
import { planUpgrade } from './plan-upgrade.js';

/** What a file's new text fails, if anything. */
function failedCheck(path: string, after: string): string | undefined {
  if (planUpgrade([{ path, text: after }]).files.length > 0) return 'a second upgrade would change it again';
  if (/\.(ya?ml|json|template)$/.test(path)) {
    const errors = parseDocument(after, { uniqueKeys: false }).errors;
    if (errors.length > 0) return `it no longer parses: ${errors[0]!.message.split('\n')[0]}`;
  }
  return undefined;
}

/** Writes every file's new text (paths relative to `root`), all or none. */
export function writeUpgrade(root: string, files: { path: string; after: string }[], single: boolean): void {
  const staged: { target: string; temp: string }[] = [];
  try {
    for (const { path, after } of files) {
      const file = stagedFile(single ? root : join(root, path), 'upgrade');
      writeFileSync(file.temp, after, { flag: 'wx' });
      staged.push(file);
      const failed = failedCheck(path, after);
      if (failed) throw new CliError(`upgrade's edit of ${path} failed its check (a bug in create-traced-lambda): ${failed}. Nothing was written.`);
    }
    for (const file of staged) replaceWithStaged(file);
  } finally {
    for (const { temp } of staged) rmSync(temp, { force: true });
  }
}
