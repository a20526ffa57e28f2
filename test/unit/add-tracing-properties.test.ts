/**
 * add-tracing's properties on generated templates (test/helpers/template-gen.ts), in the unit tier: a
 * fixed seed, a few hundred templates, each with every flavor. For each, add-tracing either refuses
 * (an AddTracingError naming the functions it cannot trace, and only when there is one) or writes a
 * template that parses (duplicate keys included; as CloudFormation parses, aliases and flow lists indented
 * less than their key included), stays JSON, traces every Python function (mode, layer,
 * env, each policy exactly once), keeps the user's variables, and that a second run leaves unchanged.
 * The verify tier (test/verify/add-tracing-properties.test.ts) lints and expands more of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tracing } from '../../src/tracing/index.js';
import { outcomeProblems, renderTemplate, templateArb, variantsOf } from '../helpers/template-gen.js';

const FLAVORS: Tracing[] = ['powertools', 'adot', 'xray-sdk'];
export const SEED = 17;
/** 100 templates in the unit tier's seconds; CI runs 1000 more in a step of its own (.ci/run). */
const RUNS = Number(process.env.ADD_TRACING_PROPERTY_RUNS ?? 100);

describe('add-tracing on generated templates', () => {
  it(`traces or refuses, never breaks: ${RUNS} templates x 3 flavors (seed ${SEED})`, () => {
    const seen = { traced: 0, refused: 0 };
    fc.assert(
      // `other`: the flavor's other variant (--adot-layer collector, --powertools-layer ssm).
      fc.property(templateArb, fc.boolean(), (model, other) => {
        const source = renderTemplate(model);
        for (const tracing of FLAVORS) {
          const variants = variantsOf(tracing, other);
          const { outcome, problems } = outcomeProblems(model, source, tracing, variants);
          expect(problems, `${tracing} ${JSON.stringify(variants)} on:\n${source}`).toEqual([]);
          if (outcome) seen[outcome.kind]++;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both outcomes are exercised.
    expect(seen.traced).toBeGreaterThan(RUNS / 2);
    expect(seen.refused).toBeGreaterThan(RUNS / 5);
  });

  it('generates every style the issue lists', () => {
    const models = fc.sample(templateArb, { seed: SEED, numRuns: 300 });
    const texts = models.map(renderTemplate);
    expect(texts.some((t) => t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => t.startsWith('{'))).toBe(true);
    expect(texts.some((t) => / {4}Type: AWS::/.test(t) && !t.startsWith('{'))).toBe(true);
    expect(texts.some((t) => /# about/.test(t))).toBe(true);
    expect(texts.some((t) => / {2,}(\r?\n)/.test(t))).toBe(true);
    expect(texts.some((t) => /: \{ /.test(t))).toBe(true);
    expect(texts.some((t) => /!GetAtt/.test(t))).toBe(true);
    expect(texts.some((t) => /Globals/.test(t))).toBe(true);
    expect(models.some((m) => m.functions.length === 5)).toBe(true);
    expect(models.some((m) => m.functions.filter((f) => f.role === 'shared').length > 1)).toBe(true);
    expect(models.some((m) => m.functions.some((f) => f.environment === 'last'))).toBe(true);
    // Issue 26's shapes: anchors and aliases, comments and a line of spaces after a resource, a comment
    // above the next, a flow list indented less than its key, a role's ARNs that start with !If over lines.
    expect(texts.some((t) => /Timeout: &timeout 10/.test(t) && /Timeout: \*timeout/.test(t))).toBe(true);
    expect(texts.some((t) => /AssumeRolePolicyDocument: \*assume/.test(t))).toBe(true);
    expect(texts.some((t) => /# its last line\r?\n +\r?\n +# the resource /.test(t))).toBe(true);
    expect(texts.some((t) => /^( +)[A-Za-z]+: \[\r?\n\1\S/m.test(t))).toBe(true);
    expect(texts.some((t) => /- !If\r?\n +- IsProd\r?\n/.test(t))).toBe(true);
    expect(texts.some((t) => /"Fn::If": \[/.test(t))).toBe(true);
  });
});
