import { Annotations, Aws, CfnCondition, CfnMapping, Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

/**
 * The access logs of a load balancer the library builds: into `given`, or into a bucket of its own
 * (construct id `AccessLogs` under `scope`: SSE-S3, the only encryption log delivery supports, SSL
 * only, private, versioned, logs kept a year, retained). Returns the bucket.
 */
export function enableAccessLogs(scope: Construct, loadBalancer: elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer,
  given: s3.IBucket | undefined, prefix: string): s3.IBucket {
  const bucket = given ?? new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logAccessLogs(loadBalancer, bucket, prefix);
  if (given && !given.policy) {
    // An imported bucket's policy cannot be changed from here: the statements above were dropped.
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:accessLogsBucketPolicy',
      `accessLogsBucket ${given.node.path} is imported, so its bucket policy is not managed here: it must let the region's ` +
      `load balancer log delivery put objects under ${prefix}/AWSLogs/<account>/, or the deploy fails when the load balancer enables access logs`);
  }
  if (!given) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is where the load balancer writes its access logs; logging access to it would need another bucket, and that one another',
    });
  }
  return bucket;
}

/**
 * Turns on a load balancer's access logs into `bucket` under `prefix`.
 *
 * With a known region this is aws-cdk-lib's `logAccessLogs`. aws-cdk-lib refuses an
 * environment-agnostic stack, because the principal that delivers the logs depends on the region:
 * Regions opened before August 2022 deliver from an Elastic Load Balancing account of their own, later
 * ones from the service principal `logdelivery.elasticloadbalancing.amazonaws.com`. Here the policy
 * names both: the account through a mapping of every Region aws-cdk-lib knows (as aws-cdk-lib's own
 * `Stack.regionalFact` does for environment-agnostic stacks) under one condition, and the service
 * principal. A Region newer than the aws-cdk-lib in use is not in the mapping, and CloudFormation then
 * refuses the deploy ("Unable to get mapping"): give such a stack its region, or update aws-cdk-lib.
 */
export function logAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket, prefix);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
  const objects = bucket.arnForObjects(`${prefix ? prefix + '/' : ''}AWSLogs/${stack.account}/*`);
  const { mapping, hasAccount } = elbAccounts(stack);
  const account = mapping.findInMap(Aws.REGION, 'account');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [
      new iam.ArnPrincipal(Fn.conditionIf(hasAccount.logicalId, `arn:${Aws.PARTITION}:iam::${account}:root`, Aws.NO_VALUE).toString()),
      // The account's own root grants nothing by itself (it defers to the account's IAM policies); it
      // keeps the AWS list from being empty in a Region without an Elastic Load Balancing account.
      new iam.AccountRootPrincipal(),
      new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com'),
    ],
    resources: [objects],
  }));
  // The same two statements aws-cdk-lib adds for log delivery.
  const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'], principals: [delivery], resources: [objects],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], principals: [delivery], resources: [bucket.bucketArn] }));
  // Access logs are checked when the load balancer turns them on: the policy must be in place first.
  // (A construct dependency: CfnResource#addDependency is deprecated in newer aws-cdk-lib.)
  if (bucket.policy) loadBalancer.node.addDependency(bucket.policy);
}

/** Every Region aws-cdk-lib knows, with its Elastic Load Balancing log account or "none". */
export function elbAccountsByRegion(): Record<string, string> {
  return Object.fromEntries(RegionInfo.regions.map(region => [region.name, region.elbv2Account ?? NONE]).sort(([a], [b]) => a.localeCompare(b)));
}

const NONE = 'none';
const MAPPING_ID = 'CdkEcsPlatformElbLogAccounts';
const CONDITION_ID = 'CdkEcsPlatformElbLogAccountRegion';

/** The mapping and its condition, once per stack, shared by the stack's load balancers. */
function elbAccounts(stack: Stack): { mapping: CfnMapping; hasAccount: CfnCondition } {
  const existing = stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined;
  if (existing) return { mapping: existing, hasAccount: stack.node.findChild(CONDITION_ID) as CfnCondition };
  const mapping = new CfnMapping(stack, MAPPING_ID, {
    mapping: Object.fromEntries(Object.entries(elbAccountsByRegion()).map(([region, account]) => [region, { account }])),
  });
  const hasAccount = new CfnCondition(stack, CONDITION_ID, {
    // findInMap on the mapping itself (not Fn.findInMap by its id): aws-cdk-lib then knows it is read at deploy, and
    // does not tell every user to make it lazy ("Consider making this CfnMapping a lazy mapping").
    expression: Fn.conditionNot(Fn.conditionEquals(mapping.findInMap(Aws.REGION, 'account'), NONE)),
  });
  return { mapping, hasAccount };
}
