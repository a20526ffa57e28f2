/** The pure core: argv, defaults, validation, tracing pieces, the file plan and rendering. Fast: no Yeoman, no disk writes. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, parseArgv } from '../../src/create/flags.js';
import { addTracingHelp } from '../../src/add-tracing/flags.js';
import { CHECKED_ON } from '../../src/shared/catalog.js';
import { ADOT_APPLICATION_SIGNALS, ADOT_COLLECTOR } from '../../src/tracing/adot.js';
import { POWERTOOLS } from '../../src/tracing/powertools.js';
import { XRAY_SDK } from '../../src/tracing/xray-sdk.js';
import { UsageError } from '../../src/shared/errors.js';
import { IAC_FLAVORS, iacFlavor } from '../../src/iac/index.js';
import type { Answers } from '../../src/model/options.js';
import { nameProblem, suggestName } from '../../src/shared/names.js';
import { planFiles, renderProject } from '../../src/create/render.js';
import { questionsFor } from '../../src/create/questions.js';
import { type ProjectSpec, fillDefaults, resolveSpec } from '../../src/model/spec.js';
import { nextSteps } from '../../src/create/next-steps.js';
import { KNOWN_REGIONS, TRACING_NAMES, tracingFlavor, tracingPieces } from '../../src/tracing/index.js';
import { VARIANTS, combos, specFor } from '../helpers/project.js';
import { STEP_NAMES, type Steps } from '../../src/shared/steps.js';
import { runSteps } from '../../src/cli/run-steps.js';

const ctx = { cwd: '/work/projects', env: {} };
const TRACE_DEPLOYED = 'scripts/trace_deployed.py';

describe('parseArgv', () => {
  it('reads a positional directory, --flag value, --flag=value, grouped short flags and --', () => {
    expect(parseArgv(['api', '--tracing', 'adot', '--arch=arm64', '-y', '--no-git'])).toEqual({
      directory: 'api',
      tracing: 'adot',
      arch: 'arm64',
      yes: true,
      git: false,
    });
    expect(parseArgv(['-yv'])).toEqual({ yes: true, version: true });
    expect(parseArgv(['--', '-odd-name'])).toEqual({ directory: '-odd-name' });
    // `pnpm create x my-api -- --yes` (and yarn 2+, bun) passes npm's `--` on: before our flags, it separates nothing.
    expect(parseArgv(['my-api', '--', '--yes', '--tracing', 'adot'])).toEqual({ directory: 'my-api', yes: true, tracing: 'adot' });
    expect(parseArgv(['--', '-y', 'my-api'])).toEqual({ directory: 'my-api', yes: true });
  });

  it('refuses a flag given twice with different values', () => {
    expect(() => parseArgv(['--arch', 'arm64', '--arch', 'x86_64'])).toThrow(UsageError);
    expect(parseArgv(['--arch', 'arm64', '--arch', 'arm64'])).toEqual({ arch: 'arm64' });
  });
});

describe('defaults', () => {
  it('names the project after its directory, made a valid stack name', () => {
    expect(fillDefaults({ directory: 'my-api' }, ctx).name).toBe('my-api');
    expect(fillDefaults({ directory: 'sub/My Api_2' }, ctx).name).toBe('My-Api-2');
    expect(fillDefaults({ directory: '.' }, ctx).name).toBe('projects');
    expect(fillDefaults({ directory: '123' }, ctx).name).toBe('traced-api');
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, else us-east-1', () => {
    expect(fillDefaults({}, { cwd: '/', env: { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' } }).region).toBe('eu-west-1');
    expect(fillDefaults({}, { cwd: '/', env: { AWS_DEFAULT_REGION: 'eu-west-2' } }).region).toBe('eu-west-2');
    expect(fillDefaults({}, { cwd: '/', env: {} }).region).toBe('us-east-1');
  });

  it('defaults to powertools on SAM, python3.13, x86_64', () => {
    const spec = resolveSpec(fillDefaults({}, ctx), {}, ctx);
    expect([spec.tracing, spec.iac, spec.runtime, spec.arch]).toEqual(['powertools', 'sam', 'python3.13', 'x86_64']);
  });
});

describe('tracing pieces', () => {
  const pieces = (tracing: 'powertools' | 'adot' | 'xray-sdk', { arch = 'x86_64', runtime = 'python3.13', ...variants }: Record<string, string> = {}) =>
    tracingPieces({ tracing, runtime, arch, serviceName: 'svc', variants });

  it('builds Powertools ARNs per partition, runtime and architecture', () => {
    const layer = pieces('powertools', { arch: 'arm64', runtime: 'python3.12' }).layer;
    if (layer?.kind !== 'mapping') throw new Error('expected a mapping');
    expect(layer.arns['us-east-1']).toBe('arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37');
    expect(layer.arns['cn-north-1']).toBe('arn:aws-cn:lambda:cn-north-1:498634801083:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37');
    expect(layer.arns['us-gov-west-1']).toBe('arn:aws-us-gov:lambda:us-gov-west-1:165093116878:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:27');
    expect(pieces('powertools').env).toEqual({ POWERTOOLS_SERVICE_NAME: 'svc', POWERTOOLS_METRICS_NAMESPACE: 'svc', POWERTOOLS_LOG_LEVEL: 'INFO' });
  });

  it('resolves the Powertools SSM parameter by architecture and runtime', () => {
    expect(pieces('powertools', { powertoolsLayer: 'ssm', arch: 'arm64' }).layer).toMatchObject({
      kind: 'ssm',
      parameter: '/aws/service/powertools/python/arm64/python3.13/latest',
    });
  });

  it('uses the Application Signals layer with its policy, or the collector layer per architecture', () => {
    const signals = pieces('adot');
    expect(signals.env.AWS_LAMBDA_EXEC_WRAPPER).toBe('/opt/otel-instrument');
    expect(signals.managedPolicies).toEqual(['CloudWatchLambdaApplicationSignalsExecutionRolePolicy']);
    expect(signals.layer).toMatchObject({ arns: { 'us-east-1': 'arn:aws:lambda:us-east-1:615299751070:layer:AWSOpenTelemetryDistroPython:29' } });
    const collector = pieces('adot', { adotLayer: 'collector', arch: 'arm64' });
    expect(collector.layer).toMatchObject({ arns: { 'eu-west-1': 'arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-python-arm64-ver-1-32-0:2' } });
    expect(collector.regions).not.toContain('af-south-1');
  });

  it('takes ADOT on python3.14 with the Application Signals layer (v0.18.0 on), and refuses it with the collector layer, saying where to check', () => {
    const spec = specFor({ name: 'p', tracing: 'adot', runtime: 'python3.14' });
    expect(spec.pieces.layer).toMatchObject({ arns: { 'us-west-2': 'arn:aws:lambda:us-west-2:615299751070:layer:AWSOpenTelemetryDistroPython:33' } });
    expect(() => specFor({ name: 'p', tracing: 'adot', adotLayer: 'collector', runtime: 'python3.14' })).toThrow(
      /does not support python3\.14 \(its layer lists python3\.10, python3\.11, python3\.12, python3\.13 as of \d{4}-\d{2}-\d{2}; newer layers: see https:\/\/aws-otel\.github\.io\/docs\/getting-started\/lambda\/lambda-python/,
    );
  });

  it('puts the pinned X-Ray SDK in the function requirements, with no layer', () => {
    const xray = pieces('xray-sdk');
    expect(xray.layer).toBeUndefined();
    expect(xray.functionRequirements).toEqual(['aws-xray-sdk==2.15.0']);
  });
});

describe('the catalog matches the shared facts', () => {
  const shared = new URL('../../../shared/data/lambda-layers.json', import.meta.url);
  const present = existsSync(shared);
  if (!present) process.stderr.write('\n*** SKIPPED catalog check: ../shared/data/lambda-layers.json is not next to this checkout\n\n');
  it.skipIf(!present)('has the same accounts, versions, regions and ARNs', () => {
    const facts = JSON.parse(readFileSync(shared, 'utf8'));
    const [commercial, china, gov] = POWERTOOLS.partitions;
    expect(Object.keys(commercial.accounts)).toEqual(facts.powertools.commercial.regions);
    expect(new Set(Object.values(commercial.accounts))).toEqual(new Set([facts.powertools.commercial.account]));
    expect(commercial.version).toBe(facts.powertools.commercial.version);
    expect(china.accounts).toEqual(Object.fromEntries(facts.powertools.china.regions.map((r: string) => [r, facts.powertools.china.account])));
    expect(china.version).toBe(facts.powertools.china.version);
    expect(gov.accounts).toEqual(facts.powertools.govcloud.accounts);
    expect(gov.version).toBe(facts.powertools.govcloud.version);
    expect(ADOT_APPLICATION_SIGNALS.arns).toEqual(facts.adot_application_signals.arns);
    // The one deliberate difference: python3.14. The sheet copies the ADOT docs' list (3.10-3.13); the layers
    // themselves declare python3.14 from release v0.18.0 on (release-build.yml --compatible-runtimes, PR #791/#795),
    // and the ARNs above are v0.18.0's (lambdaLayerArns.js @ e256b2e, PR #839). See src/tracing/adot.ts.
    expect(facts.adot_application_signals.python_versions_listed).not.toContain('python3.14');
    expect(ADOT_APPLICATION_SIGNALS.runtimes).toEqual([...facts.adot_application_signals.python_versions_listed, 'python3.14']);
    expect(ADOT_COLLECTOR.regions).toEqual(facts.adot_legacy_collector.regions);
    expect(`arn:aws:lambda:{region}:${ADOT_COLLECTOR.account}:layer:aws-otel-python-{amd64|arm64}-ver-1-32-0:${ADOT_COLLECTOR.version}`).toBe(
      facts.adot_legacy_collector.arn_format,
    );
    expect(XRAY_SDK.requirement).toBe(facts.xray_sdk.package);
  });

  it('is dated', () => {
    expect(CHECKED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(KNOWN_REGIONS).toContain('us-gov-west-1');
  });
});

describe('validation', () => {
  const fails = (given: object) => () => resolveSpec(fillDefaults(given, ctx), given, ctx);
  it('refuses what would produce a broken or injectable file', () => {
    for (const name of ['1abc', 'a b', 'a_b', 'a"b', 'a\nb', "a';", 'x'.repeat(129), '']) {
      expect(fails({ name }), name).toThrow(UsageError);
    }
    expect(() => resolveSpec(fillDefaults({ name: 'A-1' }, ctx), { name: 'A-1' }, ctx)).not.toThrow();
  });

  it('accepts only the log retentions CloudWatch Logs allows, naming the nearest ones', () => {
    expect(fails({ logRetention: '10' })).toThrow('--log-retention "10" is not a retention CloudWatch Logs accepts. Did you mean --log-retention 7 or 14? Use one of (days): 1, 3, 5, 7, 14, 30,');
    expect(fails({ logRetention: '5000' })).toThrow('Did you mean --log-retention 3653?');
    expect(fails({ logRetention: 'forever' })).toThrow(/^--log-retention "forever" is not a retention CloudWatch Logs accepts\. Use one of/);
    for (const logRetention of ['1', '14', '400', '3653']) expect(fails({ logRetention }), logRetention).not.toThrow();
    expect(specFor({}).logRetention).toBe('14');
  });

  it('takes throttling limits up to the account quota: a positive rate, a whole burst', () => {
    for (const throttleRate of ['0', '-1', 'ten', '10001', '1e3']) expect(fails({ throttleRate }), throttleRate).toThrow('--throttle-rate');
    for (const throttleBurst of ['0', '1.5', '5001']) expect(fails({ throttleBurst }), throttleBurst).toThrow('--throttle-burst');
    expect(fails({ throttleRate: '0.5', throttleBurst: '5000' })).not.toThrow();
    expect(specFor({})).toMatchObject({ throttleRate: '10', throttleBurst: '20', accessLogs: false });
  });
});

describe('names', () => {
  it.each([
    ['my api', 'my-api'],
    ['café', 'cafe'],
    ['Über_Service', 'Uber-Service'],
    ['9lives', 'lives'],
    ['--x--', 'x'],
    ['日本', undefined],
  ])('suggests a stack name for %j: %j', (text, suggestion) => {
    expect(suggestName(text)).toBe(suggestion);
    if (suggestion) expect(nameProblem(suggestion)).toBeUndefined();
  });

  it('takes the name from the directory, made valid', () => {
    expect(specFor({ directory: 'work/café api', name: undefined }).name).toBe('cafe-api');
  });
});

describe('questions', () => {
  it('asks only what no flag answered, with a description on each choice', () => {
    const asked = questionsFor({ tracing: 'adot', directory: 'x' }, ctx).map((q) => q.name);
    expect(asked).toEqual(['iac', 'cdkLanguage', 'runtime', 'arch']);
    const iac = questionsFor({}, ctx).find((q) => q.name === 'iac')!;
    expect(iac.choices!.every((c) => c.description.length > 0)).toBe(true);
  });

  it('asks for the CDK language only with CDK', () => {
    const q = questionsFor({}, ctx).find((question) => question.name === 'cdkLanguage')!;
    expect(q.when({ iac: 'sam' })).toBe(false);
    expect(q.when({ iac: 'cdk' })).toBe(true);
  });

  it('validates answers with the same rules as flags', () => {
    const runtime = questionsFor({}, ctx).find((q) => q.name === 'runtime')!;
    expect(runtime.validate('python3.10')).toMatch(/deprecated/);
    expect(runtime.validate('python3.13')).toBe(true);
  });
});

describe('the file plan and rendering', () => {
  it('plans a sam init-like project', () => {
    expect(planFiles(specFor({ iac: 'sam' })).map((f) => f.path).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'events/hello.json',
        'hello_world/app.py',
        'hello_world/requirements.txt',
        'samconfig.toml',
        'template.yaml',
        'tests/conftest.py',
        'tests/requirements.txt',
        'tests/unit/test_handler.py',
        'tests/unit/test_trace_local.py',
        'tests/integration/test_api_gateway.py',
        'scripts/trace_local.py',
        'scripts/trace_deployed.py',
        'scripts/check_layers.py',
        'scripts/waterfall.py',
      ].sort(),
    );
  });

  it('plans cdk init-like apps, next to the same function and tests', () => {
    const common = ['.gitignore', 'README.md', 'events/hello.json', 'hello_world/app.py', 'hello_world/requirements.txt', 'scripts/check_layers.py', 'scripts/trace_deployed.py', 'scripts/trace_local.py', 'scripts/waterfall.py', 'tests/conftest.py', 'tests/integration/test_api_gateway.py', 'tests/requirements.txt', 'tests/unit/test_handler.py', 'tests/unit/test_trace_local.py'];
    const paths = (given: Partial<Answers>) => planFiles(specFor(given)).map((f) => f.path).sort();
    expect(paths({ iac: 'cdk', name: 'My-Api' })).toEqual(
      [...common, '.npmignore', 'AGENTS.md', 'bin/my-api.ts', 'cdk.json', 'jest.config.js', 'lib/my-api-stack.ts', 'package.json', 'test/my-api.test.ts', 'tsconfig.json'].sort(),
    );
    expect(paths({ iac: 'cdk', cdkLanguage: 'python', name: 'My-Api' })).toEqual(
      [...common, 'app.py', 'cdk.json', 'my_api/__init__.py', 'my_api/my_api_stack.py', 'requirements-dev.txt', 'requirements.txt', 'source.bat', 'tests/__init__.py', 'tests/unit/__init__.py', 'tests/unit/test_my_api_stack.py'].sort(),
    );
    // A package named like a module the app imports would shadow it: cdk init's name gets a suffix.
    expect(paths({ iac: 'cdk', cdkLanguage: 'python', name: 'json' })).toContain('json_cdk/json_cdk_stack.py');
    expect(paths({ iac: 'cdk', cdkLanguage: 'python', name: 'tests' })).toContain('tests_cdk/tests_cdk_stack.py');
  });

  const FLAVORS = Object.keys(IAC_FLAVORS).flatMap((iac) =>
    iac === 'cdk' ? [{ iac, cdkLanguage: 'typescript' }, { iac, cdkLanguage: 'python' }] : [{ iac }],
  ) as Partial<Answers>[];

  it.for(FLAVORS.flatMap((flavor) => VARIANTS.map((v) => ({ ...flavor, ...v.given }))))(
    'renders every template completely: %o',
    (given) => {
      for (const file of renderProject(specFor(given))) {
        expect(file.contents, file.path).not.toMatch(/<%|%>|undefined|\[object Object\]|NaN/);
        expect(file.contents === '' || file.contents.endsWith('\n'), file.path).toBe(true);
      }
    },
  );

  it('writes the same function code and Python tests whatever the IaC flavor', () => {
    for (const { given } of combos('sam')) {
      const shared = (spec: ProjectSpec) =>
        Object.fromEntries(
          renderProject(spec)
            .filter((f) => /^(hello_world|dependencies|events|tests|scripts)\//.test(f.path))
            // the CDK Python app's own test, and the __init__.py files that make tests/ packages as cdk init does
            .filter((f) => !/^tests\/(unit\/test_.*_stack\.py|__init__\.py|unit\/__init__\.py)$/.test(f.path))
            .filter((f) => f.path !== TRACE_DEPLOYED) // its CONFIG says where the IaC flavor keeps the stack's name and region
            // The one difference allowed: comments naming the file that sets the environment (and where check_layers.py reads the ARNs).
            .map((f) => [f.path, f.contents.split(iacFlavor(spec.iac).mainFile(spec)).join('<iac file>')]),
        );
      const sam = shared(specFor(given));
      expect(Object.keys(sam)).toHaveLength(specFor(given).depsLayer ? 12 : 11);
      for (const flavor of FLAVORS.slice(1)) expect(shared(specFor({ ...given, ...flavor })), JSON.stringify(flavor)).toEqual(sam);
    }
  });

  it("fills trace_deployed.py's CONFIG from the IaC flavor (stack, region, file) and the tracing flavor (expected pieces)", () => {
    const config = (given: Partial<Answers>) => {
      const text = renderProject(specFor({ name: 'my-api', region: 'eu-west-2', ...given })).find((f) => f.path === TRACE_DEPLOYED)!.contents;
      return /^CONFIG = \{\n([\s\S]*?)\n\}$/m.exec(text)![1]!.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
    };
    const handler = '"expected": ["## lambda_handler", "## app.hello"],';
    for (const flavor of FLAVORS) {
      for (const variant of VARIANTS) {
        const text = config({ ...flavor, ...variant.given });
        expect(text).toContain('"stack_name": "my-api",\n    "region": "eu-west-2",');
        expect(text).toContain(flavor.iac === 'sam' ? '"config_file": "samconfig.toml",' : '"config_file": None,');
        expect(text).toContain(variant.given.tracing === 'adot' ? '"expected": ["app.lambda_handler"],' : handler);
      }
    }
    // Apart from CONFIG's comment and config_file, the script is the same for every IaC flavor.
    const bare = (given: Partial<Answers>) =>
      renderProject(specFor(given)).find((f) => f.path === TRACE_DEPLOYED)!.contents.replace(/^# Filled in.*$|^ {4}"config_file".*$/gm, '');
    for (const flavor of FLAVORS.slice(1)) expect(bare(flavor)).toBe(bare({ iac: 'sam' }));
  });

  it('changes only the infrastructure files, the README and the layer check with the runtime and the architecture', () => {
    for (const flavor of FLAVORS) {
      for (const variant of VARIANTS) {
        // scripts/check_layers.py names the layer's SSM parameter, which is per runtime and architecture.
        const infrastructure = (spec: ProjectSpec) => new Set(['README.md', 'scripts/check_layers.py', ...iacFlavor(spec.iac).files(spec).map((f) => f.path)]);
        const rest = (given: Partial<Answers>) => {
          const spec = specFor({ ...flavor, ...variant.given, ...given });
          return Object.fromEntries(renderProject(spec).filter((f) => !infrastructure(spec).has(f.path)).map((f) => [f.path, f.contents]));
        };
        const first = rest({});
        expect(Object.keys(first).length).toBeGreaterThanOrEqual(8);
        for (const { given } of combos(flavor.iac!).filter((c) => c.label.startsWith(`${variant.label},`))) {
          expect(rest({ runtime: given.runtime, arch: given.arch }), `${JSON.stringify(flavor)} ${variant.label} ${given.runtime} ${given.arch}`).toEqual(first);
        }
      }
    }
  });

  it('marks the scripts executable, and nothing else', () => {
    for (const flavor of FLAVORS) {
      const modes = renderProject(specFor(flavor)).filter((f) => f.mode !== undefined).map((f) => [f.path, f.mode]);
      expect(modes).toEqual([
        ...(flavor.iac === 'cloudformation' ? [['deploy.sh', 0o755]] : []),
        ['scripts/trace_local.py', 0o755],
        ['scripts/trace_deployed.py', 0o755],
        ['scripts/check_layers.py', 0o755],
      ]);
    }
  });

  it('keeps each README to the chosen flavor', () => {
    const readme = (tracing: 'powertools' | 'adot' | 'xray-sdk') =>
      renderProject(specFor({ tracing })).find((f) => f.path === 'README.md')!.contents;
    expect(readme('adot')).not.toMatch(/Powertools|X-Ray SDK for Python/);
    expect(readme('powertools')).not.toMatch(/OpenTelemetry|maintenance mode/);
    expect(readme('xray-sdk')).toMatch(/maintenance mode[\s\S]*--tracing adot/);
  });

  it.for(FLAVORS)('explains tracing in every README, in the words of its IaC flavor only: %o', (flavor) => {
    const others: Record<string, RegExp> = {
      sam: /cdk deploy|aws cloudformation deploy|deploy\.sh/,
      cloudformation: /sam deploy|sam build|cdk deploy/,
      cdk: /sam deploy|sam build|deploy\.sh|aws cloudformation deploy/,
    };
    for (const { given } of VARIANTS.map((v) => ({ given: { ...flavor, ...v.given } }))) {
      const spec = specFor(given);
      const readme = renderProject(spec).find((f) => f.path === 'README.md')!.contents;
      for (const topic of [
        iacFlavor(spec.iac).tracingSwitches(spec).function, // which property turns tracing on
        'xray:PutTraceSegments', // which permission
        'python3 scripts/trace_local.py', // the local preview, with a sample
        'It prints, for example:',
        'aws xray get-trace-summaries', // finding the trace
        'AWS::Lambda::Function', // reading it
        '`Initialization`',
        '`Invocation`',
        '`Overhead`',
        'the first request each second, and 5% of the others', // sampling
        'free tier', // cost
        '--tracing-config Mode=Active', // an existing function
        'a published version keeps the tracing mode',
      ]) {
        expect(readme, `${JSON.stringify(given)}: ${topic}`).toContain(topic);
      }
      expect(readme).not.toMatch(others[spec.iac]!);
      expect(readme.includes('maintenance mode')).toBe(spec.tracing === 'xray-sdk');
      expect(readme.includes('DependenciesLayer')).toBe(spec.depsLayer);
      if (spec.pieces.layer) expect(readme).toContain(spec.pieces.layer.kind === 'ssm' ? spec.pieces.layer.parameter : 'TracingLayer');
    }
  });

  it('writes only portable shell: no GNU-only flags in READMEs, scripts or next steps', () => {
    /** What BSD (macOS) tools reject or read differently. */
    const GNU_ONLY = [/\bdate -d\b/, /\bdate --date\b/, /\bsed -i(?! '')/, /\breadlink -f\b/, /\bgrep -P\b/, /\bxargs -r\b/, /\bstat -c\b/, /\bbase64 -w\b/];
    for (const flavor of FLAVORS) {
      for (const variant of VARIANTS) {
        const spec = specFor({ ...flavor, ...variant.given });
        const texts = [...renderProject(spec).filter((f) => /\.(md|sh)$/.test(f.path)).map((f) => [f.path, f.contents]), ['next steps', nextSteps(spec, '/').join('\n')]];
        for (const [path, text] of texts) for (const pattern of GNU_ONLY) expect(text, `${path}: ${pattern}`).not.toMatch(pattern);
      }
    }
  });

  it('writes the events file as the JSON an API Gateway REST proxy sends', () => {
    const event = JSON.parse(renderProject(specFor({})).find((f) => f.path === 'events/hello.json')!.contents);
    expect([event.httpMethod, event.path, event.requestContext.resourcePath]).toEqual(['GET', '/hello', '/hello']);
  });
});

describe('runSteps: a run that asks nothing, without Yeoman', () => {
  /** Steps that note when each runs, and log and inform through the io they are given. */
  const noting = (seen: string[]): Steps =>
    Object.fromEntries(
      STEP_NAMES.map((name) => [
        name,
        async (io: Parameters<NonNullable<Steps['end']>>[0]) => {
          await Promise.resolve();
          seen.push(name);
          io.log(`${name} logs`);
          if (name === 'install') io.info('a note');
        },
      ]),
    );
  const output = (stream: { isTTY?: boolean; hasColors?: () => boolean } = {}) => {
    const written: string[] = [];
    return { written, stream: { ...stream, write: (text: string) => written.push(text) } };
  };

  it("runs the steps in Yeoman's order, one after the other, and writes its log lines as Yeoman's logger does", async () => {
    const seen: string[] = [];
    const { written, stream } = output();
    await runSteps(noting(seen), stream);
    expect(seen).toEqual(['prompting', 'writing', 'install', 'end']);
    expect(written.join('')).toBe('prompting logs\nwriting logs\ninstall logs\n     info a note\nend logs\n');
  });

  it('colours "info" grey only on a terminal that has colours', async () => {
    const colours = output({ isTTY: true, hasColors: () => true });
    await runSteps(noting([]), colours.stream);
    expect(colours.written).toContain('\u001b[90m     info\u001b[39m a note\n');
    const none = output({ isTTY: true, hasColors: () => false });
    await runSteps(noting([]), none.stream);
    expect(none.written).toContain('     info a note\n');
  });

  it('refuses a question, and stops at a failing step', async () => {
    const seen: string[] = [];
    const steps: Steps = {
      prompting: (io) => io.prompt([{ type: 'confirm', name: 'ok', message: 'ok?' }]).then(() => undefined),
      end: () => void seen.push('end'),
    };
    await expect(runSteps(steps, output().stream)).rejects.toThrow('a question was asked in a run that cannot ask');
    expect(seen).toEqual([]);
  });
});

describe('package manager', () => {
  /** User agents as each client sets them (seen through a local registry), and the commands it must be given. */
  const CLIENTS = [
    ['npm/11.19.1 node/v20.20.2 linux x64 workspaces/false', ['npm install', 'npm run build', 'npm test', 'npx cdk synth']],
    [undefined, ['npm install', 'npm run build', 'npm test', 'npx cdk synth']],
    ['pnpm/10.34.9 npm/? node/v20.20.2 linux x64', ['pnpm install', 'pnpm run build', 'pnpm test', 'pnpm exec cdk synth']],
    ['yarn/1.22.22 npm/? node/v20.20.2 linux x64', ['yarn install', 'yarn build', 'yarn test', 'yarn cdk synth']],
    ['yarn/4.18.1 npm/? node/v20.20.2 linux x64', ['yarn install', 'yarn build', 'yarn test', 'yarn cdk synth']],
    ['bun/1.4.5 npm/? node/v26.3.0 linux x64', ['bun install', 'bun run build', 'bun run test', 'bunx cdk synth']],
  ] as const;
  const cdkSpec = (agent: string | undefined, given: Partial<Answers> = {}) => {
    const context = { cwd: '/tmp', env: { npm_config_user_agent: agent } };
    const full = { directory: 'p', iac: 'cdk', install: false, ...given } as Partial<Answers>;
    return resolveSpec(fillDefaults(full, context), full, context);
  };

  it.each(CLIENTS)('spells every command of the CDK app for the client that ran it: %s', (agent, commands) => {
    const spec = cdkSpec(agent);
    const steps = nextSteps(spec, '/tmp').join('\n');
    const readme = renderProject(spec).find((f) => f.path === 'README.md')!.contents;
    for (const command of commands) {
      expect(steps, command).toMatch(new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm'));
      if (command !== commands[0]) expect(readme, command).toContain(command);
    }
    const others = CLIENTS.flatMap(([, c]) => c).filter((c) => !(commands as readonly string[]).includes(c) && !commands.some((mine) => mine.startsWith(c)));
    for (const other of others) expect(steps.split('\n').filter((line) => line.startsWith(other + ' ') || line === other), other).toEqual([]);
  });

  it('gives a yarn 2+ project the node_modules linker, and nobody else', () => {
    for (const [agent] of CLIENTS) {
      const yarnrc = renderProject(cdkSpec(agent)).find((f) => f.path === '.yarnrc.yml');
      expect(Boolean(yarnrc), String(agent)).toBe(agent?.startsWith('yarn/4') ?? false);
      if (yarnrc) expect(yarnrc.contents).toMatch(/^nodeLinker: node-modules$/m);
    }
  });

  it('orders the CDK Python steps so that each works: virtualenv, packages, the CDK CLI, the preview, synth', () => {
    for (const [agent] of CLIENTS) {
      const steps = nextSteps(cdkSpec(agent, { cdkLanguage: 'python' }), '/tmp');
      const at = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step));
      // The CLI is installed once (yarn 2+, which has no global installs, runs it through yarn dlx instead).
      const cli = agent?.startsWith('yarn/4') ? at(/^yarn dlx -p aws-cdk@2\.1148\.1 cdk synth/) : at(/aws-cdk@2\.1148\.1\s+# the CDK CLI$/);
      const order = [at(/^python3 -m venv/), at(/^pip install -r requirements/), cli, at(/^python3 scripts\/trace_local\.py/), at(/ synth\b/)];
      expect(order.every((index) => index >= 0), `${agent}: ${steps.join('\n')}`).toBe(true);
      expect(order.slice(0, 2).concat(order.slice(3))).toEqual([...order.slice(0, 2), ...order.slice(3)].sort((a, b) => a - b));
      expect(cli).toBeGreaterThan(order[1]!);
      expect(cli).toBeLessThanOrEqual(order[4]!);
    }
  });

});


describe('the tracing flavors', () => {
  const REPO = join(import.meta.dirname, '..', '..');
  const filesUnder = (dir: string): string[] =>
    readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(REPO, join(entry.parentPath, entry.name)));

  it('each has its module and its template folder: handler, unit test, README section, trace sample', () => {
    for (const name of TRACING_NAMES) {
      expect(existsSync(join(REPO, 'src', 'tracing', `${name}.ts`)), name).toBe(true);
      expect(readdirSync(join(REPO, 'templates', 'tracing', name)).sort(), name).toEqual(
        ['README.md.ejs', 'app.py.ejs', 'test_handler.py.ejs', 'trace-sample.txt.ejs'],
      );
    }
  });

  it('are named, as quoted strings, only in src/tracing/, templates/tracing/ and the option table (the default)', () => {
    const quoted = new RegExp(`['"](${TRACING_NAMES.join('|')})['"]`);
    const allowed = (path: string) => path.startsWith('src/tracing/') || path.startsWith('templates/tracing/') || path === 'src/model/options.ts';
    const naming = ['src', 'generators', 'templates'].flatMap(filesUnder).filter((path) => !allowed(path) && quoted.test(readFileSync(join(REPO, path), 'utf8')));
    expect(naming).toEqual([]);
  });

  it("have their variant options (keys and flags) named only in their own module and templates", () => {
    const variants = TRACING_NAMES.flatMap((tracing) => tracingFlavor(tracing).variants.flatMap((v) => [v.key, v.flag]));
    expect(variants.length).toBeGreaterThan(0);
    const named = new RegExp(`\\b(${variants.join('|')})\\b`);
    const allowed = (path: string) => path.startsWith('src/tracing/') || path.startsWith('templates/tracing/');
    const naming = ['src', 'generators', 'templates'].flatMap(filesUnder).filter((path) => !allowed(path) && named.test(readFileSync(join(REPO, path), 'utf8')));
    expect(naming).toEqual([]);
  });
});

describe('the X-Ray SDK support status', () => {
  // AWS withdrew the SDKs' end-of-support date in November 2025 (maintenance mode from 2026-02-25, no end).
  const withdrawn = /end of support (on|\d)|reaches end of support|2027-02-25/i;

  it('is one fact that every place reads: --help, the notice, the handler and the README', () => {
    const texts = [
      helpText('0.0.0'),
      addTracingHelp('0.0.0'),
      ...TRACING_NAMES.map((t) => tracingFlavor(t).notice ?? ''),
      ...(['sam', 'cloudformation', 'cdk'] as const).flatMap((iac) => renderProject(specFor({ name: 'x', tracing: 'xray-sdk', iac })).map((f) => f.contents)),
    ];
    expect(texts.filter((text) => withdrawn.test(text))).toEqual([]);
    const mentions = texts.filter((text) => text.includes(XRAY_SDK.status));
    expect(mentions.length).toBeGreaterThanOrEqual(4); // the notice, and each project's handler and README
    expect(helpText('0.0.0')).toContain(`maintenance mode since ${XRAY_SDK.maintenanceSince}`);
  });
});
