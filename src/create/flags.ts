/** Turns argv into answers (through the shared flag parser), and the option table into --help. Nothing here touches the disk. */
import { CHECKED_ON } from '../shared/catalog.js';
import { UsageError } from '../shared/errors.js';
import { type FlagTable, parseFlags } from '../shared/parse-flags.js';
import { type Answers, BOOLEAN_OPTIONS, type ValueKey, VALUE_OPTIONS } from '../model/options.js';

export type Given = Partial<Answers>;

const HELP_HINT = 'Run create-traced-lambda --help for the options.';

const MAIN_FLAGS: FlagTable = {
  values: VALUE_OPTIONS,
  booleans: BOOLEAN_OPTIONS,
  valueHint: (flag) => choicesText(VALUE_OPTIONS.find((o) => o.flag === flag)!.key),
  helpHint: HELP_HINT,
};

export function parseArgv(argv: readonly string[]): Given {
  const { values, positionals } = parseFlags(argv, MAIN_FLAGS);
  const given = values as Given;
  if (positionals.length > 1) {
    throw new UsageError(
      `Expected at most one directory, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}. ` +
        'Quote a directory name that has spaces.',
    );
  }
  if (positionals.length === 1) {
    if (given.directory !== undefined && given.directory !== positionals[0]) {
      throw new UsageError(`Two directories given: ${positionals[0]} and --directory ${given.directory}. Keep one.`);
    }
    given.directory = positionals[0];
  }
  return given;
}

function choicesText(key: ValueKey): string {
  const def = VALUE_OPTIONS.find((o) => o.key === key)!;
  return def.choices ? ` (one of: ${def.choices.map((c) => c.value).join(', ')})` : def.meta ? ` (${def.meta})` : '';
}

export function helpText(version: string): string {
  const lines = [
    `create-traced-lambda ${version}`,
    'Scaffold a Python AWS Lambda API (API Gateway REST API, GET /hello) traced with AWS X-Ray from its first deploy.',
    '',
    'Usage:',
    '  npm create traced-lambda@latest [directory] -- [options]',
    '  create-traced-lambda [directory] [options]',
    '  create-traced-lambda add-tracing [template] [options]   add tracing to an existing template (see add-tracing --help)',
    "  create-traced-lambda upgrade [path] [options]           bring a project's tracing layers to this catalog (see upgrade --help)",
    '',
    'Options:',
  ];
  const rows: [string, string][] = [];
  for (const o of VALUE_OPTIONS) {
    if (o.key === 'directory') continue;
    const values = o.choices ? o.choices.map((c) => c.value).join('|') : o.meta!;
    const notes = [o.appliesHelp, `default: ${o.defaultHelp ?? o.default({}, { cwd: '.', env: {} })}`].filter(Boolean);
    rows.push([`--${o.flag} ${values}`, `${o.help} (${notes.join('; ')})`]);
    for (const c of o.choices ?? []) {
      rows.push([`    ${c.value}`, c.hint]);
    }
  }
  for (const o of BOOLEAN_OPTIONS) {
    rows.push([`${o.short ? `-${o.short}, ` : ''}--${o.flag}`, o.help]);
  }
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  lines.push(...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`));
  lines.push(
    '',
    `Layer facts (ARNs, versions, runtimes, regions) as of ${CHECKED_ON}; each flavor's module says where it read them.`,
    'Without a terminal (CI, pipes) nothing is asked: flags, then defaults, are used.',
    'Examples:',
    '  npm create traced-lambda@latest my-api -- --tracing adot --iac sam --yes',
    '  create-traced-lambda my-api --tracing xray-sdk --arch arm64 --region eu-west-1 --no-git',
  );
  return lines.join('\n');
}
