/**
 * The files upgrade reads: one file when given one, else the text files of the project's folder where a
 * layer ARN or an "as of" date may stand (templates, CDK apps in TypeScript or Python, their tests, READMEs),
 * leaving out what tools make (node_modules, cdk.out, .aws-sam, virtual environments, lock files).
 */
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProjectFile } from './plan-upgrade.js';

const SKIP_DIRS = new Set(['node_modules', 'cdk.out', '.aws-sam', '.git', '.venv', 'venv', 'env', '__pycache__', 'dist', '.pytest_cache']);
const EXTENSIONS = /\.(ya?ml|json|template|ts|py|md)$/;
const SKIP_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'tsconfig.json', 'cdk.context.json']);
const MAX_BYTES = 2 * 1024 * 1024;

/** The project's files, with paths relative to `root` (the file's own name when `root` is a file). */
export function readProjectFiles(root: string): ProjectFile[] {
  if (lstatSync(root).isFile()) return [{ path: root, text: readFileSync(root, 'utf8') }];
  return walk(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) found.push(...walk(path));
    else if (entry.isFile() && EXTENSIONS.test(entry.name) && !SKIP_FILES.has(entry.name) && !entry.name.endsWith('.d.ts') && lstatSync(path).size <= MAX_BYTES) found.push(path);
  }
  return found.sort();
}
