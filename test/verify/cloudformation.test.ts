/**
 * The plain CloudFormation flavor, verified with real tools for every tracing x runtime x architecture
 * combination: cfn-lint, the same semantic tracing checks as SAM, what raw CloudFormation must spell out
 * itself (role policies, log group, permission scoping, deployment and stage), and deploy.sh run
 * against a stand-in `aws` command.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { BASE_POLICIES } from '../../src/shared/catalog.js';
import { iacFlavor } from '../../src/iac/index.js';
import { type Inspection, type Json, type Resource, lintFailures, resolveValue, tracingProblems } from '../helpers/cfn.js';
import { combos, layerRuleProblems, useInspectedProjects } from '../helpers/project.js';
import { fakePython, standIn } from '../helpers/stand-ins.js';
import { describeIfTools } from '../helpers/tools.js';

const run = promisify(execFile);

const COMBOS = combos('cloudformation');

/** The one resource of a type (the template has exactly one of each). */
function only(inspection: Inspection, type: string): [string, Resource] {
  const found = Object.entries(inspection.template.Resources).filter(([, r]) => r.Type === type);
  expect(found.map(([id]) => id), type).toHaveLength(1);
  return found[0]!;
}

const inRegion = (value: Json | undefined, region: string, inspection: Inspection) =>
  resolveValue(value, { region, template: inspection.template });

describeIfTools('CloudFormation projects', ['cfnlint', 'samtranslator'], () => {
  const projects = useInspectedProjects(COMBOS, 'cfn');

  it(`covers ${COMBOS.length} combinations`, () => {
    expect(projects).toHaveLength(COMBOS.length);
    expect(COMBOS.length).toBe(36);
  });

  it('lints clean with cfn-lint: zero errors and zero warnings', () => {
    expect(lintFailures(projects)).toEqual([]);
  });

  it('is plain CloudFormation with an actively traced function, a traced stage and GET /hello', () => {
    const failures = projects
      .map((p) => [p.label, tracingProblems(p.inspection.template, p.spec)] as const)
      .filter(([, problems]) => problems.length > 0);
    expect(failures).toEqual([]);
    for (const { inspection } of projects) {
      expect(inspection.source.Transform).toBeUndefined();
      expect(inspection.template).toEqual(inspection.source);
    }
  });

  it('spells out the function: code folder, handler, memory, timeout', () => {
    for (const { spec, inspection } of projects) {
      const [, fn] = only(inspection, 'AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({
        Code: 'hello_world/',
        Handler: 'app.lambda_handler',
        MemorySize: spec.pieces.memorySize,
        Timeout: 10,
      });
    }
  });

  it('gives the role every managed policy as a partition-aware ARN: X-Ray write, the flavor’s', () => {
    for (const { spec, inspection } of projects) {
      const [, fn] = only(inspection, 'AWS::Lambda::Function');
      const [roleId, role] = only(inspection, 'AWS::IAM::Role');
      expect(fn.Properties!.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      const trust = JSON.stringify(role.Properties!.AssumeRolePolicyDocument);
      expect(trust).toContain('lambda.amazonaws.com');
      expect(trust).toContain('sts:AssumeRole');
      const names = [...BASE_POLICIES, ...spec.pieces.managedPolicies];
      expect(role.Properties!.ManagedPolicyArns).toEqual(
        names.map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}` })),
      );
      for (const [region, partition] of [['us-east-1', 'aws'], ['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov']]) {
        const arns = (role.Properties!.ManagedPolicyArns as Json[]).map((arn) => inRegion(arn, region!, inspection));
        expect(arns).toEqual(names.map((name) => `arn:${partition}:iam::aws:policy/${name}`));
      }
    }
  });

  it('logs JSON lines to a /aws/lambda/ log group kept --log-retention days, without a circular dependency', () => {
    for (const { spec, inspection } of projects) {
      const [fnId, fn] = only(inspection, 'AWS::Lambda::Function');
      const groupId = 'HelloWorldFunctionLogGroup';
      const group = inspection.template.Resources[groupId]!;
      expect(group.Properties!.RetentionInDays).toBe(Number(spec.logRetention));
      expect(String(inRegion(group.Properties!.LogGroupName, 'us-east-1', inspection))).toMatch(/^\/aws\/lambda\/stack-/);
      expect(fn.Properties!.LoggingConfig).toEqual({ LogGroup: { Ref: groupId }, LogFormat: 'JSON' });
      // The group's name comes from the stack, not from the function (which refers to the group).
      const text = JSON.stringify(group);
      for (const reference of [`{"Ref":"${fnId}"}`, `["${fnId}",`, `\${${fnId}}`, `\${${fnId}.`]) {
        expect(text).not.toContain(reference);
      }
    }
  });

  it('lets only GET /hello of its own API invoke the function', () => {
    for (const { inspection } of projects) {
      const [fnId] = only(inspection, 'AWS::Lambda::Function');
      const [apiId] = only(inspection, 'AWS::ApiGateway::RestApi');
      const [, permission] = only(inspection, 'AWS::Lambda::Permission');
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: fnId },
        Principal: 'apigateway.amazonaws.com',
      });
      expect(permission.Properties!.SourceArn).toEqual({
        'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/*/GET/hello`,
      });
      expect(inRegion(permission.Properties!.SourceArn, 'cn-north-1', inspection)).toBe(
        `arn:aws-cn:execute-api:cn-north-1:123456789012:\${${apiId}}/*/GET/hello`,
      );
    }
  });

  it('wires the API: resource, GET method with a POST proxy integration, deployment after the method, Prod stage', () => {
    for (const { inspection } of projects) {
      const [apiId] = only(inspection, 'AWS::ApiGateway::RestApi');
      const [resourceId, resource] = only(inspection, 'AWS::ApiGateway::Resource');
      const [methodId, method] = only(inspection, 'AWS::ApiGateway::Method');
      const [deploymentId, deployment] = only(inspection, 'AWS::ApiGateway::Deployment');
      const [, stage] = only(inspection, 'AWS::ApiGateway::Stage');
      expect(resource.Properties).toEqual({
        RestApiId: { Ref: apiId },
        ParentId: { 'Fn::GetAtt': [apiId, 'RootResourceId'] },
        PathPart: 'hello',
      });
      expect(method.Properties).toMatchObject({ RestApiId: { Ref: apiId }, ResourceId: { Ref: resourceId }, HttpMethod: 'GET' });
      expect(method.Properties!.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      expect([deployment.DependsOn].flat()).toContain(methodId);
      expect(deployment.Properties).toMatchObject({ RestApiId: { Ref: apiId } });
      expect(stage.Properties).toMatchObject({
        RestApiId: { Ref: apiId },
        DeploymentId: { Ref: deploymentId },
        StageName: 'Prod',
        TracingEnabled: true,
      });
    }
  });

  it('outputs the API URL, the function ARN and the role ARN', () => {
    for (const { inspection } of projects) {
      const [fnId] = only(inspection, 'AWS::Lambda::Function');
      const [roleId] = only(inspection, 'AWS::IAM::Role');
      const [apiId] = only(inspection, 'AWS::ApiGateway::RestApi');
      const outputs = inspection.template.Outputs as Record<string, { Value: Json }>;
      expect(inRegion(outputs.HelloWorldApi!.Value, 'cn-north-1', inspection)).toBe(
        `https://\${${apiId}}.execute-api.cn-north-1.amazonaws.com.cn/Prod/hello`,
      );
      expect(outputs.HelloWorldFunction!.Value).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      expect(outputs.HelloWorldFunctionIamRole!.Value).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    }
  });

  it('has a Rules assertion listing exactly the mapped regions (mapping layers only)', () => {
    for (const { spec, inspection } of projects) {
      expect(layerRuleProblems(inspection.source, spec)).toEqual([]);
    }
  });

  it('writes a deploy.sh that bash accepts: strict mode, package, then deploy with CAPABILITY_IAM', async () => {
    for (const { dir, spec } of projects) {
      const script = await readFile(join(dir, 'deploy.sh'), 'utf8');
      await run('bash', ['-n', join(dir, 'deploy.sh')]);
      expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
      expect(script).toContain('set -euo pipefail');
      expect(script).toContain(`STACK_NAME="\${STACK_NAME:-${spec.name}}"`);
      expect(script).toContain(`REGION="\${REGION:-${spec.region}}"`);
      const pkg = script.indexOf('aws cloudformation package');
      const deploy = script.indexOf('aws cloudformation deploy');
      expect(pkg).toBeGreaterThan(0);
      expect(deploy).toBeGreaterThan(pkg);
      expect(script.slice(deploy)).toMatch(/--template-file packaged\.yaml[\s\S]*--capabilities CAPABILITY_IAM/);
    }
  });

  it('deploy.sh refuses to run without a bucket, with a message saying how to give one', async () => {
    const { dir } = projects[0]!;
    const env = { ...process.env, ARTIFACT_BUCKET: '' };
    const error = await run('bash', [join(dir, 'deploy.sh')], { env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr).toContain('no S3 bucket');
    expect(error?.stderr).toContain('bash deploy.sh my-artifact-bucket');
    expect(error?.stderr).toContain('ARTIFACT_BUCKET=');
  });

  it.each([
    ['without function dependencies', 'powertools' as const, false],
    ['with a dependencies layer (xray-sdk)', 'xray-sdk' as const, true],
    ['with dependencies bundled (xray-sdk --deps-layer off)', 'xray-sdk' as const, false],
  ])('deploy.sh runs package, then deploy, then prints the URL: %s', async (_label, tracing, depsLayer = false) => {
    const { dir, spec } = projects.find((p) => p.spec.tracing === tracing && p.spec.depsLayer === depsLayer)!;
    const root = dirname(dir);
    const bin = join(root, `fake-bin-${tracing}-${depsLayer}`);
    const log = join(root, `calls-${tracing}-${depsLayer}.log`);
    // Stand-ins: `aws` records its arguments and what folder it would package; python3 (pip) records its own.
    await standIn(bin, 'aws', [
      'echo "aws $*" >> "$CALLS"',
      'if [ "$2" = package ]; then',
      '  while [ $# -gt 0 ]; do case "$1" in --template-file) t="$2";; --output-template-file) o="$2";; esac; shift; done',
      '  [ -f "$(dirname "$t")/hello_world/app.py" ] && echo "code found" >> "$CALLS"',
      '  echo packaged > "$o"',
      'fi',
      'if [ "$2" = describe-stacks ]; then echo https://api.example/Prod/hello; fi',
    ]);
    await fakePython(bin);

    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CALLS: log };
    for (const name of ['ARTIFACT_BUCKET', 'STACK_NAME', 'REGION']) delete env[name];
    const { stdout } = await run('bash', [join(dir, 'deploy.sh'), 'my-bucket'], { env, cwd: root });
    const calls = (await readFile(log, 'utf8')).trim().split('\n');

    const expected = [
      ...(spec.pieces.functionRequirements.length
        ? [expect.stringMatching(new RegExp(`^python3 -m pip install .*--platform manylinux2014_${spec.arch === 'arm64' ? 'aarch64' : 'x86_64'} .*--python-version ${spec.runtime.replace('python', '')} --only-binary=:all:$`))]
        : []),
      expect.stringMatching(new RegExp(`^aws cloudformation package --template-file \\S*template\\.yaml --s3-bucket my-bucket .*--region ${spec.region} --output-template-file packaged\\.yaml$`)),
      'code found',
      `aws cloudformation deploy --template-file packaged.yaml --stack-name ${spec.name} --region ${spec.region} --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset`,
      expect.stringMatching(/^aws cloudformation describe-stacks /),
    ];
    expect(calls).toEqual(expected);
    expect(stdout).toContain('API: https://api.example/Prod/hello');
    expect(stdout).toContain('aws xray get-trace-summaries');
    expect(await readFile(join(dir, 'packaged.yaml'), 'utf8')).toBe('packaged\n');
    // Dependencies go into a temporary copy of the project, removed afterwards; hello_world/ is untouched.
    const target = /--target (\S+)/.exec(calls[0]!)?.[1];
    if (spec.pieces.functionRequirements.length) {
      expect(target).toMatch(spec.depsLayer ? /\/dependencies\/python$/ : /\/hello_world$/);
      expect(target!.startsWith(dir)).toBe(false);
      expect(existsSync(target!)).toBe(false);
    }
    expect((await readdir(join(dir, 'hello_world'))).sort()).toEqual(['app.py', 'requirements.txt']);
  });

  it('documents package, deploy, call, traces, delete and turning tracing on by hand in the README', async () => {
    for (const { dir, spec } of projects) {
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      expect(readme).toContain('bash deploy.sh');
      const withDependencies = spec.pieces.functionRequirements.length > 0;
      // With dependencies, the README packages a copy that has them installed, as deploy.sh does.
      const packaged = withDependencies ? '"$build/template.yaml"' : 'template.yaml';
      expect(readme).toContain(`aws cloudformation package --template-file ${packaged} \\`);
      const requirements = spec.depsLayer ? 'dependencies/requirements.txt' : 'hello_world/requirements.txt';
      expect(readme.includes(`python3 -m pip install --requirement ${requirements}`)).toBe(withDependencies);
      expect(readme).toContain(`aws cloudformation deploy --template-file packaged.yaml --stack-name ${spec.name}`);
      expect(readme).toContain('--capabilities CAPABILITY_IAM');
      expect(readme).toContain('aws xray get-trace-summaries');
      expect(readme).toContain(`aws cloudformation delete-stack --stack-name ${spec.name} --region ${spec.region}`);
      expect(readme).toContain('--tracing-config Mode=Active');
      expect(readme).toContain('Monitoring and operations tools');
      expect(readme).toContain('a published version keeps the tracing');
      expect(readme).not.toContain('sam deploy');
      const gitignore = await readFile(join(dir, '.gitignore'), 'utf8');
      expect(gitignore).toContain('packaged.yaml');
    }
  });

  it('prints next steps that deploy, call and list traces', () => {
    const { spec } = projects[0]!;
    const steps = iacFlavor('cloudformation').nextSteps(spec, 'python3 scripts/trace_local.py').join('\n');
    expect(steps).toContain('bash deploy.sh');
    expect(steps).toContain(`describe-stacks --stack-name ${spec.name} --region ${spec.region}`);
    expect(steps).toContain(`aws xray get-trace-summaries --region ${spec.region}`);
  });
});
