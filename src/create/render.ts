/**
 * From a project spec to the files of the project. `planFiles` is pure (which
 * template goes where); `renderProject` renders the ejs templates in memory
 * (their bodies as ejs compiles them: ./template-bodies.ts). Writing is the create steps' job (./steps.ts).
 */
import { posix } from 'node:path';
import { ACCESS_LOG_FORMAT, CHECKED_ON, LOG_RETENTION_DAYS } from '../shared/catalog.js';
import { commented } from '../iac/commands.js';
import { iacFlavor, type PlannedFile } from '../iac/index.js';
import { templateBody } from './template-bodies.js';
import { tracingFlavor } from '../tracing/index.js';
import type { ProjectSpec } from './spec.js';

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

/** The Rules assertion's message, for a deploy to a region where the layer is not published (templates and add-tracing's CDK Aspect). */
export const layerRegionMessage = (description: string, regions: string) =>
  `The ${description} is not published in this region. Deploy to one of: ${regions}.`;

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
    envEntries: Object.entries(spec.pieces.env),
    policyArns: spec.pieces.managedPolicies.map((name) => `arn:\${AWS::Partition}:iam::aws:policy/${name}`),
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
    layerRegionMessage: layer?.kind === 'mapping' ? layerRegionMessage(layer.description, Object.keys(layer.arns).join(', ')) : undefined,
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

type TemplateFunction = (locals: object, escapeFn: (value: unknown) => string, include: (path: string, data?: object) => string) => string;
const compiled = new Map<string, TemplateFunction>();

/** Output is not HTML: values are written as they are (the templates quote with yaml(), py() and friends). */
const asIs = (value: unknown) => String(value);

/**
 * Renders `name` (a path under templates/) as ejs.render would with `root` at templates/: the body runs
 * with a copy of the data as its locals, and include() takes '/path' from templates/ and 'path' from
 * the template's own folder (with its extension), each with the data plus what the include adds.
 */
export function renderTemplate(name: string, data: object): string {
  let fn = compiled.get(name);
  if (!fn) {
    // Sloppy-mode code, as ejs makes it: the body reads the locals through `with`.
    fn = new Function('locals, escapeFn, include, rethrow', templateBody(name)) as TemplateFunction;
    compiled.set(name, fn);
  }
  const include = (path: string, extra?: object) => {
    const target = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(name), path);
    return renderTemplate(target, extra ? { ...data, ...extra } : data);
  };
  return fn(Object.assign(Object.create(null) as object, data), asIs, include);
}

export function renderProject(spec: ProjectSpec): RenderedFile[] {
  const files = planFiles(spec);
  const data = templateData(spec, files);
  return files.map(({ path, template, mode }) => ({ path, contents: renderTemplate(template, data), ...(mode === undefined ? {} : { mode }) }));
}
