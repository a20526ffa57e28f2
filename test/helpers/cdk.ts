/**
 * The generated CDK TypeScript app's dependencies, installed once (per set of pinned versions) into
 * node_modules/.cache, and linked into each generated project; then `cdk synth` and jest, offline.
 */
import { readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { CDK_TYPESCRIPT_PACKAGES } from '../../src/iac/cdk.js';
import { installOnce } from '../tools/install-once.mjs';
import { CPUS } from './pool.js';


/** Environment for the CDK CLI without AWS: no instance metadata lookups, no telemetry, no notices. */
export const OFFLINE_CDK_ENV = {
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_PROFILE: undefined,
  CI: 'true',
};

/** The versions the generated package.json pins, installed once; or the reason they could not be (no npm registry here). */
export const installCdkPackages = () => installOnce('create-traced-lambda-cdk', CDK_TYPESCRIPT_PACKAGES, 'the CDK app\'s pinned dependencies');

export async function linkModules(dir: string, modules: string): Promise<void> {
  await rm(join(dir, 'node_modules'), { recursive: true, force: true });
  await symlink(modules, join(dir, 'node_modules'), 'dir');
}

/**
 * `npx cdk synth` as a user runs it (cdk.json's app command: tsc, then tsx). With `direct`, the same
 * CLI and app without npx in front of either (npm's start-up, twice) and without the app's own tsc
 * (type-check the apps together first). The timeouts only catch a hang: far above a synth's few
 * seconds, even on a busy machine.
 */
export async function cdkSynth(dir: string, env: Record<string, string | undefined>, direct?: { app: string }) {
  const [command, args] = direct
    ? [process.execPath, [join(dir, 'node_modules', 'aws-cdk', 'bin', 'cdk'), '--app', `${join(dir, 'node_modules', '.bin', 'tsx')} ${direct.app}`]]
    : ['npx', ['--no-install', 'cdk']];
  return execa(command, [...args, 'synth', '--no-notices', '--quiet'], {
    cwd: dir,
    env: { ...OFFLINE_CDK_ENV, ...env },
    reject: false,
    all: true,
    timeout: 600_000,
  });
}

/** What `jest --json` reports, as far as the tests read it. */
export interface JestRun {
  exitCode?: number;
  all?: string;
  results?: {
    testResults: { name: string; status: string; message: string; assertionResults: { status: string }[] }[];
  };
}

/** The apps' own jest tests, all in one jest run (each app one of its --projects), run from `cwd`. */
export async function runJest(cwd: string, projects: string[]): Promise<JestRun> {
  const output = join(cwd, 'jest-results.json');
  const jest = join(projects[0]!, 'node_modules', 'jest', 'bin', 'jest.js');
  const args = ['--ci', '--json', '--outputFile', output, `--maxWorkers=${CPUS}`, '--projects', ...projects];
  const run = await execa(process.execPath, [jest, ...args], {
    cwd: projects[0],
    env: OFFLINE_CDK_ENV,
    reject: false,
    all: true,
    timeout: 600_000,
  });
  const results = await readFile(output, 'utf8').then((text) => JSON.parse(text) as JestRun['results'], () => undefined);
  return { exitCode: run.exitCode, all: run.all, results };
}
