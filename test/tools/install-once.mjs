/**
 * Pinned npm packages a test suite needs beside the project's own (the CDK app's, cdk-nag, the local
 * registry and the package managers), installed once per set of versions into
 * node_modules/.cache/<name>/<hash>, synchronously (at collection time, so a suite can be skipped or failed
 * before it starts). Returns that node_modules folder, or why it could not install (no npm registry).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CACHE = join(import.meta.dirname, '..', '..', 'node_modules', '.cache');

/** @returns {{ modules: string } | { missing: string }} */
export function installOnce(name, manifest, what) {
  const dir = join(CACHE, name, createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 12));
  const modules = join(dir, 'node_modules');
  if (existsSync(join(dir, 'installed'))) return { modules };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...manifest }, null, 2));
    process.stderr.write(`Installing ${what} once, into ${dir} ...\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 900_000 });
    writeFileSync(join(dir, 'installed'), new Date().toISOString());
    return { modules };
  } catch (error) {
    const detail = String(error.stderr ?? error).trim().split('\n').slice(-3).join(' ');
    return { missing: `npm install of ${what} failed (needs the npm registry): ${detail}` };
  }
}
