/**
 * A CDK app's entry (the file cdk.json's `app` command runs): its language, where the Aspect module goes, and
 * the edit that registers it (its import, and one Aspects.of(app).add(...) line). Pure: text in, text out.
 */
import { posix } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import type { CdkLanguage } from '../../model/cdk-module.js';

/** Languages cdk.json's app command may run, by what gives them away, for the refusal. */
const OTHER_LANGUAGES: [RegExp, string][] = [
  [/\.js\b|^node\b|\bnode\s/, 'JavaScript'],
  [/\bmvn\b|\bgradle\b|\bjava\b|\.jar\b/, 'Java'],
  [/\bdotnet\b|\.csproj\b|\.fsproj\b/, 'C# (.NET)'],
  [/\bgo\s+(run|build)\b|\.go\b/, 'Go'],
];

/** The entry file and its language, from cdk.json's app command; a refusal naming the language otherwise. */
export function entryFromApp(app: unknown): { language: CdkLanguage; entry: string } {
  if (typeof app !== 'string' || app.trim() === '') throw new UsageError('cdk.json has no "app" command: add-tracing finds the app\'s entry file from it. Add it (e.g. "app": "npx tsx bin/app.ts").');
  const file = (ext: string) => [...app.matchAll(new RegExp(`(?:^|[\\s"'=])([^\\s"']+\\.${ext})(?=$|[\\s"'])`, 'g'))].at(-1)?.[1];
  const py = file('py');
  if (py) return { language: 'python', entry: posix.normalize(py) };
  const ts = file('ts');
  if (ts) return { language: 'typescript', entry: posix.normalize(ts) };
  const other = OTHER_LANGUAGES.find(([pattern]) => pattern.test(app))?.[1];
  throw new UsageError(
    other
      ? `This CDK app is in ${other} (cdk.json's app: ${app}); add-tracing adds its Aspect to TypeScript and Python apps only.`
      : `cdk.json's app command (${app}) runs no .ts or .py file; add-tracing adds its Aspect to TypeScript and Python apps only.`,
  );
}

/** Where the module goes: next to the stacks the entry imports (TypeScript), in the package it imports from (Python). */
export function modulePlace(language: CdkLanguage, entry: string, entryText: string, files: ReadonlySet<string>): string {
  const dir = posix.dirname(entry);
  if (language === 'typescript') {
    const stack = /from\s+['"](\.\.?\/[^'"]+)['"]/.exec(entryText)?.[1];
    return posix.join(stack ? posix.dirname(posix.join(dir, stack)) : dir, 'traced-lambda.ts');
  }
  const pkg = [...entryText.matchAll(/^from\s+([A-Za-z_]\w*)(?:\.\w+)*\s+import\b/gm)]
    .map((m) => m[1]!)
    .find((name) => files.has(posix.join(dir, name, '__init__.py')));
  return posix.join(dir, pkg ?? '', 'traced_lambda.py');
}

/** The entry's import of the module: a relative path (with .js when the entry's own imports have it), or a dotted module. */
export function importLine(language: CdkLanguage, entry: string, entryText: string, module: string): string {
  const path = posix.relative(posix.dirname(entry), module.replace(/\.(ts|py)$/, ''));
  if (language === 'python') return `from ${path.split('/').join('.')} import TracedLambda`;
  const ext = /from\s+['"]\.\.?\/[^'"]+\.js['"]/.test(entryText) ? '.js' : '';
  return `import { TracedLambda } from '${path.startsWith('.') ? path : `./${path}`}${ext}';`;
}

/** The line that registers the Aspect, for a refusal that asks the user to add it. */
export const registrationLine = (language: CdkLanguage, app = 'app') =>
  language === 'typescript' ? `Aspects.of(${app}).add(new TracedLambda());` : `Aspects.of(${app}).add(TracedLambda())`;

/** Is the Aspect registered in this entry already? */
export const isRegistered = (language: CdkLanguage, text: string) =>
  (language === 'typescript' ? /\bnew\s+TracedLambda\s*\(/ : /\bTracedLambda\s*\(/).test(text.replace(/^\s*(\/\/|#).*$/gm, ''));

/** The last top-level import statement's end (after its line break), or the start after a shebang. */
function afterImports(language: CdkLanguage, text: string): number {
  const pattern =
    language === 'typescript'
      ? /^import\b[^;]*?['"][^'"\n]+['"];?[ \t]*(?:\r?\n|$)/gm
      : /^(?:from\s+\S+\s+import\s+(?:\([^)]*\)|[^\n]*)|import\s+[^\n]*)[ \t]*(?:\r?\n|$)/gm;
  const last = [...text.matchAll(pattern)].at(-1);
  if (last) return last.index + last[0].length;
  return text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
}

/** How the entry names Aspects: through its aws-cdk-lib namespace, a name it imports, or a new import. */
function aspectsName(language: CdkLanguage, text: string): { name: string; importLine?: string } {
  if (language === 'typescript') {
    const ns = /^import\s+\*\s+as\s+(\w+)\s+from\s+['"]aws-cdk-lib(?:\/core)?['"]/m.exec(text)?.[1];
    if (ns) return { name: `${ns}.Aspects` };
    if (/^import\s*\{[^}]*\bAspects\b[^}]*\}\s*from\s+['"]aws-cdk-lib(?:\/core)?['"]/m.test(text)) return { name: 'Aspects' };
    return { name: 'Aspects', importLine: "import { Aspects } from 'aws-cdk-lib';" };
  }
  const ns = /^import\s+aws_cdk\s+as\s+(\w+)/m.exec(text)?.[1] ?? (/^import\s+aws_cdk\s*$/m.test(text) ? 'aws_cdk' : undefined);
  if (ns) return { name: `${ns}.Aspects` };
  if (/^from\s+aws_cdk\s+import\s+(?:\([^)]*\bAspects\b[^)]*\)|[^\n]*\bAspects\b)/m.test(text)) return { name: 'Aspects' };
  return { name: 'Aspects', importLine: 'from aws_cdk import Aspects' };
}

/**
 * The entry with the module's import and the Aspect registered: before `app.synth()` when the entry calls it
 * (Aspects run at synth), else at its end. A refusal, with the lines to add, when there is no `app = App()`.
 */
export function registerAspect(language: CdkLanguage, entry: string, text: string, moduleImport: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const appPattern = language === 'typescript' ? /(?:const|let|var)\s+(\w+)\s*=\s*new\s+(?:\w+\.)?App\s*\(/ : /^(\w+)\s*=\s*(?:\w+\.)?App\s*\(/m;
  const app = appPattern.exec(text)?.[1];
  if (!app) {
    throw new UsageError(
      `${entry} creates no CDK App that add-tracing can find (${language === 'typescript' ? 'const app = new App()' : 'app = App()'}): add these lines yourself, then run again: ${moduleImport} ${registrationLine(language)}`,
    );
  }
  const aspects = aspectsName(language, text);
  const line = registrationLine(language, app).replace(/^Aspects/, aspects.name);
  const synth = new RegExp(`^[ \\t]*${app}\\.synth\\(`, 'm').exec(text);
  const registered = synth
    ? `${text.slice(0, synth.index)}${line}${eol}${text.slice(synth.index)}`
    : `${text}${text.endsWith('\n') || text === '' ? '' : eol}${line}${eol}`;
  const at = afterImports(language, registered);
  const imports = [aspects.importLine, moduleImport].filter(Boolean).map((l) => `${l}${eol}`).join('');
  const needsBreak = at > 0 && !registered.slice(0, at).endsWith('\n');
  return `${registered.slice(0, at)}${needsBreak ? eol : ''}${imports}${registered.slice(at)}`;
}
