#!/usr/bin/env node
// Runs cdk-nag's AwsSolutions and Serverless packs (cdk-nag v3: CDK policy-validation plugins) and
// prints every finding as JSON: {job: [{rule, finding, resource, level, message}]}.
//
//   node nag.mjs NODE_MODULES JOBS.json
//
// A job is {name, template} (a plain CloudFormation template, any SAM transform already expanded:
// read through cloudformation-include) or {name, stack: {file, className, region}} (a CDK stack
// module, compiled to CommonJS, run natively with its own acknowledgements, and `context`, its
// cdk.json's feature flags). `resource` is the
// template's logical id, or the CDK construct path below the stack. Findings a CDK app
// acknowledges (Validations.of(...).acknowledge) are not reported.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [modules, jobsFile] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
const { App, Stack, Validations } = require('aws-cdk-lib');
const { CfnFunction, CfnLayerVersion } = require('aws-cdk-lib/aws-lambda');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks, ServerlessChecks } = require('cdk-nag');

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
    let prefix;
    if (job.template) {
      const stack = new Stack(app, 'Nag');
      const template = new CfnInclude(stack, 'Template', { templateFile: job.template });
      // A template written for `aws cloudformation package` names local folders where S3 locations go.
      for (const c of template.node.findAll()) {
        if (c instanceof CfnFunction && typeof c.code === 'string') c.code = { s3Bucket: 'packaged', s3Key: c.code };
        if (c instanceof CfnLayerVersion && typeof c.content === 'string') c.content = { s3Bucket: 'packaged', s3Key: c.content };
      }
      prefix = 'Nag/Template/';
    } else {
      const StackClass = require(job.stack.file)[job.stack.className];
      new StackClass(app, 'Nag', { env: { region: job.stack.region } });
      prefix = 'Nag/';
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const findings = [];
    for (const plugin of report.pluginReports ?? []) {
      for (const v of plugin.violations ?? []) {
        const [, rule, finding] = /^([^[]+)(?:\[(.*)\])?$/s.exec(v.ruleName) ?? [, v.ruleName];
        for (const c of v.violatingConstructs ?? []) {
          const path = c.constructPath ?? '';
          findings.push({
            rule,
            finding: finding ?? null,
            resource: path.startsWith(prefix) ? path.slice(prefix.length).replace(/\/Resource$/, '') : path,
            level: v.severity,
            message: v.description,
          });
        }
      }
    }
    results[job.name] = findings;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
process.stdout.write(JSON.stringify(results));
