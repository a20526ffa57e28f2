/**
 * From a project spec to the files of the project. `planFiles` is pure (which
 * template goes where); `renderProject` renders the ejs templates in memory
 * (their bodies as ejs compiles them: ./template-bodies.ts). Writing is the create steps' job (./steps.ts).
 */
import { ACCESS_LOG_FORMAT, CHECKED_ON, LOG_RETENTION_DAYS } from '../shared/catalog.js';
import { commented } from '../iac/commands.js';
import { iacFlavor, type PlannedFile } from '../iac/index.js';
import { templateSuppressions } from '../iac/nag-suppressions.js';
import { renderTemplate } from '../shared/templates.js';
import { tracingFlavor } from '../tracing/index.js';
import { layerRegionMessage, managedPolicyArn, rolePolicies } from '../model/cloudformation.js';
import type { ProjectSpec } from '../model/spec.js';

export type { PlannedFile };

export interface RenderedFile {
  path: string;
  contents: string;
  mode?: number;
}

export function planFiles(spec: ProjectSpec): PlannedFile[] {
  return [
    { path: 'README.md', template: 'project/README.md.ejs' },
    { path: '.gitignore', template: 'project/_gitignore.ejs' },
    ...iacFlavor(spec.iac).files(spec),
    { path: 'hello_world/app.py', template: `tracing/${spec.tracing}/app.py.ejs`, what: 'the function: `lambda_handler` answers GET /hello' },
    { path: 'hello_world/requirements.txt', template: 'function/requirements.txt.ejs', what: "the function's dependencies" },
    ...(spec.depsLayer
      ? [
          {
            path: 'dependencies/requirements.txt',
            template: 'function/dependencies-requirements.txt.ejs',
            what: "the function's third-party dependencies, deployed as their own Lambda layer (`DependenciesLayer`)",
          },
        ]
      : []),
    { path: 'events/hello.json', template: 'project/events/hello.json.ejs', what: 'a sample API Gateway event for GET /hello' },
    {
      path: 'scripts/trace_local.py',
      template: 'project/scripts/trace_local.py.ejs',
      what: 'local trace preview: runs the handler against a stand-in X-Ray daemon and draws the trace as a waterfall, with its log lines',
      mode: 0o755,
    },
    {
      path: 'scripts/trace_deployed.py',
      template: 'project/scripts/trace_deployed.py.ejs',
      what: "checks the deployed stack: calls the API with a sampled trace id, waits for the trace in X-Ray and draws it (boto3)",
      mode: 0o755,
    },
    {
      path: 'scripts/check_layers.py',
      template: 'project/scripts/check_layers.py.ejs',
      what: 'asks Lambda whether newer versions of the tracing layer are published (boto3; exit 1 when behind, for a scheduled CI job)',
      mode: 0o755,
    },
    { path: 'scripts/waterfall.py', template: 'project/scripts/waterfall.py.ejs', what: 'draws an X-Ray trace as a waterfall, in the terminal or as an HTML page (used by both scripts)' },
    { path: 'tests/conftest.py', template: 'tests/conftest.py.ejs', what: 'test fixtures: the sample event, a Lambda context' },
    { path: 'tests/unit/test_handler.py', template: 'tests/test_handler.py.ejs', what: 'unit tests of the handler' },
    { path: 'tests/unit/test_trace_local.py', template: 'tests/test_trace_local.py.ejs', what: 'runs the local trace preview and checks the trace it shows' },
    {
      path: 'tests/integration/test_api_gateway.py',
      template: 'tests/test_api_gateway.py.ejs',
      what: 'checks the deployed API and its trace with trace_deployed.py (runs when AWS_SAM_STACK_NAME is set)',
    },
    { path: 'tests/requirements.txt', template: 'tests/requirements.txt.ejs', what: 'what the tests need' },
  ];
}

const quote = (value: string) => JSON.stringify(value);

/** What every template sees: the spec plus derived, ready-to-print pieces. */
export function templateData(spec: ProjectSpec, files: PlannedFile[]) {
  const { layer } = spec.pieces;
  const flavor = tracingFlavor(spec.tracing);
  const iac = iacFlavor(spec.iac);
  return {
    ...spec,
    checkedOn: CHECKED_ON,
    // The tracing flavor's own templates (templates/tracing/<name>/), and what its trace and tests look like.
    tracingTemplates: `/tracing/${spec.tracing}`,
    trace: flavor.trace,
    unitTest: flavor.unitTest,
    facts: flavor.facts,
    memorySize: spec.pieces.memorySize,
    // Logs and the API stage's limits, the same in every IaC flavor.
    logRetentionDays: Number(spec.logRetention),
    cdkRetention: LOG_RETENTION_DAYS[spec.logRetention],
    throttle: { rate: Number(spec.throttleRate), burst: Number(spec.throttleBurst) },
    accessLogFormat: ACCESS_LOG_FORMAT,
    // The public SSM parameter naming the layer's latest version, where its publisher keeps one (scripts/check_layers.py).
    ssmParameter: spec.pieces.latestParameter,
    envEntries: Object.entries(spec.pieces.env),
    // The SAM and CloudFormation role's managed policies: X-Ray write and the flavor's, as `!Sub` ARNs
    // right in every partition (its logs permission is inline, scoped to the function's log group).
    rolePolicyArns: rolePolicies(spec.pieces).map(managedPolicyArn),
    // The cdk-nag findings the SAM and CloudFormation templates leave on purpose, by the resource that carries each.
    nag: templateSuppressions(spec),
    // The function's Layers in SAM and CloudFormation YAML: the tracing layer, then the dependencies layer.
    layerRefs: [
      ...(layer?.kind === 'mapping' ? ['!FindInMap [TracingLayer, !Ref AWS::Region, Arn]'] : []),
      ...(layer?.kind === 'ssm' ? [quote(`{{resolve:ssm:${layer.parameter}}}`)] : []),
      ...(spec.depsLayer ? ['!Ref DependenciesLayer'] : []),
    ],
    // Where the function's third-party requirements are listed, and where pip installs them for
    // Lambda: into the code folder, or into python/ of the dependencies layer (Lambda adds /opt/python to sys.path).
    deps: spec.depsLayer
      ? { layer: true, requirements: 'dependencies/requirements.txt', target: 'dependencies/python' }
      : { layer: false, requirements: 'hello_world/requirements.txt', target: 'hello_world' },
    pipPlatform: spec.arch === 'arm64' ? 'manylinux2014_aarch64' : 'manylinux2014_x86_64',
    pythonVersion: spec.runtime.replace('python', ''),
    iacFile: iac.mainFile(spec),
    tracingSwitches: iac.tracingSwitches(spec),
    stackSettings: iac.stackSettings(spec),
    // For the Rules assertion that stops a deploy where the layer is not published.
    layerRegionMessage: layer?.kind === 'mapping' ? layerRegionMessage(layer) : undefined,
    layout: files.filter((f) => f.what).map((f) => [f.path, f.what!] as const),
    ...iac.templateData?.(spec),
    // Escapers: user text only ever reaches a file through one of these.
    yaml: quote,
    toml: quote,
    py: quote,
    /** A command with its comment, lined up as the README's code blocks do. */
    readmeCommand: (command: string, comment: string) => commented(command, comment, 30),
    /** Text matched literally in a Python regular expression. */
    pyRegex: (text: string) => text.replace(/[.^$*+?()[\]{}|\\]/g, '\\$&'),
  };
}

export function renderProject(spec: ProjectSpec): RenderedFile[] {
  const files = planFiles(spec);
  const data = templateData(spec, files);
  return files.map(({ path, template, mode }) => ({ path, contents: renderTemplate(template, data), ...(mode === undefined ? {} : { mode }) }));
}
