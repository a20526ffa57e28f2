/**
 * Which external tools this machine has. A suite that needs a missing tool is skipped with a loud
 * message on a user's machine, and fails in CI (CI=true), where every tool must be present.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const PYTHON = process.env.PYTHON ?? 'python3';
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

const cache = new Map<string, boolean>();

/**
 * Powertools for AWS Lambda (Python) cannot be installed from PyPI on these machines; the team keeps its
 * source in shared/python beside the clone (its README there says which version). When the package is
 * not importable, that folder goes on PYTHONPATH for this process and every child it starts, so the
 * default flavor's handler, tests and previews run for real.
 */
export const SHARED_PYTHON = fileURLToPath(new URL('../../../shared/python', import.meta.url));

let sharedPythonChecked = false;
function usePowertoolsSourceWhenMissing(): void {
  if (sharedPythonChecked) return;
  sharedPythonChecked = true;
  if (importable(['aws_lambda_powertools']).aws_lambda_powertools || !existsSync(`${SHARED_PYTHON}/aws_lambda_powertools`)) return;
  process.env.PYTHONPATH = [SHARED_PYTHON, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
}

function importable(modules: string[]): Record<string, boolean> {
  try {
    const out = execFileSync(
      PYTHON,
      ['-c', 'import importlib.util,json,sys; print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))', ...modules],
      { encoding: 'utf8' },
    );
    return JSON.parse(out) as Record<string, boolean>;
  } catch {
    return {}; // no python3 at all: everything is missing
  }
}

/** Python modules that cannot be imported here (Powertools from shared/python when it is not installed). */
export function missingPythonModules(modules: string[]): string[] {
  usePowertoolsSourceWhenMissing();
  const unknown = modules.filter((m) => !cache.has(m));
  if (unknown.length) {
    const found = importable(unknown);
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
  aws_lambda_powertools: '"aws-lambda-powertools[tracer]" (or put its source on PYTHONPATH; the team keeps it in ../shared/python)',
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
