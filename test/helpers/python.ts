/** Run generated Python for real: the handler (optionally against a stand-in X-Ray daemon) and the project's own tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ProjectSpec } from '../../src/model/spec.js';
import { PYTHON } from './tools.js';

const run = promisify(execFile);
const INVOKE = fileURLToPath(new URL('../tools/invoke.py', import.meta.url));

export interface XrayEntity {
  id: string;
  name: string;
  trace_id: string;
  parent_id?: string;
  type?: string;
  annotations?: Record<string, unknown>;
  subsegments?: XrayEntity[];
}

export interface Invocation {
  exitCode: number;
  response: { statusCode: number; body: string; headers?: Record<string, string> } | null;
  traceId: string | null;
  segments: { header: { format: string; version: number }; entity: XrayEntity }[];
  /** The handler's log lines, as Lambda's JSON log format writes them (Powertools Logger writes its own). */
  logs: Record<string, unknown>[];
  stdout: string;
  stderr: string;
}

/** Invoke hello_world/app.py with events/hello.json, with the function's environment from the spec. */
export async function invokeHandler(dir: string, spec: ProjectSpec, options: { trace?: boolean } = {}): Promise<Invocation> {
  const { stdout } = await run(PYTHON, [INVOKE, dir, ...(options.trace ? ['--trace'] : [])], {
    env: { ...process.env, ...spec.pieces.env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Invocation;
}

/** The generated project's own test suite, as a user runs it: `python3 -m pytest` in the project. */
export async function runProjectPytest(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(PYTHON, ['-m', 'pytest'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The names of every entity received, flattened (a segment's subsegments included). */
export function entityNames(invocation: Invocation): string[] {
  const names: string[] = [];
  const walk = (e: XrayEntity) => {
    names.push(e.name);
    e.subsegments?.forEach(walk);
  };
  invocation.segments.forEach((s) => walk(s.entity));
  return names;
}
