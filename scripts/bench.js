#!/usr/bin/env node
// npm run bench: how fast a generation is next to a bare Node start, and how big the package is.
// - wall time: `node -e 0` and a full non-interactive generation (--yes --no-install --no-git),
//   run in alternating pairs (default 9), reported as medians and their ratio, per flavor;
// - peak memory (max RSS) of one generation per flavor;
// - the packed tarball (`npm pack`) and what installing it in an empty folder costs (packages, MB).
// - create-vite (the yardstick: pinned, packed from the npm registry) run the same way, as one more row;
// - the round trip a user makes, `npm create traced-lambda@latest`, through a local registry (verdaccio on
//   127.0.0.1, test/tools/registry.mjs) next to create-vite's through the same registry, in alternating pairs:
//   npm's own part is most of it and swings with the machine, so the ratio is the median of each pair's ratio
//   (a pair runs back to back and sees the same machine).
// - add-tracing on a 400-function template (SAM and CloudFormation) next to one cfn-lint run over its
//   result, in alternating pairs (the ratio: the median of the pairs' ratios), when cfn-lint is installed.
// BENCH_RUNS=N changes the number of pairs (BENCH_ROUND_TRIPS those of the round trip, 15 by default;
// BENCH_ADD_TRACING_RUNS those of add-tracing, 5 by default); BENCH_NO_INSTALL=1 skips the install,
// BENCH_NO_REGISTRY=1 the round trip, BENCH_NO_ADD_TRACING=1 add-tracing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeTemplate } from './large-template.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'create-traced-lambda.js');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const roundTrips = Number(process.env.BENCH_ROUND_TRIPS ?? 15);
/** create-vite, the yardstick for the round trip: a pinned version, packed from the npm registry. */
const CREATE_VITE = '9.3.0';
const FLAVORS = [
  ['sam + powertools', ['--iac', 'sam', '--tracing', 'powertools']],
  ['cloudformation + adot', ['--iac', 'cloudformation', '--tracing', 'adot']],
  ['cdk typescript + xray-sdk', ['--iac', 'cdk', '--tracing', 'xray-sdk']],
];

const work = mkdtempSync(join(tmpdir(), 'ctl-bench-'));
const env = { ...process.env, CI: 'true' };
let counter = 0;

function timed(args) {
  return timedCommand(process.execPath, args);
}

function timedCommand(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: work, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Max RSS (MB) of one run, from the kernel's accounting of the child (Python's resource module). */
function peakMemory(args) {
  const script = 'import resource,subprocess,sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const out = spawnSync('python3', ['-c', script, process.execPath, ...args], { cwd: work, env, encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) / 1024 : NaN;
}

function folderSize(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += folderSize(path);
    else if (entry.isFile()) bytes += statSync(path).size;
  }
  return bytes;
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const ms = (value) => value.toFixed(0).padStart(5);

console.log(`create-traced-lambda bench: ${runs} alternating pairs per flavor`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} MB, Node ${process.version}, ${process.platform}`);
console.log('');
console.log('flavor                        node -e 0   generate   ratio   peak RSS');
try {
  const vite = packCreateVite();
  const rows = [...FLAVORS, ...(vite ? [[`create-vite ${CREATE_VITE} (vanilla)`, null]] : [])];
  for (const [label, flags] of rows) {
    // create-vite's bin, unpacked from its tarball, with its own flags; ours with the flavor's.
    const command = (dir) => (flags ? [bin, dir, ...flags, '--yes', '--no-install', '--no-git'] : [vite.bin, dir, '--template', 'vanilla']);
    const bare = [];
    const generate = [];
    timed(['-e', '0']); // warm the file cache
    timed(command(`warm-${++counter}`));
    for (let i = 0; i < runs; i++) {
      bare.push(timed(['-e', '0']));
      const dir = `p-${++counter}`;
      generate.push(timed(command(dir)));
      rmSync(join(work, dir), { recursive: true, force: true });
    }
    const peak = peakMemory(command(`mem-${++counter}`));
    const [b, g] = [median(bare), median(generate)];
    console.log(`${label.padEnd(28)}  ${ms(b)} ms   ${ms(g)} ms   ${(g / b).toFixed(1).padStart(4)}x   ${peak.toFixed(0)} MB`);
  }

  // What a second `npm run create` (or `npm test`) spends before it starts: scripts/ensure.js with nothing to do.
  const ensure = Array.from({ length: runs }, () => timed([join(root, 'scripts', 'ensure.js')]));
  console.log(`\nscripts/ensure.js with nothing to build (what npm run create adds before generating): ${ms(median(ensure))} ms`);
  if (!process.env.BENCH_NO_ADD_TRACING) addTracingLarge();

  console.log('');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  console.log(`npm pack: ${packed.filename}, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`);
  if (!process.env.BENCH_NO_INSTALL) {
    const consumer = join(work, 'consumer');
    mkdirSync(consumer, { recursive: true });
    execFileSync('npm', ['init', '-y'], { cwd: consumer, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', join(work, packed.filename)], { cwd: consumer, stdio: 'ignore' });
    const modules = join(consumer, 'node_modules');
    const lock = JSON.parse(execFileSync('cat', [join(modules, '.package-lock.json')], { encoding: 'utf8' }));
    const packages = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')).length;
    console.log(`installed from the tarball into an empty folder: ${packages} packages, ${mb(folderSize(modules))} MB in node_modules`);
  }
  if (!process.env.BENCH_NO_REGISTRY) {
    if (vite) await roundTrip(join(work, packed.filename), vite.tarball);
    else console.log('\nround trip skipped: create-vite could not be packed from the npm registry');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * add-tracing on a large template (scripts/large-template.js: 400 Python functions, SAM and CloudFormation)
 * next to one cfn-lint run over its result, the yardstick: the checked write lints the result once, so
 * the whole run should take about one cfn-lint run. Alternating pairs; the ratio is the median of the
 * pairs' ratios (cfn-lint's own time swings with the machine). Skipped without cfn-lint.
 */
function addTracingLarge() {
  if (spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('\nadd-tracing on a large template skipped: cfn-lint is not installed');
    return;
  }
  const pairs = Number(process.env.BENCH_ADD_TRACING_RUNS ?? 5);
  console.log(`\nadd-tracing --tracing powertools --yes on 400 Python functions, next to cfn-lint over its result (${pairs} alternating pairs):`);
  for (const sam of [false, true]) {
    const source = largeTemplate({ sam, functions: 400 });
    const template = join(work, `large-${sam ? 'sam' : 'cfn'}.yaml`);
    const addTracing = () => {
      writeFileSync(template, source);
      return timedCommand(process.execPath, [bin, 'add-tracing', template, '--tracing', 'powertools', '--yes']);
    };
    addTracing(); // warm, and leaves the result for cfn-lint
    const result = join(work, `large-${sam ? 'sam' : 'cfn'}-result.yaml`);
    writeFileSync(result, readFileSync(template));
    const [lint, ours] = [[], []];
    for (let i = 0; i < pairs; i++) {
      lint.push(timedCommand('cfn-lint', ['--format', 'json', '--', result]));
      ours.push(addTracing());
    }
    const ratios = ours.map((value, i) => value / lint[i]);
    const s = (values) => `${(median(values) / 1000).toFixed(2)} s (${(Math.min(...values) / 1000).toFixed(2)} to ${(Math.max(...values) / 1000).toFixed(2)})`;
    console.log(`  ${(sam ? 'SAM, with Globals' : 'CloudFormation').padEnd(18)} cfn-lint ${s(lint)}   add-tracing ${s(ours)}   ratio ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)})`);
  }
}

/** create-vite, packed from the npm registry and unpacked: its tarball and its bin (undefined without the registry). */
function packCreateVite() {
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', `create-vite@${CREATE_VITE}`, '--json', '--pack-destination', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const tarball = join(work, packed.filename);
    mkdirSync(join(work, 'create-vite'), { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', join(work, 'create-vite')]);
    return { tarball, bin: join(work, 'create-vite', 'package', 'index.js') };
  } catch {
    return undefined;
  }
}

/** `npm create` of ours and of create-vite through one local registry. */
async function roundTrip(tarball, viteTarball) {
  const { installRegistryTools, startRegistry } = await import('../test/tools/registry.mjs');
  const tools = installRegistryTools();
  if ('missing' in tools) {
    console.log(`round trip skipped: ${tools.missing}`);
    return;
  }
  const registry = await startRegistry(tools.modules, join(work, 'registry'));
  try {
    // As in the tests: the user's environment, with the registry's settings (and no user agent of the npm running this).
    const registryEnv = Object.fromEntries(Object.entries({ ...process.env, ...registry.env('npm') }).filter(([, value]) => value !== undefined));
    for (const file of [tarball, viteTarball]) execFileSync('npm', ['publish', file, '--tag', 'latest'], { cwd: work, env: registryEnv, stdio: 'ignore' });
    const create = (args) => () => {
      const cwd = mkdtempSync(join(work, 'rt-'));
      const start = process.hrtime.bigint();
      const result = spawnSync('npm', ['create', ...args], { cwd, env: registryEnv, stdio: 'ignore' });
      if (result.status !== 0) throw new Error(`npm create ${args.join(' ')} exited ${result.status}`);
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      rmSync(cwd, { recursive: true, force: true });
      return elapsed;
    };
    const ours = create(['traced-lambda@latest', 'my-api', '--', '--yes', '--no-git', '--no-install']);
    const theirs = create(['vite@latest', 'my-app', '--', '--template', 'vanilla']);
    ours();
    theirs(); // the first of each fills npm's cache, as a second `npm create` finds it
    const [a, b] = [[], []];
    for (let i = 0; i < roundTrips; i++) {
      a.push(ours());
      b.push(theirs());
    }
    const ratios = a.map((value, i) => value / b[i]);
    console.log('');
    console.log(`npm create through a local registry (${roundTrips} alternating pairs, npm's cache warm):`);
    console.log(`  create-traced-lambda (sam + powertools)   ${ms(median(a))} ms   (${ms(Math.min(...a))} to ${ms(Math.max(...a))})`);
    console.log(`  ${`create-vite ${CREATE_VITE} (vanilla)`.padEnd(40)}  ${ms(median(b))} ms   (${ms(Math.min(...b))} to ${ms(Math.max(...b))})`);
    console.log(`  ratio, the median of the pairs' ratios     ${median(ratios).toFixed(2)}x  (${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)})`);
  } finally {
    await registry.stop();
  }
}
