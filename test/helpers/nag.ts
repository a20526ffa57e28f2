/**
 * cdk-nag for the verify tier: its packages installed once into node_modules/.cache (like the CDK
 * app's), and test/tools/nag.mjs run over templates and CDK stacks in one Node process.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CDK_LIB_VERSION } from '../../src/iac/cdk-shared.js';
import { CDK_TYPESCRIPT_PACKAGES } from '../../src/iac/cdk.js';

/** cdk-nag 3.0.2: the newest release, and its peer range takes aws-cdk-lib ^2.257.0 (the apps pin 2.276.0). */
export const NAG_PACKAGES = {
  'aws-cdk-lib': CDK_LIB_VERSION,
  constructs: CDK_TYPESCRIPT_PACKAGES.dependencies.constructs,
  'cdk-nag': '3.0.2',
} as const;

const CACHE = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'create-traced-lambda-nag');
const RUNNER = fileURLToPath(new URL('../tools/nag.mjs', import.meta.url));

export function installNagPackages(): { modules: string } | { missing: string } {
  const key = createHash('sha256').update(JSON.stringify(NAG_PACKAGES)).digest('hex').slice(0, 12);
  const dir = join(CACHE, key);
  const modules = join(dir, 'node_modules');
  if (existsSync(join(dir, 'installed'))) return { modules };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: NAG_PACKAGES }, null, 2));
    process.stderr.write(`Installing cdk-nag and aws-cdk-lib once, into ${dir} ...\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
    writeFileSync(join(dir, 'installed'), new Date().toISOString());
    return { modules };
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').slice(-3).join(' ');
    return { missing: `npm install of cdk-nag and aws-cdk-lib failed (needs the npm registry): ${detail}` };
  }
}

export interface NagFinding {
  rule: string;
  finding: string | null;
  resource: string;
  level: string;
  message: string;
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
