/**
 * cdk-nag's AwsSolutions and Serverless packs over every IaC flavor x tracing variant (and the log
 * and API option variants), as a user runs them: SAM expanded by the SAM translator and plain
 * CloudFormation through cloudformation-include (cdk-nag 2, which reads the suppressions a template
 * carries in its resources' Metadata), the CDK TypeScript stack natively (cdk-nag 3, which reads its
 * acknowledgements). The test supplies no suppression: whatever the project does not carry, it sees.
 * No finding may be left; each suppressed one has the reason of the one table
 * (src/iac/nag-suppressions.ts); every suppression a template carries meets a finding.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cdkStackClass } from '../../src/iac/cdk-shared.js';
import { iacFlavor } from '../../src/iac/index.js';
import { nagSuppressions, suppresses, type TemplateSuppression } from '../../src/iac/nag-suppressions.js';
import type { Template } from '../helpers/cfn.js';
import type { ProjectSpec } from '../../src/model/spec.js';
import { combos, generateAndInspect, generateProject } from '../helpers/project.js';
import { type NagFinding, type NagJob, installNagPackages, runNag } from '../helpers/nag.js';
import { describeIfTools } from '../helpers/tools.js';

const IACS = ['sam', 'cloudformation', 'cdk'] as const;
const COMBOS = IACS.flatMap((iac) => combos(iac, ['python3.13'], ['x86_64']).map((c) => ({ ...c, label: `${iac}: ${c.label}` })));

const installed = installNagPackages();

const findingLabel = (f: NagFinding) => `${f.rule}${f.finding ? `[${f.finding}]` : ''}`;
const templated = <P extends { spec: ProjectSpec }>(projects: P[]) => projects.filter((p) => p.spec.iac !== 'cdk');

/**
 * The reason cdk-nag 2 reports for a finding the table covers: the table's, after the finding in
 * brackets when the suppression names findings (lib/nag-pack.js, ignoreRule: `[${findingId}] ${reason}`).
 */
function tableReason(spec: ProjectSpec, f: NagFinding): string | undefined {
  const reason = nagSuppressions(spec).find((s) => suppresses(s, f.rule, f.finding))?.reason;
  return reason && f.finding ? `[${f.finding}] ${reason}` : reason;
}

/** Every suppression a template's resources carry (Metadata.cdk_nag.rules_to_suppress), with the resource's logical id. */
function carriedSuppressions(template: Template): { resource: string; s: TemplateSuppression }[] {
  return Object.entries(template.Resources).flatMap(([resource, r]) => {
    const rules = (r as { Metadata?: { cdk_nag?: { rules_to_suppress?: TemplateSuppression[] } } }).Metadata?.cdk_nag?.rules_to_suppress ?? [];
    return rules.map((s) => ({ resource, s }));
  });
}
const installProblem = 'missing' in installed ? installed.missing : undefined;

describeIfTools(
  'cdk-nag (AwsSolutions, Serverless)',
  ['cfnlint', 'samtranslator'],
  () => {
    let root: string;
    const projects: { label: string; spec: ProjectSpec; findings: NagFinding[]; template?: Template }[] = []; // SAM and CloudFormation: as CloudFormation deploys it (SAM expanded)
    const templates = new Map<string, Template>();

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'ctl-nag-'));
      const modules = (installed as { modules: string }).modules;
      const jobs: NagJob[] = [];
      const specs = new Map<string, ProjectSpec>();
      // SAM and CloudFormation: the template as CloudFormation deploys it (SAM expanded).
      const templated = await generateAndInspect(COMBOS.filter((c) => c.given.iac !== 'cdk'), root, 'nag');
      for (const p of templated) {
        const file = join(p.dir, 'expanded.json');
        await writeFile(file, JSON.stringify(p.inspection.template));
        jobs.push({ name: p.label, template: file });
        specs.set(p.label, p.spec);
        templates.set(p.label, p.inspection.template);
      }
      // CDK: the TypeScript stack, compiled to CommonJS next to its source, run with the cached aws-cdk-lib.
      for (const [i, c] of COMBOS.filter((c) => c.given.iac === 'cdk').entries()) {
        const { dir, spec } = await generateProject({ ...c.given, cdkLanguage: 'typescript', name: `nag-cdk-${i}` }, root);
        const stackFile = join(dir, iacFlavor('cdk').mainFile(spec));
        const { outputText } = ts.transpileModule(readFileSync(stackFile, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        });
        await writeFile(stackFile.replace(/\.ts$/, '..js'), outputText);
        await symlink(modules, join(dir, 'node_modules'), 'dir');
        const { context } = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
        jobs.push({ name: c.label, stack: { file: stackFile.replace(/\.ts$/, '..js'), className: cdkStackClass(spec), region: spec.region }, context });
        specs.set(c.label, spec);
      }
      const results = await runNag(modules, jobs, root);
      for (const job of jobs) projects.push({ label: job.name, spec: specs.get(job.name)!, findings: results[job.name]!, template: templates.get(job.name) });
    }, 600_000);

    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it(`runs both packs over ${COMBOS.length} projects: every tracing variant and the option variants, in each IaC flavor`, () => {
      expect(projects.map((p) => p.label)).toEqual(COMBOS.map((c) => c.label));
      expect(COMBOS.length).toBe(24);
    });

    it('leaves no finding unsuppressed: the templates carry theirs, the CDK stacks acknowledge theirs', () => {
      const unsuppressed = projects.flatMap((p) =>
        p.findings
          .filter((f) => f.suppressed === null)
          .map((f) => `${p.label}: ${findingLabel(f)} on ${f.resource}: ${f.message}`),
      );
      expect(unsuppressed).toEqual([]);
    });

    it("suppresses each finding in a template with the table's reason for it", () => {
      const wrong = templated(projects).flatMap((p) =>
        p.findings
          .filter((f) => f.suppressed !== null && f.suppressed !== tableReason(p.spec, f))
          .map((f) => `${p.label}: ${findingLabel(f)} on ${f.resource}: "${f.suppressed}"`),
      );
      expect(wrong).toEqual([]);
      for (const p of projects) for (const s of nagSuppressions(p.spec)) expect(s.reason.length, s.rule).toBeGreaterThan(40);
    });

    it('has no stale suppression: every one a template carries meets a finding on its resource', () => {
      const carried = templated(projects).flatMap((p) => carriedSuppressions(p.template!).map((c) => ({ ...c, p })));
      expect(carried.length).toBeGreaterThan(templated(projects).length * 5);
      const stale = carried
        .filter(({ p, resource, s }) => !p.findings.some((f) => f.resource === resource && f.rule === s.id && (!s.applies_to || s.applies_to.includes(f.finding!))))
        .map(({ p, resource, s }) => `${p.label}: ${s.id}${s.applies_to ? `[${s.applies_to.join(', ')}]` : ''} on ${resource}`);
      expect(stale).toEqual([]);
    });

    it('has no stale entry in the table: each one that applies to a template meets a finding of it', () => {
      const stale = templated(projects).flatMap((p) =>
        nagSuppressions(p.spec)
          .filter((s) => !p.findings.some((f) => suppresses(s, f.rule, f.finding)))
          .map((s) => `${p.label}: ${s.rule}${s.finding ? `[${s.finding}]` : ''}`),
      );
      expect(stale).toEqual([]);
    });

    it('fixes what a production API needs: throttling, stage tracing, access logs when asked for', () => {
      const fixed = ['Serverless-APIGWDefaultThrottling', 'Serverless-APIGWXrayEnabled', 'Serverless-LambdaTracing'];
      for (const p of projects) {
        expect(p.findings.filter((f) => fixed.includes(f.rule)), p.label).toEqual([]);
        if (p.spec.accessLogs) expect(p.findings.filter((f) => /APIG1|AccessLogging|StructuredLogging/.test(f.rule)), p.label).toEqual([]);
      }
    });
  },
  () => installProblem,
);
