// A large template for add-tracing's bench case (issue 26): N Python functions (python3.13), each with
// Handler, Runtime and CodeUri (SAM, with Globals) or Code (CloudFormation), all sharing one role, and
// every tenth with an Api event (SAM) so that the implicit API is traced too. Deterministic, and
// cfn-lint clean as written (SAM stays under 500 resources once expanded: the functions share a role).
// `node scripts/large-template.js sam|cfn [N] > template.yaml` writes one.
import { pathToFileURL } from 'node:url';

const ROLE = [
  '  SharedRole:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          - Effect: Allow',
  '            Principal:',
  '              Service: lambda.amazonaws.com',
  '            Action: sts:AssumeRole',
  '      ManagedPolicyArns:',
  '        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
];

/** One function's lines; `i` counts from 1. */
function functionLines(sam, i) {
  const id = `Fn${String(i).padStart(3, '0')}Function`;
  const lines = [`  ${id}:`, `    Type: ${sam ? 'AWS::Serverless::Function' : 'AWS::Lambda::Function'}`, '    Properties:'];
  lines.push(`      Handler: app.handler${i}`, '      Runtime: python3.13');
  if (sam) lines.push(`      CodeUri: src/fn${i}/`);
  else lines.push('      Code:', '        ZipFile: |', '          def handler(event, context):', `              return {"statusCode": 200, "body": "${i}"}`);
  lines.push('      Role: !GetAtt SharedRole.Arn', `      Description: function ${i}`);
  if (!sam) lines.push('      Timeout: 10', '      MemorySize: 256');
  if (i % 3 === 0) lines.push('      Environment:', '        Variables:', `          TABLE: orders-${i}`);
  if (sam && i % 10 === 0) lines.push('      Events:', '        Get:', '          Type: Api', '          Properties:', `            Path: /f${i}`, '            Method: get');
  return lines;
}

/** The template's text: `sam` for SAM with Globals, else plain CloudFormation. */
export function largeTemplate({ sam, functions = 400 }) {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'"];
  if (sam) lines.push('Transform: AWS::Serverless-2016-10-31');
  lines.push(`Description: ${functions} Python functions (add-tracing's large-template bench)`, '');
  if (sam) lines.push('Globals:', '  Function:', '    Timeout: 10', '    MemorySize: 256', '');
  lines.push('Resources:', ...ROLE);
  for (let i = 1; i <= functions; i++) lines.push('', ...functionLines(sam, i));
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(largeTemplate({ sam: process.argv[2] === 'sam', functions: Number(process.argv[3] ?? 400) }));
}
