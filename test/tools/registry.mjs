/**
 * A local npm registry (verdaccio, from npm) and the package managers users run `create` with (pnpm, yarn 1,
 * yarn 2+, bun: their ordinary npm packages), installed once per set of pinned versions into
 * node_modules/.cache, like the CDK app's packages. The registry listens on 127.0.0.1 at a free port;
 * nothing names a registry host but the URL of the server just started.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { installOnce } from './install-once.mjs';

const LAUNCHER = join(import.meta.dirname, 'verdaccio.cjs');

/** Newest majors whose engines accept Node 20.17 (verdaccio 6.9+ and pnpm 11+ need Node 22). */
const TOOLS = {
  // One of verdaccio's dependencies asks node-fetch for a dist-tag that the registry here does not carry.
  overrides: { 'node-fetch': '2.6.7' },
  dependencies: { verdaccio: '6.8.0', pnpm: '10.34.9', yarn: '1.22.22', '@yarnpkg/cli-dist': '4.18.1', bun: '1.4.5' },
};

export const installRegistryTools = () => installOnce('create-traced-lambda-registry', TOOLS, 'verdaccio, pnpm, yarn 1, yarn 4 and bun');

/** Each client as a user runs `<client> create traced-lambda`, and how to start it from the installed tools. */
export const CLIENTS = {
  npm: { command: () => ['npm'], create: ['create', 'traced-lambda@latest'], separator: true },
  pnpm: { command: (m) => [process.execPath, join(m, 'pnpm', 'bin', 'pnpm.cjs')], create: ['create', 'traced-lambda'], separator: false },
  'yarn 1': { command: (m) => [process.execPath, join(m, 'yarn', 'bin', 'yarn.js')], create: ['create', 'traced-lambda'], separator: false },
  'yarn 4': { command: (m) => [process.execPath, join(m, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js')], create: ['create', 'traced-lambda'], separator: false },
  bun: { command: (m) => [join(m, 'bun', 'bin', 'bun.exe')], create: ['create', 'traced-lambda'], separator: false },
};


/**
 * Starts verdaccio with its storage in `work`, and waits until it answers. Returns its URL, an environment in
 * which every client uses it and nothing of the user's home (`env(client)`), and `stop()`.
 */
export async function startRegistry(modules, work) {
  const home = join(work, 'home');
  await mkdir(join(work, 'storage'), { recursive: true });
  await mkdir(join(home, 'tmp'), { recursive: true });
  const config = join(work, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${join(work, 'storage')}`,
      'uplinks: {}', // nothing is fetched from elsewhere: a package not published here is a 404
      'packages:',
      "  '**': { access: $all, publish: $all, unpublish: $all }",
      `auth: { htpasswd: { file: ${join(work, 'htpasswd')}, max_users: -1 } }`,
      'web: { enable: false }',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const urlFile = join(work, 'url');
  const server = execa(process.execPath, [LAUNCHER, join(modules, 'verdaccio'), config, urlFile], { reject: false, all: true });
  let url = '';
  for (let waited = 0; !url; waited += 100) {
    if (server.exitCode !== null) throw new Error(`verdaccio stopped: ${(await server).all}`);
    if (waited > 120_000) throw new Error('verdaccio did not start within 2 minutes');
    url = await readFile(urlFile, 'utf8').catch(() => '');
    if (!url) await sleep(100);
  }
  const npmrc = join(work, 'npmrc');
  // npm publishes only with a token; this registry takes any.
  await writeFile(npmrc, `registry=${url}\n${url.replace(/^http:/, '')}:_authToken=local-test-token\n`);
  const base = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    TMPDIR: join(home, 'tmp'),
    npm_config_userconfig: npmrc,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // A client that tried any other registry would fail here, not succeed quietly.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    CI: 'true',
    // As in a user's shell: not the user agent of the npm that runs these tests (bun keeps one it finds).
    npm_config_user_agent: undefined,
  };
  const perClient = {
    npm: {},
    pnpm: {},
    // yarn 1 links a created package's bin into PREFIX: not /usr/local.
    'yarn 1': { PREFIX: join(work, 'yarn1-prefix'), YARN_CACHE_FOLDER: join(work, 'yarn1-cache') },
    // yarn 2+ reads only its own settings, and by default holds back versions published less than a day ago.
    'yarn 4': {
      YARN_NPM_REGISTRY_SERVER: url,
      YARN_UNSAFE_HTTP_WHITELIST: '127.0.0.1',
      YARN_NPM_MINIMAL_AGE_GATE: '0',
      YARN_ENABLE_GLOBAL_CACHE: 'false',
      YARN_CACHE_FOLDER: join(work, 'yarn4-cache'),
      YARN_GLOBAL_FOLDER: join(work, 'yarn4-global'),
      YARN_ENABLE_TELEMETRY: '0',
      YARN_IGNORE_PATH: '1',
    },
    bun: { BUN_CONFIG_REGISTRY: url, BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache'), DO_NOT_TRACK: '1' },
  };
  return {
    url,
    env: (client) => ({ ...base, ...perClient[client] }),
    stop: async () => {
      server.kill('SIGTERM');
      await server;
    },
  };
}
