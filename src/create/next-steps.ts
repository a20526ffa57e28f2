/** What to tell the user at the end. */
import { relative } from 'node:path';
import { iacFlavor } from '../iac/index.js';
import { commented } from '../iac/commands.js';
import type { ProjectSpec } from '../model/spec.js';

const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** The local trace preview, as a next step (it needs the function's requirements installed). */
const PREVIEW = commented('python3 scripts/trace_local.py', 'preview the trace locally (after pip install -r tests/requirements.txt)');

export function nextSteps(spec: ProjectSpec, cwd: string): string[] {
  const where = relative(cwd, spec.targetDir);
  return [
    ...(where ? [`cd ${shellQuote(where)}`] : []),
    // See the trace before deploying, once the function's requirements are installed: the flavor says when.
    ...iacFlavor(spec.iac).nextSteps(spec, PREVIEW),
  ];
}
