#!/usr/bin/env node
// npm run catalog:check -- PATH...: compares the catalog's layer facts (src/tracing/) with copies of the
// projects' own sources, given as files or directories (lambdaLayerArns.js from aws-otel.github.io,
// release-build.yml from aws-otel-python-instrumentation, docs/getting-started/install.md from
// powertools-lambda-python; see src/shared/catalog-check.ts). Prints each difference; exit 1 when there is
// one, 0 when they agree, 2 on bad input. Node built-ins, and esbuild (a devDependency) to load the
// catalog from the TypeScript source without a build.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const paths = process.argv.slice(2);
if (paths.length === 0 || paths.includes('--help')) {
  console.error('Usage: npm run catalog:check -- DIR_OR_FILE... (copies of lambdaLayerArns.js, release-build.yml, install.md)');
  process.exit(paths.length === 0 ? 2 : 0);
}

// The catalog, from source: one esbuild bundle of src/shared/catalog-check.ts into a temporary module.
const { build } = await import('esbuild');
const temp = mkdtempSync(join(tmpdir(), 'catalog-check-'));
let check;
try {
  const outfile = join(temp, 'catalog-check.mjs');
  await build({ entryPoints: [join(root, 'src', 'tracing', 'catalog-check.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  check = await import(pathToFileURL(outfile).href);
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const files = [];
for (const path of paths) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    console.error(`${path} does not exist. Pass the files or the directory the sources were saved in.`);
    process.exit(2);
  }
  if (stat.isDirectory()) files.push(...readdirSync(path).sort().map((name) => join(path, name)));
  else files.push(path);
}
const sources = files.map((file) => ({ file, kind: check.sourceKind(basename(file)) })).filter((s) => s.kind);
if (sources.length === 0) {
  console.error(`No source among ${paths.join(', ')}: expected files named like lambdaLayerArns*.js, release-build*.yml, install*.md.`);
  process.exit(2);
}

const catalog = check.catalogFacts();
let differences = 0;
for (const { file, kind } of sources) {
  const result = check.compareSource(kind, readFileSync(file, 'utf8'), catalog);
  differences += result.differences.length;
  console.log(`${file}: ${result.differences.length === 0 ? 'agrees with the catalog' : `${result.differences.length} difference(s)`}`);
  for (const line of result.differences) console.log(`  - ${line}`);
  for (const line of result.notes) console.log(`  note: ${line}`);
}
console.log(differences === 0 ? 'The catalog agrees with every source.' : `${differences} difference(s): update src/tracing/ (with each fact's source) and CHECKED_ON.`);
process.exit(differences === 0 ? 0 : 1);
