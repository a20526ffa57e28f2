/** add-tracing in a CDK app, the pure core: the entry from cdk.json, refusals, the entry's edit, idempotence. No disk, no child processes. */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdkGiven } from '../../src/add-tracing/cdk/app-files.js';
import { addTracingHelp } from '../../src/add-tracing/flags.js';
import { entryFromApp, registerAspect } from '../../src/add-tracing/cdk/entry.js';
import { type CdkApp, type CdkOptions, planCdkTracing } from '../../src/add-tracing/cdk/plan.js';
import { renderProject } from '../../src/create/render.js';
import { unifiedDiff } from '../../src/shared/confirm-write.js';
import { UsageError } from '../../src/shared/errors.js';
import { specFor } from '../helpers/project.js';
import { addTracing } from '../helpers/cdk-apps.js';

const VARIANTS = { adotLayer: 'application-signals', powertoolsLayer: 'pinned' };
const options = (tracing: CdkOptions['tracing'], force = false): CdkOptions => ({ tracing, variants: VARIANTS, force });

const TS_ENTRY = "#!/usr/bin/env node\nimport { App } from 'aws-cdk-lib';\nimport { ApiStack } from '../lib/api-stack';\n\nconst app = new App();\nnew ApiStack(app, 'Api');\n";
const tsApp = (files: Record<string, string> = {}): CdkApp => ({
  cdkJson: JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/api.ts' }),
  files: new Map(Object.entries({ 'bin/api.ts': TS_ENTRY, 'lib/api-stack.ts': 'export class ApiStack {}\n', ...files })),
});
const PY_ENTRY = '#!/usr/bin/env python3\nimport aws_cdk as cdk\n\nfrom shop.shop_stack import ShopStack\n\napp = cdk.App()\nShopStack(app, "Shop")\n\napp.synth()\n';
const pyApp = (): CdkApp => ({ cdkJson: '{"app": "python3 app.py"}', files: new Map([['app.py', PY_ENTRY], ['shop/__init__.py', ''], ['shop/shop_stack.py', 'class ShopStack: pass\n']]) });

/** The app with the plan's files written. */
const applied = (app: CdkApp, tracing: CdkOptions['tracing'], force = false): CdkApp => {
  const files = new Map(app.files);
  for (const w of planCdkTracing(app, options(tracing, force)).writes) files.set(w.path, w.after);
  return { ...app, files };
};

describe('add-tracing in a CDK app: the entry', () => {
  it("finds the entry and its language in cdk.json's app command", () => {
    expect(entryFromApp('npx tsc && npx tsx bin/my-api.ts')).toEqual({ language: 'typescript', entry: 'bin/my-api.ts' });
    expect(entryFromApp('npx ts-node --prefer-ts-exts bin/app.ts')).toEqual({ language: 'typescript', entry: 'bin/app.ts' });
    expect(entryFromApp('.venv/bin/python app.py')).toEqual({ language: 'python', entry: 'app.py' });
  });
  it.each([
    ['mvn -e -q compile exec:java', 'Java'],
    ['dotnet run -p src/App/App.csproj', 'C# (.NET)'],
    ['go mod download && go run app.go', 'Go'],
    ['node bin/app.js', 'JavaScript'],
  ])('refuses an app in another language, naming it: %s', (app, language) => {
    expect(() => entryFromApp(app)).toThrow(new RegExp(`^This CDK app is in ${language.replace(/[().#]/g, '\\$&')} \\(cdk\\.json's app: `));
  });
  it('refuses a cdk.json without an app command', () => {
    expect(() => entryFromApp(undefined)).toThrow(/cdk\.json has no "app" command/);
  });
  it('adds the imports after the last import and the registration at the end, or before app.synth()', () => {
    const ts = registerAspect('typescript', 'bin/api.ts', TS_ENTRY, "import { TracedLambda } from '../lib/traced-lambda';");
    expect(ts).toBe(TS_ENTRY.replace("'../lib/api-stack';\n", "'../lib/api-stack';\nimport { Aspects } from 'aws-cdk-lib';\nimport { TracedLambda } from '../lib/traced-lambda';\n") + 'Aspects.of(app).add(new TracedLambda());\n');
    const py = registerAspect('python', 'app.py', PY_ENTRY, 'from shop.traced_lambda import TracedLambda');
    expect(py).toContain('from shop.shop_stack import ShopStack\nfrom shop.traced_lambda import TracedLambda\n');
    expect(py).toContain('ShopStack(app, "Shop")\n\ncdk.Aspects.of(app).add(TracedLambda())\napp.synth()\n');
  });
  it('keeps Windows line endings', () => {
    const crlf = registerAspect('typescript', 'bin/api.ts', TS_ENTRY.replaceAll('\n', '\r\n'), "import { TracedLambda } from './traced-lambda';");
    expect(crlf.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });
  it('refuses an entry without an App it can find, printing the lines to add', () => {
    expect(() => registerAspect('typescript', 'bin/api.ts', 'main();\n', "import { TracedLambda } from '../lib/traced-lambda';")).toThrow(
      /bin\/api\.ts creates no CDK App .*add these lines yourself, then run again: import \{ TracedLambda \} from '\.\.\/lib\/traced-lambda'; Aspects\.of\(app\)\.add\(new TracedLambda\(\)\);/,
    );
  });
});

describe('add-tracing in a CDK app: the diff it shows', () => {
  it("starts a new file's diff at its /dev/null header, and an edited file's at its own, with nothing above", () => {
    const created = unifiedDiff('/dev/null', 'lib/traced-lambda.ts', '', 'export {};\n', 2).split('\n');
    expect(created.slice(0, 3)).toEqual(['--- /dev/null', '+++ lib/traced-lambda.ts', '@@ -0,0 +1,1 @@']);
    const edited = unifiedDiff('bin/app.ts', 'bin/app.ts', 'a\nb\n', 'a\nc\n', 2).split('\n');
    expect(edited.slice(0, 3)).toEqual(['--- bin/app.ts', '+++ bin/app.ts', '@@ -1,2 +1,2 @@']);
  });
});

describe('add-tracing in a CDK app: the plan', () => {
  it('writes the module next to the stacks and registers it; a second run changes nothing', () => {
    const plan = planCdkTracing(tsApp(), options('powertools'));
    expect(plan.writes.map((w) => w.path)).toEqual(['lib/traced-lambda.ts', 'bin/api.ts']);
    expect(plan.writes[0]!.after).toMatch(/^\/\/ create-traced-lambda add-tracing: powertools\n/);
    expect(plan.writes[0]!.after).toContain("mapping: 'PowertoolsLayerPython313Arm64'");
    const again = planCdkTracing(applied(tsApp(), 'powertools'), options('powertools'));
    expect(again.writes).toEqual([]);
    expect(again.unchanged).toMatch(/lib\/traced-lambda\.ts already adds powertools tracing, registered in bin\/api\.ts: nothing to change/);
  });
  it("puts a Python app's module in the package its entry imports", () => {
    const plan = planCdkTracing(pyApp(), options('adot'));
    expect(plan.writes.map((w) => w.path)).toEqual(['shop/traced_lambda.py', 'app.py']);
    expect(planCdkTracing(applied(pyApp(), 'adot'), options('adot')).writes).toEqual([]);
    const flat: CdkApp = { cdkJson: '{"app": "python3 app.py"}', files: new Map([['app.py', 'import aws_cdk as cdk\napp = cdk.App()\napp.synth()\n']]) };
    const [module, entry] = planCdkTracing(flat, options('adot')).writes;
    expect(module!.path).toBe('traced_lambda.py');
    expect(entry!.after).toBe('import aws_cdk as cdk\nfrom traced_lambda import TracedLambda\napp = cdk.App()\ncdk.Aspects.of(app).add(TracedLambda())\napp.synth()\n');
  });
  it("refuses another flavor's Aspect unless --force, which replaces only the module", () => {
    const traced = applied(tsApp(), 'adot');
    expect(() => planCdkTracing(traced, options('powertools'))).toThrow(/^lib\/traced-lambda\.ts already adds adot tracing: run again with --force to replace it with powertools\.$/);
    const forced = planCdkTracing(traced, options('powertools', true));
    expect(forced.writes.map((w) => w.path)).toEqual(['lib/traced-lambda.ts']);
    expect(forced.writes[0]!.after).toMatch(/^\/\/ create-traced-lambda add-tracing: powertools\n/);
  });
  it('refuses a file of the user in the module\'s place unless --force', () => {
    expect(() => planCdkTracing(tsApp({ 'lib/traced-lambda.ts': 'export const mine = 1;\n' }), options('adot'))).toThrow(/lib\/traced-lambda\.ts is there and add-tracing did not write it/);
    expect(planCdkTracing(tsApp({ 'lib/traced-lambda.ts': 'export const mine = 1;\n' }), options('adot', true)).writes).toHaveLength(2);
  });
  it('refuses a missing entry and a cdk.json that is not JSON', () => {
    expect(() => planCdkTracing({ ...tsApp(), files: new Map() }, options('adot'))).toThrow(/runs bin\/api\.ts, which is not in the app folder: .*\(Aspects\.of\(app\)\.add\(new TracedLambda\(\)\);\)/);
    expect(() => planCdkTracing({ ...tsApp(), cdkJson: '{' }, options('adot'))).toThrow(/cdk\.json is not valid JSON/);
  });
  it.each(['typescript', 'python'] as const)('finds nothing to change in a %s project create made with the same flavor, and refuses another', (cdkLanguage) => {
    for (const [tracing, other] of [['powertools', 'adot'], ['adot', 'xray-sdk'], ['xray-sdk', 'powertools']] as const) {
      const files = renderProject(specFor({ name: 'made', iac: 'cdk', cdkLanguage, tracing }));
      const app: CdkApp = { cdkJson: files.find((f) => f.path === 'cdk.json')!.contents, files: new Map(files.map((f) => [f.path, f.contents])) };
      const plan = planCdkTracing(app, options(tracing));
      expect(plan.writes, `${cdkLanguage} ${tracing}`).toEqual([]);
      expect(plan.unchanged).toMatch(new RegExp(`already traces with ${tracing} .*nothing to change`));
      if (tracing !== 'xray-sdk') expect(() => planCdkTracing(app, options(other))).toThrow(new RegExp(`already traces with ${tracing}`));
    }
  });
  it('--help says how it works in a CDK app', () => {
    const help = addTracingHelp('0.0.0');
    expect(help).toContain('create-traced-lambda add-tracing [app folder] [options] (a CDK app: the folder with cdk.json, here or above)');
    expect(help).toMatch(/TracedLambda Aspect, registered in the app's entry, that traces\nevery Python function at synth; its exclude option replaces --function\./);
  });
  it('refuses --function in a CDK app, pointing at the exclude option', () => {
    expect(() => cdkGiven({ functions: ['Orders'] })).toThrow(UsageError);
    expect(() => cdkGiven({ functions: ['Orders'] })).toThrow(/exclude option: new TracedLambda\(\{ exclude:/);
  });
});

describe('add-tracing in a CDK app: the command (in-process, on a folder)', () => {
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'ctl-cdk-unit-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const contents = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f), 'utf8') : '']);
  const TS_FILES = { 'cdk.json': tsApp().cdkJson, 'bin/api.ts': TS_ENTRY, 'lib/api-stack.ts': 'export class ApiStack {}\n' };

  it.each([
    ['--function in a CDK app', TS_FILES, ['--tracing', 'adot', '--function', 'Orders', '--yes'], /--function applies to templates\. .*exclude/],
    ['a Java app', { 'cdk.json': '{"app": "mvn -e -q compile exec:java"}' }, ['--tracing', 'adot', '--yes'], /This CDK app is in Java/],
    ['no terminal and no --yes', TS_FILES, ['--tracing', 'adot'], /was not changed: there is no terminal to ask\. Run again with --yes/],
  ])('refuses %s: exit 2, one line, nothing written', async (_label, files, args, message) => {
    const dir = folder(files);
    const before = contents(dir);
    const { code, output } = await addTracing(dir, args);
    expect(code).toBe(2);
    expect(output).toMatch(message);
    expect(output.trim().split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(output).not.toMatch(/\n\s+at /);
    expect(contents(dir)).toEqual(before);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the app from a folder inside it; --dry-run writes nothing, --yes writes, a second run changes nothing', async () => {
    const dir = folder({ ...TS_FILES, 'lib/handlers/.keep': '' });
    const before = contents(dir);
    const dry = await addTracing(join(dir, 'lib', 'handlers'), ['--tracing', 'powertools', '--dry-run']);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toContain('+Aspects.of(app).add(new TracedLambda());');
    expect(contents(dir)).toEqual(before);
    expect((await addTracing(dir, ['--tracing', 'powertools', '--yes'])).code).toBe(0);
    const written = contents(dir);
    expect(written.map(([f]) => f)).toContain('lib/traced-lambda.ts');
    expect((await addTracing(dir, ['--tracing', 'powertools', '--yes'])).output).toMatch(/nothing to change/);
    expect(contents(dir)).toEqual(written);
    rmSync(dir, { recursive: true, force: true });
  });
});
