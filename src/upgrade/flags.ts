/**
 * `create-traced-lambda upgrade [path] [options]`: its flags and --help, from one small table, parsed by the
 * same parser as the other commands.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKED_ON } from '../shared/catalog.js';
import { UsageError } from '../shared/errors.js';
import { type FlagTable, parseFlags } from '../shared/parse-flags.js';

export interface UpgradeGiven {
  path?: string;
  yes?: boolean;
  dryRun?: boolean;
  debug?: boolean;
  help?: boolean;
}

type BooleanKey = 'yes' | 'dryRun' | 'debug' | 'help';

/** upgrade's flags: parsing and --help both read this table. */
const UPGRADE_FLAGS: { flag: string; short?: string; key: BooleanKey; help: string }[] = [
  { key: 'yes', flag: 'yes', short: 'y', help: 'write the changes without asking' },
  { key: 'dryRun', flag: 'dry-run', help: 'print what would change and write nothing' },
  { key: 'debug', flag: 'debug', help: 'show stack traces on errors' },
  { key: 'help', flag: 'help', short: 'h', help: 'show this help' },
];

const HINT = 'Run create-traced-lambda upgrade --help for the options.';

const TABLE: FlagTable = {
  values: [],
  booleans: UPGRADE_FLAGS.map((d) => ({ flag: d.flag, key: d.key, short: d.short, sets: true })),
  valueHint: () => '',
  helpHint: HINT,
};

export function parseUpgradeArgv(argv: readonly string[]): UpgradeGiven {
  const { values, positionals } = parseFlags(argv, TABLE);
  if (positionals.length > 1) throw new UsageError(`Expected one project folder or file, got ${positionals.length}: ${positionals.join(' ')}. ${HINT}`);
  return { ...(values as Omit<UpgradeGiven, 'path'>), ...(positionals[0] === undefined ? {} : { path: positionals[0] }) };
}

/** The project folder or file to upgrade: the one named, or the current folder. */
export function upgradeTarget(cwd: string, named: string | undefined): string {
  const path = resolve(cwd, named ?? '.');
  if (!existsSync(path)) throw new UsageError(`${named} does not exist. Pass the folder of a project this tool made or traced (or one of its templates).`);
  return path;
}

export function upgradeHelp(version: string): string {
  const rows = UPGRADE_FLAGS.map((d) => [`${d.short ? `-${d.short}, ` : ''}--${d.flag}`, d.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `create-traced-lambda ${version} upgrade`,
    `Bring a project's tracing layers to this version's catalog (layer facts as of ${CHECKED_ON}): each layer ARN's`,
    'version, the regions of each layer mapping and of its Rules assertion, and the "as of" dates. Nothing else changes.',
    '',
    'Usage:',
    '  create-traced-lambda upgrade [path] [options]   (default: the current folder; a folder, or one template file)',
    '  npx create-traced-lambda@latest upgrade         (the newest catalog)',
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    '',
    'It works on projects create-traced-lambda generated and templates add-tracing traced, in every IaC flavor.',
    'It shows the diff and asks before writing; without a terminal it writes only with --yes.',
  ].join('\n');
}
