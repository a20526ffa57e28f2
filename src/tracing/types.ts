/**
 * What a tracing flavor is: one module in src/tracing/ and one template folder in templates/tracing/<name>/.
 * The rest of the code asks a flavor for this data; nothing outside names one.
 */

/** What the pieces depend on besides the flavor. */
export interface TracingChoice {
  runtime: string;
  arch: string;
  serviceName: string;
  /**
   * The flavor's variant options, by option key (e.g. adotLayer: 'collector'); a flavor reads only its own,
   * each one given or its default (tracingPieces fills them in).
   */
  variants: Readonly<Record<string, string>>;
}

/**
 * A variant option of a flavor (e.g. --adot-layer): a row of the option table that applies only with this
 * flavor. create takes it as a flag and a summary line; add-tracing takes the same flag.
 */
export interface VariantOption {
  /** The answer's key (camelCase of the flag). */
  key: string;
  flag: string;
  help: string;
  default: string;
  /** The create summary's label. */
  summaryLabel: string;
  choices: readonly { value: string; hint: string; summary?: string }[];
}

/** A layer resolved per region through a Mapping, or from an SSM parameter at deploy time. */
export type LayerSource =
  | { kind: 'mapping'; description: string; arns: Record<string, string> }
  | { kind: 'ssm'; description: string; parameter: string };

/** The infrastructure a flavor needs: the IaC templates receive these as data. */
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
  /** Where to check for layer facts newer than the catalog's (named when a runtime or region is refused). */
  checkAt?: string;
  /** The public SSM parameter that names the layer's latest version, where the publisher keeps one. */
  latestParameter?: string;
}

/** What the flavor's trace looks like, for the local preview, the README and the tests. */
export interface TraceShape {
  /**
   * The subsegments the function's own code records under the function segment, outermost first
   * (each nested in the one before). Empty when the code records none (a layer instruments it).
   */
  subsegments: string[];
  /** Annotations on the first subsegment in a local run (cold start). */
  annotations: Record<string, string | boolean>;
  /**
   * When the code records nothing locally: who traces it in Lambda (`by`), what the preview says
   * instead of a trace (`text`), and the phrase of it the generated test looks for (`mark`).
   */
  localNote?: { by: string; text: string; mark: string };
  /**
   * What scripts/trace_deployed.py requires in the deployed trace besides the API Gateway stage and the
   * AWS::Lambda::Function segment: the names of the (sub)segments that must appear anywhere under the
   * function segment (directly, or under its Invocation subsegment in Lambda's older layout), and where
   * that list comes from.
   */
  deployed: { names: string[]; source: string };
  /** The key of the handler's JSON log lines that holds the X-Ray trace id (Lambda's JSON log format, or the library's own). */
  logTraceIdKey: string;
}

/** The imports of the generated tests/unit/test_handler.py beyond `json` and `app`. */
export interface UnitTestImports {
  /** Standard library modules, imported next to json. */
  stdlib: string[];
  /** Third-party import lines, in their own group before `import app`. */
  thirdParty: string[];
  /** Import lines after `import app` (what needs the function's module imported first). */
  afterApp: string[];
}

export interface TracingFlavor {
  /** One line next to the choice in prompts and --help. */
  hint: string;
  /** Said once when the flavor is chosen (e.g. a maintenance-mode notice). */
  notice?: string;
  /** Its variant options (rows of the option table that apply only with this flavor). */
  variants: readonly VariantOption[];
  /** Its infrastructure pieces for a runtime, architecture and service; `regions` undefined means every known region. */
  pieces(choice: TracingChoice): Omit<TracingPieces, 'regions'> & { regions?: readonly string[] };
  /** Every region any of its layers is published in (none: it needs no layer). */
  layerRegions: readonly string[];
  /** add-tracing: text that identifies its layer in a template (an ARN, or the mapping names it writes). */
  layerMarks: RegExp;
  /** add-tracing: the prefix of the Mapping names it writes for the layer. */
  mappingPrefix: string;
  /** add-tracing: the variant options a template's existing layers call for (e.g. a legacy layer kept). */
  variantFor?(layerTexts: string[]): Readonly<Record<string, string>>;
  /** add-tracing: what the handler code needs, printed (the tool does not edit Python). */
  handlerNotes: string[];
  trace: TraceShape;
  unitTest: UnitTestImports;
  /** Facts its templates print (versions, dates), as `facts`. */
  facts: Record<string, unknown>;
}

/**
 * The trace of a handler whose own code records subsegments with a tracing library (Powertools' Tracer, the
 * X-Ray SDK): `## lambda_handler` holding `## app.hello`, a ColdStart annotation, and both in the deployed trace.
 */
export function codeTrace(logTraceIdKey: string): TraceShape {
  const subsegments = ['## lambda_handler', '## app.hello'];
  return {
    subsegments,
    annotations: { ColdStart: true },
    deployed: { names: subsegments, source: 'the subsegments hello_world/app.py records' },
    logTraceIdKey,
  };
}
