/**
 * The calls a generated CDK stack makes on aws-cdk-lib, recorded with stand-ins, for TypeScript and
 * for Python alike, so the two apps can be compared call by call (see test/tools/cdk_record.py).
 * The TypeScript stack's use of the real library is checked by tsc and `cdk synth`; the record
 * only serves the comparison.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';
import { PYTHON } from './tools.js';

export interface Call {
  call: string;
  args: unknown[];
  result: string;
}

/** jsii's Python spelling, lowercased: tracingEnabled and tracing_enabled both become tracing_enabled. */
const norm = (name: string) =>
  name
    .replace(/_$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();

const REF = Symbol('ref');
const SELF = Symbol('self');

/** Runs the TypeScript stack's constructor against recording stand-ins for aws-cdk-lib and constructs. */
export async function recordTypescriptStack(project: string, stackFile: string, stackClass: string): Promise<Call[]> {
  const root = realpathSync(project);
  const calls: Call[] = [];

  const serialize = (value: unknown): unknown => {
    if (value && (value as Record<symbol, unknown>)[SELF]) return 'self';
    if (typeof value === 'function') {
      const ref = (value as unknown as Record<symbol, string | undefined>)[REF];
      return ref ? { ref } : '<function>';
    }
    if (Array.isArray(value)) return value.map(serialize);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [norm(k), serialize(v)]));
    }
    return typeof value === 'string' ? value.split(root).join('<project>') : value;
  };
  const ref = (path: string): unknown =>
    new Proxy(function stand_in() {}, {
      get: (_target, key) => (key === REF ? path : typeof key === 'symbol' ? undefined : ref(`${path}.${norm(key)}`)),
      apply: (_target, _this, args) => record(path, args),
      construct: (_target, args) => record(path, args) as object,
    });
  const record = (path: string, args: unknown[]) => {
    const result = `#${calls.length + 1}`;
    calls.push({ call: path, args: args.map(serialize), result });
    return ref(result);
  };
  class Stack {
    constructor() {
      (this as Record<symbol, unknown>)[SELF] = true;
      return new Proxy(this, {
        get: (target, key, receiver) =>
          key in target || typeof key === 'symbol' ? Reflect.get(target, key, receiver) : ref(`self.${norm(key)}`),
      });
    }
  }
  const cdkModule = (prefix: string) =>
    new Proxy({} as Record<string, unknown>, {
      get: (_target, key) =>
        typeof key === 'symbol' || key === '__esModule' ? undefined : prefix === '' && key === 'Stack' ? Stack : ref(prefix + norm(key)),
    });

  const source = await readFile(join(project, stackFile), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false },
  });
  const realRequire = createRequire(join(root, stackFile));
  const fakeRequire = (id: string) => {
    if (id === 'constructs') return { Construct: class Construct {} };
    const match = /^aws-cdk-lib(?:\/(.+))?$/.exec(id);
    if (!match) return realRequire(id);
    const sub = !match[1] || match[1] === 'core' ? '' : `${match[1].replace(/-/g, '_')}.`;
    return cdkModule(sub);
  };
  const module = { exports: {} as Record<string, unknown> };
  const filename = join(root, stackFile);
  new Function('require', 'module', 'exports', '__dirname', '__filename', outputText)(fakeRequire, module, module.exports, dirname(filename), filename);
  const StackClass = module.exports[stackClass] as new (scope: unknown, id: string) => unknown;
  new StackClass({}, 'Stack');
  return calls;
}

/** Runs the Python stack's constructor against recording stand-ins for aws_cdk (test/tools/cdk_record.py). */
export async function recordPythonStack(project: string, module: string, stackClass: string): Promise<Call[]> {
  const script = join(import.meta.dirname, '..', 'tools', 'cdk_record.py');
  const { stdout } = await execa(PYTHON, [script, realpathSync(project), module, stackClass], { env: { PYTHONDONTWRITEBYTECODE: '1' } });
  return (JSON.parse(stdout) as { calls: Call[] }).calls;
}
