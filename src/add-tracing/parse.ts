/**
 * Parsing a template as CloudFormation does (PyYAML), for edits at the original text's offsets. The one
 * place the `yaml` package is stricter: a multi-line flow collection whose lines are indented no more
 * than its key ("Resource: [" with the items below at a smaller indent), which PyYAML, cfn-lint and
 * CloudFormation accept. Such lines are parsed from a copy indented just enough, and every node's range
 * is mapped back to the original text, so edits stay byte-preserving.
 */
import { type Document, parseDocument, visit } from 'yaml';

type Options = Parameters<typeof parseDocument>[1];

/** Spaces added at a line's start in the copy: where (in the original), and how many. */
interface Indent {
  at: number;
  count: number;
}

const FLOW_INDENT = /^Flow (sequence|mapping) in block collection must be sufficiently indented/;

export function parseTemplateDocument(text: string, options: Options = {}): Document.Parsed {
  const indents: Indent[] = [];
  for (let round = 0; round < 100; round++) {
    const copy = indented(text, indents);
    const doc = parseDocument(copy, options);
    const error = doc.errors[0];
    const fix = error?.code === 'BAD_INDENT' && FLOW_INDENT.test(error.message) ? flowLines(text, toOriginal(indents, error.pos[0])) : undefined;
    if (!fix?.length) {
      if (indents.length > 0) remap(doc, indents);
      return doc;
    }
    for (const add of fix) {
      const known = indents.find((i) => i.at === add.at);
      if (known) known.count += add.count;
      else indents.push(add);
    }
    indents.sort((a, b) => a.at - b.at);
  }
  return parseDocument(text, options);
}

function indented(text: string, indents: Indent[]): string {
  let out = '';
  let from = 0;
  for (const { at, count } of indents) {
    out += text.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  return out + text.slice(from);
}

/** An offset in the indented copy as an offset in the original (added spaces map to their line's start). */
function toOriginal(indents: Indent[], offset: number): number {
  let added = 0;
  for (const { at, count } of indents) {
    if (offset < at + added) break;
    if (offset < at + added + count) return at;
    added += count;
  }
  return offset - added;
}

function remap(doc: Document.Parsed, indents: Indent[]): void {
  visit(doc, (_key, node) => {
    const range = (node as { range?: [number, number, number] }).range;
    if (range) (node as { range: [number, number, number] }).range = [toOriginal(indents, range[0]), toOriginal(indents, range[1]), toOriginal(indents, range[2])];
  });
}

/**
 * The lines of the flow collection open at `offset` that need indenting: those after its opening line,
 * to its closing bracket, indented no more than the opening line's key. Undefined when not found.
 */
function flowLines(text: string, offset: number): Indent[] | undefined {
  const open = unmatchedOpener(text, offset);
  if (open === undefined) return undefined;
  const close = matchingCloser(text, open);
  if (close === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', open - 1) + 1;
  const needed = text.slice(lineStart).match(/^[ -]*/)![0].length + 1;
  const out: Indent[] = [];
  for (let at = text.indexOf('\n', open) + 1; at > 0 && at <= close; at = text.indexOf('\n', at) + 1) {
    const indent = text.slice(at).match(/^ */)![0].length;
    if (indent < needed && !/^\s*$/.test(text.slice(at, text.indexOf('\n', at) === -1 ? undefined : text.indexOf('\n', at)))) out.push({ at, count: needed - indent });
  }
  return out;
}

/** The `[` or `{` before `offset` that is not closed before it (brackets in quotes on a line are skipped). */
function unmatchedOpener(text: string, offset: number): number | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0 && !inQuotes(text, i)) return i;
      depth--;
    }
  }
  return undefined;
}

function matchingCloser(text: string, open: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i) - 1;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) return i;
  }
  return undefined;
}

/** Whether offset `at` is inside a quoted string that starts on its line. */
function inQuotes(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
  return (line.split('"').length - 1) % 2 === 1 || (line.split("'").length - 1) % 2 === 1;
}
