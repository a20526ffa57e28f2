/** add-tracing through the installed CLI: the checked write, dry runs, refusals, --help. */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeIfTools } from '../helpers/tools.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'add-tracing');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('add-tracing: the command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    await copyFile(join(FIXTURES, 'sam-hello.yaml'), join(dir, 'template.yaml'));
    const run = await runCli(['add-tracing', '--tracing', 'adot', '--dry-run'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout + run.stderr).toContain('+    Tracing: Active');
    expect(run.all).toContain('Dry run: nothing was written.');
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('sam-hello.yaml'));
  });

  it('without a terminal and without --yes, shows the diff, writes nothing, exits 2 naming --yes', async () => {
    await copyFile(join(FIXTURES, 'cfn-role.yaml'), join(dir, 'template.yaml'));
    const run = await runCli(['add-tracing', '--tracing', 'powertools'], { cwd: dir, stdin: 'pipe' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Run again with --yes to write it');
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('cfn-role.yaml'));
  });

  it('bad input: one line naming the fix, exit 2, no stack trace, the file untouched', async () => {
    await copyFile(join(FIXTURES, 'sam-multi.yaml'), join(dir, 'template.yaml'));
    for (const [args, message] of [
      [['--tracing', 'otel'], '--tracing "otel" is not supported'],
      [['missing.yaml'], 'missing.yaml does not exist'],
      [['--function', 'NotifyFunction', '--yes'], 'add-tracing adds Python tracing only'],
      [['--tracng', 'adot'], 'Unknown option --tracng'],
      [['--tracing', 'xray-sdk', '--adot-layer', 'collector'], '--adot-layer applies only with --tracing adot'],
      [['--tracing', 'powertools', '--powertools-layer', 'latest'], '--powertools-layer "latest" is not supported. Use one of: pinned, ssm'],
    ] as const) {
      const run = await runCli(['add-tracing', ...args], { cwd: dir });
      expect(run.exitCode, run.all).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(fixture('sam-multi.yaml'));
  });

  it('--help describes the command', async () => {
    const run = await runCli(['add-tracing', '--help'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    for (const flag of ['--tracing', '--adot-layer', '--powertools-layer', '--function', '--yes', '--dry-run', '--force']) expect(run.stdout).toContain(flag);
  });
});

describeIfTools('add-tracing: the checked write', ['cfnlint'], () => {
  it('writes with --yes after checking the result with cfn-lint, and a second run changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-write-'));
    try {
      await copyFile(join(FIXTURES, 'cfn-role.yaml'), join(dir, 'template.yaml'));
      const run = await runCli(['add-tracing', '--tracing', 'xray-sdk', '--yes'], { cwd: dir });
      expect(run.exitCode, run.all).toBe(0);
      expect(run.all).toContain('Wrote template.yaml (checked: cfn-lint)');
      const after = await readFile(join(dir, 'template.yaml'), 'utf8');
      expect(after).not.toBe(fixture('cfn-role.yaml'));
      const again = await runCli(['add-tracing', '--tracing', 'xray-sdk', '--yes'], { cwd: dir });
      expect(again.exitCode, again.all).toBe(0);
      expect(again.all).toContain('nothing to change');
      expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(after);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--tracing', 'adot', '--adot-layer', 'collector'], /aws-otel-python-amd64-ver-1-32-0:2/],
    [['--tracing', 'powertools', '--powertools-layer', 'ssm'], /\{\{resolve:ssm:\/aws\/service\/powertools\/python\/x86_64\/python3\.13\/latest\}\}/],
  ])('%s writes that variant, checked by cfn-lint, and a second run changes nothing', async (args, written) => {
    const dir = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-variant-'));
    try {
      await copyFile(join(FIXTURES, 'cfn-role.yaml'), join(dir, 'template.yaml'));
      const run = await runCli(['add-tracing', ...args, '--yes'], { cwd: dir });
      expect(run.exitCode, run.all).toBe(0);
      expect(run.all).toContain('Wrote template.yaml (checked: cfn-lint)');
      const after = await readFile(join(dir, 'template.yaml'), 'utf8');
      expect(after).toMatch(written);
      const again = await runCli(['add-tracing', ...args, '--yes'], { cwd: dir });
      expect(again.all).toContain('nothing to change');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
