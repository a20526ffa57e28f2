/** The interactive questions and the summary, both derived from the option table. */
import { resolve as resolvePath } from 'node:path';
import { CHECKED_ON } from '../shared/catalog.js';
import { type Answers, type Context, VALUE_OPTIONS } from '../model/options.js';
import type { ProjectSpec } from '../model/spec.js';
import { valueProblem } from '../model/spec.js';
import { targetProblem } from './target.js';

export interface Question {
  type: 'input' | 'select';
  name: string;
  message: string;
  default: (answers: Partial<Answers>) => string;
  when: (answers: Partial<Answers>) => boolean;
  validate: (value: string) => true | string;
  choices?: { name: string; value: string; description: string }[];
}

/** One question for each askable option that no flag answered, in table order. */
export function questionsFor(given: Partial<Answers>, context: Context): Question[] {
  return VALUE_OPTIONS.filter((def) => def.question && given[def.key] === undefined).map((def) => ({
    type: def.choices ? 'select' : 'input',
    name: def.key,
    message: def.question!,
    default: (answers) => def.default({ ...given, ...answers }, context),
    when: (answers) => !def.appliesTo || def.appliesTo({ ...given, ...answers }),
    validate: (value) =>
      valueProblem(def, value) ??
      (def.key === 'directory' ? targetProblem(resolvePath(context.cwd, value), value, given.force ?? false) : undefined) ??
      true,
    choices: def.choices?.map((c) => ({ name: c.value, value: c.value, description: c.hint })),
  }));
}

/** The choices made, on one screen. */
export function summary(spec: ProjectSpec, answers: Answers): string {
  const rows: [string, string][] = [
    ['directory', spec.targetDir],
    ['name', spec.name],
    ['tracing', `${spec.tracing}: ${spec.pieces.label}`],
    ['iac', spec.iac === 'cdk' ? `cdk (${spec.cdkLanguage})` : spec.iac],
    ['runtime', spec.runtime],
    ['arch', spec.arch],
    ['region', spec.region],
    ['layers as of', CHECKED_ON],
  ];
  // The options that apply only to some choices (a flavor's layer variant), when they apply.
  for (const def of VALUE_OPTIONS) {
    if (!def.summaryLabel || !def.appliesTo?.(answers)) continue;
    const value = answers[def.key];
    rows.push([def.summaryLabel, def.choices?.find((c) => c.value === value)?.summary ?? value]);
  }
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return ['', 'create-traced-lambda will create:', ...rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`), ''].join('\n');
}
