/**
 * Answers in, a validated project spec out. Pure: no disk, no Yeoman, no
 * prompts, so every rule here is tested fast and the CLI and the prompts
 * share it.
 */
import { resolve as resolvePath } from 'node:path';
import { CHECKED_ON, deprecatedRuntimeProblem, PYTHON_RUNTIMES, retiringRuntimeProblem } from '../shared/catalog.js';
import { UsageError } from '../shared/errors.js';
import {
  type Answers,
  BOOLEAN_DEFAULTS,
  type Context,
  type ValueDef,
  type ValueKey,
  VALUE_OPTIONS,
} from './options.js';
import { nameProblem, pythonName } from '../shared/names.js';
import { type PackageManager, packageManagerFrom } from './package-manager.js';
import { KNOWN_REGIONS, type TracingPieces, tracingPieces } from '../tracing/index.js';

/** What a run does not carry into the project: how to run, not what to make. */
type RunOnly = 'yes' | 'help' | 'version' | 'debug' | 'depsLayer';

/** The answers, validated, with what follows from them. */
export type ProjectSpec = Omit<Answers, RunOnly> & {
  /** Absolute. */
  targetDir: string;
  /** `name` as a Python identifier, for module names. */
  pythonName: string;
  /** The function's third-party requirements go in their own Lambda layer (dependencies/). */
  depsLayer: boolean;
  pieces: TracingPieces;
  /** The package manager that ran us: every command written into the project or printed is spelled for it. */
  packageManager: PackageManager;
};

/** Flags first, then defaults, in table order (later defaults may depend on earlier answers). */
export function fillDefaults(given: Partial<Answers>, ctx: Context): Answers {
  const answers: Partial<Answers> = { ...BOOLEAN_DEFAULTS, ...given };
  for (const def of VALUE_OPTIONS) {
    if (answers[def.key] === undefined) {
      (answers as Record<ValueKey, string>)[def.key] = def.default(answers, ctx);
    }
  }
  return answers as Answers;
}

/** A problem with one value, judged alone (used by prompts too), or undefined. */
export function valueProblem(def: ValueDef, value: string): string | undefined {
  if (def.key === 'runtime') {
    const problem = deprecatedRuntimeProblem(value) ?? retiringRuntimeProblem(value);
    if (problem) return `${problem}. Use --runtime ${choiceList(def)}.`;
  }
  if (def.validate) {
    const problem = def.validate(value);
    if (problem) return problem;
  }
  if (def.choices) {
    const choice = def.choices.find((c) => c.value === value);
    if (!choice) {
      const near = def.choices.find((c) => c.value === value.trim().toLowerCase());
      return `--${def.flag} ${JSON.stringify(value)} is not supported.${near ? ` Did you mean --${def.flag} ${near.value}?` : ''} Use one of: ${choiceList(def)}.`;
    }
  }
  if (def.key === 'name') return nameProblem(value);
  if (def.key === 'region' && !KNOWN_REGIONS.includes(value)) {
    const near = KNOWN_REGIONS.find((r) => r === value.trim().toLowerCase());
    return (
      `--region ${JSON.stringify(value)} is not an AWS region this tool knows.` +
      (near ? ` Did you mean --region ${near}?` : '') +
      ` Known regions: ${KNOWN_REGIONS.join(', ')}.`
    );
  }
  if (def.key === 'directory') {
    if (value.trim() === '') return 'The directory name is empty. Give a directory, for example: create-traced-lambda my-api';
    if (value.includes('\0')) return 'The directory name contains a NUL character.';
  }
  return undefined;
}

function choiceList(def: ValueDef): string {
  return (def.choices ?? []).map((c) => c.value).join(', ');
}

/** Validate complete answers and derive the spec. `given` tells which values came from flags. */
export function resolveSpec(answers: Answers, given: Partial<Answers>, ctx: Context): ProjectSpec {
  for (const def of VALUE_OPTIONS) {
    const problem = valueProblem(def, answers[def.key]);
    if (problem) throw new UsageError(problem);
    if (given[def.key] !== undefined && def.appliesTo && !def.appliesTo(answers)) {
      throw new UsageError(`--${def.flag} applies only ${def.appliesHelp}. Remove it, or change that choice.`);
    }
  }

  const pieces = tracingPieces({
    tracing: answers.tracing,
    runtime: answers.runtime,
    arch: answers.arch,
    serviceName: answers.name,
    variants: answers,
  });
  if (!pieces.runtimes.includes(answers.runtime)) {
    const usable = pieces.runtimes.filter((r) => r in PYTHON_RUNTIMES.supported);
    throw new UsageError(
      `${pieces.label} does not support ${answers.runtime} (its layer lists ${pieces.runtimes.join(', ')} as of ${CHECKED_ON}${pieces.checkAt ? `; newer layers: see ${pieces.checkAt}` : ''}). ` +
        `Use --runtime ${usable.join(' or ')}, or another --tracing.`,
    );
  }
  if (!pieces.regions.includes(answers.region)) {
    throw new UsageError(
      `${pieces.label} is not published in ${answers.region} (as of ${CHECKED_ON}${pieces.checkAt ? `; newer layers: see ${pieces.checkAt}` : ''}). Use --region with one of: ${pieces.regions.join(', ')}.`,
    );
  }

  const { yes, help, version, debug, depsLayer, ...chosen } = answers;
  return {
    ...chosen,
    targetDir: resolvePath(ctx.cwd, answers.directory),
    pythonName: pythonName(answers.name),
    depsLayer: depsLayer === 'on' && pieces.functionRequirements.length > 0,
    pieces,
    packageManager: packageManagerFrom(ctx.env.npm_config_user_agent),
  };
}
