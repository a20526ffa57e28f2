/** The add-tracing sub-generator: a shell around its steps (src/add-tracing/steps.ts). */
import { addTracingSteps } from '../../src/add-tracing/steps.js';
import { stepsGenerator } from '../../src/cli/generator.js';

export default stepsGenerator(addTracingSteps);
