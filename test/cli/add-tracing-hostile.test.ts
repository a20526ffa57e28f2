/**
 * add-tracing on hostile files, through the real CLI: an alias bomb is refused before anything is
 * written; a cfn-lint that hangs is bounded in time (CREATE_TRACED_LAMBDA_LINT_TIMEOUT) and an interrupt
 * while it runs leaves nothing on disk (a stand-in cfn-lint that sleeps, first on PATH); a symbolic link
 * keeps being a link, and the file it points to is edited. Each compares the disk before and after.
 */
import { chmod, copyFile, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, STACK_TRACE, runCli, snapshot } from '../helpers/cli.js';
import { describeIfTools } from '../helpers/tools.js';
import { aliasBomb } from '../helpers/hostile.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'add-tracing');

let root: string;
let count = 0;
/** A directory with the fixture as template.yaml; a stand-in cfn-lint that sleeps is in its bin/. */
async function freshDir(fixture = 'sam-hello.yaml'): Promise<{ dir: string; slowLint: Record<string, string> }> {
  const dir = join(root, `case-${++count}`);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile(join(FIXTURES, fixture), join(dir, 'template.yaml'));
  await writeFile(join(dir, 'bin', 'cfn-lint'), '#!/bin/sh\nexec sleep 600\n');
  await chmod(join(dir, 'bin', 'cfn-lint'), 0o755);
  return { dir, slowLint: { PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH}` } };
}
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-hostile-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.concurrent('add-tracing on hostile files', () => {
  it('refuses an alias bomb in under a second, in one line naming the fix, and leaves the disk as it was', async () => {
    const { dir } = await freshDir();
    await writeFile(join(dir, 'template.yaml'), aliasBomb(await readFile(join(FIXTURES, 'sam-hello.yaml'), 'utf8')));
    const before = await snapshot(dir);
    const started = performance.now();
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--yes'], { cwd: dir, timeout: 60_000 });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr.trim()).toMatch(/^error: template\.yaml: nothing was changed: its YAML aliases \(\*name\) expand to more than 100,000 nodes .*Write the repeated parts out, or remove the aliases, and run again\.$/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(performance.now() - started).toBeLessThan(5000); // the CLI's start included; the refusal itself is unit-tested under 1 s
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a cfn-lint that does not finish in time: says so, writes nothing, leaves no staging file', async () => {
    const { dir, slowLint } = await freshDir();
    const before = await snapshot(dir);
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--yes'], { cwd: dir, env: { ...slowLint, CREATE_TRACED_LAMBDA_LINT_TIMEOUT: '1' }, timeout: 60_000 });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain('cfn-lint did not finish checking the edit within 1 s, so');
    expect(run.stderr).toContain('set CREATE_TRACED_LAMBDA_LINT_TIMEOUT=SECONDS to wait longer');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(await snapshot(dir)).toEqual(before);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s while cfn-lint runs: the staging file is removed, exit %i, one line', async (signal, code) => {
    const { dir, slowLint } = await freshDir();
    const before = await snapshot(dir);
    const child = execa(process.execPath, [BIN, 'add-tracing', '--tracing', 'adot', '--yes'], {
      cwd: dir,
      env: { CI: 'true', AWS_REGION: undefined, ...slowLint },
      stdin: 'ignore',
      reject: false,
      all: true,
      timeout: 60_000,
    });
    // The staging file appears once the checks start.
    while (!readdirSync(dir).some((name) => name.includes('.add-tracing-'))) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.kill(signal);
    const run = await child;
    expect(run.exitCode, run.all).toBe(code);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`cancelled (${signal}) while checking the edit: ${join(dir, 'template.yaml')} was not changed`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it.each([
    ['finds nothing in the result: one run, on the result only', '[]', 1],
    ['finds an error in the result: the original is checked too, and the same error there is not a new one', 'ERROR', 2],
  ])('cfn-lint (a stand-in) %s', async (_label, finds, runs) => {
    const { dir, slowLint } = await freshDir();
    const finding = '[{"Level":"Error","Message":"a finding","Rule":{"Id":"E3012"},"Location":{"Start":{"LineNumber":9},"Path":["Resources","HelloWorldFunction","Properties","Handler"]}}]';
    await writeFile(join(dir, 'bin', 'cfn-lint'), `#!/bin/sh\necho "$4" >> "${join(dir, 'runs.log')}"\necho '${finds === 'ERROR' ? finding : finds}'\n`);
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--yes'], { cwd: dir, env: slowLint });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('Wrote template.yaml (checked: cfn-lint)');
    const linted = (await readFile(join(dir, 'runs.log'), 'utf8')).trim().split('\n');
    expect(linted).toHaveLength(runs);
    expect(linted[0]).toMatch(/\.template\.yaml\.add-tracing-\d+$/);
    if (runs === 2) expect(linted[1]).toBe(join(dir, 'template.yaml'));
  });

  it('a cfn-lint that crashes (no report, exit 1): says it could not check, writes nothing', async () => {
    const { dir, slowLint } = await freshDir();
    await writeFile(join(dir, 'bin', 'cfn-lint'), '#!/bin/sh\necho "Traceback: boom" >&2\nexit 1\n');
    const before = await snapshot(dir);
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--yes'], { cwd: dir, env: slowLint });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toMatch(/cfn-lint could not check the edit \(cfn-lint exited 1 without its report: Traceback: boom\), so .* was not changed/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a symbolic link: the file it points to is edited, beside it, its mode kept, and the link stays', async () => {
    const { dir } = await freshDir();
    await mkdir(join(dir, 'real'));
    await copyFile(join(FIXTURES, 'sam-hello.yaml'), join(dir, 'real', 'real.yaml'));
    await chmod(join(dir, 'real', 'real.yaml'), 0o640);
    await rm(join(dir, 'template.yaml'));
    await symlink(join('real', 'real.yaml'), join(dir, 't.yaml'));
    const run = await runCli(['add-tracing', 't.yaml', '--tracing', 'adot', '--yes'], { cwd: dir, env: { CREATE_TRACED_LAMBDA_LINT_TIMEOUT: '120' } });
    expect(run.exitCode, run.all).toBe(0);
    expect((await lstat(join(dir, 't.yaml'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 't.yaml'))).toBe(join('real', 'real.yaml'));
    const edited = await readFile(join(dir, 'real', 'real.yaml'), 'utf8');
    expect(edited).toContain('Tracing: Active');
    expect((await stat(join(dir, 'real', 'real.yaml'))).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(dir, 'real'))).toEqual(['real.yaml']);
    expect(readdirSync(dir).sort()).toEqual(['bin', 'real', 't.yaml']);
  });
});

describeIfTools('add-tracing: cfn-lint errors the original had', ['cfnlint'], () => {
  it('an error the original already had (a duplicate key, E0000 with its line number) is not taken for a new one', async () => {
    const { dir } = await freshDir();
    await copyFile(join(import.meta.dirname, '..', 'fixtures', 'add-tracing-hostile', 'duplicate-key.yaml'), join(dir, 'template.yaml'));
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--yes'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('Wrote template.yaml (checked: cfn-lint)');
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toContain('Tracing: Active');
  });
});
