/**
 * Round-trip-safe edits of a CloudFormation template's text. The `yaml` package parses the file
 * (JSON is YAML's flow style) and gives every node its source range; edits are insertions and
 * replacements at those offsets, so every byte this does not change stays as the user wrote it:
 * comments, key order, quoting, short-form tags, indentation, JSON stays JSON.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseTemplateDocument } from './parse.js';

/** A CloudFormation value to write: plain JSON, with intrinsics as {Ref}/{'Fn::*'} objects. */
export type Value = string | number | boolean | Value[] | { [key: string]: Value };

interface Patch {
  start: number;
  end: number;
  text: () => string;
  /**
   * Where the collection it adds to starts (-1 for a new top-level section). Insertions at one offset
   * are the ends of nested collections (a last Environment.Variables and its Properties): the inner
   * one, which starts later, must come first in the text.
   */
  within: number;
}

export class TemplateText {
  readonly doc: Document.Parsed;
  readonly json: boolean;
  private readonly patches: Patch[] = [];
  /** What is added to each collection, so that two edits of one node merge instead of repeating it. */
  private readonly pending = new Map<YAMLMap | YAMLSeq, Map<string, { value: Value }>>();
  /** One indentation step, as the file uses it. */
  private readonly unit: string;
  /** How far a block sequence's dashes sit in from their key: one step, or none ("key:\n- item"). */
  private readonly seqIndent: string;

  constructor(readonly text: string) {
    this.doc = parseTemplateDocument(text, { uniqueKeys: false, prettyErrors: false });
    if (this.doc.errors.length > 0) throw new Error(`it is not valid YAML or JSON: ${this.doc.errors[0]!.message.split('\n')[0]}`);
    const expanded = expandedSize(this.doc);
    if (expanded > MAX_EXPANDED_NODES) {
      throw new Error(`its YAML aliases (*name) expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (an alias bomb?); cfn-lint and CloudFormation would expand them all. Write the repeated parts out, or remove the aliases, and run again`);
    }
    this.json = /^\s*\{/.test(text);
    const indents = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1]!.length);
    this.unit = ' '.repeat(indents.length ? Math.min(...indents) : 2);
    this.seqIndent = /^( *)[^\s#-][^\n]*:[ \t]*(#[^\n]*)?\n\1- /m.test(text) ? '' : this.unit;
  }

  get changed(): boolean {
    return this.patches.length > 0;
  }

  /** 1-based line of an offset, for messages. */
  line(offset: number): number {
    return this.text.slice(0, offset).split('\n').length;
  }

  /** The text with the edits applied (each offset refers to the original text). */
  result(): string {
    // From the end backwards. At one offset, the innermost collection's entries come first (they are
    // applied last), and within one collection what was added first comes first.
    const order = this.patches
      .map((patch, i) => ({ patch, i }))
      .sort((a, b) => b.patch.start - a.patch.start || a.patch.within - b.patch.within || b.i - a.i);
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    // Applied from the end backwards, a patch lands before those applied earlier at its offset; so the
    // text is built in one pass over the reverse order (not by re-slicing the whole text per patch,
    // which took 4.7 s of a 400-function template's 6.9 s).
    const pieces: string[] = [];
    let cursor = 0;
    for (const { patch } of order.reverse()) {
      if (patch.start > cursor) pieces.push(this.text.slice(cursor, patch.start));
      pieces.push(patch.text().replaceAll('\n', eol));
      cursor = Math.max(cursor, patch.end);
    }
    pieces.push(this.text.slice(cursor));
    return pieces.join('');
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  /** Where the line holding `offset` ends (before its \n, or its \r\n). */
  private endOfLine(offset: number): number {
    let nl = this.text[offset - 1] === '\n' ? offset - 1 : this.text.indexOf('\n', offset);
    if (nl === -1) nl = this.text.length;
    return this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** Where a new entry goes in `collection` (after its last one), and the indentation of its entries. */
  private after(collection: YAMLMap | YAMLSeq): { at: number; indent: string; newline: boolean } {
    const last = collection.items.at(-1) as Pair<Node, Node> | Node | undefined;
    if (!last) throw new Error('empty collection');
    const lastEnd = isPairNode(last) ? (last.value?.range?.[1] ?? last.key.range![1]) : last.range![1];
    const first = collection.items[0] as Pair<Node, Node> | Node;
    const firstStart = isPairNode(first) ? first.key.range![0] : first.range![0];
    if (collection.flow) {
      const lastStart = isPairNode(last) ? last.key.range![0] : last.range![0];
      const multiline = this.line(firstStart) !== this.line(collection.range![0]) || this.line(lastStart) !== this.line(firstStart);
      return { at: lastEnd, indent: ' '.repeat(this.column(lastStart)), newline: multiline };
    }
    // A block sequence starts at its first dash, whatever its items are (a nested list, an intrinsic with
    // its arguments on the lines below, a flow list): new items go at that dash's column.
    const indent = ' '.repeat(this.column(isSeq(collection) ? collection.range![0] : firstStart));
    return { at: this.endOfLine(lastEnd), indent, newline: true };
  }

  /**
   * Adds `key: value` to a mapping that lacks the key. Adding the same key to the same mapping again
   * merges the two values (lists without repeats, mappings key by key) into one entry.
   */
  addPair(map: YAMLMap, key: string, value: Value): void {
    if (map.items.length === 0) throw new Error(`cannot add ${key} to an empty mapping at line ${this.line(map.range![0])}`);
    const entry = this.entry(map, `key:${key}`, value);
    if (!entry) return;
    this.append(map, (indent) => `${JSON.stringify(key)}: ${this.flow(entry.value, indent)}`, (indent) => this.block(key, entry.value, indent));
  }

  /** Appends an item to a sequence (once: the same item added again is not repeated). */
  addItem(seq: YAMLSeq, value: Value): void {
    if (!this.entry(seq, `item:${JSON.stringify(value)}`, value)) return;
    this.append(seq, (indent) => this.flow(value, indent), (indent) => `${indent}- ${this.inline(value)}`);
  }

  /** The entry to write for `id` in `collection`; undefined when one is already pending (then merged into it). */
  private entry(collection: YAMLMap | YAMLSeq, id: string, value: Value): { value: Value } | undefined {
    const entries = this.pending.get(collection) ?? new Map<string, { value: Value }>();
    this.pending.set(collection, entries);
    const existing = entries.get(id);
    if (existing) {
      existing.value = merge(existing.value, value);
      return undefined;
    }
    const entry = { value };
    entries.set(id, entry);
    return entry;
  }

  /** Adds an entry after the last one of `collection`, written as JSON (flow) or as block YAML lines. */
  private append(collection: YAMLMap | YAMLSeq, flowEntry: (indent: string) => string, blockEntry: (indent: string) => string): void {
    const { at, indent, newline } = this.after(collection);
    const text = () => (!collection.flow ? `\n${blockEntry(indent)}` : newline ? `,\n${indent}${flowEntry(indent)}` : `, ${flowEntry(indent)}`);
    this.patches.push({ start: at, end: at, text, within: collection.range![0] });
  }

  /** Replaces a scalar's text (--force). */
  replace(node: Node, value: Value): void {
    const text = this.json ? JSON.stringify(value) : this.inline(value);
    this.patches.push({ start: node.range![0], end: node.range![1], text: () => text, within: node.range![0] });
  }

  /** Adds a top-level section before `beforeKey` (block YAML) or after the last one (JSON). */
  addSection(key: string, value: Value, beforeKey: string): void {
    const root = this.doc.contents as YAMLMap;
    const before = root.items.find((p) => keyOf(p) === beforeKey) as Pair<Node, Node> | undefined;
    if (root.flow || !before) {
      this.addPair(root, key, value);
      return;
    }
    const at = this.text.lastIndexOf('\n', before.key.range![0] - 1) + 1; // the start of the key's line
    const entry = this.entry(root, `key:${key}`, value);
    if (!entry) return;
    this.patches.push({ start: at, end: at, text: () => `${this.block(key, entry.value, '')}\n\n`, within: -1 });
  }

  /** `key: value` as block YAML lines at `indent`. */
  private block(key: string, value: Value, indent: string): string {
    const head = `${indent}${plainKey(key)}:`;
    if (isMapping(value)) {
      return [head, ...Object.entries(value).map(([k, v]) => this.block(k, v, indent + this.unit))].join('\n');
    }
    if (Array.isArray(value)) return [head, ...value.map((v) => `${indent}${this.seqIndent}- ${this.inline(v)}`)].join('\n');
    return `${head} ${this.inline(value)}`;
  }

  /** A value on one line of block YAML: scalars, short-form intrinsics, flow sequences. */
  private inline(value: Value): string {
    if (typeof value === 'string') return yamlString(value);
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.inline(v)).join(', ')}]`;
    const [name, argument] = Object.entries(value)[0]!;
    if (name === 'Ref') return `!Ref ${yamlString(argument as string)}`;
    if (name.startsWith('Fn::')) return `!${name.slice(4)} ${this.inline(argument)}`;
    return `{ ${Object.entries(value).map(([k, v]) => `${plainKey(k)}: ${this.inline(v)}`).join(', ')} }`;
  }

  /** A value as JSON, continuing lines at `indent`. */
  private flow(value: Value, indent: string): string {
    return JSON.stringify(value, null, this.unit).replaceAll('\n', `\n${indent}`);
  }
}

/**
 * The most nodes a template may have with its aliases expanded: CloudFormation's own limit (1 MB of
 * template) holds far fewer, and an alias bomb (anchors of aliases of anchors) holds billions.
 */
export const MAX_EXPANDED_NODES = 100_000;

/** How many nodes the document has with every alias expanded, counted without expanding (each anchor once), capped just past the bound. */
export function expandedSize(doc: Document): number {
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const source = node.resolve(doc);
      return source ? size(source) : 1;
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // an alias inside its own anchor (a cycle) counts once
    let total = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        total += isPair(item) ? size(item.key) + size(item.value) : size(item);
        if (total > MAX_EXPANDED_NODES) break;
      }
    }
    total = Math.min(total, MAX_EXPANDED_NODES + 1);
    sizes.set(node, total);
    return total;
  };
  return size(doc.contents);
}

/** Two values for one new entry as one: lists without repeats, mappings key by key, else the first. */
function merge(a: Value, b: Value): Value {
  if (Array.isArray(a) && Array.isArray(b)) {
    const seen = new Set(a.map((v) => JSON.stringify(v)));
    return [...a, ...b.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  if (isMapping(a) && isMapping(b)) {
    const out: { [key: string]: Value } = { ...a };
    for (const [key, v] of Object.entries(b)) out[key] = key in out ? merge(out[key]!, v) : v;
    return out;
  }
  return a;
}

const isPairNode = (item: unknown): item is Pair<Node, Node> => typeof item === 'object' && item !== null && 'key' in item;
const isIntrinsic = (value: { [key: string]: Value }) => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
};
/** A mapping to write as such: an object that is not an intrinsic function. */
export const isMapping = (value: Value): value is { [key: string]: Value } =>
  typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value);

export const keyOf = (pair: unknown): string | undefined => {
  const key = (pair as Pair).key;
  return isScalar(key) ? String(key.value) : undefined;
};

/** The pair for `key` in a mapping node (or undefined when `map` is not a mapping). */
export function pairOf(map: unknown, key: string): Pair<Node, Node> | undefined {
  return isMap(map) ? (map.items.find((p) => keyOf(p) === key) as Pair<Node, Node> | undefined) : undefined;
}

const PLAIN = /^[A-Za-z_][\w.:/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
const plainKey = (key: string) => (PLAIN.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key));
const yamlString = (value: string) => (PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value));
