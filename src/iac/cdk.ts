/**
 * The AWS CDK app, in TypeScript (laid out like `cdk init app --language typescript`) or in Python
 * (cdk-python.ts). One flavor for `--iac cdk`; `--cdk-language` picks the files.
 */
import { tsKey, tsString } from '../shared/escape.js';
import type { ProjectSpec } from '../model/spec.js';
import { callApi, commented, listTraces } from './commands.js';
import {
  cdkPythonFiles,
  cdkPythonMainFile,
  cdkPythonNextSteps,
  cdkPythonTemplateData,
} from './cdk-python.js';
import {
  CDK_CLI_VERSION,
  CDK_LIB_VERSION,
  CDK_RECOMMENDED_FLAGS,
  cdkArchitectureConstant,
  cdkRuntimeConstant,
  cdkStackClass,
} from './cdk-shared.js';
import { nagFindingId, nagSuppressions } from './nag-suppressions.js';
import type { IacFlavor, PlannedFile } from './types.js';

/**
 * What the TypeScript app's package.json pins: exact versions that work together. The ranges
 * `cdk init app --language typescript` writes (aws-cdk 2.1148.1), resolved on the CHECKED_ON date,
 * except typescript: 5.x, where cdk init now writes ~7.0.2 (the native compiler).
 */
export const CDK_TYPESCRIPT_PACKAGES = {
  dependencies: {
    'aws-cdk-lib': CDK_LIB_VERSION,
    constructs: '10.8.1',
  },
  devDependencies: {
    '@swc/core': '1.16.22',
    '@swc/jest': '0.2.39',
    '@types/jest': '30.0.0',
    '@types/node': '24.19.2',
    'aws-cdk': CDK_CLI_VERSION,
    jest: '30.5.2',
    tsx: '4.23.15',
    typescript: '5.9.3',
  },
} as const;

/** The npm package name: the project name, lowercased (npm refuses capitals; the name is otherwise valid). */
export const npmPackageName = (spec: Pick<ProjectSpec, 'name'>) => spec.name.toLowerCase();

/** cdk.json, as `cdk init` writes it: how the CLI runs the app, what `cdk watch` watches, the feature flags. */
export function cdkTypescriptJson(spec: Pick<ProjectSpec, 'name'>): Record<string, unknown> {
  return {
    app: `npx tsc && npx tsx bin/${npmPackageName(spec)}.ts`,
    watch: {
      include: ['**'],
      exclude: [
        'README.md',
        'cdk*.json',
        '**/*.d.ts',
        '**/*.js',
        'tsconfig.json',
        'package*.json',
        'yarn.lock',
        'node_modules',
        'test',
        // Not the app: the Python project next to it.
        'tests',
        'events',
        '**/__pycache__',
        '.venv',
      ],
    },
    context: CDK_RECOMMENDED_FLAGS,
  };
}

/** package.json, as `cdk init` writes it, with exact versions. */
export function cdkTypescriptPackageJson(spec: Pick<ProjectSpec, 'name'>): Record<string, unknown> {
  return {
    name: npmPackageName(spec),
    version: '0.1.0',
    scripts: { build: 'tsc', watch: 'tsc -w', test: 'jest', cdk: 'cdk' },
    devDependencies: CDK_TYPESCRIPT_PACKAGES.devDependencies,
    dependencies: CDK_TYPESCRIPT_PACKAGES.dependencies,
  };
}

function cdkTypescriptFiles(spec: ProjectSpec): PlannedFile[] {
  const name = npmPackageName(spec);
  const renamed = name !== spec.name ? ` \`${name}\` (the project name in lowercase, as npm requires)` : '';
  return [
    { path: `bin/${name}.ts`, template: 'iac/cdk-typescript/bin.ts.ejs', what: 'the CDK app: creates the stack (`cdk synth` runs it, as cdk.json says)' },
    { path: `lib/${name}-stack.ts`, template: 'iac/cdk-typescript/stack.ts.ejs', what: 'the CDK stack: the API, the function, tracing' },
    {
      path: `test/${name}.test.ts`,
      template: 'iac/cdk-typescript/test.ts.ejs',
      what: 'unit tests of the stack (jest): tracing, layer and environment in the synthesized template',
    },
    { path: 'cdk.json', template: 'iac/cdk-typescript/cdk.json.ejs', what: 'how the CDK CLI runs the app, and its feature flags' },
    {
      path: 'package.json',
      template: 'iac/cdk-typescript/package.json.ejs',
      what: `the npm package${renamed}: aws-cdk-lib, the CDK CLI, TypeScript and jest, at exact versions`,
    },
    { path: 'tsconfig.json', template: 'iac/cdk-typescript/tsconfig.json.ejs', what: `TypeScript settings (\`${spec.packageManager.run('build')}\` type-checks)` },
    { path: 'jest.config.js', template: 'iac/cdk-typescript/jest.config.js.ejs' },
    { path: '.npmignore', template: 'iac/cdk-typescript/_npmignore.ejs' },
    ...(spec.packageManager.berry
      ? [{ path: '.yarnrc.yml', template: 'iac/cdk-typescript/yarnrc.yml.ejs', what: "Yarn's settings: the node_modules linker, which the CDK CLI's npx commands need" }]
      : []),
    { path: 'AGENTS.md', template: 'iac/cdk-typescript/AGENTS.md.ejs', what: 'notes for coding agents, as `cdk init` writes one: layout, docs, checks' },
  ];
}

function cdkTypescriptTemplateData(spec: ProjectSpec) {
  return {
    npmName: npmPackageName(spec),
    cdkJson: cdkTypescriptJson(spec),
    packageJson: cdkTypescriptPackageJson(spec),
    ts: tsString,
    tsKey,
  };
}

function cdkTypescriptNextSteps(spec: ProjectSpec, preview: string): string[] {
  const pm = spec.packageManager;
  return [
    preview,
    ...(spec.install ? [] : [pm.install]),
    commented(pm.run('build'), 'type-check'),
    commented(pm.run('test'), 'jest: the synthesized template has tracing on'),
    spec.pieces.functionRequirements.length
      ? commented(pm.exec('cdk synth'), 'pip (or Docker) installs the function dependencies into their asset')
      : pm.exec('cdk synth'),
    commented(pm.exec('cdk bootstrap'), 'once per account and region'),
    commented(pm.exec('cdk deploy'), `stack ${spec.name} in ${spec.region}`),
    callApi(spec),
    listTraces(spec),
  ];
}

export const cdk: IacFlavor = {
  mainFile: (spec) => (spec.cdkLanguage === 'python' ? cdkPythonMainFile(spec) : `lib/${npmPackageName(spec)}-stack.ts`),
  files: (spec) => (spec.cdkLanguage === 'python' ? cdkPythonFiles(spec) : cdkTypescriptFiles(spec)),
  templateData: (spec) => ({
    // The same construct names and constants in both languages.
    stackClass: cdkStackClass(spec),
    cdkRuntime: cdkRuntimeConstant(spec.runtime),
    cdkArchitecture: cdkArchitectureConstant(spec.arch),
    // The CDK CLI for the Python app, which has no package.json: installed globally once, or run through yarn dlx.
    cdkCli: spec.packageManager.tool(`aws-cdk@${CDK_CLI_VERSION}`, 'cdk'),
    // cdk-nag findings the stack leaves on purpose, acknowledged on its constructs (the shared table).
    nagAcknowledgments: nagSuppressions(spec).map((s) => ({ on: s.on, id: nagFindingId(s), reason: s.reason })),
    ...(spec.cdkLanguage === 'python' ? cdkPythonTemplateData(spec) : cdkTypescriptTemplateData(spec)),
  }),
  // cdk.json names neither: the app gives the stack its id and env.region.
  stackSettings: (spec) => ({ from: `the stack the CDK app creates (its id, and env.region, in ${spec.cdkLanguage === 'python' ? 'app.py' : `bin/${npmPackageName(spec)}.ts`})` }),
  tracingSwitches: (spec) => ({
    role: 'the CDK adds `xray:PutTraceSegments` and `xray:PutTelemetryRecords` to the role it creates',
    ...(spec.cdkLanguage === 'python'
      ? {
          function: '`tracing=_lambda.Tracing.ACTIVE` on the `_lambda.Function`',
          api: '`deploy_options=apigw.StageOptions(tracing_enabled=True)` on the `RestApi`',
        }
      : {
          function: '`tracing: lambda.Tracing.ACTIVE` on the `lambda.Function`',
          api: '`deployOptions: { tracingEnabled: true }` on the `RestApi`',
        }),
  }),
  nextSteps: (spec, preview) => (spec.cdkLanguage === 'python' ? cdkPythonNextSteps : cdkTypescriptNextSteps)(spec, preview),
  installs: (spec) => spec.cdkLanguage === 'typescript',
};

export { tsKey, tsString };
