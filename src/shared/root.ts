/** The installed package's folder (the one holding templates/ and package.json), from source, build or bundle alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'project'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('create-traced-lambda: templates/ folder not found next to the program');
    dir = parent;
  }
  return dir;
})();
