/**
 * The package manager that ran us (`npm create`, `pnpm create`, `yarn create`, `bun create`), from the
 * npm_config_user_agent every one of them sets, and how each spells the commands the project needs.
 * Every command the tool prints or writes into a README comes from here.
 */

export interface PackageManager {
  /** The command, as the user types it. */
  command: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** Yarn 2 or later (berry), whose default Plug'n'Play install has no node_modules. */
  berry: boolean;
  /** Installs the project's dependencies. */
  install: string;
  /** Runs a package.json script. */
  run: (script: string) => string;
  /** Runs a binary of the project's dependencies (the CDK CLI). */
  exec: (command: string) => string;
  /** Runs a command of a package that is not a dependency (`pkg` pinned), installed globally once when the manager can. */
  tool: (pkg: string, command: string) => { install?: string; run: string };
}

const globally = (install: string) => (pkg: string, command: string) => ({ install: `${install} ${pkg}`, run: command });

const MANAGERS: Record<PackageManager['command'], Omit<PackageManager, 'berry'>> = {
  npm: {
    command: 'npm',
    install: 'npm install',
    run: (script) => (script === 'test' ? 'npm test' : `npm run ${script}`),
    exec: (c) => `npx ${c}`,
    tool: globally('npm install -g'),
  },
  pnpm: {
    command: 'pnpm',
    install: 'pnpm install',
    run: (script) => (script === 'test' ? 'pnpm test' : `pnpm run ${script}`),
    exec: (c) => `pnpm exec ${c}`,
    tool: globally('pnpm add -g'),
  },
  yarn: { command: 'yarn', install: 'yarn install', run: (script) => `yarn ${script}`, exec: (c) => `yarn ${c}`, tool: globally('yarn global add') },
  // `bun test` is bun's own test runner, not the script: scripts go through `bun run`.
  bun: { command: 'bun', install: 'bun install', run: (script) => `bun run ${script}`, exec: (c) => `bunx ${c}`, tool: globally('bun add -g') },
};

/** Yarn 2+ has no global installs: a tool runs through `yarn dlx`. */
const BERRY: Omit<PackageManager, 'berry'> = {
  ...MANAGERS.yarn,
  tool: (pkg, command) => ({ run: `yarn dlx -p ${pkg} ${command}` }),
};

export function packageManagerFrom(userAgent: string | undefined): PackageManager {
  const [name, version] = userAgent?.split(' ')[0]?.split('/') ?? [];
  const berry = name === 'yarn' && Number.parseInt(version ?? '1', 10) >= 2;
  const manager = berry ? BERRY : name === 'pnpm' || name === 'yarn' || name === 'bun' ? MANAGERS[name] : MANAGERS.npm;
  return { ...manager, berry };
}
