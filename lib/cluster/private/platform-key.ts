import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Lets CloudWatch Logs encrypt the platform's log groups, and SNS (for Auto Scaling's
 * service-linked role and CloudWatch alarms) encrypt notifications, with the platform key.
 */
export function allowServicesToUseKey(key: kms.Key): void {
  const { region, account, partition } = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogs',
    principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
    actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
  }));
  // Auto Scaling publishes as its service-linked role, which may not exist yet when the key is
  // created; AWS's own aws/sns key policy has the same shape: this account's principals, through SNS.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'PublishThroughSns',
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `sns.${region}.amazonaws.com` } },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarms',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': account } },
  }));
  // Control Tower CT.KMS.PR.3: grants only for AWS resources or by AWS services.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'GrantsOnlyForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}
