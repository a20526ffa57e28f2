/**
 * add-tracing on generated templates (test/helpers/template-gen.ts), checked with AWS's tools: the
 * originals and every result go to cfn-lint and the SAM translator in ONE Python process. For each
 * template and flavor, add-tracing refuses (only what it must) or writes a template that passes the unit
 * tier's checks, lints no worse than the original (no cfn-lint rule that the original did not trip) and
 * still expands. 12 templates (x 3 flavors), ADD_TRACING_CASES when set (cfn-lint takes about
 * 0.65-0.75 s a file here: 100 templates, 283 files, took 264 s; 200 templates, 522 files, 388 s);
 * a fixed seed, so a failure is reproducible, and every failing case found is kept in
 * test/fixtures/add-tracing-regressions.
 */
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tracing } from '../../src/tracing/index.js';
import { type Inspection, inspectTemplates } from '../helpers/cfn.js';
import { outcomeProblems, renderTemplate, templateArb, variantsOf } from '../helpers/template-gen.js';
import { describeIfTools } from '../helpers/tools.js';

const FLAVORS: Tracing[] = ['powertools', 'adot', 'xray-sdk'];
const CASES = Number(process.env.ADD_TRACING_CASES ?? 12);
const SEED = 1717;

interface Case {
  label: string;
  original: string;
  after?: string;
  problems: string[];
}

describeIfTools('add-tracing on generated templates, with cfn-lint and the SAM translator', ['cfnlint', 'samtranslator'], () => {
  let root: string;
  const cases: Case[] = [];
  const inspections = new Map<string, Inspection>();
  let seconds = 0;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ctl-add-tracing-props-'));
    // With each template, whether the flavors take their other variant (--adot-layer collector, --powertools-layer ssm).
    const samples = fc.sample(fc.tuple(templateArb, fc.boolean()), { seed: SEED, numRuns: CASES });
    const paths: string[] = [];
    for (const [i, [model, other]] of samples.entries()) {
      const ext = model.style.json ? 'json' : 'yaml';
      const source = renderTemplate(model);
      const original = join(root, `t${i}.${ext}`);
      await writeFile(original, source);
      paths.push(original);
      for (const tracing of FLAVORS) {
        const variants = variantsOf(tracing, other);
        const { outcome, problems } = outcomeProblems(model, source, tracing, variants);
        const c: Case = { label: `template ${i} + ${[tracing, ...Object.values(variants)].join(' ')}`, original, problems };
        if (outcome?.kind === 'traced') {
          c.after = join(root, `t${i}-${tracing}.${ext}`);
          await writeFile(c.after, outcome.text);
          paths.push(c.after);
        }
        cases.push(c);
      }
    }
    const started = performance.now();
    for (const [path, inspection] of await inspectTemplates(paths, [], { templates: false })) inspections.set(path, inspection);
    seconds = (performance.now() - started) / 1000;
    process.stderr.write(`add-tracing properties: ${CASES} templates, ${paths.length} files linted and expanded in ${seconds.toFixed(1)} s\n`);
  }, 3_600_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('traces or refuses every generated template; what it writes lints no worse and still expands', () => {
    const failures: string[] = [];
    let traced = 0;
    for (const c of cases) {
      const problems = [...c.problems];
      if (c.after) {
        traced++;
        const before = inspections.get(c.original)!;
        const after = inspections.get(c.after)!;
        const known = new Set(before.lint.map((m) => m.rule));
        for (const m of after.lint) if (!known.has(m.rule)) problems.push(`cfn-lint ${m.rule} (${m.level}) ${m.path}: ${m.message}`);
        if (after.error && !before.error) problems.push(`no longer expands: ${after.error}`);
      }
      if (problems.length > 0) failures.push(`${c.label} (${c.original}):\n  ${problems.join('\n  ')}`);
    }
    expect(failures.slice(0, 5).join('\n')).toBe('');
    expect(traced).toBeGreaterThan(cases.length / 3);
  });
});
