/**
 * Which external tools this machine has. A suite that needs a missing tool is skipped with a loud
 * message on a user's machine, and fails in CI (CI=true), where every tool must be present.
 */
import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';

export const PYTHON = process.env.PYTHON ?? 'python3';
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

const cache = new Map<string, boolean>();

/** Python modules that cannot be imported here. */
export function missingPythonModules(modules: string[]): string[] {
  const unknown = modules.filter((m) => !cache.has(m));
  if (unknown.length) {
    let found: Record<string, boolean> = {};
    try {
      const out = execFileSync(
        PYTHON,
        ['-c', 'import importlib.util,json,sys; print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))', ...unknown],
        { encoding: 'utf8' },
      );
      found = JSON.parse(out) as Record<string, boolean>;
    } catch {
      // no python3 at all: everything is missing
    }
    for (const m of unknown) cache.set(m, found[m] ?? false);
  }
  return modules.filter((m) => !cache.get(m));
}

/** The pip packages that provide the modules, for the message. */
const PIP_NAMES: Record<string, string> = {
  cfnlint: 'cfn-lint',
  samtranslator: 'aws-sam-translator',
  aws_xray_sdk: 'aws-xray-sdk',
  pytest: 'pytest',
  aws_lambda_powertools: 'aws-lambda-powertools',
  boto3: 'boto3',
  moto: 'moto[server]',
  flask: 'moto[server]',
};

/**
 * `describe`, when the Python modules import and `otherProblem` (another tool's check) returns
 * nothing; else a loud skip, or in CI a failing test saying what is missing.
 */
export function describeIfTools(title: string, modules: string[], body: () => void, otherProblem?: () => string | undefined): void {
  const missing = missingPythonModules(modules);
  const other = otherProblem?.();
  if (missing.length === 0 && !other) {
    describe(title, body);
    return;
  }
  const fix = `pip install ${missing.map((m) => PIP_NAMES[m] ?? m).join(' ')}`;
  const message = missing.length
    ? `${title}: needs the Python modules ${missing.join(', ')} (${PYTHON}). Install them with: ${fix}`
    : `${title}: ${other}`;
  if (IN_CI) {
    describe(title, () => {
      it('has the tools it needs', () => {
        throw new Error(`${message}. CI must have every tool; nothing here may be skipped.`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED ${message}\n\n`);
  describe.skip(title, body);
}

/** Powertools cannot be installed on these machines (no PyPI): its runs are skipped, loudly, where it is missing. */
export function powertoolsSkipReason(): string | undefined {
  if (missingPythonModules(['aws_lambda_powertools']).length === 0) return undefined;
  return 'aws_lambda_powertools is not importable here (pip install "aws-lambda-powertools[tracer]", or PYTHONPATH to its source)';
}
