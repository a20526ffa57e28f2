/**
 * upgrade's pure core. A project generated with an older catalog (this test's copy of today's, with older
 * versions, a region fewer and an older date) and upgraded is, byte for byte, the project a generation
 * writes today, in every IaC flavor and layer variant; so is a template add-tracing traced with that
 * catalog; a second run changes nothing; what it cannot follow it refuses, naming why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planAddTracing } from '../../src/add-tracing/plan-edit.js';
import { renderProject } from '../../src/create/render.js';
import { type ProjectFile, UpgradeError, planUpgrade } from '../../src/upgrade/plan-upgrade.js';
import { renderModule } from '../../src/model/cdk-module.js';
import { variantsOf } from '../../src/tracing/index.js';
import { aged, withOlderCatalog } from '../helpers/older-catalog.js';
import { specFor } from '../helpers/project.js';

const apply = (files: ProjectFile[]) => {
  const plan = planUpgrade(files);
  return { plan, files: files.map((f) => ({ path: f.path, text: plan.files.find((c) => c.path === f.path)?.after ?? f.text })) };
};

const FLAVORS = [{ iac: 'sam' }, { iac: 'cloudformation' }, { iac: 'cdk', cdkLanguage: 'typescript' }, { iac: 'cdk', cdkLanguage: 'python' }] as const;
const LAYERED = [
  { tracing: 'powertools' },
  { tracing: 'powertools', arch: 'arm64', runtime: 'python3.12' },
  { tracing: 'adot' },
  { tracing: 'adot', adotLayer: 'collector', arch: 'arm64' },
] as const;

describe('upgrade', () => {
  it.for(FLAVORS.flatMap((flavor) => LAYERED.map((variant) => ({ ...flavor, ...variant }))))(
    'brings a project generated with an older catalog to what a generation writes today, byte for byte: %o',
    (given) => {
      const render = () => renderProject(specFor({ name: 'svc', ...given }));
      const today = render().map((f) => ({ path: f.path, text: f.contents }));
      const older = withOlderCatalog(render).map((f) => ({ path: f.path, text: aged(f.contents) }));
      expect(older).not.toEqual(today);
      const { plan, files } = apply(older);
      expect(files).toEqual(today);
      expect(plan.moved.length).toBe(1);
      if (given.tracing === 'adot' && !('adotLayer' in given)) {
        expect(plan.moved[0]).toMatch(/^AWSOpenTelemetryDistroPython: eu-west-1 24 → 26, us-east-1 27 → 29; 1 region added \(ap-southeast-6\)$/);
      }
      expect(planUpgrade(files).files).toEqual([]); // a second run changes nothing
    },
  );

  it('brings a template traced by add-tracing with an older catalog to what add-tracing writes today', () => {
    for (const fixture of ['sam-multi.yaml', 'cfn.json', 'cfn-role.yaml']) {
      const source = readFileSync(new URL(`../fixtures/add-tracing/${fixture}`, import.meta.url), 'utf8');
      const runs: ['powertools' | 'adot', Record<string, string>][] = [['powertools', {}], ['adot', {}], ['adot', { adotLayer: 'collector' }]];
      for (const [tracing, variants] of runs) {
        const options = { tracing, functions: [], force: false, variants };
        const today = planAddTracing(source, options).text;
        const older = withOlderCatalog(() => planAddTracing(source, options).text);
        expect(older, `${fixture} ${tracing}`).not.toBe(today);
        expect(apply([{ path: fixture, text: older }]).files[0]!.text, `${fixture} ${tracing} ${JSON.stringify(variants)}`).toBe(today);
      }
    }
  });

  it.for([
    ['typescript', 'lib/traced-lambda.ts', 'powertools', {}],
    ['typescript', 'lib/traced-lambda.ts', 'adot', { adotLayer: 'collector' }],
    ['python', 'orders/traced_lambda.py', 'adot', {}],
    ['python', 'orders/traced_lambda.py', 'powertools', { powertoolsLayer: 'ssm' }],
  ] as const)('brings the Aspect module add-tracing wrote into a CDK app to what add-tracing writes today: %s %s %s %o', ([language, path, tracing, given]) => {
    const render = () => renderModule(language, { tracing, variants: variantsOf(tracing, given), entry: language === 'python' ? 'app.py' : 'bin/orders.ts' });
    const today = render();
    const older = aged(withOlderCatalog(render));
    expect(older).not.toBe(today);
    const { plan, files } = apply([{ path, text: older }]);
    expect(files[0]!.text).toBe(today);
    if ('powertoolsLayer' in given) expect(plan.moved).toEqual([]);
    else expect(plan.moved.length).toBeGreaterThan(0);
    expect(planUpgrade(files).files).toEqual([]);
  });

  it('refuses an Aspect module whose first line was edited to a flavor it does not know', () => {
    const text = renderModule('typescript', { tracing: 'adot', variants: variantsOf('adot'), entry: 'bin/a.ts' }).replace('add-tracing: adot', 'add-tracing: otel');
    expect(() => planUpgrade([{ path: 'lib/traced-lambda.ts', text }])).toThrow(/^lib\/traced-lambda\.ts:1: its first line names the flavor otel/);
  });

  it('leaves a project it has nothing to do for alone, and says it is not traced with a known layer', () => {
    const spec = specFor({ name: 'svc', tracing: 'xray-sdk' });
    const plan = planUpgrade(renderProject(spec).map((f) => ({ path: f.path, text: f.contents })));
    expect(plan).toEqual({ files: [], moved: [], traced: false });
  });

  it('refuses a layer mapping edited by hand to another flavor, naming the line', () => {
    const spec = specFor({ name: 'svc', tracing: 'adot' });
    const template = renderProject(spec).find((f) => f.path === 'template.yaml')!.contents;
    const edited = template.replace(
      'arn:aws:lambda:eu-west-2:615299751070:layer:AWSOpenTelemetryDistroPython:26',
      'arn:aws:lambda:eu-west-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:37',
    );
    expect(() => planUpgrade([{ path: 'template.yaml', text: edited }])).toThrow(UpgradeError);
    expect(() => planUpgrade([{ path: 'template.yaml', text: edited }])).toThrow(/^template\.yaml:\d+: one layer mapping holds AWSOpenTelemetryDistroPython and AWSLambdaPowertoolsPythonV3-python313-x86_64/);
  });

  it('refuses a runtime the current layers no longer support, saying which', () => {
    const spec = specFor({ name: 'svc', tracing: 'adot', adotLayer: 'collector' });
    const template = renderProject(spec).find((f) => f.path === 'template.yaml')!.contents.replace('Runtime: python3.13', 'Runtime: python3.14');
    expect(() => planUpgrade([{ path: 'template.yaml', text: template }])).toThrow(/no longer supports python3\.14; it supports python3\.10, python3\.11, python3\.12, python3\.13/);
  });

  it('refuses a tracing layer the catalog does not know (a version name edited by hand)', () => {
    const text = 'Layers:\n  - arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-python-amd64-ver-9-99-0:1\n';
    expect(() => planUpgrade([{ path: 't.yaml', text }])).toThrow(/^t\.yaml:2: aws-otel-python-amd64-ver-9-99-0 is not a layer this tool's catalog/);
  });
});
