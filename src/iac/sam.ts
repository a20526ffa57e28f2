import { callApi } from './commands.js';
import { EXPLICIT_ROLE_XRAY_WRITE, WRITTEN_OUT_STAGE_TRACING } from './cloudformation.js';
import type { IacFlavor } from './types.js';

export const sam: IacFlavor = {
  mainFile: () => 'template.yaml',
  files: () => [
    { path: 'template.yaml', template: 'iac/sam/template.yaml.ejs', what: 'AWS SAM template: the function, its role and log group, the API, tracing' },
    { path: 'samconfig.toml', template: 'iac/sam/samconfig.toml.ejs', what: 'stack name, region and options for `sam build` and `sam deploy`' },
  ],
  stackSettings: () => ({
    file: 'samconfig.toml',
    from: 'samconfig.toml ([default.deploy.parameters], then [default.global.parameters]), as `sam deploy` reads it',
  }),
  tracingSwitches: () => ({
    function: '`Tracing: Active` in `Globals.Function`',
    role: EXPLICIT_ROLE_XRAY_WRITE,
    api: WRITTEN_OUT_STAGE_TRACING,
  }),
  nextSteps: (spec, preview) => [
    preview,
    'sam build',
    'sam deploy                        # stack and region are in samconfig.toml',
    callApi(spec),
    'sam traces --tail                 # or the X-Ray traces page in the CloudWatch console',
  ],
};
