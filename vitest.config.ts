/**
 * Three tiers, each a vitest project (`vitest run --project NAME`; `npm test` runs them all):
 * - unit: the pure core and add-tracing's core. No build, no pack, no child processes: seconds.
 * - cli: the real CLI, as npm installs it from the packed tarball (test/cli/global-setup.ts packs once a run).
 * - verify: generated projects checked with AWS's tools (cfn-lint, the SAM translator, the CDK CLI,
 *   jest, pytest, the X-Ray SDK).
 * Timeouts catch hangs only: they sit far above the normal times, so a busy machine never reaches them.
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Child processes (the CLI, Python, the CDK CLI) need a process of their own: the forks pool.
    pool: 'forks',
    // Two bounds, both the number of CPUs: test files run at once (a suite waiting on a server or a child
    // process leaves its CPU to another), and tests at once inside a suite (the suites' own pools do the same).
    maxWorkers: availableParallelism(),
    maxConcurrency: availableParallelism(),
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], globalSetup: ['test/cli/global-setup.ts'] } },
      { extends: true, test: { name: 'verify', include: ['test/verify/**/*.test.ts'] } },
    ],
  },
});
