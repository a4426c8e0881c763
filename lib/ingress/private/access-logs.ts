import { Annotations, Aws, CfnCondition, CfnMapping, Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { checkAtSynth, fail, Problems } from '../../core/errors';

/**
 * Where the access logs of the library's load balancers go when no `accessLogsBucket` is given: `own`, a
 * bucket of the load balancer's own (construct id `AccessLogs` under its scope: an `Ingress`), or `stack`,
 * the one bucket of the stack shared by every web and network service's load balancer in it
 * ({@link SHARED_ACCESS_LOGS_ID}), each under its own prefix.
 */
export type AccessLogsBucketScope = 'own' | 'stack';

/**
 * The construct id, under the stack, of the access-log bucket a stack's services share. It and its policy
 * are part of the logical-ID contract (`LoadBalancerAccessLogs…`, `LoadBalancerAccessLogsPolicy…`).
 */
export const SHARED_ACCESS_LOGS_ID = 'LoadBalancerAccessLogs';

/**
 * S3's limit on a bucket policy: "Bucket policies are limited to 20 KB in size"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html), taken as 20,000 bytes.
 */
export const MAX_BUCKET_POLICY_BYTES = 20_000;

/**
 * The access logs of a load balancer the library builds: into `given` under `prefix`, or into a bucket of the
 * library's (SSE-S3, the only encryption log delivery supports, SSL only, private, versioned, logs kept a
 * year, retained): its own (`bucketScope` `own`), or the stack's shared one (`stack`), under the load
 * balancer's construct path in the stack (its id for a construct at the stack's root). Returns the bucket.
 */
export function enableAccessLogs(scope: Construct, loadBalancer: elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer,
  given: s3.IBucket | undefined, prefix: string, bucketScope: AccessLogsBucketScope): s3.IBucket {
  if (!given && bucketScope === 'stack') {
    const shared = stackAccessLogs(scope);
    // Two services of one id under different parents share the bucket: their paths keep their logs apart.
    const inStack = scope.node.path.slice(Stack.of(scope).node.path.length + 1);
    shared.prefixes.push(inStack);
    logAccessLogs(loadBalancer, shared.bucket, inStack);
    return shared.bucket;
  }
  const bucket = given ?? newAccessLogsBucket(scope, 'AccessLogs');
  logAccessLogs(loadBalancer, bucket, prefix);
  if (given && !given.policy) {
    // An imported bucket's policy cannot be changed from here: the statements above were dropped.
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:accessLogsBucketPolicy',
      `accessLogsBucket ${given.node.path} is imported, so its bucket policy is not managed here: it must let the region's ` +
      `load balancer log delivery put objects under ${prefix}/AWSLogs/<account>/, or the deploy fails when the load balancer enables access logs`);
  }
  return bucket;
}

function newAccessLogsBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket is where the load balancer writes its access logs; logging access to it would need another bucket, and that one another',
  });
  return bucket;
}

/** A stack's shared access-log bucket and the prefixes of the load balancers that log to it. */
interface SharedAccessLogs {
  readonly bucket: s3.Bucket;
  readonly prefixes: string[];
}

const SHARED = Symbol.for('cdk-ecs-platform.sharedAccessLogs');

/**
 * The stack's shared access-log bucket, created with the first load balancer that logs to it. It is
 * retained whatever the services say (they have no setting for it), as the per-service buckets it
 * replaced were. Its policy grows by a statement or two per load balancer (aws-cdk-lib's `logAccessLogs`),
 * so its size is checked at synth against S3's limit.
 */
function stackAccessLogs(scope: Construct): SharedAccessLogs {
  const stack = Stack.of(scope);
  const holder = stack as unknown as Record<symbol, SharedAccessLogs | undefined>;
  const existing = holder[SHARED];
  if (existing) return existing;
  const taken = stack.node.tryFindChild(SHARED_ACCESS_LOGS_ID);
  if (taken) {
    fail(scope, 'accessLogsBucket', undefined, `means the load balancer logs to the stack's shared bucket, whose construct id ${SHARED_ACCESS_LOGS_ID} ` +
      `is taken by ${taken.node.path}`, `another id for ${taken.node.path}, or an accessLogsBucket of yours`);
  }
  const shared: SharedAccessLogs = { bucket: newAccessLogsBucket(stack, SHARED_ACCESS_LOGS_ID), prefixes: [] };
  holder[SHARED] = shared;
  checkAtSynth(shared.bucket, problems => checkPolicySize(shared, problems));
  return shared;
}

/** Refuses a shared bucket's policy that may, once deployed, be over S3's 20 KB. */
function checkPolicySize(shared: SharedAccessLogs, problems: Problems): void {
  const policy = shared.bucket.policy;
  if (!policy) return;
  const bytes = policyBytesAtMost(Stack.of(shared.bucket).resolve(policy.document));
  if (bytes <= MAX_BUCKET_POLICY_BYTES) return;
  const { prefixes } = shared;
  problems.add(shared.bucket, 'bucket policy', bytes, `bytes at most once deployed, for the log delivery of ${prefixes.length} load balancers ` +
    `(${prefixes[0]} and ${prefixes.length - 1} more), may be over S3's limit of 20 KB for a bucket policy, and the deploy would fail`,
  `at most ${MAX_BUCKET_POLICY_BYTES} bytes: fewer load balancers in this stack (put some services in another stack), ` +
    'shorter construct paths, or an accessLogsBucket of yours on some of them');
}

/**
 * The length of a resolved policy document as compact JSON, with every CloudFormation function replaced by
 * the longest value it can take: an upper bound of the policy's size once deployed.
 */
export function policyBytesAtMost(document: unknown): number {
  const bound = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(bound);
    if (isIntrinsic(node)) return 'x'.repeat(longest(node));
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bound(v)]));
    return node;
  };
  return Buffer.byteLength(JSON.stringify(bound(document)));
}

function isIntrinsic(node: unknown): node is Record<string, unknown> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** The longest value of pseudo parameters: account ids, `aws-us-gov`, Region names, `amazonaws.com.cn`, stack names. */
const PSEUDO_LENGTHS: Record<string, number> = {
  'AWS::AccountId': 12, 'AWS::Partition': 10, 'AWS::Region': 20, 'AWS::URLSuffix': 20, 'AWS::NoValue': 0, 'AWS::StackName': 128,
};
/** A bucket name: at most 63 characters; its ARN `arn:<partition>:s3:::<name>`. */
const BUCKET_NAME = 63;
/** Anything else: generous, so that the bound stays one. */
const UNKNOWN = 256;

function longest(node: unknown): number {
  if (typeof node === 'string') return Buffer.byteLength(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node).length;
  if (!isIntrinsic(node)) return UNKNOWN;
  const [fn, args] = Object.entries(node)[0];
  const list: unknown[] = Array.isArray(args) ? args : [];
  switch (fn) {
    case 'Ref': return PSEUDO_LENGTHS[String(args)] ?? BUCKET_NAME;
    case 'Fn::GetAtt': return list[1] === 'Arn' ? 'arn:aws-us-gov:s3:::'.length + BUCKET_NAME : UNKNOWN;
    case 'Fn::Join': {
      const separator = String(list[0]);
      const parts = Array.isArray(list[1]) ? list[1] : [];
      return parts.reduce<number>((sum, part) => sum + longest(part), 0) + separator.length * Math.max(0, parts.length - 1);
    }
    case 'Fn::If': return Math.max(longest(list[1]), longest(list[2]));
    case 'Fn::FindInMap': return list[0] === MAPPING_ID ? 12 : UNKNOWN;
    default: return UNKNOWN;
  }
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
