/**
 * The one test seam of a real run: CREATE_TRACED_LAMBDA_FAULT makes `create` stop half-way through
 * writing a project, so that test/cli/faults.test.ts can check that an interrupt or a failure there
 * leaves the disk as it was. It is read once, by the app generator, and acts only in
 * src/create/write-project.ts. Users never set it; an unknown value is ignored.
 *   pause-staging  pause half-way through staging (and say so on stderr), until a signal arrives
 *   fail-staging   throw half-way through staging
 *   fail-commit    throw half-way through moving the files into place
 */
export const FAULT_VARIABLE = 'CREATE_TRACED_LAMBDA_FAULT';

const FAULTS = ['pause-staging', 'fail-staging', 'fail-commit'] as const;
export type Fault = (typeof FAULTS)[number];

export function faultFrom(env: NodeJS.ProcessEnv): Fault | undefined {
  const value = env[FAULT_VARIABLE];
  return FAULTS.find((fault) => fault === value);
}
