/**
 * Faults while writing, through the real CLI: interrupts (SIGINT, SIGTERM) and failures half-way
 * through staging or moving the files into place, and targets nobody can write. Each leaves the disk
 * exactly as it was, says so in one line, and exits with its code. CREATE_TRACED_LAMBDA_FAULT makes
 * the write stop half-way (the test seam: src/shared/test-seam.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, STACK_TRACE, runCli, snapshot } from '../helpers/cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctl-faults-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let count = 0;
async function freshDir(): Promise<string> {
  const dir = join(root, `case-${++count}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Runs the CLI paused half-way through staging, sends `signal` once it says so, and waits for it to end. */
async function interruptWhileStaging(cwd: string, args: string[], signal: 'SIGINT' | 'SIGTERM') {
  const child = execa(process.execPath, [BIN, ...args], {
    cwd,
    env: { CI: 'true', CREATE_TRACED_LAMBDA_FAULT: 'pause-staging', AWS_REGION: undefined },
    stdin: 'ignore',
    reject: false,
    all: true,
    timeout: 300_000,
  });
  let sent = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (!sent && chunk.toString().includes('paused while staging')) {
      sent = true;
      child.kill(signal);
    }
  });
  const result = await child;
  return { ...result, sent };
}

/** A directory holding the user's notes and an old template.yaml: what --force must keep or restore. */
async function busyDir(cwd: string): Promise<string> {
  const dir = join(cwd, 'busy');
  await mkdir(dir);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  await writeFile(join(dir, 'template.yaml'), 'old');
  return dir;
}

describe.concurrent('faults while writing', () => {
  it.for([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s half-way through writing leaves nothing behind, and exits %i', async ([signal, code]) => {
    const cwd = await freshDir();
    const before = await snapshot(cwd);
    const run = await interruptWhileStaging(cwd, ['deep/er/api', '--no-git'], signal);
    expect(run.sent, run.all).toBe(true);
    expect(run.exitCode, run.all).toBe(code);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`cancelled (${signal}) while writing: nothing was written`);
    expect(run.all).not.toMatch(STACK_TRACE);
    expect(await snapshot(cwd)).toEqual(before); // no project, no staging folder, no parent folders
  });

  it('an interrupt while writing with --force leaves the directory as it was', async () => {
    const cwd = await freshDir();
    await busyDir(cwd);
    const before = await snapshot(cwd);
    const run = await interruptWhileStaging(cwd, ['busy', '--force', '--no-git'], 'SIGINT');
    expect(run.exitCode, run.all).toBe(130);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it.for(['fail-staging', 'fail-commit'])('a failure half-way (%s) exits 1 with one line and writes nothing', async (fault) => {
    const cwd = await freshDir();
    const before = await snapshot(cwd);
    const run = await runCli(['api', '--no-git'], { cwd, env: { CREATE_TRACED_LAMBDA_FAULT: fault } });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toMatch(/^error: Could not (write|move the project into) \S+api: injected fault/m);
    expect(run.stderr).toMatch(/Nothing was (written|changed there)\.$/m);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^error: /);
    expect(run.stderr.match(/^error:/gm)).toHaveLength(1);
    expect(run.all).not.toMatch(STACK_TRACE);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('a failure while moving files into place under --force puts back the files it replaced', async () => {
    const cwd = await freshDir();
    const dir = await busyDir(cwd);
    const before = await snapshot(cwd);
    const run = await runCli(['busy', '--force', '--no-git'], { cwd, env: { CREATE_TRACED_LAMBDA_FAULT: 'fail-commit' } });
    expect(run.exitCode, run.all).toBe(1);
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe('old');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    const after = await snapshot(cwd);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it('a target nobody can write names the path, exits 1, and leaves no trace', async () => {
    const target = `/proc/create-traced-lambda-${process.pid}/api`;
    const run = await runCli([target, '--no-git'], { cwd: root });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(`Could not write ${target}`);
    expect(run.stderr).toContain('choose a directory you can write to');
    expect(run.all).not.toMatch(STACK_TRACE);
    expect(existsSync(target)).toBe(false);
  });

  it('a target below a file is refused before anything is written', async () => {
    const cwd = await freshDir();
    await writeFile(join(cwd, 'a-file'), 'x');
    const before = await snapshot(cwd);
    const run = await runCli(['a-file/api', '--no-git'], { cwd });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain('a-file/api');
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('--dry-run --force says which files it would replace, and writes nothing', async () => {
    const cwd = await freshDir();
    await busyDir(cwd);
    const before = await snapshot(cwd);
    const run = await runCli(['busy', '--force', '--dry-run'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(/^ {2}template\.yaml {2}\(replaces the existing file\)$/m);
    expect(run.all).toMatch(/^ {2}README\.md$/m);
    expect(run.all).not.toContain('notes.txt');
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('--force says which files it replaced and leaves the others', async () => {
    const cwd = await freshDir();
    const dir = await busyDir(cwd);
    const run = await runCli(['busy', '--force', '--no-git'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('replace busy/template.yaml');
    expect(run.all).toContain('create  busy/README.md');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect((await readFile(join(dir, 'template.yaml'), 'utf8')).length).toBeGreaterThan(100);
    expect((await import('node:fs')).readdirSync(dir).filter((f) => f.startsWith('.busy.'))).toEqual([]);
  });
});
