/**
 * The real `create` path: the packed tarball published to a local registry (verdaccio on 127.0.0.1), then
 * `npm create traced-lambda@latest`, `pnpm create`, `yarn create` (yarn 1 and yarn 4) and `bun create`
 * in empty folders without a terminal. Each must write the project, and its next steps must be spelled
 * for that client.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { CLIENTS, installRegistryTools, startRegistry } from '../tools/registry.mjs';

type Client = keyof typeof CLIENTS;
import { describeIfTools } from '../helpers/tools.js';

const installed = installRegistryTools();

/** What each client's next steps must say for a CDK TypeScript app (first the install, since --no-install). */
const EXPECTED: Record<Client, string[]> = {
  npm: ['npm install', 'npm run build', 'npm test', 'npx cdk synth'],
  pnpm: ['pnpm install', 'pnpm run build', 'pnpm test', 'pnpm exec cdk synth'],
  'yarn 1': ['yarn install', 'yarn build', 'yarn test', 'yarn cdk synth'],
  'yarn 4': ['yarn install', 'yarn build', 'yarn test', 'yarn cdk synth'],
  bun: ['bun install', 'bun run build', 'bun run test', 'bunx cdk synth'],
};

describeIfTools(
  'npm, pnpm, yarn and bun create, through a local registry',
  [],
  () => {
    let work: string;
    let registry: Awaited<ReturnType<typeof startRegistry>>;
    const modules = (installed as { modules: string }).modules;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'ctl-registry-'));
      registry = await startRegistry(modules, join(work, 'registry'));
      const publish = await execa('npm', ['publish', inject('packed').tarball, '--tag', 'latest'], { env: registry.env('npm'), cwd: work, reject: false, all: true });
      expect(publish.exitCode, publish.all).toBe(0);
    });
    afterAll(async () => {
      await registry?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it.for(Object.keys(CLIENTS) as Client[])('%s create writes the project and names itself in the next steps', async (client) => {
      const cwd = join(work, client.replace(' ', '-'));
      await mkdir(cwd);
      const { command, create, separator } = CLIENTS[client];
      const [bin, ...pre] = command(modules);
      const flags = ['--iac', 'cdk', '--no-install', '--no-git', '--yes'];
      const run = await execa(bin!, [...pre, ...create, 'my-api', ...(separator ? ['--'] : []), ...flags], {
        cwd,
        env: registry.env(client),
        stdin: 'ignore',
        reject: false,
        all: true,
        timeout: 300_000,
      });
      expect(run.exitCode, run.all).toBe(0);
      expect(existsSync(join(cwd, 'my-api', 'package.json')), run.all).toBe(true);
      expect(existsSync(join(cwd, 'my-api', '.yarnrc.yml'))).toBe(client === 'yarn 4');
      const steps = run.all!.slice(run.all!.indexOf('Next steps:'));
      for (const command of EXPECTED[client]) expect(steps, command).toMatch(new RegExp(`^\\s+${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm'));
      const others = Object.values(EXPECTED).flat().filter((c) => !EXPECTED[client].some((mine) => mine === c || mine.startsWith(`${c} `)));
      for (const other of others) expect(steps, other).not.toMatch(new RegExp(`^\\s+${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm'));
    });
  },
  () => ('missing' in installed ? installed.missing : undefined),
);
