/** The real CLI, run as a child process: flags, defaults without a TTY, refusals, git, dry runs. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOLEAN_OPTIONS, VALUE_OPTIONS } from '../../src/model/options.js';
import { planFiles } from '../../src/create/render.js';
import { BIN, STACK_TRACE, runCli, snapshot } from '../helpers/cli.js';
import { specFor } from '../helpers/project.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctl-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe.concurrent('the CLI', () => {
  it('--help lists every option of the table, and exits 0', async () => {
    const run = await runCli(['--help'], { cwd: root });
    expect(run.exitCode).toBe(0);
    for (const o of [...VALUE_OPTIONS.filter((v) => v.key !== 'directory'), ...BOOLEAN_OPTIONS]) {
      expect(run.stdout).toContain(`--${o.flag}`);
    }
    for (const choice of VALUE_OPTIONS.flatMap((o) => o.choices ?? [])) expect(run.stdout).toContain(choice.value);
  });

  it("README's usage block names exactly the options of the table, as --help does", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const usage = /## Usage\n\n```\n([\s\S]*?)```/.exec(readme)![1]!;
    // Flags that start an option line ("  --tracing ...", "  -y, --yes ...", "  --no-install, --no-git, ...").
    const flags = (text: string) =>
      new Set(text.split('\n').filter((line) => /^\s+(-\w, )?--/.test(line)).flatMap((line) => line.split(/\s{2,}/)[1]!.match(/--[a-z][a-z-]+/g) ?? []));
    const table = new Set([...VALUE_OPTIONS.filter((v) => v.key !== 'directory'), ...BOOLEAN_OPTIONS].map((o) => `--${o.flag}`));
    const help = (await runCli(['--help'], { cwd: root })).stdout;
    expect([...flags(usage)].sort()).toEqual([...table].sort());
    expect([...flags(help)].filter((f) => f !== '--directory').sort()).toEqual([...table].sort());
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['-v'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('without a TTY, generates with the defaults, prints the choices, and runs git init', async () => {
    const cwd = await freshDir('defaults');
    const run = await runCli(['my-api'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(/tracing\s+powertools/);
    expect(run.all).toMatch(/iac\s+sam/);
    expect(run.all).toMatch(/runtime\s+python3\.13/);
    expect(run.all).toMatch(/arch\s+x86_64/);
    const expected = planFiles(specFor({ directory: 'my-api', name: 'my-api' }, cwd)).map((f) => f.path);
    for (const path of expected) expect(existsSync(join(cwd, 'my-api', path)), path).toBe(true);
    expect(existsSync(join(cwd, 'my-api', '.git'))).toBe(true);
    expect(run.all).toContain('cd my-api');
    expect(run.all).toContain('python3 scripts/trace_local.py');
    expect(run.all).toContain('sam deploy');
  });

  it('works as `npm create traced-lambda@latest my-api -- --tracing adot --iac sam --yes`', async () => {
    const cwd = await freshDir('npm-create');
    const run = await runCli(['my-api', '--tracing', 'adot', '--iac', 'sam', '--yes', '--no-git'], {
      cwd,
      env: { CI: undefined, npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false' },
    });
    expect(run.exitCode, run.all).toBe(0);
    const template = await readFile(join(cwd, 'my-api', 'template.yaml'), 'utf8');
    expect(template).toContain('AWS_LAMBDA_EXEC_WRAPPER: "/opt/otel-instrument"');
    expect(existsSync(join(cwd, 'my-api', '.git'))).toBe(false);
  });

  it('writes the CloudFormation flavor with an executable deploy.sh, and says how to run it', async () => {
    const cwd = await freshDir('cfn');
    const run = await runCli(['api', '--iac', 'cloudformation', '--no-git'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect((await stat(join(cwd, 'api', 'deploy.sh'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(cwd, 'api', 'template.yaml'))).mode & 0o111).toBe(0);
    expect(run.all).toContain('bash deploy.sh');
  });

  it.for([
    ['pnpm/9.12.0 npm/? node/v20.17.0 linux x64', 'pnpm', 0],
    [undefined, 'npm', 0],
    [undefined, 'npm', 1],
  ] as const)('installs a CDK TypeScript app with the detected package manager (%s, exit %s): %s', async ([agent, manager, code]) => {
    const cwd = await freshDir(`install-${manager}-${code}`);
    const bin = join(cwd, 'bin');
    await mkdir(bin);
    // Stand-ins for the package managers: record where and how they were called.
    for (const tool of ['npm', 'pnpm']) {
      await writeFile(join(bin, tool), `#!/bin/sh\necho "${tool} $* in $(pwd)" >> "${join(cwd, 'calls')}"\nexit ${code}\n`, { mode: 0o755 });
    }
    const run = await runCli(['app', '--iac', 'cdk', '--no-git'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}`, npm_config_user_agent: agent },
    });
    expect(run.exitCode, run.all).toBe(0);
    expect(await readFile(join(cwd, 'calls'), 'utf8')).toBe(`${manager} install in ${join(cwd, 'app')}\n`);
    expect(existsSync(join(cwd, 'app', 'package.json'))).toBe(true);
    if (code) expect(run.all).toContain(`run it by hand: cd app && ${manager} install`);
    else expect(run.all).not.toContain('by hand');
    expect(run.all).not.toMatch(STACK_TRACE);
  });

  it('does not install with --no-install, for CDK Python, or with --dry-run', async () => {
    const cwd = await freshDir('no-install');
    const bin = join(cwd, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> "${join(cwd, 'calls')}"\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}` };
    for (const args of [['a', '--iac', 'cdk', '--no-install'], ['b', '--iac', 'cdk', '--cdk-language', 'python'], ['c', '--iac', 'cdk', '--dry-run']]) {
      const run = await runCli([...args, '--no-git'], { cwd, env });
      expect(run.exitCode, run.all).toBe(0);
    }
    expect(existsSync(join(cwd, 'calls'))).toBe(false);
    expect(existsSync(join(cwd, 'b', 'requirements.txt'))).toBe(true);
  });

  it.for([
    ['022', 0o755],
    ['077', 0o700],
  ] as const)('makes the project directory as the umask says (umask %s)', async ([umask, mode]) => {
    const cwd = await freshDir(`umask-${umask}`);
    const run = await execa('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, 'api', '--yes', '--no-git'], {
      cwd,
      env: { CI: 'true' },
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(0);
    expect((await stat(join(cwd, 'api'))).mode & 0o777).toBe(mode);
    expect((await stat(join(cwd, 'api', 'hello_world'))).mode & 0o777).toBe(mode);
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    const cwd = await freshDir('region');
    await runCli(['a', '--no-git'], { cwd, env: { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' } });
    await runCli(['b', '--no-git'], { cwd, env: { AWS_DEFAULT_REGION: 'ap-south-1' } });
    expect(await readFile(join(cwd, 'a', 'samconfig.toml'), 'utf8')).toContain('region = "eu-west-1"');
    expect(await readFile(join(cwd, 'b', 'samconfig.toml'), 'utf8')).toContain('region = "ap-south-1"');
  });

  it('says the X-Ray SDK is in maintenance mode when it is chosen', async () => {
    const cwd = await freshDir('xray');
    const run = await runCli(['x', '--tracing', 'xray-sdk', '--no-git'], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/maintenance mode since 2026-02-25.*no end-of-support date announced.*xray-sdk-daemon-timeline\.html.*--tracing adot/s);
    expect(run.all).not.toMatch(/end of support on|2027-02-25/);
  });

  it('never waits for input: stdin an open pipe that sends nothing', async () => {
    const cwd = await freshDir('pipe');
    const run = await runCli(['p', '--no-git'], { cwd, stdin: 'pipe', env: { CI: undefined }, timeout: 30_000 });
    expect(run.exitCode, run.all).toBe(0);
    expect(existsSync(join(cwd, 'p', 'template.yaml'))).toBe(true);
  });

  it('--dry-run lists the files and writes nothing', async () => {
    const cwd = await freshDir('dry');
    const run = await runCli(['d', '--dry-run'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('template.yaml');
    expect(run.all).toContain('hello_world/app.py');
    expect(existsSync(join(cwd, 'd'))).toBe(false);
  });

  it('skips git init inside an existing work tree, and when git is missing', async () => {
    const cwd = await freshDir('git');
    await runCli(['outer', '--no-install'], { cwd });
    expect(existsSync(join(cwd, 'outer', '.git'))).toBe(true);
    const inner = await runCli(['inner'], { cwd: join(cwd, 'outer') });
    expect(inner.exitCode, inner.all).toBe(0);
    expect(existsSync(join(cwd, 'outer', 'inner', '.git'))).toBe(false);

    const noGit = await runCli(['nogit'], { cwd, env: { PATH: '/nonexistent' } });
    expect(noGit.exitCode, noGit.all).toBe(0);
    expect(noGit.all).toContain('git was not found');
    expect(existsSync(join(cwd, 'nogit', 'template.yaml'))).toBe(true);
  });

  it('refuses a non-empty directory, naming files in it, and leaves it alone', async () => {
    const cwd = await freshDir('nonempty');
    await mkdir(join(cwd, 'busy'));
    await writeFile(join(cwd, 'busy', 'notes.txt'), 'mine');
    const before = await snapshot(cwd);
    const run = await runCli(['busy'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('notes.txt');
    expect(run.stderr).toContain('--force');
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('--force writes the generated files and leaves the other files alone', async () => {
    const cwd = await freshDir('force');
    await mkdir(join(cwd, 'busy'));
    await writeFile(join(cwd, 'busy', 'notes.txt'), 'mine');
    await writeFile(join(cwd, 'busy', 'template.yaml'), 'old');
    const run = await runCli(['busy', '--force', '--no-git'], { cwd });
    expect(run.exitCode, run.all).toBe(0);
    expect(await readFile(join(cwd, 'busy', 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(cwd, 'busy', 'template.yaml'), 'utf8')).toContain('AWS::Serverless-2016-10-31');
  });
});

/** Bad input: a clear message naming the fix, exit 2, no stack trace, the disk untouched. */
const BAD_INPUT: { args: string[]; message: RegExp }[] = [
  { args: ['--tracing', 'opentelemetry'], message: /--tracing "opentelemetry" is not supported\. Use one of: powertools, adot, xray-sdk/ },
  { args: ['--iac', 'terraform'], message: /--iac "terraform" is not supported/ },
  { args: ['--runtime', 'python3.11'], message: /python3\.11 is deprecated.*python3\.12/ },
  { args: ['--runtime', 'python2.7'], message: /python2\.7 is deprecated in Lambda since 2021-07-15: Lambda blocks creating functions on it since 2021-07-15 and updating them since 2022-05-30 .*Use --runtime python3\.12, python3\.13, python3\.14/ },
  { args: ['--runtime', 'python3.99'], message: /--runtime "python3\.99" is not supported/ },
  { args: ['--arch', 'x86'], message: /--arch "x86" is not supported\. Use one of: x86_64, arm64/ },
  { args: ['--region', 'us-east-9'], message: /--region "us-east-9" is not an AWS region.*us-east-1/ },
  { args: ['--tracing', 'adot', '--region', 'us-gov-west-1'], message: /not published in us-gov-west-1 \(as of \d{4}-\d{2}-\d{2}; newer layers: see .*https:\/\/aws-otel\.github\.io\/.*\)\. Use --region with one of/ },
  { args: ['--tracing', 'adot', '--adot-layer', 'collector', '--runtime', 'python3.14'], message: /collector layer\) does not support python3\.14 \(its layer lists .* as of \d{4}-\d{2}-\d{2}; newer layers: see https:\/\/aws-otel\.github\.io\/.*--runtime python3\.12 or python3\.13/ },
  { args: ['--adot-layer', 'collector'], message: /--adot-layer applies only with --tracing adot/ },
  { args: ['--powertools-layer', 'ssm', '--tracing', 'xray-sdk'], message: /--powertools-layer applies only with --tracing powertools/ },
  { args: ['--tracing', 'adot', '--adot-layer', 'sidecar'], message: /--adot-layer "sidecar" is not supported/ },
  { args: ['--tracng', 'adot'], message: /Unknown option --tracng\. Did you mean --tracing\?/ },
  { args: ['--log-retention', '10'], message: /--log-retention "10" is not a retention CloudWatch Logs accepts\. Did you mean --log-retention 7 or 14\?/ },
  { args: ['--log-retention', 'forever'], message: /--log-retention "forever" is not a retention CloudWatch Logs accepts\. Use one of \(days\): 1, 3, 5/ },
  { args: ['--throttle-rate', '0'], message: /--throttle-rate "0" is not a number from above 0 to 10000/ },
  { args: ['--throttle-burst', '1.5'], message: /--throttle-burst "1\.5" is not a whole number from 1 to 5000/ },
  { args: ['-x'], message: /Unknown option -x/ },
  { args: ['--tracing'], message: /--tracing needs a value \(one of: powertools, adot, xray-sdk\)/ },
  { args: ['--yes=no'], message: /--yes takes no value/ },
  { args: ['one', 'two'], message: /Expected at most one directory/ },
  { args: ['--name', '9lives'], message: /"9lives" cannot be a stack name.*Try --name lives/ },
  { args: ['--name', 'a;rm -rf ~'], message: /cannot be a stack name/ },
  { args: ['--name', 'x'.repeat(129)], message: /cannot be a stack name/ },
  { args: ['--name', 'Über'], message: /cannot be a stack name.*Try --name Uber\./ },
  { args: ['--name', ''], message: /"" cannot be a stack name.*Pass --name with a valid name/ },
  { args: ['--name', 'a\nb'], message: /cannot be a stack name.*Try --name a-b/ },
  { args: ['--tracing', 'ADOT'], message: /--tracing "ADOT" is not supported\. Did you mean --tracing adot\?/ },
  { args: ['--region', 'US-EAST-1'], message: /Did you mean --region us-east-1\?/ },
  { args: ['--runtime', 'python3.9'], message: /python3\.9 is deprecated.*python3\.12, python3\.13, python3\.14/ },
  { args: ['--runtime', 'python3.13', '--runtime', 'python3.12'], message: /--runtime is given twice with different values/ },
  { args: ['--iac', 'cdk', '--cdk-language', 'java'], message: /--cdk-language "java" is not supported\. Use one of: typescript, python/ },
  { args: ['--cdk-language', 'python'], message: /--cdk-language applies only with --iac cdk/ },
  { args: ['--deps-layer', 'on'], message: /--deps-layer applies only with --tracing xray-sdk/ },
  { args: ['--tracing', 'xray-sdk', '--deps-layer', 'yes'], message: /--deps-layer "yes" is not supported\. Use one of: on, off/ },
  { args: ['--tracing', 'adot', '--adot-layer', 'collector', '--region', 'me-central-1'], message: /legacy collector layer\) is not published in me-central-1.*us-west-2/ },
  { args: ['--tracing', 'adot', '--region', 'us-gov-east-1', '--iac', 'cdk'], message: /not published in us-gov-east-1/ },
];

describe.concurrent('bad input', () => {
  it.each(BAD_INPUT)('$args', async ({ args, message }) => {
    const cwd = await freshDir(`bad-${args.join('_').replace(/[^\w-]/g, '').slice(0, 40)}-${Math.random().toString(36).slice(2)}`);
    const before = await snapshot(cwd);
    const run = await runCli(['proj', ...args], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.all).not.toMatch(STACK_TRACE);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('shows the stack trace with --debug', async () => {
    const run = await runCli(['proj', '--tracing', 'nope', '--debug'], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(STACK_TRACE);
  });

  it('refuses a target that is a file', async () => {
    const cwd = await freshDir('file-target');
    await writeFile(join(cwd, 'taken'), 'x');
    const run = await runCli(['taken'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('taken exists and is not a directory');
  });
});

it('the bin is executable', async () => {
  const { mode } = await import('node:fs').then((fs) => fs.statSync(BIN));
  expect(mode & 0o111).not.toBe(0);
});
