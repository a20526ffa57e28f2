/**
 * Answers in, a validated project spec out. Pure: no disk, no Yeoman, no
 * prompts, so every rule here is tested fast and the CLI and the prompts
 * share it.
 */
import { resolve as resolvePath } from 'node:path';
import { KNOWN_REGIONS, PYTHON_RUNTIMES, XRAY_SDK } from './catalog.js';
import { UsageError } from './errors.js';
import {
  type Answers,
  BOOLEAN_DEFAULTS,
  type Context,
  type ValueDef,
  type ValueKey,
  VALUE_OPTIONS,
} from './options.js';
import { nameProblem, pythonName } from './names.js';
import { type TracingPieces, tracingPieces } from './tracing.js';

export interface ProjectSpec {
  /** As the user typed it (for messages and `cd`). */
  directory: string;
  /** Absolute. */
  targetDir: string;
  /** Stack and service name: letters, digits and hyphens, starting with a letter. */
  name: string;
  /** `name` as a Python identifier, for module names. */
  pythonName: string;
  tracing: Answers['tracing'];
  iac: Answers['iac'];
  cdkLanguage: Answers['cdkLanguage'];
  runtime: string;
  arch: Answers['arch'];
  region: string;
  adotLayer: Answers['adotLayer'];
  powertoolsLayer: Answers['powertoolsLayer'];
  /** The function's third-party requirements go in their own Lambda layer (dependencies/). */
  depsLayer: boolean;
  pieces: TracingPieces;
  install: boolean;
  git: boolean;
  force: boolean;
  dryRun: boolean;
}

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
    const deprecated = (PYTHON_RUNTIMES.deprecated as Record<string, string>)[value];
    if (deprecated) {
      return `${value} is deprecated in Lambda since ${deprecated}. Use --runtime ${choiceList(def)}.`;
    }
  }
  if (def.choices) {
    const choice = def.choices.find((c) => c.value === value);
    if (!choice) {
      const near = def.choices.find((c) => c.value === value.trim().toLowerCase() && !c.unavailable);
      return `--${def.flag} ${JSON.stringify(value)} is not supported.${near ? ` Did you mean --${def.flag} ${near.value}?` : ''} Use one of: ${choiceList(def)}.`;
    }
    if (choice.unavailable) {
      const others = def.choices.filter((c) => !c.unavailable).map((c) => c.value);
      return `--${def.flag} ${value} ${choice.unavailable}. Use --${def.flag} ${others.join(' or ')}.`;
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
  return (def.choices ?? []).filter((c) => !c.unavailable).map((c) => c.value).join(', ');
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
    adotLayer: answers.adotLayer,
    powertoolsLayer: answers.powertoolsLayer,
  });
  if (!pieces.runtimes.includes(answers.runtime)) {
    const usable = pieces.runtimes.filter((r) => r in PYTHON_RUNTIMES.supported);
    throw new UsageError(
      `${pieces.label} does not support ${answers.runtime} (its layer lists ${pieces.runtimes.join(', ')}). ` +
        `Use --runtime ${usable.join(' or ')}, or another --tracing.`,
    );
  }
  if (!pieces.regions.includes(answers.region)) {
    throw new UsageError(
      `${pieces.label} is not published in ${answers.region}. Use --region with one of: ${pieces.regions.join(', ')}.`,
    );
  }

  return {
    directory: answers.directory,
    targetDir: resolvePath(ctx.cwd, answers.directory),
    name: answers.name,
    pythonName: pythonName(answers.name),
    tracing: answers.tracing,
    iac: answers.iac,
    cdkLanguage: answers.cdkLanguage,
    runtime: answers.runtime,
    arch: answers.arch,
    region: answers.region,
    adotLayer: answers.adotLayer,
    powertoolsLayer: answers.powertoolsLayer,
    depsLayer: answers.depsLayer === 'on' && pieces.functionRequirements.length > 0,
    pieces,
    install: answers.install,
    git: answers.git,
    force: answers.force,
    dryRun: answers.dryRun,
  };
}

/** Printed when xray-sdk is chosen. */
export const XRAY_SDK_NOTICE =
  `The AWS X-Ray SDK for Python is in maintenance mode since ${XRAY_SDK.maintenanceSince} and reaches end of support on ` +
  `${XRAY_SDK.endOfSupport}. For new work, AWS recommends OpenTelemetry: --tracing adot.`;
