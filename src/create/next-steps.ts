/** What to tell the user at the end, and which package manager they use. */
import { relative } from 'node:path';
import { iacFlavor } from '../iac/index.js';
import type { ProjectSpec } from './spec.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that ran us (`npm create`, `pnpm create`, ...), from npm_config_user_agent. */
export function packageManagerFrom(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export function nextSteps(spec: ProjectSpec, cwd: string): string[] {
  const where = relative(cwd, spec.targetDir);
  return [
    ...(where ? [`cd ${shellQuote(where)}`] : []),
    // See the trace before deploying (the function's requirements installed, as the README's Test section says).
    'python3 scripts/trace_local.py    # preview the trace locally (after pip install -r tests/requirements.txt)',
    ...iacFlavor(spec.iac).nextSteps(spec),
  ];
}
