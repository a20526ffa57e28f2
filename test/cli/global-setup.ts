/**
 * Once per test run: pack the package the way `npm publish` would (prepack builds the bundle) and install
 * the tarball into an empty folder. The CLI suites run that installed copy, so they test exactly what
 * users get, with no repository node_modules around it to hide a bundling mistake.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface Packed {
  tarball: string;
  files: string[];
  size: number;
  unpackedSize: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The installed package's bin script. */
    bin: string;
    /** The installed package's folder (consumer/node_modules/create-traced-lambda). */
    installed: string;
    /** consumer/node_modules */
    nodeModules: string;
    packed: Packed;
  }
}

const root = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export default function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'ctl-packed-'));
  const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const [info] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
  const tarball = join(work, info!.filename);
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // No dependencies, so no registry: the install must work offline.
  execFileSync(npm, ['install', '--offline', '--no-package-lock', tarball], { cwd: consumer, env: npmEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = join(consumer, 'node_modules', 'create-traced-lambda');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  project.provide('bin', join(installed, manifest.bin['create-traced-lambda']!));
  project.provide('installed', installed);
  project.provide('nodeModules', join(consumer, 'node_modules'));
  project.provide('packed', { tarball, files: info!.files.map((f) => f.path), size: info!.size, unpackedSize: info!.unpackedSize });
  return () => rmSync(work, { recursive: true, force: true });
}
