/**
 * The disk side of add-tracing in a CDK app: finding the app (the folder with cdk.json), reading what the planner
 * reads, and writing its files all or nothing (each to a temporary file next to it, then renamed).
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { replaceWithStaged, stagedFile } from '../../shared/staged-file.js';
import { DEFAULT_TEMPLATES } from '../flags.js';
import type { CdkApp } from './plan.js';
const SKIP = new Set(['node_modules', 'cdk.out', '.git', '.venv', 'venv', '__pycache__', '.mypy_cache', '.pytest_cache', 'dist', 'build']);
const READ = /(?<!\.d)\.ts$|\.py$|^requirements.*\.txt$/;

/**
 * The CDK app add-tracing edits, or undefined for the template path: the folder named (or that holds the cdk.json
 * named); without a path, none when a template is here, else the nearest folder up from `cwd` with a cdk.json.
 */
export function findCdkApp(cwd: string, named: string | undefined): string | undefined {
  if (named !== undefined) {
    const path = resolve(cwd, named);
    if (basename(path) === 'cdk.json' && existsSync(path)) return dirname(path);
    return existsSync(join(path, 'cdk.json')) && statSync(path).isDirectory() ? path : undefined;
  }
  if (DEFAULT_TEMPLATES.some((name) => existsSync(join(cwd, name)))) return undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdk.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** cdk.json and the app's sources (TypeScript, Python, requirements files), outside dependencies and build output. */
export function readCdkApp(dir: string): CdkApp {
  const files = new Map<string, string>();
  const walk = (rel: string, depth: number) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIP.has(entry.name) && depth < 6) walk(path, depth + 1);
      else if (entry.isFile() && READ.test(entry.name)) files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('', 0);
  return { cdkJson: readFileSync(join(dir, 'cdk.json'), 'utf8'), files };
}

/** Writes every file or none: all are staged beside their places first (shared/staged-file.ts), then each takes its place. */
export function writeAppFiles(dir: string, writes: { path: string; after: string }[]): void {
  const staged: ReturnType<typeof stagedFile>[] = [];
  try {
    for (const w of writes) {
      const file = stagedFile(join(dir, w.path), 'add-tracing');
      writeFileSync(file.temp, w.after, { flag: 'wx' });
      staged.push(file);
    }
  } catch (error) {
    for (const file of staged) rmSync(file.temp, { force: true });
    throw error;
  }
  for (const file of staged) replaceWithStaged(file);
}

/** add-tracing's flags, checked for a CDK app: --function names template resources, which an app does not have. */
export function cdkGiven<T extends { functions: string[] }>(given: T): T {
  if (given.functions.length > 0) {
    throw new UsageError(
      '--function applies to templates. In a CDK app every Python function is traced; leave some out with the Aspect\'s exclude option: new TracedLambda({ exclude: [\'MyStack/MyFunction\'] }) (construct paths; see the module add-tracing writes).',
    );
  }
  return given;
}
