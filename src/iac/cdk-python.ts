/**
 * The AWS CDK app in Python, laid out like `cdk init app --language python`: app.py, a package
 * holding the stack, cdk.json, requirements*.txt, source.bat and a unit test of the stack. The
 * CDK TypeScript app (cdk.ts) plans these files for `--cdk-language python`.
 */
import type { ProjectSpec } from '../spec.js';
import { callApi, listTraces } from './steps.js';
import type { PlannedFile } from './types.js';

/** The aws-cdk-lib release both CDK apps pin. */
export const CDK_LIB_VERSION = '2.276.0';

/**
 * The feature flags `cdk init` writes into cdk.json's context: the CLI's
 * lib/init-templates/.recommended-feature-flags.json (aws-cdk 2.1148.1, for aws-cdk-lib ^2.275.0),
 * keys sorted as the CLI sorts them.
 */
export const CDK_RECOMMENDED_FLAGS: Record<string, boolean | string | string[]> = {
  "@aws-cdk-containers/ecs-service-extensions:enableDefaultLogDriver": true,
  "@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId": true,
  "@aws-cdk/aws-apigateway:disableCloudWatchRole": true,
  "@aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard": true,
  "@aws-cdk/aws-apigateway:requestValidatorUniqueId": true,
  "@aws-cdk/aws-appsync:appSyncGraphQLAPIScopeLambdaPermission": true,
  "@aws-cdk/aws-appsync:useArnForSourceApiAssociationIdentifier": true,
  "@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig": true,
  "@aws-cdk/aws-batch:defaultToAL2023": true,
  "@aws-cdk/aws-cloudfront:defaultFunctionRuntimeV2_0": true,
  "@aws-cdk/aws-cloudfront:defaultViewerProtocolPolicyRedirectToHttps": true,
  "@aws-cdk/aws-cloudwatch-actions:changeLambdaPermissionLogicalIdForLambdaAction": true,
  "@aws-cdk/aws-codedeploy:removeAlarmsFromDeploymentGroup": true,
  "@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource": true,
  "@aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName": true,
  "@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse": true,
  "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2": true,
  "@aws-cdk/aws-dynamodb:resourcePolicyPerReplica": true,
  "@aws-cdk/aws-dynamodb:retainTableReplica": true,
  "@aws-cdk/aws-ec2:bastionHostUseAmazonLinux2023ByDefault": true,
  "@aws-cdk/aws-ec2:ebsDefaultGp3Volume": true,
  "@aws-cdk/aws-ec2:ec2SumTImeoutEnabled": true,
  "@aws-cdk/aws-ec2:launchTemplateDefaultUserData": true,
  "@aws-cdk/aws-ec2:requirePrivateSubnetsForEgressOnlyInternetGateway": true,
  "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true,
  "@aws-cdk/aws-ec2:uniqueImdsv2TemplateName": true,
  "@aws-cdk/aws-ecs-patterns:secGroupsDisablesImplicitOpenListener": true,
  "@aws-cdk/aws-ecs-patterns:uniqueTargetGroupId": true,
  "@aws-cdk/aws-ecs:arnFormatIncludesClusterName": true,
  "@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker": true,
  "@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions": true,
  "@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm": true,
  "@aws-cdk/aws-ecs:removeEmptyLoadBalancers": true,
  "@aws-cdk/aws-efs:denyAnonymousAccess": true,
  "@aws-cdk/aws-efs:mountTargetOrderInsensitiveLogicalId": true,
  "@aws-cdk/aws-eks:defaultToAL2023": true,
  "@aws-cdk/aws-eks:nodegroupNameAttribute": true,
  "@aws-cdk/aws-eks:useNativeOidcProvider": true,
  "@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault": true,
  "@aws-cdk/aws-elasticloadbalancingv2:networkLoadBalancerWithSecurityGroupByDefault": true,
  "@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy": true,
  "@aws-cdk/aws-events:eventsTargetQueueSameAccount": true,
  "@aws-cdk/aws-events:requireEventBusPolicySid": true,
  "@aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName": true,
  "@aws-cdk/aws-iam:minimizePolicies": true,
  "@aws-cdk/aws-iam:oidcRejectUnauthorizedConnections": true,
  "@aws-cdk/aws-kms:aliasNameRef": true,
  "@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal": true,
  "@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope": true,
  "@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages": true,
  "@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion": true,
  "@aws-cdk/aws-lambda:createNewPoliciesWithAddToRolePolicy": false,
  "@aws-cdk/aws-lambda:recognizeLayerVersion": true,
  "@aws-cdk/aws-lambda:useCdkManagedLogGroup": true,
  "@aws-cdk/aws-opensearchservice:enableOpensearchMultiAzWithStandby": true,
  "@aws-cdk/aws-rds:auroraClusterChangeScopeOfInstanceParameterGroupWithEachParameters": true,
  "@aws-cdk/aws-rds:databaseProxyUniqueResourceName": true,
  "@aws-cdk/aws-rds:preventRenderingDeprecatedCredentials": true,
  "@aws-cdk/aws-rds:setCorrectValueForDatabaseInstanceReadReplicaInstanceResourceId": true,
  "@aws-cdk/aws-redshift:columnId": true,
  "@aws-cdk/aws-route53-patterns:useDistribution": true,
  "@aws-cdk/aws-route53-patters:useCertificate": true,
  "@aws-cdk/aws-route53-targets:userPoolDomainNameMethodWithoutCustomResource": true,
  "@aws-cdk/aws-s3:createDefaultLoggingPolicy": true,
  "@aws-cdk/aws-s3:keepNotificationInImportedBucket": false,
  "@aws-cdk/aws-s3:publicAccessBlockedByDefault": true,
  "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
  "@aws-cdk/aws-s3:setUniqueReplicationRoleName": true,
  "@aws-cdk/aws-secretsmanager:useAttachedSecretResourcePolicyForSecretTargetAttachments": true,
  "@aws-cdk/aws-signer:signingProfileNamePassedToCfn": true,
  "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption": true,
  "@aws-cdk/aws-stepfunctions-tasks:enableEmrServicePolicyV2": true,
  "@aws-cdk/aws-stepfunctions-tasks:fixRunEcsTaskPolicy": true,
  "@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2": true,
  "@aws-cdk/core:annotationsInValidationReport": true,
  "@aws-cdk/core:aspectPrioritiesMutating": true,
  "@aws-cdk/core:cfnIncludeRejectComplexResourceUpdateCreatePolicyIntrinsics": true,
  "@aws-cdk/core:checkSecretUsage": true,
  "@aws-cdk/core:defaultCrossStackReferences": "weak",
  "@aws-cdk/core:enableAdditionalMetadataCollection": true,
  "@aws-cdk/core:enablePartitionLiterals": true,
  "@aws-cdk/core:explicitStackTags": true,
  "@aws-cdk/core:includePrefixInUniqueNameGeneration": true,
  "@aws-cdk/core:target-partitions": ["aws","aws-cn"],
  "@aws-cdk/core:validateAgainstDefaultRules": true,
  "@aws-cdk/core:validateSnapshotRemovalPolicy": true,
  "@aws-cdk/custom-resources:logApiResponseDataPropertyTrueDefault": false,
  "@aws-cdk/customresources:installLatestAwsSdkDefault": false,
  "@aws-cdk/s3-notifications:addS3TrustKeyPolicyForSnsSubscriptions": true,
};

/** cdk.json: how the CDK CLI runs the app, what `cdk watch` watches, and the feature flags. */
export function cdkPythonJson(): Record<string, unknown> {
  return {
    app: 'python3 app.py',
    watch: {
      include: ['**'],
      exclude: [
        'README.md',
        'cdk*.json',
        'requirements*.txt',
        'source.bat',
        '**/__init__.py',
        '**/__pycache__',
        'tests',
        'events',
      ],
    },
    context: CDK_RECOMMENDED_FLAGS,
  };
}

/** Python keywords (soft keywords are fine as module names). */
const KEYWORDS = new Set(
  'false none true and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/**
 * Top-level modules a package in the project folder would shadow while `python3 app.py` or pytest
 * runs (the project folder comes first on sys.path): the standard library (sys.stdlib_module_names
 * of Python 3.11 plus 3.14's new ones, public names only) and what the CDK app, its tests and the
 * function import.
 */
const SHADOWED = new Set(
  [
    // standard library
    'abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii',
    'bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall',
    'compression concurrent configparser contextlib contextvars copy copyreg cprofile crypt csv ctypes curses dataclasses',
    'datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp',
    'fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib',
    'heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3',
    'linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt',
    'multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb',
    'pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile',
    'pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets',
    'select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile',
    'sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog',
    'tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace',
    'traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave',
    'weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo',
    // the CDK app and its runtime, pytest, the function's libraries, pip
    'aws_cdk constructs jsii publication typeguard cattrs attr attrs dateutil typing_extensions importlib_resources six',
    'pytest pluggy iniconfig packaging exceptiongroup tomli pygments aws_xray_sdk aws_lambda_powertools wrapt botocore',
    'boto3 jmespath urllib3 s3transfer opentelemetry requests certifi idna charset_normalizer pip setuptools pkg_resources',
  ]
    .join(' ')
    .split(' '),
);

/** Folders the project already has, which the stack package must not land in. */
const PROJECT_FOLDERS = new Set(['hello_world', 'tests', 'events']);

/**
 * The Python package holding the stack: the project name as a Python identifier, like `cdk init`,
 * with `_cdk` appended when that name is a keyword, one of the project's folders, or a module the
 * package would shadow.
 */
export function cdkPythonModule(spec: Pick<ProjectSpec, 'pythonName'>): string {
  let module = spec.pythonName;
  while (KEYWORDS.has(module) || SHADOWED.has(module) || PROJECT_FOLDERS.has(module)) module += '_cdk';
  return module;
}

/** The stack class, like `cdk init`: the name in PascalCase, then `Stack` (my-api -> MyApiStack). */
export function cdkStackClass(spec: Pick<ProjectSpec, 'name'>): string {
  const pascal = spec.name
    .split('-')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Stack`;
}

/** `python3.13` -> `PYTHON_3_13`, the aws_lambda.Runtime constant. */
export const cdkRuntimeConstant = (runtime: string) => runtime.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^PYTHON_?/, 'PYTHON_');

/** `x86_64` -> `X86_64`, `arm64` -> `ARM_64`, the aws_lambda.Architecture constant. */
export const cdkArchitectureConstant = (arch: string) => (arch === 'arm64' ? 'ARM_64' : 'X86_64');

/** The file that describes the infrastructure, for messages. */
export const cdkPythonMainFile = (spec: Pick<ProjectSpec, 'pythonName'>) => {
  const module = cdkPythonModule(spec);
  return `${module}/${module}_stack.py`;
};

export function cdkPythonFiles(spec: ProjectSpec): PlannedFile[] {
  const module = cdkPythonModule(spec);
  return [
    { path: 'app.py', template: 'iac/cdk-python/app.py.ejs', what: 'the CDK app: creates the stack (`cdk synth` runs it, as cdk.json says)' },
    {
      path: cdkPythonMainFile(spec),
      template: 'iac/cdk-python/stack.py.ejs',
      what: 'the CDK stack: the API, the function, tracing',
    },
    { path: `${module}/__init__.py`, template: 'iac/cdk-python/__init__.py.ejs' },
    { path: 'cdk.json', template: 'iac/cdk-python/cdk.json.ejs', what: 'how the CDK CLI runs the app, and its feature flags' },
    { path: 'requirements.txt', template: 'iac/cdk-python/requirements.txt.ejs', what: 'what the CDK app needs: aws-cdk-lib, constructs' },
    { path: 'requirements-dev.txt', template: 'iac/cdk-python/requirements-dev.txt.ejs', what: 'what the tests need' },
    { path: 'source.bat', template: 'iac/cdk-python/source.bat.ejs', what: 'makes `source .venv/bin/activate` work on Windows' },
    {
      path: `tests/unit/test_${module}_stack.py`,
      template: 'iac/cdk-python/test_stack.py.ejs',
      what: 'unit tests of the stack: tracing, layer and environment in the synthesized template',
    },
  ];
}

/** What the cdk-python templates see besides the common template data. */
export function cdkPythonTemplateData(spec: ProjectSpec) {
  return {
    pythonModule: cdkPythonModule(spec),
    cdkLibVersion: CDK_LIB_VERSION,
    cdkJson: cdkPythonJson(),
  };
}

/** Printed after `cd DIR`. Nothing is installed for the user: the virtualenv is theirs to make. */
export function cdkPythonNextSteps(spec: ProjectSpec): string[] {
  return [
    'python3 -m venv .venv',
    'source .venv/bin/activate          # Windows: .venv\\Scripts\\activate.bat',
    'pip install -r requirements.txt -r requirements-dev.txt',
    'python -m pytest tests             # the handler and the stack',
    ...(spec.pieces.functionRequirements.length ? ['cdk synth                          # pip (or Docker) installs the function dependencies into their asset'] : ['cdk synth']),
    'cdk bootstrap                      # once per account and region',
    `cdk deploy                         # stack ${spec.name} in ${spec.region}`,
    callApi(spec),
    listTraces(spec),
  ];
}
