/**
 * add-tracing in a CDK app, the pure core: from the app's files (cdk.json, its entry, its sources) and the
 * options to the files to write (the Aspect module, the entry with the Aspect registered), what changes, and
 * what the user must do by hand. Refusals are one line saying why and what to do; nothing is half-done.
 */
import { rolePolicies } from '../../model/cloudformation.js';
import { UsageError } from '../../shared/errors.js';
import { TRACING_NAMES, type Tracing, tracingFlavor, tracingPieces } from '../../tracing/index.js';
import { entryFromApp, importLine, isRegistered, modulePlace, registerAspect, registrationLine } from './entry.js';
import { type CdkLanguage, commandFor, markerIn, renderModule } from '../../model/cdk-module.js';

/** The app as the planner sees it: cdk.json's text and the app's source files (relative posix paths, their text). */
export interface CdkApp {
  cdkJson: string;
  files: ReadonlyMap<string, string>;
}

export interface CdkOptions {
  tracing: Tracing;
  /** The flavor's variant options, each given or at its default. */
  variants: Readonly<Record<string, string>>;
  force: boolean;
}

export interface CdkPlan {
  language: CdkLanguage;
  entry: string;
  module: string;
  /** Files to write: `before` undefined for a new file. Empty when there is nothing to change. */
  writes: { path: string; before?: string; after: string }[];
  changes: string[];
  /** Why there is nothing to change, when there is not. */
  unchanged?: string;
  notes: string[];
}

const SOURCE = { typescript: /\.ts$/, python: /\.py$/ } as const;

function readCdkJson(text: string): { app?: unknown } {
  try {
    return JSON.parse(text) as { app?: unknown };
  } catch (error) {
    throw new UsageError(`cdk.json is not valid JSON (${(error as Error).message}): fix it, then run again.`);
  }
}

/** Which flavor the app's own code already traces with: it names the flavor's layer (or, without a layer, its SDK and active tracing). */
function flavorsInCode(app: CdkApp, language: CdkLanguage): Tracing[] {
  const sources = [...app.files].filter(([path, text]) => SOURCE[language].test(path) && !markerIn(text)).map(([, text]) => text).join('\n');
  const everything = [...app.files.values()].join('\n');
  return TRACING_NAMES.filter((name) => {
    const flavor = tracingFlavor(name);
    if (flavor.layerMarks.source !== '$^') return flavor.layerMarks.test(sources);
    const requirements = tracingPieces({ tracing: name, runtime: 'python3.13', arch: 'x86_64', serviceName: 'x' }).functionRequirements;
    return /Tracing\.ACTIVE/.test(sources) && requirements.some((r) => everything.includes(r.split(/[=<>[ ]/)[0]!));
  });
}

/** The module already there (ours, wherever it is), or a file of the user's in its place. */
function existingModule(app: CdkApp, path: string): { path: string; command?: string } | undefined {
  const ours = [...app.files].find(([, text]) => markerIn(text) !== undefined);
  if (ours) return { path: ours[0], command: markerIn(ours[1]) };
  return app.files.has(path) ? { path } : undefined;
}

/** Refusals about what is there already: the user's file in the module's place, another flavor's Aspect or code. */
function checkExisting(existing: { path: string; command?: string } | undefined, inCode: Tracing[], options: CdkOptions): void {
  if (options.force) return;
  const wanted = commandFor(options);
  if (existing && existing.command === undefined) {
    throw new UsageError(`${existing.path} is there and add-tracing did not write it: rename it, or run again with --force to replace it.`);
  }
  if (existing?.command !== undefined && existing.command !== wanted) {
    throw new UsageError(`${existing.path} already adds ${existing.command} tracing: run again with --force to replace it with ${wanted}.`);
  }
  const other = inCode.find((name) => name !== options.tracing);
  if (other && !existing) {
    throw new UsageError(`This app's code already traces with ${other} (its layer is in the stacks): --force adds the ${wanted} Aspect anyway (functions with the ${other} layer keep it).`);
  }
}

/** What the user does by hand: the handler code, and the permissions of roles the app imports. */
function notesFor(app: CdkApp, options: CdkOptions, language: CdkLanguage): string[] {
  const pieces = tracingPieces({ tracing: options.tracing, runtime: 'python3.13', arch: 'x86_64', serviceName: 'x', variants: options.variants });
  const imported = [...app.files].some(([path, text]) => SOURCE[language].test(path) && /\bRole\.from_?[Rr]ole_?(Arn|Name|arn|name)\b/.test(text));
  const permissions = rolePolicies(pieces).join(', ');
  return [
    ...(imported ? [`A function whose role the app imports (Role.fromRoleArn...) keeps that role as it is: cdk synth warns on it; attach ${permissions} to that role yourself.`] : []),
    ...tracingFlavor(options.tracing).handlerNotes,
  ];
}

export function planCdkTracing(app: CdkApp, options: CdkOptions): CdkPlan {
  const { language, entry } = entryFromApp(readCdkJson(app.cdkJson).app);
  const entryText = app.files.get(entry);
  if (entryText === undefined) {
    throw new UsageError(`cdk.json's app runs ${entry}, which is not in the app folder: fix cdk.json's "app" and run again, or register the Aspect in your entry yourself (${registrationLine(language)}).`);
  }
  const place = modulePlace(language, entry, entryText, new Set(app.files.keys()));
  const existing = existingModule(app, place);
  const inCode = flavorsInCode(app, language);
  checkExisting(existing, inCode, options);
  const module = existing?.path ?? place;
  const plan: CdkPlan = { language, entry, module, writes: [], changes: [], notes: notesFor(app, options, language) };
  const command = commandFor(options);
  if (!existing && inCode.includes(options.tracing) && !options.force) {
    return { ...plan, unchanged: `This app's code already traces with ${command} (a project create made, or by hand): nothing to change. --force adds the Aspect for functions it does not trace.` };
  }
  const text = renderModule(language, { tracing: options.tracing, variants: options.variants, entry });
  if (existing?.command !== command) {
    plan.writes.push({ path: module, before: existing ? app.files.get(module) : undefined, after: text });
    plan.changes.push(`${module}: the TracedLambda Aspect (${command})${existing ? `, replacing ${existing.command ?? 'the file there'}` : ''}`);
  }
  if (!isRegistered(language, entryText)) {
    plan.writes.push({ path: entry, before: entryText, after: registerAspect(language, entry, entryText, importLine(language, entry, entryText, module)) });
    plan.changes.push(`${entry}: registers it (Aspects.of(app).add)`);
  }
  if (plan.writes.length === 0) plan.unchanged = `${module} already adds ${command} tracing, registered in ${entry}: nothing to change.`;
  return plan;
}

