/**
 * The command-line parser both commands share: `--flag value`, `--flag=value`, boolean flags, grouped
 * short flags (-yv), `--` to end options, did-you-mean for unknown flags. Each command gives its own
 * table of flags; nothing here knows what they mean.
 */
import { UsageError } from './errors.js';

export interface FlagTable {
  values: readonly { flag: string; key: string; repeatable?: boolean }[];
  booleans: readonly { flag: string; key: string; short?: string; sets: boolean }[];
  /** What a value flag takes, for "needs a value" (e.g. " (one of: a, b)"). */
  valueHint: (flag: string) => string;
  /** The sentence that ends every message: where to read the options. */
  helpHint: string;
}

export interface ParsedFlags {
  values: Record<string, string | string[] | boolean>;
  positionals: string[];
}

export function parseFlags(argv: readonly string[], table: FlagTable): ParsedFlags {
  const values: ParsedFlags['values'] = {};
  const positionals: string[] = [];
  const set = (key: string, value: string | boolean, flag: string) => {
    if (key in values && values[key] !== value) {
      throw new UsageError(`--${flag} is given twice with different values. Keep one. ${table.helpHint}`);
    }
    values[key] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      // npm's `npm create x -- --yes` form, which pnpm, yarn 2+ and bun pass on with the `--` in it: a `--`
      // followed by one of our flags separates nothing. Otherwise what follows is positional (a directory `-x`).
      if (isFlag(argv[i + 1], table)) continue;
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
        const def = table.booleans.find((o) => o.short === letter);
        if (!def) throw new UsageError(`Unknown option -${letter}. ${table.helpHint}`);
        set(def.key, def.sets, def.flag);
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const boolDef = table.booleans.find((o) => o.flag === flag);
    if (boolDef) {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value. ${table.helpHint}`);
      set(boolDef.key, boolDef.sets, flag);
      continue;
    }
    const def = table.values.find((o) => o.flag === flag);
    if (!def) throw new UsageError(unknownFlagMessage(flag, table));
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${flag} needs a value${table.valueHint(flag)}. ${table.helpHint}`);
      }
      value = next;
      i++;
    }
    if (def.repeatable) values[def.key] = [...((values[def.key] as string[] | undefined) ?? []), value];
    else set(def.key, value, flag);
  }
  return { values, positionals };
}

/** Is `arg` one of the table's flags (`--flag`, `--flag=value`, or short flags such as `-y`)? */
function isFlag(arg: string | undefined, table: FlagTable): boolean {
  if (!arg?.startsWith('-')) return false;
  if (!arg.startsWith('--')) return [...arg.slice(1)].every((letter) => table.booleans.some((o) => o.short === letter));
  const flag = arg.slice(2).split('=')[0];
  return [...table.values, ...table.booleans].some((o) => o.flag === flag);
}

function unknownFlagMessage(flag: string, table: FlagTable): string {
  const all = [...table.values.map((o) => o.flag), ...table.booleans.map((o) => o.flag)];
  const best = all
    .map((candidate) => ({ candidate, distance: editDistance(flag, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const guess = best && best.distance <= Math.max(2, Math.floor(flag.length / 3)) ? ` Did you mean --${best.candidate}?` : '';
  return `Unknown option --${flag}.${guess} ${table.helpHint}`;
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
