#!/usr/bin/env node
// Bundles the CLI, both generators and their dependencies into dist/ with esbuild, so that the published
// package has no runtime dependencies. Run by `npm run build`, prepack, and (through scripts/ensure.js)
// `npm test`, `npm run create` and `npm run bench`. What it does to Yeoman and inquirer (STUBS, PROMPTS,
// PATCHES, SIDE_EFFECT_FREE; ESM_BUILDS choose builds their authors ship) is kept only where the packed tarball
// needs it to stay within 270 kB (test/cli/package.test.ts), each with what the tarball weighs without it
// (267.6 kB with all of them), or where the bundle fails without it. None of it changes a run that asks
// nothing: that run loads no Yeoman code (see DEVELOPING.md, "The bundle", for the figures of each, kept and removed).
// With --if-changed it builds only when an input changed: the files the last build read (its metafile's
// inputs, this script and the lock file), by content, and the build's environment.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'dist');

/**
 * Modules that a create-tool never runs, each replaced by a stub whose functions throw, naming what was left
 * out, so that a Yeoman code path that reaches one fails loudly instead of silently doing nothing. The figure
 * is the packed tarball without that one stub (against the build as it is, 267.6 kB; measured 2026-12-07).
 */
const STUBS = {
  // yeoman-environment: installing generators from npm at run time (npm's arborist, pacote, sigstore...).
  // Without it: +572 kB packed.
  'fly-import': { why: 'installing generators at run time', exports: ['flyImport'], classes: ['FlyRepository'] },
  // yeoman-environment: searching node_modules for generators; we register ours directly. Without it: +38 kB packed.
  'yeoman-environment/dist/module-lookup.js': {
    why: 'looking up generators on disk',
    exports: ['findPackagesIn', 'getNpmPaths', 'moduleLookupSync'],
  },
  // yeoman-generator: asking the npm registry for latest versions (this.addDependencies); our pins are exact.
  // Without it: +18 kB packed.
  'latest-version': { why: 'asking npm for the latest version of a package', exports: ['default'] },
  // yeoman-generator: this.git.name()/email() through simple-git; our git init goes through execa. Without it: +23 kB packed.
  'simple-git': { why: "reading the user's git config through simple-git", exports: ['simpleGit', 'CheckRepoActions', 'CleanOptions'] },
  // yeoman-generator: finding the generator's package.json by walking up from its file, for environments
  // that do not pass it; our environment registers the generator with its package path. Without it: +29 kB packed.
  'read-package-up': { why: 'searching for the generator\'s package.json', exports: ['readPackageUpSync'] },
  // yeoman-environment: committing its in-memory file system to disk, with the conflicter's questions: both our
  // generators commit themselves (customCommitTask), so this never runs. Without it: +35 kB packed.
  'yeoman-environment/dist/commit.js': { why: "Yeoman's commit of its in-memory file system", exports: ['commitSharedFsTask'] },
  // yeoman-generator: this.fs, its in-memory file editor (with globbing and copying): our generators render and write
  // their files themselves. Yeoman's constructor reads the app name from package.json through it (a name we never
  // use), and watches its store: the stub's editor has the store, reads nothing (readJSON gives the defaults) and
  // throws on anything else. Without it: +42 kB packed.
  'mem-fs-editor': { why: "Yeoman's in-memory file editor (this.fs)", exports: [], editor: true },
  // vinyl (the file objects of Yeoman's in-memory file system): teex tees a stream's contents when a vinyl file
  // holding a stream is cloned; Yeoman's files hold buffers, and our generators write theirs themselves.
  // Without it: +11 kB packed.
  teex: { why: "cloning a vinyl file's stream contents", exports: ['default'] },
  // yeoman-environment's install task: finding the package manager (micromatch and friends). With our
  // customInstallTask it returns before that; our generator installs itself with the package manager that ran us.
  // Without it: +16 kB packed.
  'which-package-manager': { why: "Yeoman's package-manager detection", exports: ['whichPackageManager'] },
};

/**
 * inquirer imports every prompt type from @inquirer/prompts; our questions are input, select and confirm. It gets
 * those three (and Separator) and, for the others, functions that throw (the editor prompt alone brings
 * external-editor with iconv-lite's code tables). One facade in place of what were seven stubs, one per type.
 * Without it: +215 kB packed. If inquirer imports a name this list lacks, the build fails.
 */
const PROMPTS = { used: ['input', 'select', 'confirm'], unused: ['checkbox', 'editor', 'expand', 'number', 'password', 'rawlist', 'search'] };

function promptsSource(unavailableType) {
  return [
    ...PROMPTS.used.map((type) => `export { default as ${type} } from '@inquirer/${type}';`),
    "export { Separator } from '@inquirer/core';",
    `const unavailable = ${unavailableType};`,
    ...PROMPTS.unused.map((type) => `export const ${type} = unavailable;`),
  ].join('\n');
}

/** A function that throws, naming what the bundle left out. */
const unavailable = (what) => `() => { throw new Error(${JSON.stringify(`create-traced-lambda's bundle leaves out ${what}`)}); }`;

function stubSource({ why, exports, classes = [], editor = false }) {
  const lines = [`const unavailable = ${unavailable(why)};`];
  // An object every property of which is `unavailable`: what mem-fs-editor's create() returns.
  if (editor) {
    lines.push('export const create = (store) => new Proxy({ store, readJSON: (_path, defaults) => defaults }, {');
    lines.push('  get: (target, key) => (typeof key === "symbol" ? undefined : (target[key] ?? unavailable)),');
    lines.push('});');
  }
  for (const name of exports) lines.push(name === 'default' ? 'export default unavailable;' : `export const ${name} = unavailable;`);
  for (const name of classes) lines.push(`export class ${name} { install() { unavailable(); } import() { unavailable(); } }`);
  return lines.join('\n');
}

const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

/** Exact edits of Yeoman's files; the build fails if one no longer applies (after an upgrade, say). */
const PATCHES = [
  // this._ (all of lodash): our generators do not use it; it throws if used. Without it: +26 kB packed.
  {
    file: 'yeoman-generator/dist/generator.js',
    from: "import * as _ from 'lodash-es';",
    to: () => `const _ = new Proxy({}, { get: ${unavailable("lodash as this._")} });`,
  },
  // Yeoman reads its own package.json next to its files to learn its version, when its module loads; the bundle has
  // none there (dist/package.json), so inline it. Without them: every run that asks questions fails (ENOENT).
  {
    file: 'yeoman-generator/dist/generator.js',
    from: "JSON.parse(readFileSync(pathJoin(_dirname, '../package.json'), 'utf8'))",
    to: () => JSON.stringify({ name: 'yeoman-generator', version: version('yeoman-generator') }),
  },
  {
    file: 'yeoman-environment/dist/environment-base.js',
    from: "require('../package.json')",
    to: () => JSON.stringify({ name: 'yeoman-environment', version: version('yeoman-environment') }),
  },
];

/**
 * The templates, compiled at build time. src/shared/template-bodies.ts gives the body ejs compiles a template to; the
 * build runs that very module (bundled to a temporary file, ejs left external) over every file of templates/, writes
 * the bodies to dist/templates.json.br (brotli) and puts in its place a module that reads them: the bundle carries no ejs and
 * compiles no template at run time.
 */
const TEMPLATE_BODIES = join(root, 'src', 'shared', 'template-bodies.ts');
const templateFiles = () =>
  readdirSync(join(root, 'templates'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ejs'))
    .map((entry) => relative(join(root, 'templates'), join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();

/**
 * The bodies, as JSON compressed with brotli: npm's gzip leaves 52.3 kB of the plain JSON in the tarball, brotli with a
 * window over the whole file 44.2 kB (the templates repeat each other further apart than gzip's 32 kB window).
 * Reading them costs about 4 ms more on the first render (node:zlib's load and the decompression; DEVELOPING.md).
 */
const TEMPLATES_FILE = 'templates.json.br';
const BROTLI = { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT };

/** Writes the body of every template (`names`) into dist/templates.json.br; gives the module that takes the place of template-bodies.ts. */
async function compiledTemplates(build, names) {
  const { outputFiles } = await build({ entryPoints: [TEMPLATE_BODIES], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false });
  const module = join(root, 'node_modules', '.cache', `create-traced-lambda-template-bodies-${process.pid}.mjs`);
  mkdirSync(dirname(module), { recursive: true });
  writeFileSync(module, outputFiles[0].text);
  try {
    const { templateBody } = await import(pathToFileURL(module).href);
    mkdirSync(OUT, { recursive: true });
    const json = Buffer.from(JSON.stringify(Object.fromEntries(names.map((name) => [name, templateBody(name)]))));
    writeFileSync(join(OUT, TEMPLATES_FILE), brotliCompressSync(json, { params: BROTLI }));
  } finally {
    rmSync(module, { force: true });
  }
  // Read on the first render, not with the code: JSON is quicker to parse than the same strings in a module.
  return [
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    "import { brotliDecompressSync } from 'node:zlib';",
    "import { PACKAGE_ROOT } from './root.js';",
    'let bodies;',
    'export function templateBody(name) {',
    `  bodies ??= JSON.parse(brotliDecompressSync(readFileSync(join(PACKAGE_ROOT, 'dist', '${TEMPLATES_FILE}'))).toString('utf8'));`,
    "  if (!Object.hasOwn(bodies, name)) throw new Error(`create-traced-lambda's bundle has no template ${name}`);",
    '  return bodies[name];',
    '}',
  ].join('\n');
}

/**
 * Packages whose modules only define things, marked so for esbuild so that it drops what is never used:
 * yeoman-environment's index also loads its full environment (command line, lookup, installs); environment-base
 * imports @yeoman/conflicter for its types only; of @yeoman/transform it uses two functions.
 * Without it: +30 kB packed (yeoman-environment alone +11 kB, @yeoman/transform +9 kB, @yeoman/conflicter +15 kB).
 */
const SIDE_EFFECT_FREE_PACKAGES = ['yeoman-environment', '@yeoman/transform', '@yeoman/conflicter'];
const SIDE_EFFECT_FREE = new RegExp(`node_modules/(${SIDE_EFFECT_FREE_PACKAGES.join('|')})/`);

/**
 * Packages whose exports give Node their CommonJS build, which esbuild cannot tree-shake, although their authors ship
 * an ES module build beside it: the bundle takes that one, unedited, and keeps only what is used. The figure is the
 * packed tarball with the package's Node build instead.
 */
const ESM_BUILDS = {
  // inquirer's prompt runner: only the operators inquirer uses. Without it: +29 kB packed.
  rxjs: 'dist/esm/index.js',
  // add-tracing's and upgrade's parser (its build for browsers is plain ES modules, the same source). Without it: +5.9 kB packed.
  yaml: 'browser/dist/index.js',
};

const escape = (text) => text.replace(/[./?]/g, (c) => `\\${c}`);

const yeomanForCreateTools = {
  name: 'yeoman-for-create-tools',
  setup(build) {
    const stubbed = Object.keys(STUBS);
    build.onResolve({ filter: /.*/ }, (args) => {
      const key = stubbed.find((name) => args.path === name || (args.path.startsWith('./') && args.importer.endsWith('.js') && join(dirname(args.importer), args.path).endsWith(`node_modules/${name}`)));
      return key ? { path: key, namespace: 'stub' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubSource(STUBS[args.path]), loader: 'js' }));
    // inquirer's @inquirer/prompts is PROMPTS' facade (other importers, if any, get the real one).
    build.onResolve({ filter: /^@inquirer\/prompts$/ }, (args) => (/node_modules\/inquirer\//.test(args.importer) ? { path: '@inquirer/prompts', namespace: 'prompts' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'prompts' }, () => ({
      contents: promptsSource(unavailable("inquirer's prompt types other than input, select and confirm")),
      loader: 'js',
      resolveDir: join(root, 'node_modules', '@inquirer', 'prompts'),
    }));
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.sideEffectFree || args.kind === 'entry-point') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { sideEffectFree: true } });
      if (resolved.errors.length > 0 || !SIDE_EFFECT_FREE.test(resolved.path)) return undefined;
      return { path: resolved.path, namespace: resolved.namespace, suffix: resolved.suffix, external: resolved.external, sideEffects: false };
    });
    for (const [name, file] of Object.entries(ESM_BUILDS)) {
      build.onResolve({ filter: new RegExp(`^${escape(name)}$`) }, () => ({ path: join(root, 'node_modules', name, file) }));
    }
    build.onLoad({ filter: new RegExp(`${escape(TEMPLATE_BODIES)}$`) }, async () => ({
      contents: await compiledTemplates(esbuild.build, templateNames),
      loader: 'js',
      resolveDir: dirname(TEMPLATE_BODIES),
    }));
    for (const file of new Set(PATCHES.map((patch) => patch.file))) {
      build.onLoad({ filter: new RegExp(`node_modules/${escape(file)}$`) }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const { from, to } of PATCHES.filter((patch) => patch.file === file)) {
          if (!source.includes(from)) throw new Error(`${file} no longer contains ${from}: update PATCHES in scripts/build.js`);
          source = source.replace(from, to());
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};

/** Where the last build lists its inputs with their hashes (not in dist/, which is published). */
const STAMP = join(root, 'node_modules', '.cache', 'create-traced-lambda-build.json');
const digest = (file) => (existsSync(join(root, file)) ? createHash('sha256').update(readFileSync(join(root, file))).digest('hex') : 'missing');
const stampOf = (files) => ({
  env: { minify: !process.env.CTL_NO_MINIFY },
  files: Object.fromEntries([...new Set(['scripts/build.js', 'package-lock.json', ...files])].sort().map((file) => [file, digest(file)])),
});

if (process.argv.includes('--if-changed') && existsSync(STAMP) && existsSync(join(OUT, 'cli.js'))) {
  const last = JSON.parse(readFileSync(STAMP, 'utf8'));
  if (JSON.stringify(stampOf(Object.keys(last.files))) === JSON.stringify(last)) process.exit(0);
}

rmSync(OUT, { recursive: true, force: true });
const templateNames = templateFiles();
const esbuild = await import('esbuild');
const result = await esbuild.build({
  entryPoints: { cli: join(root, 'src', 'cli', 'main.ts') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  minify: !process.env.CTL_NO_MINIFY,
  legalComments: 'none', // the licences go into dist/THIRD-PARTY-LICENSES.txt
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS modules call require() for Node built-ins; give them a real one.
  banner: { js: "import { createRequire as __ctlRequire } from 'node:module'; const require = __ctlRequire(import.meta.url);" },
  plugins: [yeomanForCreateTools],
  metafile: true,
  logLevel: 'warning',
});

/** The bundled packages, from the metafile (every input under node_modules/): name@version, licence, its texts. */
function bundledPackages(metafile) {
  const dirs = new Set(['node_modules/ejs']); // the compiled templates are ejs's generated code
  for (const file of Object.keys(metafile.inputs)) {
    if (/^[a-z]+:/.test(file)) continue; // a stub or the prompts facade: the real modules it uses are listed too
    const match = file.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) dirs.add(match[1]);
  }
  const packages = new Map();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = (pattern) => readdirSync(join(root, dir)).find((name) => pattern.test(name));
    const licenseFile = file(/^(licen[sc]e|copying)(\.|$)/i);
    const noticeFile = file(/^(notice|copyrightnotice)(\.|$)/i);
    packages.set(`${manifest.name}@${manifest.version}`, {
      id: `${manifest.name}@${manifest.version} (${manifest.license})`,
      text: licenseFile ? readFileSync(join(root, dir, licenseFile), 'utf8').trim() : `License: ${manifest.license}`,
      notice: noticeFile ? readFileSync(join(root, dir, noticeFile), 'utf8').trim() : undefined,
    });
  }
  return packages;
}

/** A copyright line: kept for each package; the rest of a licence is its terms, shared by every package that has the same. */
const COPYRIGHT = /^\s*(copyright\b|\(c\)|©)/i;

/**
 * The licences, each text once: packages whose licence says the same terms are listed together, each with
 * its own copyright lines (the notices MIT, ISC and BSD ask to keep) and NOTICE file, then the terms.
 */
function licenceFile(packages) {
  const groups = new Map();
  for (const [key, { id, text, notice }] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const lines = text.split('\n');
    const terms = lines.filter((line) => !COPYRIGHT.test(line)).join('\n').replace(/\n{3,}/g, '\n\n').trim();
    const copyrights = lines.filter((line) => COPYRIGHT.test(line)).map((line) => line.trim());
    const group = groups.get(terms) ?? { terms, members: [] };
    group.members.push([id, ...copyrights.map((c) => `  ${c}`), ...(notice ? [`  NOTICE:`, ...notice.split('\n').map((l) => `    ${l}`)] : [])].join('\n'));
    groups.set(terms, group);
    void key;
  }
  const sections = [...groups.values()].map(({ terms, members }) => `${members.join('\n')}\n\n${terms}\n`);
  return `create-traced-lambda's bundle (dist/) includes the following packages, grouped by the terms of their licences.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

// The bundle carries other people's code: their licences go with it, in one file.
writeFileSync(join(OUT, 'THIRD-PARTY-LICENSES.txt'), licenceFile(bundledPackages(result.metafile)));

// Stubs and facades are this script's; the templates are read by compiledTemplates, not by esbuild.
const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !/^[a-z]+:/.test(file)), ...templateNames.map((name) => `templates/${name}`)];
mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, JSON.stringify(stampOf(inputs)));

if (process.argv.includes('--analyze')) {
  writeFileSync(join(OUT, '..', '.bundle-meta.json'), JSON.stringify(result.metafile)); // for esbuild's analyzer
  const byPackage = {};
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    const name = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? (file.startsWith('stub:') ? 'stubs' : 'create-traced-lambda');
    byPackage[name] = (byPackage[name] ?? 0) + input.bytes;
  }
  for (const [name, bytes] of Object.entries(byPackage).sort((a, b) => b[1] - a[1])) console.log(`${(bytes / 1024).toFixed(0).padStart(6)} kB  ${name}`);
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    console.log(`${(output.bytes / 1024).toFixed(0).padStart(6)} kB  ${file}`);
    const top = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 8);
    for (const [input, { bytesInOutput }] of top) if (bytesInOutput > 2048) console.log(`          ${(bytesInOutput / 1024).toFixed(0).padStart(6)} kB  ${input}`);
  }
}
