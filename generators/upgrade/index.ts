/** The upgrade sub-generator: a shell around its steps (src/upgrade/steps.ts). */
import { stepsGenerator } from '../../src/cli/generator.js';
import { upgradeSteps } from '../../src/upgrade/steps.js';

export default stepsGenerator(upgradeSteps);
