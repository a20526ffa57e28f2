/**
 * `create-traced-lambda add-tracing [template] [options]`: its flags and --help, from one small table,
 * parsed by the same parser as the main command. --tracing is the main generator's option (same choices,
 * same validation).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { type FlagTable, parseFlags } from '../shared/parse-flags.js';
import { valueOption } from '../model/options.js';
import { valueProblem } from '../model/spec.js';
import { type Tracing, VARIANT_OPTIONS, type VariantKey } from '../tracing/index.js';

/** The flavors' variant options, which add-tracing takes too (same flags, choices, validation and "applies only"). */
export const VARIANT_KEYS = VARIANT_OPTIONS.map((option) => option.key);

export interface AddTracingGiven extends Partial<Record<VariantKey, string>> {
  template?: string;
  tracing?: Tracing;
  functions: string[];
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  debug?: boolean;
  help?: boolean;
}

type BooleanKey = 'yes' | 'dryRun' | 'force' | 'debug' | 'help';

/** add-tracing's flags: parsing (through the shared parser) and --help both read this table. */
export const ADD_TRACING_FLAGS: { flag: string; short?: string; key: BooleanKey | VariantKey | 'tracing' | 'functions'; meta?: string; help: string }[] = [
  { key: 'tracing', flag: 'tracing', meta: valueOption('tracing').choices!.map((c) => c.value).join('|'), help: 'the tracing flavor to add (asked on a terminal; default: powertools)' },
  ...VARIANT_KEYS.map((key) => {
    const def = valueOption(key);
    return { key, flag: def.flag, meta: def.choices!.map((c) => c.value).join('|'), help: `${def.help} (${def.appliesHelp}; default: ${def.default({}, { cwd: '', env: {} })})` };
  }),
  { key: 'functions', flag: 'function', meta: 'NAME', help: 'only this function (logical id; repeat for more); default: every Python function (templates only)' },
  { key: 'yes', flag: 'yes', short: 'y', help: 'write the change without asking' },
  { key: 'dryRun', flag: 'dry-run', help: 'print the diff and write nothing' },
  { key: 'force', flag: 'force', help: 'replace tracing that is configured differently (PassThrough, another flavor\'s layer or wrapper)' },
  { key: 'debug', flag: 'debug', help: 'show stack traces on errors, and keep an edit that fails its checks next to the template (for a bug report)' },
  { key: 'help', flag: 'help', short: 'h', help: 'show this help' },
];

const HINT = 'Run create-traced-lambda add-tracing --help for the options.';

const TABLE: FlagTable = {
  values: ADD_TRACING_FLAGS.filter((d) => d.meta).map((d) => ({ flag: d.flag, key: d.key, repeatable: d.key === 'functions' })),
  booleans: ADD_TRACING_FLAGS.filter((d) => !d.meta).map((d) => ({ flag: d.flag, key: d.key, short: d.short, sets: true })),
  valueHint: (flag) => ` (${ADD_TRACING_FLAGS.find((d) => d.flag === flag)!.meta})`,
  helpHint: HINT,
};

export function parseAddTracingArgv(argv: readonly string[]): AddTracingGiven {
  const { values, positionals } = parseFlags(argv, TABLE);
  const { functions = [], tracing, ...flags } = values as Omit<AddTracingGiven, 'functions' | 'tracing'> & { functions?: string[]; tracing?: string };
  for (const key of ['tracing', ...VARIANT_KEYS] as const) {
    const value = values[key] as string | undefined;
    const problem = value === undefined ? undefined : valueProblem(valueOption(key), value);
    if (problem) throw new UsageError(problem);
  }
  // Without --tracing, the flavor is asked or defaulted later, and checked then (variantsFor).
  if (tracing !== undefined) variantsFor(values as Partial<Record<VariantKey, string>>, tracing as Tracing);
  if (positionals.length > 1) throw new UsageError(`Expected one template, got ${positionals.length}: ${positionals.join(' ')}. ${HINT}`);
  return {
    ...flags,
    functions: functions.flatMap((value) => value.split(',').filter(Boolean)),
    ...(tracing === undefined ? {} : { tracing: tracing as Tracing }),
    ...(positionals[0] === undefined ? {} : { template: positionals[0] }),
  };
}

/** The variant options given, checked against the tracing flavor (a flag for another flavor is refused, as in create). */
export function variantsFor(given: Partial<Record<VariantKey, string>>, tracing: Tracing): Partial<Record<VariantKey, string>> {
  const variants: Partial<Record<VariantKey, string>> = {};
  for (const key of VARIANT_KEYS) {
    const def = valueOption(key);
    if (given[key] === undefined) continue;
    if (!def.appliesTo!({ tracing })) throw new UsageError(`--${def.flag} applies only ${def.appliesHelp}. Remove it, or change that choice.`);
    variants[key] = given[key];
  }
  return variants;
}

/** The templates add-tracing (and upgrade) look for in a folder when none is named. */
export const DEFAULT_TEMPLATES = ['template.yaml', 'template.yml', 'template.json'];

/** The template to edit: the one named, or template.yaml/.yml/.json in `cwd`. Refuses what is not a file. */
export function findTemplate(cwd: string, named: string | undefined): string {
  if (named !== undefined) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) throw new UsageError(`${named} does not exist. Pass the path of your SAM or CloudFormation template.`);
    if (!statSync(path).isFile()) throw new UsageError(`${named} is a folder without cdk.json, not a template. Pass the path of your SAM or CloudFormation template, or of a CDK app's folder.`);
    return path;
  }
  const found = DEFAULT_TEMPLATES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
  if (!found) throw new UsageError(`No ${DEFAULT_TEMPLATES.join(', ')} here, and no cdk.json here or above. Pass the template's path or the CDK app's folder: create-traced-lambda add-tracing path/to/template.yaml`);
  return found;
}

export function addTracingHelp(version: string): string {
  const rows = ADD_TRACING_FLAGS.map((d) => [`${d.short ? `-${d.short}, ` : ''}--${d.flag}${d.meta ? ` ${d.meta}` : ''}`, d.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `create-traced-lambda ${version} add-tracing`,
    'Add X-Ray tracing to the Python functions of an existing SAM or CloudFormation template, in place, or of a CDK app.',
    '',
    'Usage:',
    '  create-traced-lambda add-tracing [template] [options]   (default: ./template.yaml, .yml or .json)',
    '  create-traced-lambda add-tracing [app folder] [options] (a CDK app: the folder with cdk.json, here or above)',
    '',
    'In a CDK app (TypeScript or Python) it adds a TracedLambda Aspect, registered in the app\'s entry, that traces',
    'every Python function at synth; its exclude option replaces --function.',
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    '',
    'It shows the diff and asks before writing; without a terminal it writes only with --yes.',
    'Only the lines it adds change: comments, order, quoting and short-form tags stay as written.',
    'Examples:',
    '  create-traced-lambda add-tracing --tracing adot --dry-run',
    '  create-traced-lambda add-tracing infra/template.yaml --tracing powertools --function OrdersFunction --yes',
    '  create-traced-lambda add-tracing cdk-app --tracing adot --yes',
  ].join('\n');
}
