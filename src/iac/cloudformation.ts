import { callApi, listTraces } from './commands.js';
import type { IacFlavor } from './types.js';

/** Who grants X-Ray write in the SAM and CloudFormation templates: their explicit role. */
export const EXPLICIT_ROLE_XRAY_WRITE =
  'the `AWSXRayDaemonWriteAccess` managed policy on `HelloWorldFunctionRole` grants `xray:PutTraceSegments` ' +
  'and `xray:PutTelemetryRecords` (Lambda refuses active tracing without them)';

/** Where the SAM and CloudFormation templates trace the API: on the stage they write out (templates/partials/rest-api.yaml.ejs). */
export const WRITTEN_OUT_STAGE_TRACING = '`TracingEnabled: true` on the `Prod` `AWS::ApiGateway::Stage`';

/** Plain CloudFormation: every resource SAM would create is written out; deployed with the AWS CLI. */
export const cloudformation: IacFlavor = {
  mainFile: () => 'template.yaml',
  files: () => [
    {
      path: 'template.yaml',
      template: 'iac/cloudformation/template.yaml.ejs',
      what: 'CloudFormation template: the role, the function and its log group, the API, tracing',
    },
    {
      path: 'deploy.sh',
      template: 'iac/cloudformation/deploy.sh.ejs',
      what: '`aws cloudformation package`, then `aws cloudformation deploy`; prints the API URL',
      mode: 0o755,
    },
  ],
  stackSettings: () => ({ from: "deploy.sh's STACK_NAME and REGION defaults (pass --stack-name and --region if you override them)" }),
  tracingSwitches: () => ({
    function: '`TracingConfig: {Mode: Active}` on the `AWS::Lambda::Function`',
    role: EXPLICIT_ROLE_XRAY_WRITE,
    api: WRITTEN_OUT_STAGE_TRACING,
  }),
  nextSteps: (spec, preview) => [
    preview,
    `bash deploy.sh YOUR-ARTIFACT-BUCKET   # an S3 bucket in ${spec.region}: aws cloudformation package, then deploy`,
    callApi(spec),
    listTraces(spec),
  ],
};
