/**
 * The floors of src/, bottom to top; a module may import its own floor and the floors below, never one above
 * (test/unit/layers.test.ts checks it with dependency-cruiser, and that no import circle exists):
 *   shared       plain helpers with no knowledge of the domain (errors, names, the flag parser, the steps' types, the catalog's shared facts)
 *   tracing      one module per tracing flavor: its facts, its pieces, its variant options
 *   model        what both commands know: the option table, ProjectSpec, the CloudFormation pieces both write
 *   iac          one module per IaC flavor
 *   commands     create/, add-tracing/ and upgrade/, side by side: none imports another
 *   cli          the command line, the command dispatch and the two runners (Yeoman's, and runSteps)
 * generators/ are Yeoman's entry points for the commands' steps: they stand with cli.
 */
const FLOORS = [
  ['shared', '^src/shared/'],
  ['tracing', '^src/tracing/'],
  ['model', '^src/model/'],
  ['iac', '^src/iac/'],
  ['commands', '^src/(create|add-tracing|upgrade)/'],
  ['cli', '^(src/cli/|generators/)'],
];

const upward = FLOORS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} stands below ${FLOORS.slice(i + 1).map(([n]) => n).join(', ')}: it may not import them`,
  severity: 'error',
  from: { path },
  to: { path: FLOORS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

module.exports = {

  forbidden: [
    ...upward,
    {
      name: 'commands-side-by-side',
      comment: 'create, add-tracing and upgrade share what they know through the model, not through each other',
      severity: 'error',
      from: { path: '^src/(create|add-tracing|upgrade)/' },
      to: { path: '^src/(create|add-tracing|upgrade)/', pathNot: '^src/$1/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
