/**
 * The tracing pieces of each flavor, derived from the catalog: which layer (per
 * region), which environment variables, which managed policies, which Python
 * requirements. The IaC templates receive these as data; none of them knows a
 * flavor by name.
 */
import {
  ADOT_APPLICATION_SIGNALS,
  ADOT_COLLECTOR,
  ADOT_EXEC_WRAPPER,
  KNOWN_REGIONS,
  POWERTOOLS,
  XRAY_SDK,
} from './catalog.js';

export type Tracing = 'powertools' | 'adot' | 'xray-sdk';
export type AdotLayer = 'application-signals' | 'collector';
export type PowertoolsLayer = 'pinned' | 'ssm';

export interface TracingChoice {
  tracing: Tracing;
  runtime: string;
  arch: string;
  serviceName: string;
  adotLayer: AdotLayer;
  powertoolsLayer: PowertoolsLayer;
}

/** A layer resolved per region through a Mapping, or from an SSM parameter at deploy time. */
export type LayerSource =
  | { kind: 'mapping'; description: string; arns: Record<string, string> }
  | { kind: 'ssm'; description: string; parameter: string };

export interface TracingPieces {
  /** One-line summary used in READMEs and the CLI. */
  label: string;
  layer?: LayerSource;
  env: Record<string, string>;
  /**
   * AWS managed policies the flavor needs beyond basic execution and X-Ray write (which every
   * template grants); templates write them as arn:${AWS::Partition}:iam::aws:policy/NAME.
   */
  managedPolicies: string[];
  /** Lines of hello_world/requirements.txt (deployed with the function). */
  functionRequirements: string[];
  /** Extra lines of tests/requirements.txt (what the layer provides in Lambda, installed locally). */
  testRequirements: string[];
  /** Function memory (MB): ADOT's instrumentation starts faster with more. */
  memorySize: number;
  /** Regions where this flavor can deploy. */
  regions: readonly string[];
  /** Runtimes the flavor's layer supports. */
  runtimes: readonly string[];
}

const noDot = (runtime: string) => runtime.replace('.', '');

function powertoolsArns(runtime: string, arch: string): Record<string, string> {
  const name = POWERTOOLS.layerName(noDot(runtime), arch);
  const arns: Record<string, string> = {};
  for (const { partition, version, accounts } of POWERTOOLS.partitions) {
    for (const [region, account] of Object.entries(accounts)) {
      arns[region] = `arn:${partition}:lambda:${region}:${account}:layer:${name}:${version}`;
    }
  }
  return arns;
}

function collectorArns(arch: string): Record<string, string> {
  const name = ADOT_COLLECTOR.layerName(arch);
  return Object.fromEntries(
    ADOT_COLLECTOR.regions.map((region) => [
      region,
      `arn:aws:lambda:${region}:${ADOT_COLLECTOR.account}:layer:${name}:${ADOT_COLLECTOR.version}`,
    ]),
  );
}

/** Region keys in code-point order (region names are ASCII; localeCompare would load ICU collation, ~5 ms). */
function sorted(arns: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(arns).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function tracingPieces(choice: TracingChoice): TracingPieces {
  const { runtime, arch, serviceName } = choice;
  switch (choice.tracing) {
    case 'powertools': {
      const arns = sorted(powertoolsArns(runtime, arch));
      const layer: LayerSource =
        choice.powertoolsLayer === 'ssm'
          ? {
              kind: 'ssm',
              description: 'Powertools for AWS Lambda (Python) v3, latest version, from its public SSM parameter',
              parameter: POWERTOOLS.ssmParameter(arch, runtime),
            }
          : { kind: 'mapping', description: 'Powertools for AWS Lambda (Python) v3 public layer', arns };
      return {
        label: 'Powertools for AWS Lambda (Python) v3',
        layer,
        env: {
          POWERTOOLS_SERVICE_NAME: serviceName,
          POWERTOOLS_METRICS_NAMESPACE: serviceName,
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
        managedPolicies: [],
        functionRequirements: [],
        testRequirements: [POWERTOOLS.pypi],
        memorySize: 256,
        regions: Object.keys(arns),
        runtimes: POWERTOOLS.runtimes,
      };
    }
    case 'adot': {
      if (choice.adotLayer === 'collector') {
        const arns = collectorArns(arch);
        return {
          label: 'AWS Distro for OpenTelemetry (legacy collector layer)',
          layer: { kind: 'mapping', description: 'ADOT Python layer with the embedded collector (legacy)', arns },
          env: { AWS_LAMBDA_EXEC_WRAPPER: ADOT_EXEC_WRAPPER, OTEL_SERVICE_NAME: serviceName },
          managedPolicies: [],
          functionRequirements: [],
          testRequirements: [],
          memorySize: 512,
          regions: Object.keys(arns),
          runtimes: ADOT_COLLECTOR.runtimes,
        };
      }
      const arns = sorted(ADOT_APPLICATION_SIGNALS.arns);
      return {
        label: 'AWS Distro for OpenTelemetry (Application Signals layer)',
        layer: { kind: 'mapping', description: 'ADOT Python layer AWSOpenTelemetryDistroPython (Application Signals)', arns },
        env: { AWS_LAMBDA_EXEC_WRAPPER: ADOT_EXEC_WRAPPER, OTEL_SERVICE_NAME: serviceName },
        managedPolicies: [ADOT_APPLICATION_SIGNALS.managedPolicy],
        functionRequirements: [],
        testRequirements: [],
        memorySize: 512,
        regions: Object.keys(arns),
        runtimes: ADOT_APPLICATION_SIGNALS.runtimes,
      };
    }
    case 'xray-sdk':
      return {
        label: 'AWS X-Ray SDK for Python (maintenance mode)',
        env: {},
        managedPolicies: [],
        functionRequirements: [XRAY_SDK.requirement],
        testRequirements: [],
        memorySize: 256,
        regions: KNOWN_REGIONS,
        runtimes: ['python3.12', 'python3.13', 'python3.14'],
      };
  }
}
