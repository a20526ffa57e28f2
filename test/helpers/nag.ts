/**
 * cdk-nag for the verify tier: its packages installed once into node_modules/.cache (like the CDK
 * app's), and test/tools/nag.mjs run over templates and CDK stacks in one Node process.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CDK_LIB_VERSION } from '../../src/iac/cdk-shared.js';
import { CDK_TYPESCRIPT_PACKAGES } from '../../src/iac/cdk.js';
import { installOnce } from '../tools/install-once.mjs';

/**
 * cdk-nag 3.0.2, the newest release (its peer range takes aws-cdk-lib ^2.257.0; the apps pin 2.276.0),
 * for the CDK stacks; cdk-nag 2.38.2, the newest 2.x (peers aws-cdk-lib ^2.176.0, constructs ^10.5.1),
 * for the templates: 2 reads the suppressions a template carries in its resources' Metadata, 3 does not.
 */
export const NAG_PACKAGES = {
  'aws-cdk-lib': CDK_LIB_VERSION,
  constructs: CDK_TYPESCRIPT_PACKAGES.dependencies.constructs,
  'cdk-nag': '3.0.2',
  'cdk-nag-2': 'npm:cdk-nag@2.38.2',
} as const;

const RUNNER = fileURLToPath(new URL('../tools/nag.mjs', import.meta.url));

export const installNagPackages = () => installOnce('create-traced-lambda-nag', { dependencies: NAG_PACKAGES }, 'cdk-nag and aws-cdk-lib');

export interface NagFinding {
  rule: string;
  finding: string | null;
  resource: string;
  level: string;
  message: string;
  /** The reason of the template's suppression that covers it (cdk-nag 2 over templates), else null. */
  suppressed: string | null;
}

export type NagJob =
  | { name: string; template: string }
  | { name: string; stack: { file: string; className: string; region: string }; context: Record<string, unknown> };

export async function runNag(modules: string, jobs: NagJob[], workDir: string): Promise<Record<string, NagFinding[]>> {
  const jobsFile = join(workDir, 'nag-jobs.json');
  await writeFile(jobsFile, JSON.stringify(jobs));
  const { stdout } = await execa(process.execPath, [RUNNER, modules, jobsFile], { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  return JSON.parse(stdout) as Record<string, NagFinding[]>;
}
