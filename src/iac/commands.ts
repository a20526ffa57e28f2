/** Next-step commands every flavor ends with: call the deployed API, then list its traces. */
import type { ProjectSpec } from '../create/spec.js';

export const callApi = (spec: Pick<ProjectSpec, 'name' | 'region'>) =>
  `curl "$(aws cloudformation describe-stacks --stack-name ${spec.name} --region ${spec.region} ` +
  `--query "Stacks[0].Outputs[?OutputKey=='HelloWorldApi'].OutputValue" --output text)"`;

export const listTraces = (spec: Pick<ProjectSpec, 'region'>) =>
  `aws xray get-trace-summaries --region ${spec.region} --start-time $(($(date +%s) - 600)) --end-time $(date +%s)`;
