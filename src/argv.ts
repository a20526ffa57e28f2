/** Turns argv into answers, and the option table into --help. Nothing here touches the disk. */
import { UsageError } from './errors.js';
import { type Answers, BOOLEAN_OPTIONS, type ValueKey, VALUE_OPTIONS } from './options.js';

export type Given = Partial<Answers>;

const HELP_HINT = 'Run create-traced-lambda --help for the options.';

export function parseArgv(argv: readonly string[]): Given {
  const given: Given = {};
  const positionals: string[] = [];
  const set = <K extends keyof Answers>(key: K, value: Answers[K], flag: string) => {
    if (key in given && given[key] !== value) {
      throw new UsageError(`--${flag} is given twice with different values. Keep one. ${HELP_HINT}`);
    }
    given[key] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) {
      // Short flags, possibly grouped: -yv
      for (const letter of arg.slice(1)) {
        const def = BOOLEAN_OPTIONS.find((o) => o.short === letter);
        if (!def) throw new UsageError(`Unknown option -${letter}. ${HELP_HINT}`);
        set(def.key, def.sets, def.flag);
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const boolDef = BOOLEAN_OPTIONS.find((o) => o.flag === flag);
    if (boolDef) {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value. ${HELP_HINT}`);
      set(boolDef.key, boolDef.sets, flag);
      continue;
    }
    const def = VALUE_OPTIONS.find((o) => o.flag === flag);
    if (!def) throw new UsageError(unknownFlagMessage(flag));
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${flag} needs a value${choicesText(def.key)}. ${HELP_HINT}`);
      }
      value = next;
      i++;
    }
    set(def.key, value as never, flag);
  }

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

function unknownFlagMessage(flag: string): string {
  const all = [...VALUE_OPTIONS.map((o) => o.flag), ...BOOLEAN_OPTIONS.map((o) => o.flag)];
  const best = all
    .map((candidate) => ({ candidate, distance: editDistance(flag, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const guess = best && best.distance <= Math.max(2, Math.floor(flag.length / 3)) ? ` Did you mean --${best.candidate}?` : '';
  return `Unknown option --${flag}.${guess} ${HELP_HINT}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
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
      rows.push([`    ${c.value}`, c.hint + (c.unavailable ? ` [${c.unavailable}]` : '')]);
    }
  }
  for (const o of BOOLEAN_OPTIONS) {
    rows.push([`${o.short ? `-${o.short}, ` : ''}--${o.flag}`, o.help]);
  }
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  lines.push(...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`));
  lines.push(
    '',
    'Without a terminal (CI, pipes) nothing is asked: flags, then defaults, are used.',
    'Examples:',
    '  npm create traced-lambda@latest my-api -- --tracing adot --iac sam --yes',
    '  create-traced-lambda my-api --tracing xray-sdk --arch arm64 --region eu-west-1 --no-git',
  );
  return lines.join('\n');
}
