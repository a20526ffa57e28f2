/**
 * The one table of options. It feeds the argv parser, the interactive questions, validation and
 * --help: add an option here and it exists everywhere. The answers' types are derived from it.
 */
import { resolve as resolvePath } from 'node:path';
import { LOG_RETENTION_DAYS, PYTHON_RUNTIMES } from '../shared/catalog.js';
import { suggestName } from '../shared/names.js';
import { TRACING_FLAVORS, TRACING_NAMES, type Tracing, VARIANT_OPTIONS, tracingPieces } from '../tracing/index.js';

/** What defaults may depend on besides other answers. */
export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Choice<V extends string = string> {
  value: V;
  /** One line shown next to the choice in prompts and --help. */
  hint: string;
  /** How the summary shows the choice, when not by its value. */
  summary?: string;
}

/** Answers as far as they are known, for defaults and `appliesTo` (typed loosely: the table defines Answers). */
type Known = { readonly [key: string]: string | boolean | undefined };

interface BaseDef {
  /** `--flag` spelling. */
  flag: string;
  short?: string;
  help: string;
}

export interface ValueDef extends BaseDef {
  key: string;
  /** Placeholder in --help when there are no choices. */
  meta?: string;
  choices?: readonly Choice[];
  /** Default, given what is already known. */
  default: (a: Known, ctx: Context) => string;
  /** Shown in --help after "default". */
  defaultHelp?: string;
  /** Question text, when the option is asked interactively. */
  question?: string;
  /** Whether the option means anything given the other answers (else giving it is a conflict). */
  appliesTo?: (a: Known) => boolean;
  /** What --help says about when it applies. */
  appliesHelp?: string;
  /** The summary shows it, under this label, when it applies. */
  summaryLabel?: string;
  /** A problem with a free-form value (one line naming the fix), or undefined. */
  validate?: (value: string) => string | undefined;
}

export interface BooleanDef extends BaseDef {
  key: string;
  /** The value the flag sets (false for --no-*). */
  sets: boolean;
}

const supportedRuntimes = (Object.keys(PYTHON_RUNTIMES.supported) as (keyof typeof PYTHON_RUNTIMES.supported)[]).sort();
const tracingChoices = (Object.keys(TRACING_FLAVORS) as Tracing[]).map((value) => ({ value, hint: TRACING_FLAVORS[value].hint }));

/** The flavors' variant options as rows of the table: each applies only with its flavor. */
const VARIANT_ROWS = VARIANT_OPTIONS.map(({ tracing, default: value, ...option }) => ({
  ...option,
  default: () => value,
  appliesTo: (a: Known) => a.tracing === tracing,
  appliesHelp: `with --tracing ${tracing}`,
}));

/** The flavors whose function has requirements of its own (the X-Ray SDK): --deps-layer says where they go. */
const WITH_REQUIREMENTS = TRACING_NAMES.filter(
  (tracing) => tracingPieces({ tracing, runtime: 'python3.13', arch: 'x86_64', serviceName: 'svc' }).functionRequirements.length > 0,
);

const RETENTIONS = Object.keys(LOG_RETENTION_DAYS).map(Number);

function retentionProblem(value: string): string | undefined {
  if (String(value) in LOG_RETENTION_DAYS) return undefined;
  const days = Number(value);
  const below = [...RETENTIONS].reverse().find((d) => d < days);
  const above = RETENTIONS.find((d) => d > days);
  const near = Number.isFinite(days) ? [below, above].filter((d) => d !== undefined) : [];
  return (
    `--log-retention ${JSON.stringify(value)} is not a retention CloudWatch Logs accepts.` +
    (near.length ? ` Did you mean --log-retention ${near.join(' or ')}?` : '') +
    ` Use one of (days): ${RETENTIONS.join(', ')}.`
  );
}

/** API Gateway's throttling limits: a rate in requests per second, a burst in requests; at most the account's default quota. */
const throttleProblem = (flag: string, max: number, whole: boolean) => (value: string) => {
  const n = Number(value);
  if ((whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(value) && n > 0 && n <= max) return undefined;
  return `--${flag} ${JSON.stringify(value)} is not a ${whole ? 'whole ' : ''}number from ${whole ? 1 : 'above 0'} to ${max} (the account's default quota). For example: --${flag} ${whole ? 20 : 10}.`;
};

const VALUE_TABLE = [
  {
    key: 'directory',
    flag: 'directory',
    meta: 'DIR',
    help: 'where to create the project (also the first positional argument)',
    default: () => 'traced-api',
    question: 'Project directory',
  },
  {
    key: 'tracing',
    flag: 'tracing',
    help: 'how the function is traced',
    question: 'Tracing',
    default: () => 'powertools',
    choices: tracingChoices,
  },
  {
    key: 'iac',
    flag: 'iac',
    help: 'how the infrastructure is described',
    question: 'Infrastructure as code',
    default: () => 'sam',
    choices: [
      { value: 'sam', hint: 'AWS SAM template.yaml, deployed with sam deploy' },
      { value: 'cloudformation', hint: 'plain CloudFormation template, every resource spelled out' },
      { value: 'cdk', hint: 'AWS CDK app (TypeScript or Python)' },
    ],
  },
  {
    key: 'cdkLanguage',
    flag: 'cdk-language',
    help: 'language of the CDK app',
    question: 'CDK language',
    default: () => 'typescript',
    appliesTo: (a) => a.iac === 'cdk',
    appliesHelp: 'with --iac cdk',
    choices: [
      { value: 'typescript', hint: 'laid out like cdk init app --language typescript' },
      { value: 'python', hint: 'laid out like cdk init app --language python' },
    ],
  },
  {
    key: 'runtime',
    flag: 'runtime',
    help: 'Lambda Python runtime',
    question: 'Python runtime',
    default: () => 'python3.13',
    choices: supportedRuntimes.map((value) => ({
      value,
      hint: `${PYTHON_RUNTIMES.supported[value].os}, deprecated on ${PYTHON_RUNTIMES.supported[value].deprecation}`,
    })),
  },
  {
    key: 'arch',
    flag: 'arch',
    help: 'Lambda instruction set architecture',
    question: 'Architecture',
    default: () => 'x86_64',
    choices: [
      { value: 'x86_64', hint: 'Intel/AMD, the Lambda default' },
      { value: 'arm64', hint: 'AWS Graviton2: up to 20% cheaper per GB-second' },
    ],
  },
  {
    key: 'name',
    flag: 'name',
    meta: 'NAME',
    help: 'service and stack name',
    defaultHelp: "the directory's name",
    default: (a, ctx) => suggestName(baseName(resolvePath(ctx.cwd, String(a.directory ?? '.')))) ?? 'traced-api',
  },
  {
    key: 'region',
    flag: 'region',
    meta: 'REGION',
    help: 'region written to the deploy configuration',
    defaultHelp: 'AWS_REGION, AWS_DEFAULT_REGION, else us-east-1',
    default: (_a, { env }) => env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
  },
  // Each tracing flavor's own variant options (src/tracing/<flavor>.ts), where it declares them.
  ...VARIANT_ROWS,
  {
    key: 'depsLayer',
    flag: 'deps-layer',
    help: "where the function's third-party requirements (the X-Ray SDK) are deployed",
    default: () => 'on',
    appliesTo: (a) => WITH_REQUIREMENTS.includes(a.tracing as Tracing),
    appliesHelp: `with --tracing ${WITH_REQUIREMENTS.join(' or ')}`,
    summaryLabel: 'deps layer',
    choices: [
      { value: 'on', hint: 'in their own Lambda layer (dependencies/): a code-only change uploads only the code', summary: 'on (dependencies/)' },
      { value: 'off', hint: 'bundled with the function code (hello_world/)', summary: 'off (bundled with the code)' },
    ],
  },
  {
    key: 'logRetention',
    flag: 'log-retention',
    meta: 'DAYS',
    help: "days CloudWatch Logs keeps the function's logs (and the API's access logs), one of 1, 3, 5, 7, 14, 30, 60, 90, ... 3653",
    default: () => '14',
    validate: retentionProblem,
  },
  {
    key: 'throttleRate',
    flag: 'throttle-rate',
    meta: 'RPS',
    help: 'API stage throttling: steady-state requests per second, for every method',
    default: () => '10',
    validate: throttleProblem('throttle-rate', 10000, false),
  },
  {
    key: 'throttleBurst',
    flag: 'throttle-burst',
    meta: 'N',
    help: 'API stage throttling: requests in a burst, for every method',
    default: () => '20',
    validate: throttleProblem('throttle-burst', 5000, true),
  },
] as const satisfies readonly ValueDef[];

const BOOLEAN_TABLE = [
  {
    key: 'accessLogs',
    flag: 'access-logs',
    sets: true,
    help: "API Gateway access logs (JSON, with the request and X-Ray trace ids) in their own log group; needs API Gateway's account-level CloudWatch role, which this tool never sets (see the project README)",
  },
  { key: 'yes', flag: 'yes', short: 'y', sets: true, help: 'accept the default for every question a flag did not answer' },
  { key: 'install', flag: 'no-install', sets: false, help: 'do not install dependencies' },
  { key: 'git', flag: 'no-git', sets: false, help: 'do not run git init' },
  { key: 'force', flag: 'force', sets: true, help: 'write into a non-empty directory, overwriting only the files this tool generates' },
  { key: 'dryRun', flag: 'dry-run', sets: true, help: 'print the files that would be written (and which it would replace), and write nothing' },
  { key: 'debug', flag: 'debug', sets: true, help: 'show stack traces on errors (also DEBUG=create-traced-lambda)' },
  { key: 'help', flag: 'help', short: 'h', sets: true, help: 'show this help' },
  { key: 'version', flag: 'version', short: 'v', sets: true, help: 'show the version' },
] as const satisfies readonly BooleanDef[];

/** The tables, as the code that walks them sees them (the types below keep their literal keys and values). */
export const VALUE_OPTIONS: readonly (ValueDef & { key: ValueKey })[] = VALUE_TABLE;
export const BOOLEAN_OPTIONS: readonly (BooleanDef & { key: FlagKey })[] = BOOLEAN_TABLE;

type ValueOption = (typeof VALUE_TABLE)[number];
type BooleanOption = (typeof BOOLEAN_TABLE)[number];
/** An option's value: one of its choices, or any string. */
type ValueOf<D> = D extends { choices: readonly { value: infer V }[] } ? V : string;

export type ValueKey = ValueOption['key'];
export type FlagKey = BooleanOption['key'];
/** Every answer, from the table: the value options' values and the flags' booleans. */
export type Answers = { [D in ValueOption as D['key']]: ValueOf<D> } & { [K in FlagKey]: boolean };

export const BOOLEAN_DEFAULTS: Pick<Answers, FlagKey> = {
  accessLogs: false,
  yes: false,
  install: true,
  git: true,
  force: false,
  dryRun: false,
  debug: false,
  help: false,
  version: false,
};

export function baseName(directory: string): string {
  const parts = directory.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

export const valueOption = (key: ValueKey) => VALUE_OPTIONS.find((o) => o.key === key)!;
