/** `npm run catalog:check`'s comparison (src/tracing/catalog-check.ts) on small sources written in the projects' formats. */
import { describe, expect, it } from 'vitest';
import { type CatalogFacts, adotArnsIn, catalogFacts, compareSource, compatibleRuntimesIn, powertoolsFactsIn, sourceKind } from '../../src/tracing/catalog-check.js';

const catalog: CatalogFacts = {
  adotArns: {
    'us-east-1': 'arn:aws:lambda:us-east-1:111111111111:layer:AWSOpenTelemetryDistroPython:5',
    'cn-north-1': 'arn:aws-cn:lambda:cn-north-1:222222222222:layer:AWSOpenTelemetryDistroPython:2',
  },
  adotRuntimes: ['python3.13', 'python3.14'],
  powertoolsVersions: { aws: 10, 'aws-cn': 10, 'aws-us-gov': 4 },
  powertoolsRuntimes: ['python3.13', 'python3.14'],
};

const arnsJs = (usEast1: number) => `export const config = { tabs: {
  python: { arns: {
    "us-east-1": "arn:aws:lambda:us-east-1:111111111111:layer:AWSOpenTelemetryDistroPython:${usEast1}",
    "cn-north-1": "arn:aws-cn:lambda:cn-north-1:222222222222:layer:AWSOpenTelemetryDistroPython:2",
  } },
  nodejs: { arns: { "us-east-1": "arn:aws:lambda:us-east-1:111111111111:layer:AWSOpenTelemetryDistroJs:9" } },
} };
`;
const workflow = (runtimes: string) => `jobs:
  publish:
    steps:
      - run: |
          aws lambda publish-layer-version \\
              --layer-name AWSOpenTelemetryDistroPython \\
              --compatible-runtimes ${runtimes} \\
              --compatible-architectures "arm64" "x86_64"
`;
const install = (aws: number) => `Use a currently supported runtime: \`python313\` or \`python314\`.

| Architecture | ARN |
| x86_64 | \`arn:aws:lambda:{region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-{python_version}-x86_64:${aws}\` |
| cn-north-1 | x86_64 | \`arn:aws-cn:lambda:cn-north-1:498634801083:layer:AWSLambdaPowertoolsPythonV3-{python_version}-x86_64:10\` |
| us-gov-east-1 | x86_64 | \`arn:aws-us-gov:lambda:us-gov-east-1:165087284144:layer:AWSLambdaPowertoolsPythonV3-{python_version}-x86_64:4\` |

    aws lambda get-layer-version-by-arn --arn arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:11
`;

describe('catalog:check', () => {
  it('knows the sources by file name', () => {
    expect(sourceKind('aws-otel.github.io__src_config_lambdaLayerArns.js__e256b2e.js')).toBe('adot-arns');
    expect(sourceKind('release-build.yml')).toBe('adot-workflow');
    expect(sourceKind('install.md')).toBe('powertools-install');
    expect(sourceKind('README.md')).toBeUndefined();
  });

  it('reads the ARNs, the published runtimes and the Powertools versions', () => {
    expect(adotArnsIn(arnsJs(5))).toEqual(catalog.adotArns);
    expect(compatibleRuntimesIn(workflow('python3.13 python3.14'))).toEqual(['python3.13', 'python3.14']);
    expect(powertoolsFactsIn(install(10))).toEqual({ versions: { aws: 10, 'aws-cn': 10, 'aws-us-gov': 4 }, runtimes: ['python3.13', 'python3.14'], elsewhere: [11] });
  });

  it('finds no difference when they agree, and notes a newer version outside the tables', () => {
    expect(compareSource('adot-arns', arnsJs(5), catalog).differences).toEqual([]);
    expect(compareSource('adot-workflow', workflow('python3.13 python3.14'), catalog).differences).toEqual([]);
    const powertools = compareSource('powertools-install', install(10), catalog);
    expect(powertools.differences).toEqual([]);
    expect(powertools.notes).toEqual(["Powertools: the page mentions layer version 11 outside its tables (newer than the tables' 10): check the live page"]);
  });

  it('names each difference', () => {
    expect(compareSource('adot-arns', arnsJs(6), catalog).differences).toEqual([
      'ADOT us-east-1: the source has arn:aws:lambda:us-east-1:111111111111:layer:AWSOpenTelemetryDistroPython:6, the catalog arn:aws:lambda:us-east-1:111111111111:layer:AWSOpenTelemetryDistroPython:5',
    ]);
    expect(compareSource('adot-arns', arnsJs(5).replace(/.*cn-north-1.*\n/, ''), catalog).differences).toEqual(['ADOT cn-north-1: in the catalog, not in the source']);
    expect(compareSource('adot-workflow', workflow('python3.12 python3.13'), catalog).differences).toEqual([
      'ADOT runtimes: the workflow publishes python3.12, python3.13, the catalog says python3.13, python3.14',
    ]);
    expect(compareSource('powertools-install', install(12), catalog).differences).toEqual(['Powertools aws: the source has layer 12, the catalog 10']);
  });

  it('compares the real catalog', () => {
    const facts = catalogFacts();
    expect(Object.keys(facts.adotArns)).toContain('us-east-1');
    expect(facts.adotRuntimes).toContain('python3.14');
    expect(facts.powertoolsVersions).toEqual({ aws: 37, 'aws-cn': 37, 'aws-us-gov': 27 });
  });
});
