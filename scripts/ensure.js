#!/usr/bin/env node
// Makes a fresh clone usable: installs the locked dependencies when they are missing or stale, then
// builds the bundle the bin runs when one of its inputs changed (scripts/build.js --if-changed: esbuild,
// about a second; a check alone takes a few milliseconds). Node built-ins only, so it runs before anything is installed.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.error('Installing dependencies (npm ci)...');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}
run(process.execPath, [join(root, 'scripts', 'build.js'), '--if-changed']);
