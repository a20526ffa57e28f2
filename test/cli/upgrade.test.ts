/**
 * upgrade through the installed CLI: a project generated with an older catalog (written here from the source
 * with an older copy of the catalog) becomes, file for file, the project `create` writes today, in every IaC
 * flavor; dry runs, a second run, and refusals leave the disk as it was.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProject } from '../../src/create/render.js';
import { filesIn, runCli, snapshot } from '../helpers/cli.js';
import { aged, withOlderCatalog } from '../helpers/older-catalog.js';
import { specFor } from '../helpers/project.js';

const FLAVORS = [
  ['sam', 'adot'],
  ['cloudformation', 'powertools'],
  ['cdk', 'adot'],
  ['cdk --cdk-language python', 'powertools'],
] as const;

/** Writes the project `args` asks for as the generator would have written it with the older catalog. */
async function writeOlderProject(root: string, name: string, args: string[]): Promise<void> {
  const given = Object.fromEntries(args.map((a, i) => (a.startsWith('--') ? [a.slice(2).replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()), args[i + 1]] : undefined)).filter(Boolean) as [string, string][]);
  const files = withOlderCatalog(() => renderProject(specFor({ name, directory: name, ...given }, root)));
  for (const file of files) {
    const path = join(root, name, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, aged(file.contents));
    if (file.mode) await chmod(path, file.mode);
  }
}

describe('upgrade: the command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctl-upgrade-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.for(FLAVORS)('makes a project generated with an older catalog the project create writes today: --iac %s --tracing %s', async ([iac, tracing]) => {
    const name = `${iac.replace(/\W+/g, '-')}-${tracing}`;
    const args = ['--iac', ...iac.split(' '), '--tracing', tracing];
    const fresh = await mkdtemp(join(dir, 'fresh-'));
    const created = await runCli([name, ...args, '--no-install', '--no-git'], { cwd: fresh });
    expect(created.exitCode, created.all).toBe(0);
    await writeOlderProject(dir, name, args);
    const project = join(dir, name);
    expect(await filesIn(project)).not.toEqual(await filesIn(join(fresh, name)));

    const dry = await runCli(['upgrade', '--dry-run'], { cwd: project });
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.all).toMatch(/^ {2}(AWSOpenTelemetryDistroPython|AWSLambdaPowertoolsPythonV3-python313-x86_64): .*→.*region added/m);
    expect(dry.all).toContain('Dry run: nothing was written.');

    const run = await runCli(['upgrade', '--yes'], { cwd: project });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(/^Wrote /m);
    expect(await filesIn(project)).toEqual(await filesIn(join(fresh, name)));

    const again = await runCli(['upgrade', '--yes'], { cwd: project });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain('nothing to change');
  });

  it('without a terminal and without --yes, shows the diff, writes nothing, exits 2 naming --yes', async () => {
    await writeOlderProject(dir, 'asks', ['--tracing', 'adot']);
    const before = await snapshot(join(dir, 'asks'));
    const run = await runCli(['upgrade', 'asks'], { cwd: dir, stdin: 'pipe' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Run again with --yes to write it');
    expect(await snapshot(join(dir, 'asks'))).toEqual(before);
  });

  it('refuses what it cannot follow with one line, exit 2, no stack trace, nothing written', async () => {
    await writeOlderProject(dir, 'edited', ['--tracing', 'adot']);
    const template = join(dir, 'edited', 'template.yaml');
    await writeFile(template, (await readFile(template, 'utf8')).replace(/arn:aws:lambda:eu-west-2:\d+:layer:AWSOpenTelemetryDistroPython:\d+/, 'arn:aws:lambda:eu-west-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:37'));
    await writeOlderProject(dir, 'untraced', ['--tracing', 'xray-sdk']);
    for (const [target, message] of [
      ['edited', 'one layer mapping holds AWSOpenTelemetryDistroPython and AWSLambdaPowertoolsPythonV3-python313-x86_64'],
      ['untraced', 'has no tracing layer this tool knows: nothing to upgrade'],
      ['missing', 'missing does not exist'],
    ] as const) {
      const before = await snapshot(dir);
      const run = await runCli(['upgrade', target, '--yes'], { cwd: dir });
      expect(run.exitCode, run.all).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it('--help describes the command, and the main --help names it', async () => {
    const run = await runCli(['upgrade', '--help'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    for (const flag of ['--yes', '--dry-run', 'npx create-traced-lambda@latest upgrade', 'as of 20']) expect(run.stdout).toContain(flag);
    expect((await runCli(['--help'], { cwd: dir })).stdout).toContain('create-traced-lambda upgrade [path]');
  });
});
