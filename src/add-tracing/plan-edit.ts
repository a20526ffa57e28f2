/**
 * add-tracing's pure core: from a template's text and the options to the edited text, the list of
 * changes, and what the user must do by hand. It reuses the generator's tracing pieces (layers per
 * region, env, managed policies, requirements). Anything it cannot do safely is an AddTracingError
 * that says what and where; nothing is half-done.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { TRACING_NAMES, type Tracing, type TracingPieces, tracingFlavor, tracingPieces } from '../tracing/index.js';
import { CHECKED_ON, deprecatedRuntimeProblem } from '../shared/catalog.js';
import { isMapping, keyOf, pairOf, TemplateText, type Value } from './edit.js';

export class AddTracingError extends Error {}

export interface AddTracingOptions {
  tracing: Tracing;
  /** Logical ids of the functions to trace; all Python functions when empty. */
  functions: string[];
  force: boolean;
  /** The flavor's variant options (--adot-layer, --powertools-layer); the generator's defaults otherwise. */
  variants?: { adotLayer?: string; powertoolsLayer?: string };
}

export interface AddTracingPlan {
  text: string;
  changed: boolean;
  /** One line per change, for the summary. */
  changes: string[];
  /** What the tool did not do and the user should (skipped functions, permissions, handler code). */
  notes: string[];
}

const FUNCTION_TYPES = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];
/** The variant options add-tracing uses unless a template's layers call for others: the generator's defaults. */
const DEFAULT_VARIANT = { adotLayer: 'application-signals', powertoolsLayer: 'pinned' };

interface Target {
  id: string;
  props: YAMLMap;
  sam: boolean;
  runtime: string;
  arch: string;
  pieces: TracingPieces;
}

/** A plain string scalar's value; undefined for intrinsics (tags, {Ref}/{Fn::*} maps) and non-scalars. */
const plain = (node: unknown): string | undefined => (isScalar(node) && !node.tag && node.value !== null ? String(node.value) : undefined);
const valueOf = (map: unknown, key: string) => pairOf(map, key)?.value as Node | undefined;

export function planAddTracing(source: string, options: AddTracingOptions): AddTracingPlan {
  let t: TemplateText;
  try {
    t = new TemplateText(source);
  } catch (error) {
    throw new AddTracingError((error as Error).message);
  }
  const flavor = tracingFlavor(options.tracing);
  const root = t.doc.contents;
  const resources = valueOf(root, 'Resources');
  if (!isMap(root) || !isMap(resources)) throw new AddTracingError('it has no Resources section: is it a CloudFormation or SAM template?');
  const at = (node: Node | undefined) => `line ${t.line(node?.range?.[0] ?? 0)}`;
  const globalsFn = valueOf(valueOf(root, 'Globals'), 'Function');
  const changes: string[] = [];
  const notes: string[] = [];
  const refusals: string[] = [];
  /** A layer entry's text, with the text of the mapping it looks up (!FindInMap), if any. */
  const layerText = (layer: Node): string => {
    const findInMap = isMap(layer) ? valueOf(layer, 'Fn::FindInMap') : layer.tag === '!FindInMap' ? layer : undefined;
    const mapping = isSeq(findInMap) ? pairOf(valueOf(root, 'Mappings'), plain(findInMap.items[0]) ?? '')?.value : undefined;
    return source.slice(layer.range![0], layer.range![1]) + (mapping ? source.slice(mapping.range![0], mapping.range![1]) : '');
  };

  // Which functions, and are they Python?
  const all = (resources.items as Pair<Node, Node>[]).filter((p) => FUNCTION_TYPES.includes(plain(valueOf(p.value, 'Type')) ?? ''));
  for (const name of options.functions) {
    if (!all.some((p) => keyOf(p) === name)) {
      throw new AddTracingError(`there is no function ${name}; the functions are: ${all.map(keyOf).join(', ') || 'none'}`);
    }
  }
  const targets: Target[] = [];
  for (const pair of all) {
    const id = keyOf(pair)!;
    const named = options.functions.length === 0 || options.functions.includes(id);
    if (!named) continue;
    const resource = pair.value as unknown as YAMLMap;
    const isSam = plain(valueOf(resource, 'Type')) === 'AWS::Serverless::Function';
    const props = valueOf(resource, 'Properties');
    if (!isMap(props)) throw new AddTracingError(`${id} (${at(pair.key)}) has no Properties`);
    const runtimeNode = valueOf(props, 'Runtime') ?? (isSam ? valueOf(globalsFn, 'Runtime') : undefined);
    const runtime = plain(runtimeNode);
    if (runtimeNode && runtime === undefined) {
      refusals.push(`${id}: its Runtime (${at(runtimeNode)}) is an intrinsic function this tool cannot follow; write the runtime, or leave ${id} out with --function`);
      continue;
    }
    if (!runtime?.startsWith('python')) {
      const what = runtime ? `runs ${runtime}` : 'has no Runtime (a container image?)';
      if (options.functions.length > 0) refusals.push(`${id} (${at(pair.key)}) ${what}: add-tracing adds Python tracing only`);
      else notes.push(`Skipped ${id}: it ${what}, not Python.`);
      continue;
    }
    const archNode = valueOf(props, 'Architectures') ?? (isSam ? valueOf(globalsFn, 'Architectures') : undefined);
    const arch = archNode ? plain(isSeq(archNode) ? archNode.items[0] : undefined) : 'x86_64';
    if (!arch) {
      refusals.push(`${id}: its Architectures (${at(archNode)}) is not a plain list this tool can follow`);
      continue;
    }
    // The layers a function already has may call for a variant of the flavor (one that keeps them).
    const layersNode = valueOf(props, 'Layers');
    const variant = flavor.variantFor?.(isSeq(layersNode) ? (layersNode.items as Node[]).map(layerText) : []) ?? {};
    // A layer already there wins over the options: a second run must see what the first one wrote.
    const pieces = tracingPieces({ tracing: options.tracing, runtime, arch, serviceName: id, ...DEFAULT_VARIANT, ...options.variants, ...variant });
    const unsupported = runtimeRefusal(id, runtime, pieces);
    if (unsupported) {
      refusals.push(unsupported);
      continue;
    }
    targets.push({ id, props, sam: isSam, runtime, arch, pieces });
  }
  if (targets.length === 0 && refusals.length === 0) throw new AddTracingError('it has no Python Lambda functions to trace');

  // Tracing already configured differently?
  const samAllTargeted = targets.length > 0 && targets.every((x) => x.sam) && all.filter((p) => plain(valueOf(p.value, 'Type')) === 'AWS::Serverless::Function').length === targets.length;
  for (const x of targets) {
    const mode = x.sam ? (valueOf(x.props, 'Tracing') ?? valueOf(globalsFn, 'Tracing')) : valueOf(valueOf(x.props, 'TracingConfig'), 'Mode');
    if (mode && plain(mode) === undefined) refusals.push(`${x.id}: its tracing mode (${at(mode)}) is an intrinsic function this tool cannot follow`);
    else if (mode && plain(mode) !== 'Active' && !options.force) refusals.push(`${x.id}: tracing is ${plain(mode)} (${at(mode)}); --force sets it to Active`);
    const layers = valueOf(x.props, 'Layers');
    for (const layer of isSeq(layers) ? (layers.items as Node[]) : []) {
      const text = layerText(layer);
      const other = TRACING_NAMES.find((name) => name !== options.tracing && tracingFlavor(name).layerMarks.test(text));
      if (other && !options.force) refusals.push(`${x.id} already has the ${other} layer (${at(layer)}); remove it, or --force to add ${options.tracing} next to it`);
    }
    const wrapper = plain(valueOf(valueOf(valueOf(x.props, 'Environment'), 'Variables'), 'AWS_LAMBDA_EXEC_WRAPPER'));
    if (wrapper && wrapper !== x.pieces.env.AWS_LAMBDA_EXEC_WRAPPER && !options.force) {
      refusals.push(`${x.id} already sets AWS_LAMBDA_EXEC_WRAPPER to ${wrapper}; --force keeps it and adds the rest`);
    }
  }
  if (refusals.length > 0) throw new AddTracingError(refusals.join('\n'));

  // 1. Active tracing.
  const setMode = (map: YAMLMap, key: string, where: string) => {
    const node = valueOf(map, key);
    if (!node) t.addPair(map, key, 'Active');
    else if (plain(node) !== 'Active') t.replace(node, 'Active');
    else return;
    changes.push(`${where}: ${key} Active`);
  };
  if (samAllTargeted && isMap(globalsFn) && !targets.some((x) => valueOf(x.props, 'Tracing'))) {
    setMode(globalsFn, 'Tracing', 'Globals.Function');
  } else {
    for (const x of targets) {
      if (x.sam) setMode(x.props, 'Tracing', x.id);
      else {
        const config = valueOf(x.props, 'TracingConfig');
        if (isMap(config)) setMode(config, 'Mode', `${x.id}.TracingConfig`);
        else if (fill(t, x.props, { TracingConfig: { Mode: 'Active' } }).length) changes.push(`${x.id}: TracingConfig Mode Active`);
      }
    }
  }

  // 2. The layer: per region through a Mapping, with a Rules assertion that names the regions it is
  // published in (as the generator writes), or from an SSM parameter resolved at deploy time.
  const mappings = new Map<string, { arns: Record<string, string>; description: string }>();
  for (const x of targets) {
    const layer = x.pieces.layer;
    if (!layer) continue;
    const layers = valueOf(x.props, 'Layers');
    // The flavor's layer already there (ours, the generator's, or an ARN written by hand): nothing to add.
    if (isSeq(layers) && (layers.items as Node[]).some((l) => flavor.layerMarks.test(layerText(l)))) continue;
    if (layers && !isSeq(layers)) throw new AddTracingError(`${x.id}: its Layers (${at(layers)}) is not a list this tool can add to`);
    let reference: Value;
    if (layer.kind === 'ssm') {
      reference = `{{resolve:ssm:${layer.parameter}}}`;
      changes.push(`${x.id}: layer from SSM ${layer.parameter}`);
    } else {
      const name = `${flavor.mappingPrefix}${x.runtime.replace(/\W/g, '').replace(/^p/, 'P')}${x.arch === 'arm64' ? 'Arm64' : 'X8664'}`;
      mappings.set(name, { arns: layer.arns, description: layer.description });
      reference = { 'Fn::FindInMap': [name, { Ref: 'AWS::Region' }, 'Arn'] };
      changes.push(`${x.id}: layer ${name}`);
    }
    if (isSeq(layers)) t.addItem(layers, reference);
    else fill(t, x.props, { Layers: [reference] });
  }
  const mappingsNode = valueOf(root, 'Mappings');
  const rulesNode = valueOf(root, 'Rules');
  const newMappings: Record<string, Value> = {};
  const newRules: Record<string, Value> = {};
  for (const [name, { arns, description }] of mappings) {
    const regions = Object.keys(arns);
    if (!pairOf(mappingsNode, name)) {
      newMappings[name] = Object.fromEntries(Object.entries(arns).map(([region, arn]) => [region, { Arn: arn }]));
      changes.push(`Mappings: ${name} (the layer's ARN in ${regions.length} regions)`);
    }
    if (!pairOf(rulesNode, `${name}Region`)) {
      newRules[`${name}Region`] = {
        Assertions: [
          {
            Assert: { 'Fn::Contains': [regions, { Ref: 'AWS::Region' }] },
            AssertDescription: `The ${description} is not published in this region. Deploy to one of: ${regions.join(', ')}.`,
          },
        ],
      };
      changes.push(`Rules: ${name}Region (a deploy to a region without the layer fails with a message)`);
    }
  }
  for (const [section, node, entries] of [['Mappings', mappingsNode, newMappings], ['Rules', rulesNode, newRules]] as const) {
    if (Object.keys(entries).length === 0) continue;
    if (isMap(node) && node.items.length > 0) for (const [name, value] of Object.entries(entries)) t.addPair(node, name, value);
    else if (node) throw new AddTracingError(`its ${section} section (${at(node)}) is not a mapping this tool can add to`);
    else t.addSection(section, entries, 'Resources');
  }

  // 3. Environment variables (the user's own values win).
  for (const x of targets) {
    if (Object.keys(x.pieces.env).length === 0) continue;
    const added = fill(t, x.props, { Environment: { Variables: x.pieces.env } });
    if (added.length) changes.push(`${x.id}: ${added.map((path) => path.split('.').at(-1)).join(', ')}`);
  }

  // 4. IAM: SAM's generated role gets policies by name; a role in the template gets managed policy ARNs,
  // once for all the functions that share it.
  const roles = new Map<Pair<Node, Node>, Set<string>>();
  for (const x of targets) {
    const roleNode = valueOf(x.props, 'Role');
    const needed = x.sam && !roleNode ? x.pieces.managedPolicies : ['AWSXRayDaemonWriteAccess', ...x.pieces.managedPolicies];
    if (needed.length === 0) continue;
    if (x.sam && !roleNode) {
      const policies = valueOf(x.props, 'Policies');
      const missing = needed.filter((p) => !(policies && source.slice(policies.range![0], policies.range![1]).includes(p)));
      if (missing.length === 0) continue;
      if (isSeq(policies)) for (const p of missing) t.addItem(policies, p);
      else if (policies) {
        notes.push(`${x.id}: add ${missing.join(', ')} to its Policies (${at(policies)}), which is not a list this tool can add to.`);
        continue;
      } else fill(t, x.props, { Policies: missing });
      changes.push(`${x.id}: policies ${missing.join(', ')}`);
      continue;
    }
    const role = roleResource(roleNode, resources);
    if (!role) {
      notes.push(`${x.id}'s role is not defined in this template: attach ${needed.join(', ')} (AWS managed policies) to it.`);
      continue;
    }
    const wanted = roles.get(role) ?? new Set<string>();
    for (const p of needed) wanted.add(p);
    roles.set(role, wanted);
  }
  for (const [role, wanted] of roles) {
    const roleProps = valueOf(role.value, 'Properties');
    if (!isMap(roleProps)) continue;
    const arns = valueOf(roleProps, 'ManagedPolicyArns');
    const present = (p: string) => (arns ? source.slice(arns.range![0], arns.range![1]).includes(`policy/${p}`) : false);
    const missing = [...wanted].filter((p) => !present(p));
    if (missing.length === 0) continue;
    const values: Value[] = missing.map((p) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${p}` }));
    if (isSeq(arns)) for (const v of values) t.addItem(arns, v);
    else if (arns) {
      notes.push(`${keyOf(role)}: add ${missing.join(', ')} to its ManagedPolicyArns (${at(arns)}).`);
      continue;
    } else t.addPair(roleProps, 'ManagedPolicyArns', values);
    changes.push(`${keyOf(role)}: managed policies ${missing.join(', ')}`);
  }

  // 5. API Gateway stages.
  for (const pair of resources.items as Pair<Node, Node>[]) {
    const type = plain(valueOf(pair.value, 'Type'));
    const props = valueOf(pair.value, 'Properties');
    if ((type === 'AWS::Serverless::Api' || type === 'AWS::ApiGateway::Stage') && isMap(props) && fill(t, props, { TracingEnabled: true }).length) {
      changes.push(`${keyOf(pair)}: TracingEnabled`);
    }
    if (type === 'AWS::Serverless::HttpApi') notes.push(`${keyOf(pair)} is an HTTP API, which X-Ray does not trace; its function's traces start at Lambda.`);
  }
  const implicitApi = targets.some((x) => {
    const events = valueOf(x.props, 'Events');
    return isMap(events) && (events.items as Pair<Node, Node>[]).some((e) => plain(valueOf(e.value, 'Type')) === 'Api' && !pairOf(valueOf(e.value, 'Properties'), 'RestApiId'));
  });
  if (implicitApi && fill(t, root, { Globals: { Api: { TracingEnabled: true } } }).length) changes.push('Globals.Api: TracingEnabled');

  // What the handler needs: this tool does not edit Python code.
  if (targets.length > 0) notes.push(...flavor.handlerNotes);
  return { text: t.result(), changed: t.changed, changes, notes };
}

/**
 * Why a function's runtime cannot be traced, or undefined: a runtime Lambda has deprecated gets the same
 * answer in every flavor (what Lambda blocks, since when); else what the flavor supports, naming its layer
 * only when it has one.
 */
export function runtimeRefusal(id: string, runtime: string, pieces: TracingPieces): string | undefined {
  const deprecated = deprecatedRuntimeProblem(runtime);
  if (deprecated) return `${id}: ${deprecated} (set its Runtime, then run add-tracing again)`;
  if (pieces.runtimes.includes(runtime)) return undefined;
  const check = pieces.checkAt ? `; newer layers: see ${pieces.checkAt}` : '';
  const what = pieces.layer ? `the ${pieces.label} layer` : pieces.label;
  return `${id} runs ${runtime}, which ${what} does not support (it supports ${pieces.runtimes.join(', ')} as of ${CHECKED_ON}${check})`;
}

/**
 * Adds to `map` what `value` has and it lacks, going down into the mappings both have (the user's
 * values win); new top-level sections go before Resources. Returns the paths of the leaves it added.
 */
function fill(t: TemplateText, map: YAMLMap, value: Record<string, Value>, path = ''): string[] {
  const added: string[] = [];
  for (const [key, wanted] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const pair = pairOf(map, key);
    if (!pair) {
      if (map === t.doc.contents) t.addSection(key, wanted, 'Resources');
      else t.addPair(map, key, wanted);
      added.push(...leaves(wanted, here));
    } else if (isMap(pair.value) && isMapping(wanted)) added.push(...fill(t, pair.value, wanted, here));
  }
  return added;
}

const leaves = (value: Value, path: string): string[] =>
  isMapping(value) ? Object.entries(value).flatMap(([key, v]) => leaves(v, `${path}.${key}`)) : [path];

/** The AWS::IAM::Role a function's Role points at, when it is !GetAtt Role.Arn of this template. */
function roleResource(node: Node | undefined, resources: YAMLMap): Pair<Node, Node> | undefined {
  let name: string | undefined;
  if (isScalar(node) && node.tag === '!GetAtt') name = String(node.value).split('.')[0];
  else if (isSeq(node) && node.tag === '!GetAtt') name = plain((node as YAMLSeq).items[0]);
  else if (isMap(node)) {
    const getAtt = valueOf(node, 'Fn::GetAtt');
    name = isSeq(getAtt) ? plain(getAtt.items[0]) : plain(getAtt)?.split('.')[0];
  }
  const role = name ? pairOf(resources, name) : undefined;
  return role && plain(valueOf(role.value, 'Type')) === 'AWS::IAM::Role' ? role : undefined;
}
