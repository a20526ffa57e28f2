#!/usr/bin/env node
// Runs cdk-nag's AwsSolutions and Serverless packs and prints every finding as JSON:
// {job: [{rule, finding, resource, level, message, suppressed}]}.
//
//   node nag.mjs NODE_MODULES JOBS.json
//
// A job is {name, template} (a plain CloudFormation template, any SAM transform already expanded,
// read through cloudformation-include, as cdk-nag's README shows for templates) or
// {name, stack: {file, className, region}} (a CDK stack module, compiled to CommonJS, run natively
// with its own acknowledgements, and `context`, its cdk.json's feature flags). `resource` is the
// template's logical id, or the CDK construct path below the stack.
//
// Templates go through cdk-nag 2 (installed as cdk-nag-2): it reads the suppressions a template
// carries (a resource's `Metadata.cdk_nag.rules_to_suppress`, lib/utils/nag-suppression-helper.js
// getSuppressions) and reports each finding they cover as suppressed, with its reason. cdk-nag 3
// reads only aws-cdk-lib's acknowledgements (lib/nag-pack.js isAcknowledged; it writes that
// Metadata, never reads it), so it runs the CDK stacks, whose acknowledged findings it leaves out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [modules, jobsFile] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
const { App, Aspects, Stack, Validations } = require('aws-cdk-lib');
const { CfnFunction, CfnLayerVersion } = require('aws-cdk-lib/aws-lambda');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks, ServerlessChecks } = require('cdk-nag');
const nag2 = require('cdk-nag-2');

const PACKS_2 = [nag2.AwsSolutionsChecks, nag2.ServerlessChecks];

/** cdk-nag 2's logger interface: every finding, suppressed (with the template's reason) or not. */
function collector(findings, prefix) {
  const add = (d, extra) =>
    findings.push({
      rule: d.ruleId,
      finding: d.findingId ? d.findingId : null,
      resource: relative(d.resource.node.path, prefix),
      level: d.ruleLevel === nag2.NagMessageLevel.ERROR ? 'error' : 'warning',
      message: d.ruleInfo,
      ...extra,
    });
  return {
    onCompliance() {},
    onNotApplicable() {},
    onNonCompliance: (d) => add(d, { suppressed: null }),
    onSuppressed: (d) => add(d, { suppressed: d.suppressionReason }),
    onError: (d) => add(d, { suppressed: null, message: `rule error: ${d.errorMessage}` }),
    onSuppressedError: (d) => add(d, { suppressed: d.errorSuppressionReason, message: `rule error: ${d.errorMessage}` }),
  };
}

const relative = (path, prefix) => (path.startsWith(prefix) ? path.slice(prefix.length).replace(/\/Resource$/, '') : path);

/** A template through cloudformation-include, checked by cdk-nag 2 with no suppression but the template's own. */
function includeTemplate(app, job, findings) {
  const stack = new Stack(app, 'Nag');
  const template = new CfnInclude(stack, 'Template', { templateFile: job.template });
  // A template written for `aws cloudformation package` names local folders where S3 locations go.
  for (const c of template.node.findAll()) {
    if (c instanceof CfnFunction && typeof c.code === 'string') c.code = { s3Bucket: 'packaged', s3Key: c.code };
    if (c instanceof CfnLayerVersion && typeof c.content === 'string') c.content = { s3Bucket: 'packaged', s3Key: c.content };
  }
  const logger = collector(findings, 'Nag/Template/');
  for (const Pack of PACKS_2) Aspects.of(app).add(new Pack({ reports: false, additionalLoggers: [logger] }));
}

/** A CDK stack, checked by cdk-nag 3 (policy-validation plugins), which leaves out what the stack acknowledges. */
function constructStack(app, job) {
  const StackClass = require(job.stack.file)[job.stack.className];
  new StackClass(app, 'Nag', { env: { region: job.stack.region } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/** cdk-nag 3's validation report, as findings. */
function reportedFindings(outdir) {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  const findings = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      const [, rule, finding] = /^([^[]+)(?:\[(.*)\])?$/s.exec(v.ruleName) ?? [, v.ruleName];
      for (const c of v.violatingConstructs ?? []) {
        const resource = relative(c.constructPath ?? '', 'Nag/');
        findings.push({ rule, finding: finding ?? null, resource, level: v.severity, message: v.description, suppressed: null });
      }
    }
  }
  return findings;
}

const results = {};
for (const job of JSON.parse(readFileSync(jobsFile, 'utf8'))) {
  const outdir = mkdtempSync(join(tmpdir(), 'ctl-nag-'));
  try {
    const app = new App({
      outdir,
      analyticsReporting: false,
      // Only the packs: not aws-cdk-lib's own CloudFormation validation.
      builtinCloudFormationValidation: false,
      // Write the report instead of failing; skip asset bundling (pip, Docker): the packs read the template.
      context: { ...job.context, '@aws-cdk/core:failSynthOnValidationErrors': false, 'aws:cdk:bundling-stacks': [] },
    });
    const findings = [];
    if (job.template) includeTemplate(app, job, findings);
    else constructStack(app, job);
    app.synth();
    results[job.name] = job.template ? findings : reportedFindings(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
process.stdout.write(JSON.stringify(results));
