/**
 * The generated projects' trace scripts, run for real: scripts/waterfall.py against recorded segment
 * documents (test/python/test_waterfall_*.py), scripts/trace_deployed.py end to end against moto's
 * CloudFormation and X-Ray in server mode with a local stand-in for API Gateway
 * (test/python/test_trace_deployed.py), and the HTML pages in headless Chromium (playwright-core).
 *
 * The scripts are rendered per project: every IaC flavor x tracing variant is rendered through the
 * pure core, and each distinct rendering of scripts/ and tests/integration/ runs once.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProjectSpec } from '../../src/model/spec.js';
import { renderProject } from '../../src/create/render.js';
import { tracingFlavor } from '../../src/tracing/index.js';
import { mapLimit } from '../helpers/pool.js';
import { VARIANTS, generateProject, specFor } from '../helpers/project.js';
import { PYTHON, describeIfTools } from '../helpers/tools.js';

const PY_TESTS = join(import.meta.dirname, '..', 'python');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAVORS = [{ iac: 'sam' }, { iac: 'cloudformation' }, { iac: 'cdk', cdkLanguage: 'typescript' }, { iac: 'cdk', cdkLanguage: 'python' }] as const;
const GIVEN = { name: 'traced-api', region: 'eu-west-1' };

/** What the suite runs: the two scripts, the integration test, and samconfig.toml (trace_deployed.py reads it). */
function scriptsSide(spec: ProjectSpec): string {
  const hash = createHash('sha256');
  for (const file of renderProject(spec)) {
    if (/^(scripts\/(trace_deployed|waterfall)\.py|tests\/integration\/.*|samconfig\.toml)$/.test(file.path)) hash.update(`${file.path}\0${file.contents}\0`);
  }
  return hash.digest('hex');
}

const waterfallOf = (spec: ProjectSpec) => renderProject(spec).find((f) => f.path === 'scripts/waterfall.py')!.contents;

/** One project per distinct rendering of the scripts, labelled with every flavor x variant it stands for. */
const RUNS = (() => {
  const byKey = new Map<string, { given: Record<string, string>; covers: string[] }>();
  for (const flavor of FLAVORS) {
    for (const variant of VARIANTS) {
      const given: Record<string, string> = { ...(variant.given as Record<string, string>), ...flavor, ...GIVEN };
      const key = scriptsSide(specFor(given));
      const label = `${Object.values(flavor).join(' ')} / ${variant.label}`;
      const run = byKey.get(key);
      if (run) run.covers.push(label);
      else byKey.set(key, { given, covers: [label] });
    }
  }
  // The whole suite for the first rendering of each expected-piece list; for the others (which differ from
  // one of those in CONFIG's stack, region and config file only), the tests that read CONFIG.
  const seen = new Set<string>();
  return [...byKey.values()].map((run) => {
    const expected = JSON.stringify(tracingFlavor(specFor(run.given).tracing).trace.deployed);
    const full = !seen.has(expected);
    seen.add(expected);
    return { ...run, label: run.covers[0]!, full };
  });
})();

/** The tests of test_trace_deployed.py that read the project's CONFIG (its stack, region, config file, expected pieces). */
const CONFIG_TESTS = 'complete_trace_exits or without_flags or missing_piece_exits';
const TOTAL_TESTS = 15;
const CONFIG_TEST_COUNT = 3;

async function pytest(project: string, files: string[]) {
  const run = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...files], {
    cwd: PY_TESTS,
    env: { TRACE_PROJECT: project, PYTHONDONTWRITEBYTECODE: '1' },
    reject: false,
    all: true,
  });
  return { code: run.exitCode ?? 1, output: run.all ?? '' };
}

const passed = (output: string) => Number(/(\d+) passed/.exec(output)?.[1] ?? 0);

describeIfTools('the trace scripts of every generated project', ['pytest', 'boto3', 'moto', 'flask'], () => {
  let root: string;
  let drawing: { code: number; output: string };
  const checks: { code: number; output: string }[] = [];

  // The runs start servers and child processes: at most as many at once as there are CPUs.
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-trace-'));
    const projects = await Promise.all(RUNS.map((run, i) => generateProject({ ...run.given, directory: `p${i}` }, root)));
    drawing = await pytest(projects[0]!.dir, ['test_waterfall_text.py', 'test_waterfall_html.py']);
    checks.push(
      ...(await mapLimit(projects, (project, i) => pytest(project.dir, ['test_trace_deployed.py', ...(RUNS[i]!.full ? [] : ['-k', CONFIG_TESTS])]))),
    );
  }, 900_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs each distinct rendering once: per IaC flavor (where CONFIG says the stack is), times the handler subsegments or the ADOT span', () => {
    expect(RUNS).toHaveLength(FLAVORS.length * 2);
    expect(RUNS.flatMap((r) => r.covers)).toHaveLength(FLAVORS.length * VARIANTS.length);
    // waterfall.py is one file, whatever the flavors.
    expect(new Set(FLAVORS.flatMap((flavor) => VARIANTS.map((v) => waterfallOf(specFor({ ...v.given, ...flavor })))))).toHaveProperty('size', 1);
  });

  it('draws recorded traces: nesting, order, bar geometry at 40..200 columns, no colour without a terminal, the HTML page', () => {
    const { code, output } = drawing;
    expect(code, output).toBe(0);
    expect(passed(output), output).toBeGreaterThanOrEqual(39);
  });

  it.for(RUNS.map((r, i) => [r.covers.join('; '), i] as const))(
    'checks a deployed trace against moto and a stand-in API (complete, a piece missing, never arriving), and the integration test: %s',
    ([, i]) => {
      const { code, output } = checks[i]!;
      expect(code, output).toBe(0);
      expect(passed(output), output).toBe(RUNS[i]!.full ? TOTAL_TESTS : CONFIG_TEST_COUNT);
    },
  );
});

describeIfTools(
  'the waterfall pages in headless Chromium',
  ['aws_xray_sdk', 'aws_lambda_powertools'],
  () => {
    let root: string;
    const pages: { label: string; file: string; hover?: string }[] = [];
    type Browser = import('playwright-core').BrowserContext;
    let browser: Browser;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'ctl-trace-pages-'));
      const { dir } = await generateProject({ tracing: 'xray-sdk', name: 'pages', directory: 'fixtures' }, root);
      await execa(PYTHON, [join(PY_TESTS, 'sample_pages.py'), join(root, 'pages')], { env: { TRACE_PROJECT: dir, PYTHONDONTWRITEBYTECODE: '1' } });
      pages.push(
        { label: 'recorded trace, Lambda older layout, with faults', file: join(root, 'pages', 'trace-invocation.html'), hover: '## app.hello' },
        { label: 'recorded trace, Lambda newer layout', file: join(root, 'pages', 'trace-direct.html'), hover: '## app.hello' },
      );
      // Each tracing flavor's local preview page (trace_local.py --html), as a user makes it.
      for (const variant of VARIANTS.filter((v, i) => VARIANTS.findIndex((w) => w.given.tracing === v.given.tracing) === i)) {
        const tracing = variant.given.tracing!;
        const project = await generateProject({ tracing, name: `preview-${tracing}`, directory: `preview-${tracing}` }, root);
        const file = join(root, 'pages', `preview-${tracing}.html`);
        await execa(PYTHON, ['scripts/trace_local.py', '--html', file], { cwd: project.dir, env: { PYTHONDONTWRITEBYTECODE: '1' } });
        pages.push({ label: `trace_local.py --html, ${tracing}`, file });
      }
      const { chromium } = await import('playwright-core');
      browser = await chromium.launchPersistentContext(await mkdtemp(join(root, 'profile-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1200, height: 760 },
      });
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('made a page per recorded trace and per tracing flavor', () => {
      expect(pages.map((p) => p.label)).toEqual([
        'recorded trace, Lambda older layout, with faults',
        'recorded trace, Lambda newer layout',
        'trace_local.py --html, powertools',
        'trace_local.py --html, adot',
        'trace_local.py --html, xray-sdk',
      ]);
    });

    it.for([0, 1, 2, 3, 4])('renders, offline, with bars in tree order and in proportion, and a screenshot that is not blank: page %i', async (index) => {
      const entry = pages[index]!;
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(entry.file).href);

      const bars = await page.$$eval('.bar', (els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          const track = el.parentElement!.getBoundingClientRect();
          const data = (el as HTMLElement).dataset;
          return { name: data.name!, start: Number(data.start), duration: Number(data.duration), x: box.x - track.x, width: box.width, y: box.y, track: track.width };
        }),
      );
      expect(bars.length, entry.label).toBeGreaterThan(0);
      const html = await readFile(entry.file, 'utf8');
      // The bars in the page's order are the rows in the text waterfall's order: each below the one before.
      for (let i = 1; i < bars.length; i++) expect(bars[i]!.y, `${entry.label}: ${bars[i]!.name}`).toBeGreaterThan(bars[i - 1]!.y);
      const total = Math.max(...bars.map((b) => b.start + b.duration));
      for (const b of bars) {
        expect(Math.abs(b.x - (b.start / total) * b.track), `${entry.label}: ${b.name} x`).toBeLessThanOrEqual(1);
        expect(Math.abs(b.width - Math.max(2, (b.duration / total) * b.track)), `${entry.label}: ${b.name} width`).toBeLessThanOrEqual(1);
      }
      expect(html).toContain(`data-name="${bars[0]!.name}"`);

      // Hover shows the timing, a click the details.
      const target = entry.hover ?? bars[bars.length - 1]!.name;
      const row = page.locator('.row', { has: page.locator(`.bar[data-name="${target}"]`) }).first();
      await row.hover();
      expect(await page.locator('#tip').innerText()).toMatch(new RegExp(`${target.replace(/[.#]/g, '\\$&')} — starts at [\\d.]+ ms`));
      await row.click();
      expect(await page.locator('#details').innerText()).toContain('duration');

      const png = await page.screenshot({ fullPage: true });
      const shots = process.env.TRACE_SCREENSHOTS_DIR;
      if (shots) {
        await mkdir(shots, { recursive: true });
        await page.screenshot({ fullPage: true, path: join(shots, `${index}-${entry.label.replace(/[^a-z0-9]+/gi, '-')}.png`) });
      }
      // Not blank: decoded in a blank page of the browser (the waterfall page's CSP allows no images), the
      // picture has many colours and a good share of pixels unlike the background.
      const blank = await browser.newPage();
      const pixels = await blank.evaluate(async (base64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${base64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(img, 0, 0);
        const data = context.getImageData(0, 0, img.width, img.height).data;
        const colours = new Set<number>();
        let background = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          if (data[i] === data[0] && data[i + 1] === data[1] && data[i + 2] === data[2]) background++;
        }
        return { colours: colours.size, inked: 1 - background / (data.length / 4), width: img.width };
      }, png.toString('base64'));
      await blank.close();
      expect(pixels.width).toBe(1200);
      expect(pixels.colours, entry.label).toBeGreaterThan(50);
      expect(pixels.inked, entry.label).toBeGreaterThan(0.02);
      expect(requests, entry.label).toEqual([]);
      expect(errors, entry.label).toEqual([]);
      await page.close();
    });
  },
  () => (existsSync(CHROMIUM) ? undefined : `needs Chromium at ${CHROMIUM} (apt-get install chromium, or CHROMIUM_PATH)`),
);
