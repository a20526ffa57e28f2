/** The Yeoman generator of the create command: a shell around its steps (src/create/steps.ts). */
import { appSteps } from '../../src/create/steps.js';
import { stepsGenerator } from '../../src/cli/generator.js';

export default stepsGenerator(appSteps);
