/** Run the real CLI as a child process, the way users and CI do: the installed copy of the packed package. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';

/** The bin of the package as npm installs it from the packed tarball (test/cli/global-setup.ts). */
export const BIN = inject('bin');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  all: string;
}

export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; stdin?: 'ignore' | 'pipe'; timeout?: number },
): Promise<CliRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    // A clean, CI-like environment: no TTY, no region from the caller's shell.
    env: { CI: 'true', AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, npm_config_user_agent: undefined, ...options.env },
    extendEnv: true,
    stdin: options.stdin ?? 'ignore',
    reject: false,
    all: true,
    timeout: options.timeout ?? 300_000, // a hang, not a slow machine
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, all: result.all ?? '' };
}

/** Every file below `dir` with its size and mtime: a fingerprint to prove the disk was left as it was. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true }).catch(() => [])) {
      const rel = join(sub, entry.name);
      if (entry.isDirectory()) {
        out[`${rel}/`] = 'dir';
        await walk(rel);
      } else {
        const s = await stat(join(dir, rel));
        out[rel] = `${s.size}:${s.mtimeMs}`;
      }
    }
  };
  await walk('');
  return out;
}

/** Every file below `dir`, relative, with contents and permission bits. */
export async function filesIn(dir: string): Promise<Map<string, { contents: string; mode: number }>> {
  const out = new Map<string, { contents: string; mode: number }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), { contents: await readFile(path, 'utf8'), mode: (await stat(path)).mode & 0o777 });
  }
  return out;
}

/** A stack trace looks like "    at fn (file:line:col)". */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
