/** Next-step commands: a command with its comment, and what every flavor ends with (call the deployed API, list its traces). */
import type { ProjectSpec } from '../model/spec.js';

/** `command` with `# comment` lined up after `width` columns: 33 as the next steps print them, 30 in the READMEs' code blocks. */
export const commented = (command: string, comment: string, width = 33) => `${command.padEnd(width)} # ${comment}`;

export const callApi = (spec: Pick<ProjectSpec, 'name' | 'region'>) =>
  `curl "$(aws cloudformation describe-stacks --stack-name ${spec.name} --region ${spec.region} ` +
  `--query "Stacks[0].Outputs[?OutputKey=='HelloWorldApi'].OutputValue" --output text)"`;

export const listTraces = (spec: Pick<ProjectSpec, 'region'>) =>
  `aws xray get-trace-summaries --region ${spec.region} --start-time $(($(date +%s) - 600)) --end-time $(date +%s)`;
