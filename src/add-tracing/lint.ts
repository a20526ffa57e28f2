/**
 * cfn-lint as the checked write's external check: run with a time bound (a hang, not a slow machine),
 * cancellable (an interrupt stops it), and its errors read from its JSON output as rule + place in the
 * template's structure ("E0000 at Resources/Fn/Properties/Handler: Duplicate found 'Handler' (line
 * Resources/Fn/Properties/Handler)"), never by line number: the insertions move lines, so an error the
 * original had must compare equal in the result.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseTemplateDocument } from './parse.js';

/** How long one cfn-lint run may take before it counts as hung: 5 minutes, or CREATE_TRACED_LAMBDA_LINT_TIMEOUT seconds. */
export const LINT_TIMEOUT_VARIABLE = 'CREATE_TRACED_LAMBDA_LINT_TIMEOUT';
export function lintTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env[LINT_TIMEOUT_VARIABLE]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

export type LintOutcome =
  | { kind: 'errors'; errors: Set<string> }
  | { kind: 'not-installed' }
  | { kind: 'timed-out'; seconds: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; why: string };

interface Finding {
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Start: { LineNumber: number }; Path: (string | number)[] | null };
}

/** A cfn-lint run under way: its process started at `started` (Date.now()), `outcome` is what it finds. */
export interface Linting {
  started: number;
  outcome: Promise<LintOutcome>;
}

/**
 * Starts cfn-lint on the file at `path` (whose text is `text`): once this resolves its process is
 * running, so the caller's own work (the second-run check, the diff) runs beside it. Its outcome is
 * cfn-lint's errors, keyed by rule and structural place.
 */
export async function startLint(path: string, text: string, { timeoutMs, cancel }: { timeoutMs: number; cancel?: AbortSignal }): Promise<Linting> {
  const { execa } = await import('execa');
  const started = Date.now();
  const run = execa('cfn-lint', ['--format', 'json', '--', path], {
    reject: false,
    stdin: 'ignore',
    timeout: timeoutMs,
    forceKillAfterDelay: 2000,
    ...(cancel ? { cancelSignal: cancel } : {}),
  });
  return { started, outcome: run.then((done) => outcomeOf(done, text, timeoutMs)) };
}

/** What this reads of a finished run (execa's result, with reject: false). */
interface Finished {
  isCanceled: boolean;
  timedOut: boolean;
  exitCode?: number | undefined;
  stdout: string;
  stderr: string;
}

/** What a finished cfn-lint run says about the file whose text is `text`. */
function outcomeOf(run: Finished, text: string, timeoutMs: number): LintOutcome {
  if ((run as { code?: string }).code === 'ENOENT') return { kind: 'not-installed' };
  if (run.isCanceled) return { kind: 'cancelled' };
  if (run.timedOut) return { kind: 'timed-out', seconds: Math.round(timeoutMs / 1000) };
  let findings: Finding[] | undefined;
  try {
    // No report is a clean file only when cfn-lint says so (exit 0); a crash prints nothing on stdout.
    findings = JSON.parse(run.stdout || (run.exitCode === 0 ? '[]' : 'null')) as Finding[] | undefined;
  } catch {
    findings = undefined;
  }
  if (!Array.isArray(findings)) return { kind: 'failed', why: `cfn-lint exited ${run.exitCode} without its report: ${run.stderr.split('\n').filter(Boolean).at(-1) ?? ''}` };
  // The places are worked out only when a finding needs one (a clean result, the usual case, needs none:
  // on a 400-function template working them out took 0.1-0.2 s).
  let places: ((line: number) => string) | undefined;
  const place = (line: number) => (places ??= placesOf(text))(line);
  const errors = findings
    .filter((f) => f.Level === 'Error')
    .map((f) => {
      const where = f.Location.Path ? f.Location.Path.join('/') : place(f.Location.Start.LineNumber);
      const message = f.Message.replace(/\(line (\d+)\)/g, (_, line: string) => `(line ${place(Number(line))})`);
      return `${f.Rule.Id} at ${where}: ${message}`;
    });
  return { kind: 'errors', errors: new Set(errors) };
}

/**
 * A line number to the structural path of the key on that line (or the nearest key above it):
 * "Resources/HelloFunction/Properties/Handler". Duplicate keys are numbered (Handler, Handler#2), so
 * that the two lines of a duplicate stay apart.
 */
export function placesOf(text: string): (line: number) => string {
  const doc = parseTemplateDocument(text, { uniqueKeys: false, prettyErrors: false });
  const breaks = [...text.matchAll(/\n/g)].map((m) => m.index);
  const lineOf = (offset: number) => {
    let [lo, hi] = [0, breaks.length]; // lines start after the breaks before `offset`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const byLine: [number, string][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        const here = [...path, n > 1 ? `${key}#${n}` : key];
        const start = (pair.key as Node | null)?.range?.[0];
        if (start !== undefined) byLine.push([lineOf(start), here.join('/')]);
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const start = (item as Node | null)?.range?.[0];
        if (start !== undefined) byLine.push([lineOf(start), [...path, String(i)].join('/')]);
        walk(item, [...path, String(i)]);
      });
    }
  };
  walk(doc.contents, []);
  byLine.sort((a, b) => a[0] - b[0]);
  return (line) => {
    let found = '(top)';
    for (const [at, path] of byLine) {
      if (at > line) break;
      found = path;
    }
    return found;
  };
}

