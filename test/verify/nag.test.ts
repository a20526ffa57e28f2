/**
 * cdk-nag's AwsSolutions and Serverless packs over every IaC flavor x tracing variant (and the log
 * and API option variants): SAM expanded by the SAM translator and plain CloudFormation through
 * cloudformation-include, the CDK TypeScript stack natively, with the acknowledgements it carries.
 * Every finding must be in the suppression table (src/iac/nag-suppressions.ts), with its reason,
 * and every entry of the table must meet a finding.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cdkStackClass } from '../../src/iac/cdk-shared.js';
import { iacFlavor } from '../../src/iac/index.js';
import { nagSuppressions, suppresses } from '../../src/iac/nag-suppressions.js';
import type { ProjectSpec } from '../../src/model/spec.js';
import { combos, generateAndInspect, generateProject } from '../helpers/project.js';
import { type NagFinding, type NagJob, installNagPackages, runNag } from '../helpers/nag.js';
import { describeIfTools } from '../helpers/tools.js';

/**
 * `sam init`'s Powertools hello world (hello-pt, aws-sam-cli-app-templates, python3.13), expanded
 * by the SAM translator, through the same two packs with cdk-nag 3.0.2 and aws-cdk-lib 2.276.0:
 * AwsSolutions APIG1, APIG2, APIG3, APIG6, IAM4 x2, L1; Serverless APIGWAccessLogging,
 * APIGWDefaultThrottling, APIGWXrayEnabled, LambdaDLQ, LambdaLatestVersion (measured 2026-11-25).
 */
const HELLO_PT_FINDINGS = 12;

const IACS = ['sam', 'cloudformation', 'cdk'] as const;
const COMBOS = IACS.flatMap((iac) => combos(iac, ['python3.13'], ['x86_64']).map((c) => ({ ...c, label: `${iac}: ${c.label}` })));

const installed = installNagPackages();
const installProblem = 'missing' in installed ? installed.missing : undefined;

describeIfTools(
  'cdk-nag (AwsSolutions, Serverless)',
  ['cfnlint', 'samtranslator'],
  () => {
    let root: string;
    const projects: { label: string; spec: ProjectSpec; findings: NagFinding[] }[] = [];

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
      for (const job of jobs) projects.push({ label: job.name, spec: specs.get(job.name)!, findings: results[job.name]! });
    }, 600_000);

    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it(`runs both packs over ${COMBOS.length} projects: every tracing variant and the option variants, in each IaC flavor`, () => {
      expect(projects.map((p) => p.label)).toEqual(COMBOS.map((c) => c.label));
      expect(COMBOS.length).toBe(24);
    });

    it(`finds fewer than the ${HELLO_PT_FINDINGS} findings of sam init's Powertools hello world in every SAM template, before any suppression`, () => {
      const sam = projects.filter((p) => p.spec.iac === 'sam');
      expect(sam.filter((p) => p.findings.length >= HELLO_PT_FINDINGS).map((p) => [p.label, p.findings.length])).toEqual([]);
    });

    it('leaves no finding unsuppressed: each is in the table, with its reason (the CDK stacks acknowledge theirs)', () => {
      const unsuppressed = projects.flatMap((p) =>
        p.findings
          .filter((f) => p.spec.iac === 'cdk' || !nagSuppressions(p.spec).some((s) => suppresses(s, f.rule, f.finding)))
          .map((f) => `${p.label}: ${f.rule}${f.finding ? `[${f.finding}]` : ''} on ${f.resource}: ${f.message}`),
      );
      expect(unsuppressed).toEqual([]);
    });

    it('has no stale entry: every suppression meets a finding of the templates it applies to', () => {
      const stale = projects
        .filter((p) => p.spec.iac !== 'cdk')
        .flatMap((p) =>
          nagSuppressions(p.spec)
            .filter((s) => !p.findings.some((f) => suppresses(s, f.rule, f.finding)))
            .map((s) => `${p.label}: ${s.rule}${s.finding ? `[${s.finding}]` : ''}`),
        );
      expect(stale).toEqual([]);
      for (const p of projects) for (const s of nagSuppressions(p.spec)) expect(s.reason.length, s.rule).toBeGreaterThan(40);
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
