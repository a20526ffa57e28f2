/**
 * The IaC flavors, by --iac value. Adding one takes: a module here (an IacFlavor: its files, template
 * data, tracing wording and next steps), its entry below and its choice in the option table
 * (src/model/options.ts), its templates/iac/<name>/ folder and templates/readme/iac-<name>.md.ejs
 * (the README section), and its verification suite in test/verify/.
 */
import type { Answers } from '../model/options.js';
import { cdk } from './cdk.js';
import { cloudformation } from './cloudformation.js';
import { sam } from './sam.js';
import type { IacFlavor } from './types.js';

export type { IacFlavor, PlannedFile, TracingSwitches } from './types.js';

export const IAC_FLAVORS: Record<Answers['iac'], IacFlavor> = { sam, cloudformation, cdk };

export const iacFlavor = (iac: Answers['iac']): IacFlavor => IAC_FLAVORS[iac];
