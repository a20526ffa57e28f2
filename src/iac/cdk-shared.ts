/**
 * What both CDK apps, TypeScript and Python, share: the library release they pin, the feature
 * flags `cdk init` writes, and the names of the stack class and of the Lambda constants.
 */
import type { ProjectSpec } from '../model/spec.js';

/** The aws-cdk-lib release both CDK apps pin. */
export const CDK_LIB_VERSION = '2.276.0';

/** The CDK CLI release: in the TypeScript app's devDependencies; installed by hand for the Python app. */
export const CDK_CLI_VERSION = '2.1148.1';

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
