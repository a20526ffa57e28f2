/**
 * add-tracing's pure core: from a template's text and the options to the edited text, the list of
 * changes, and what the user must do by hand. It reuses the generator's tracing pieces (layers per
 * region, env, managed policies, requirements). Anything it cannot do safely is an AddTracingError
 * that says what and where; nothing is half-done.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { type LayerSource, TRACING_NAMES, type Tracing, type TracingFlavor, type TracingPieces, tracingFlavor, tracingPieces } from '../tracing/index.js';
import { layerMapping, layerRegions, layerRule, managedPolicyArn, rolePolicies } from '../model/cloudformation.js';
import { CHECKED_ON, deprecatedRuntimeProblem } from '../shared/catalog.js';
import { isMapping, keyOf, pairOf, TemplateText, type Value } from './edit.js';

export class AddTracingError extends Error {}

export interface AddTracingOptions {
  tracing: Tracing;
  /** Logical ids of the functions to trace; all Python functions when empty. */
  functions: string[];
  force: boolean;
  /** The flavor's variant options, by key (its own rows of the option table); their defaults otherwise. */
  variants?: Readonly<Record<string, string>>;
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

interface Target {
  id: string;
  props: YAMLMap;
  sam: boolean;
  runtime: string;
  arch: string;
  pieces: TracingPieces;
}

/** One planning run: the parsed template, what the user asked, and what the phases found and did. */
interface Planning {
  t: TemplateText;
  source: string;
  options: AddTracingOptions;
  flavor: TracingFlavor;
  root: YAMLMap;
  resources: YAMLMap;
  globalsFn: Node | undefined;
  changes: string[];
  notes: string[];
  /** Why functions cannot be traced: all of them are said at once, before anything is planned. */
  refusals: string[];
}

/** A plain string scalar's value; undefined for intrinsics (tags, {Ref}/{Fn::*} maps) and non-scalars. */
const plain = (node: unknown): string | undefined => (isScalar(node) && !node.tag && node.value !== null ? String(node.value) : undefined);
const valueOf = (map: unknown, key: string) => pairOf(map, key)?.value as Node | undefined;
const at = (p: Planning, node: Node | undefined) => `line ${p.t.line(node?.range?.[0] ?? 0)}`;
const typeOf = (pair: Pair<Node, Node>) => plain(valueOf(pair.value, 'Type'));
const itemsOf = (node: Node | undefined): Node[] => (isSeq(node) ? (node.items as Node[]) : []);

export function planAddTracing(source: string, options: AddTracingOptions): AddTracingPlan {
  const p = startPlanning(source, options);
  const targets = findTargets(p);
  refuseOtherTracing(p, targets);
  setActiveTracing(p, targets);
  addLayerSections(p, addLayers(p, targets));
  addEnvironment(p, targets);
  addPolicies(p, targets);
  traceApiStages(p, targets);
  // What the handler needs: this tool does not edit Python code.
  if (targets.length > 0) p.notes.push(...p.flavor.handlerNotes);
  return { text: p.t.result(), changed: p.t.changed, changes: p.changes, notes: p.notes };
}

/** Parses the template and finds its Resources (and SAM's Globals.Function). */
function startPlanning(source: string, options: AddTracingOptions): Planning {
  let t: TemplateText;
  try {
    t = new TemplateText(source);
  } catch (error) {
    throw new AddTracingError((error as Error).message);
  }
  const root = t.doc.contents;
  const resources = valueOf(root, 'Resources');
  if (!isMap(root) || !isMap(resources)) throw new AddTracingError('it has no Resources section: is it a CloudFormation or SAM template?');
  const globalsFn = valueOf(valueOf(root, 'Globals'), 'Function');
  return { t, source, options, flavor: tracingFlavor(options.tracing), root, resources, globalsFn, changes: [], notes: [], refusals: [] };
}

/** A layer entry's text, with the text of the mapping it looks up (!FindInMap), if any. */
function layerText(p: Planning, layer: Node): string {
  const findInMap = isMap(layer) ? valueOf(layer, 'Fn::FindInMap') : layer.tag === '!FindInMap' ? layer : undefined;
  const mapping = isSeq(findInMap) ? pairOf(valueOf(p.root, 'Mappings'), plain(findInMap.items[0]) ?? '')?.value : undefined;
  return p.source.slice(layer.range![0], layer.range![1]) + (mapping ? p.source.slice(mapping.range![0], mapping.range![1]) : '');
}

/** The functions to trace, each Python, with its runtime, architecture and pieces; refuses what it cannot follow. */
function findTargets(p: Planning): Target[] {
  const all = (p.resources.items as Pair<Node, Node>[]).filter((pair) => FUNCTION_TYPES.includes(typeOf(pair) ?? ''));
  for (const name of p.options.functions) {
    if (!all.some((pair) => keyOf(pair) === name)) {
      throw new AddTracingError(`there is no function ${name}; the functions are: ${all.map(keyOf).join(', ') || 'none'}`);
    }
  }
  const targets: Target[] = [];
  for (const pair of all) {
    const id = keyOf(pair)!;
    if (p.options.functions.length > 0 && !p.options.functions.includes(id)) continue;
    const found = targetOf(p, pair, id);
    if (typeof found === 'string') p.refusals.push(found);
    else if (found) targets.push(found);
  }
  if (targets.length === 0 && p.refusals.length === 0) throw new AddTracingError('it has no Python Lambda functions to trace');
  return targets;
}

/** One function as a target; a refusal's text; or undefined when it is skipped (not Python), with a note. */
function targetOf(p: Planning, pair: Pair<Node, Node>, id: string): Target | string | undefined {
  const sam = typeOf(pair) === 'AWS::Serverless::Function';
  const props = valueOf(pair.value, 'Properties');
  if (!isMap(props)) throw new AddTracingError(`${id} (${at(p, pair.key as Node)}) has no Properties`);
  const fromGlobals = (key: string) => valueOf(props, key) ?? (sam ? valueOf(p.globalsFn, key) : undefined);
  const runtimeNode = fromGlobals('Runtime');
  const runtime = plain(runtimeNode);
  if (runtimeNode && runtime === undefined) {
    return `${id}: its Runtime (${at(p, runtimeNode)}) is an intrinsic function this tool cannot follow; write the runtime, or leave ${id} out with --function`;
  }
  if (!runtime?.startsWith('python')) return skipNotPython(p, pair, id, runtime);
  const archNode = fromGlobals('Architectures');
  const arch = archNode ? plain(isSeq(archNode) ? archNode.items[0] : undefined) : 'x86_64';
  if (!arch) return `${id}: its Architectures (${at(p, archNode)}) is not a plain list this tool can follow`;
  // The layers a function already has may call for a variant of the flavor (one that keeps them): a layer
  // already there wins over the options, since a second run must see what the first one wrote.
  const variant = p.flavor.variantFor?.(itemsOf(valueOf(props, 'Layers')).map((layer) => layerText(p, layer))) ?? {};
  const pieces = tracingPieces({ tracing: p.options.tracing, runtime, arch, serviceName: id, variants: { ...p.options.variants, ...variant } });
  return runtimeRefusal(id, runtime, pieces) ?? { id, props, sam, runtime, arch, pieces };
}

/** A function that is not Python: refused when named with --function, else skipped with a note. */
function skipNotPython(p: Planning, pair: Pair<Node, Node>, id: string, runtime: string | undefined): string | undefined {
  const what = runtime ? `runs ${runtime}` : 'has no Runtime (a container image?)';
  if (p.options.functions.length > 0) return `${id} (${at(p, pair.key as Node)}) ${what}: add-tracing adds Python tracing only`;
  p.notes.push(`Skipped ${id}: it ${what}, not Python.`);
  return undefined;
}

/** Refuses (with every reason at once) tracing configured differently, unless --force. */
function refuseOtherTracing(p: Planning, targets: Target[]): void {
  const { refusals } = p;
  const { force, tracing } = p.options;
  for (const x of targets) {
    const mode = x.sam ? (valueOf(x.props, 'Tracing') ?? valueOf(p.globalsFn, 'Tracing')) : valueOf(valueOf(x.props, 'TracingConfig'), 'Mode');
    if (mode && plain(mode) === undefined) refusals.push(`${x.id}: its tracing mode (${at(p, mode)}) is an intrinsic function this tool cannot follow`);
    else if (mode && plain(mode) !== 'Active' && !force) refusals.push(`${x.id}: tracing is ${plain(mode)} (${at(p, mode)}); --force sets it to Active`);
    for (const layer of itemsOf(valueOf(x.props, 'Layers'))) {
      const other = TRACING_NAMES.find((name) => name !== tracing && tracingFlavor(name).layerMarks.test(layerText(p, layer)));
      if (other && !force) refusals.push(`${x.id} already has the ${other} layer (${at(p, layer)}); remove it, or --force to add ${tracing} next to it`);
    }
    const wrapper = plain(valueOf(valueOf(valueOf(x.props, 'Environment'), 'Variables'), 'AWS_LAMBDA_EXEC_WRAPPER'));
    if (wrapper && wrapper !== x.pieces.env.AWS_LAMBDA_EXEC_WRAPPER && !force) {
      refusals.push(`${x.id} already sets AWS_LAMBDA_EXEC_WRAPPER to ${wrapper}; --force keeps it and adds the rest`);
    }
  }
  if (refusals.length > 0) throw new AddTracingError(refusals.join('\n'));
}

/** 1. Active tracing: in SAM's Globals when every SAM function is a target and none sets its own. */
function setActiveTracing(p: Planning, targets: Target[]): void {
  const setMode = (map: YAMLMap, key: string, where: string) => {
    const node = valueOf(map, key);
    if (!node) p.t.addPair(map, key, 'Active');
    else if (plain(node) !== 'Active') p.t.replace(node, 'Active');
    else return;
    p.changes.push(`${where}: ${key} Active`);
  };
  const samFunctions = (p.resources.items as Pair<Node, Node>[]).filter((pair) => typeOf(pair) === 'AWS::Serverless::Function');
  const samAllTargeted = targets.length > 0 && targets.every((x) => x.sam) && samFunctions.length === targets.length;
  if (samAllTargeted && isMap(p.globalsFn) && !targets.some((x) => valueOf(x.props, 'Tracing'))) {
    setMode(p.globalsFn, 'Tracing', 'Globals.Function');
    return;
  }
  for (const x of targets) {
    const config = valueOf(x.props, 'TracingConfig');
    if (x.sam) setMode(x.props, 'Tracing', x.id);
    else if (isMap(config)) setMode(config, 'Mode', `${x.id}.TracingConfig`);
    else if (fill(p.t, x.props, { TracingConfig: { Mode: 'Active' } }).length) p.changes.push(`${x.id}: TracingConfig Mode Active`);
  }
}

type MappedLayer = Extract<LayerSource, { kind: 'mapping' }>;

/**
 * 2. The layer: per region through a Mapping (returned, by name, for addLayerSections), or from an SSM
 * parameter resolved at deploy time. A function that has the flavor's layer already (ours, the generator's,
 * or an ARN written by hand) gets no second one.
 */
function addLayers(p: Planning, targets: Target[]): Map<string, MappedLayer> {
  const mappings = new Map<string, MappedLayer>();
  for (const x of targets) {
    const layer = x.pieces.layer;
    if (!layer) continue;
    const layers = valueOf(x.props, 'Layers');
    if (itemsOf(layers).some((l) => p.flavor.layerMarks.test(layerText(p, l)))) continue;
    if (layers && !isSeq(layers)) throw new AddTracingError(`${x.id}: its Layers (${at(p, layers)}) is not a list this tool can add to`);
    let reference: Value;
    if (layer.kind === 'ssm') {
      reference = `{{resolve:ssm:${layer.parameter}}}`;
      p.changes.push(`${x.id}: layer from SSM ${layer.parameter}`);
    } else {
      const name = `${p.flavor.mappingPrefix}${x.runtime.replace(/\W/g, '').replace(/^p/, 'P')}${x.arch === 'arm64' ? 'Arm64' : 'X8664'}`;
      mappings.set(name, layer);
      reference = { 'Fn::FindInMap': [name, { Ref: 'AWS::Region' }, 'Arn'] };
      p.changes.push(`${x.id}: layer ${name}`);
    }
    if (isSeq(layers)) p.t.addItem(layers, reference);
    else fill(p.t, x.props, { Layers: [reference] });
  }
  return mappings;
}

/** Each layer Mapping, and its Rules assertion naming the regions it is published in (as the generator writes them). */
function addLayerSections(p: Planning, mappings: Map<string, MappedLayer>): void {
  const mappingsNode = valueOf(p.root, 'Mappings');
  const rulesNode = valueOf(p.root, 'Rules');
  const newMappings: Record<string, Value> = {};
  const newRules: Record<string, Value> = {};
  for (const [name, layer] of mappings) {
    if (!pairOf(mappingsNode, name)) {
      newMappings[name] = layerMapping(layer);
      p.changes.push(`Mappings: ${name} (the layer's ARN in ${layerRegions(layer).length} regions)`);
    }
    if (!pairOf(rulesNode, `${name}Region`)) {
      newRules[`${name}Region`] = layerRule(layer);
      p.changes.push(`Rules: ${name}Region (a deploy to a region without the layer fails with a message)`);
    }
  }
  for (const [section, node, entries] of [['Mappings', mappingsNode, newMappings], ['Rules', rulesNode, newRules]] as const) {
    if (Object.keys(entries).length === 0) continue;
    if (isMap(node) && node.items.length > 0) for (const [name, value] of Object.entries(entries)) p.t.addPair(node, name, value);
    else if (node) throw new AddTracingError(`its ${section} section (${at(p, node)}) is not a mapping this tool can add to`);
    else p.t.addSection(section, entries, 'Resources');
  }
}

/** 3. Environment variables (the user's own values win). */
function addEnvironment(p: Planning, targets: Target[]): void {
  for (const x of targets) {
    if (Object.keys(x.pieces.env).length === 0) continue;
    const added = fill(p.t, x.props, { Environment: { Variables: x.pieces.env } });
    if (added.length) p.changes.push(`${x.id}: ${added.map((path) => path.split('.').at(-1)).join(', ')}`);
  }
}

/**
 * 4. IAM: SAM's generated role gets policies by name (SAM adds X-Ray write itself); a role in the template
 * gets managed policy ARNs, once for all the functions that share it; a role elsewhere gets a note.
 */
function addPolicies(p: Planning, targets: Target[]): void {
  const roles = new Map<Pair<Node, Node>, Set<string>>();
  for (const x of targets) {
    const roleNode = valueOf(x.props, 'Role');
    if (x.sam && !roleNode) {
      addSamPolicies(p, x);
      continue;
    }
    const needed = rolePolicies(x.pieces);
    const role = roleResource(roleNode, p.resources);
    if (!role) {
      p.notes.push(`${x.id}'s role is not defined in this template: attach ${needed.join(', ')} (AWS managed policies) to it.`);
      continue;
    }
    const wanted = roles.get(role) ?? new Set<string>();
    for (const policy of needed) wanted.add(policy);
    roles.set(role, wanted);
  }
  for (const [role, wanted] of roles) addRolePolicies(p, role, wanted);
}

/** The flavor's managed policies, by name, in a SAM function's Policies. */
function addSamPolicies(p: Planning, x: Target): void {
  const needed = x.pieces.managedPolicies;
  if (needed.length === 0) return;
  const policies = valueOf(x.props, 'Policies');
  const missing = needed.filter((name) => !(policies && p.source.slice(policies.range![0], policies.range![1]).includes(name)));
  if (missing.length === 0) return;
  if (isSeq(policies)) for (const name of missing) p.t.addItem(policies, name);
  else if (policies) {
    p.notes.push(`${x.id}: add ${missing.join(', ')} to its Policies (${at(p, policies)}), which is not a list this tool can add to.`);
    return;
  } else fill(p.t, x.props, { Policies: missing });
  p.changes.push(`${x.id}: policies ${missing.join(', ')}`);
}

/** The managed policies a role of the template lacks, as ARNs in its ManagedPolicyArns. */
function addRolePolicies(p: Planning, role: Pair<Node, Node>, wanted: Set<string>): void {
  const roleProps = valueOf(role.value, 'Properties');
  if (!isMap(roleProps)) return;
  const arns = valueOf(roleProps, 'ManagedPolicyArns');
  const present = (name: string) => (arns ? p.source.slice(arns.range![0], arns.range![1]).includes(`policy/${name}`) : false);
  const missing = [...wanted].filter((name) => !present(name));
  if (missing.length === 0) return;
  const values: Value[] = missing.map((name) => ({ 'Fn::Sub': managedPolicyArn(name) }));
  if (isSeq(arns)) for (const v of values) p.t.addItem(arns, v);
  else if (arns) {
    p.notes.push(`${keyOf(role)}: add ${missing.join(', ')} to its ManagedPolicyArns (${at(p, arns)}).`);
    return;
  } else p.t.addPair(roleProps, 'ManagedPolicyArns', values);
  p.changes.push(`${keyOf(role)}: managed policies ${missing.join(', ')}`);
}

/** 5. API Gateway: every REST API and stage traced, and SAM's implicit API through Globals. */
function traceApiStages(p: Planning, targets: Target[]): void {
  for (const pair of p.resources.items as Pair<Node, Node>[]) {
    const type = typeOf(pair);
    const props = valueOf(pair.value, 'Properties');
    if ((type === 'AWS::Serverless::Api' || type === 'AWS::ApiGateway::Stage') && isMap(props) && fill(p.t, props, { TracingEnabled: true }).length) {
      p.changes.push(`${keyOf(pair)}: TracingEnabled`);
    }
    if (type === 'AWS::Serverless::HttpApi') p.notes.push(`${keyOf(pair)} is an HTTP API, which X-Ray does not trace; its function's traces start at Lambda.`);
  }
  const implicitApi = targets.some((x) => {
    const events = valueOf(x.props, 'Events');
    return isMap(events) && (events.items as Pair<Node, Node>[]).some((e) => plain(valueOf(e.value, 'Type')) === 'Api' && !pairOf(valueOf(e.value, 'Properties'), 'RestApiId'));
  });
  if (implicitApi && fill(p.t, p.root, { Globals: { Api: { TracingEnabled: true } } }).length) p.changes.push('Globals.Api: TracingEnabled');
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
