/** The IaC flavors, by --iac value. Adding one is a module here plus its templates/iac/<name>/ folder. */
import type { Answers } from '../options.js';
import { cdk } from './cdk.js';
import { cloudformation } from './cloudformation.js';
import { sam } from './sam.js';
import type { IacFlavor } from './types.js';

export type { IacFlavor, PlannedFile, TracingSwitches } from './types.js';

export const IAC_FLAVORS: Partial<Record<Answers['iac'], IacFlavor>> = { sam, cloudformation, cdk };

export function iacFlavor(iac: Answers['iac']): IacFlavor {
  const flavor = IAC_FLAVORS[iac];
  if (!flavor) throw new Error(`no templates for --iac ${iac}`);
  return flavor;
}
