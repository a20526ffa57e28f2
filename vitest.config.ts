import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs and installs the package once; the CLI suites run the installed copy.
    globalSetup: ['test/global-setup.ts'],
    // yeoman-test changes directory, which worker threads cannot do: keep the default forks pool.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
