import { CfnParameter, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  CapacityPool, Deployment, Domain, ImageRelease, ImageRepository, ImageSelection, ImageTagPolicy, Ingress, LifecycleRule, Network, NetworkPort,
  NetworkService, Placement, PlacementConstraint, PlatformCluster, PoolImage, PushToDeploy, Reachable, Route, ScheduledTask, ServicePort,
  SharedFileSystem, Volume, WebService, WorkerQueue, WorkerService,
} from '../../lib';

/**
 * Mistakes users make, each written twice: with this library (which must refuse it at synth with a
 * message naming the construct path, the prop, the value and what is allowed) and with aws-cdk-lib
 * alone (to count how many of them reach a deploy there). Sources: the AWS API and service references
 * quoted in the library's messages, and the issue trackers of aws-cdk and its peers.
 */
export interface BadInput {
  readonly area: string;
  readonly mistake: string;
  /** Builds the mistake with this library in a stack (region us-east-1); it must throw, now or at synth. */
  readonly library: (stack: Stack) => void;
  /** What the library must say. */
  readonly message: RegExp;
  /** The same mistake with aws-cdk-lib alone. */
  readonly plain: (stack: Stack) => void;
  /**
   * The app with the fix the message suggests applied (its "Allowed:"), which must synthesize: a remedy
   * that does not work is a message that is not true.
   */
  readonly fixed?: (stack: Stack) => void;
  /** Why the message offers no remedy to apply, for a case without `fixed` (the test requires one or the other). */
  readonly noRemedy?: string;
}

const type = (name: string) => new ec2.InstanceType(name);
const busybox = () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');
const cluster = (s: Stack, props = {}) => new PlatformCluster(s, 'Cluster', props);
const repo = (s: Stack) => new ImageRepository(s, 'Repo');
const x86Pool = (c: PlatformCluster, options = {}) => c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], ...options });
export const web = (s: Stack, props: Record<string, unknown> = {}) => new WebService(s, 'Web', { cluster: cluster(s), image: repo(s).imageByTag('v1'), ...props });
export const worker = (s: Stack, props: Record<string, unknown> = {}) => new WorkerService(s, 'Worker', { cluster: cluster(s), image: repo(s).imageByTag('v1'), ...props });

// aws-cdk-lib alone
const plainCluster = (s: Stack) => new ecs.Cluster(s, 'Cluster', { enableFargateCapacityProviders: true });
const plainAsg = (s: Stack, c: ecs.Cluster, props: Partial<autoscaling.AutoScalingGroupProps> = {}) => new autoscaling.AutoScalingGroup(s, 'Asg', {
  vpc: c.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(), ...props,
});
const plainProvider = (s: Stack, c: ecs.Cluster, props: Partial<ecs.AsgCapacityProviderProps> = {}, asg?: autoscaling.AutoScalingGroup) => {
  const provider = new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup: asg ?? plainAsg(s, c), ...props });
  c.addAsgCapacityProvider(provider);
  return provider;
};
export const plainTask = (s: Stack, props: Partial<ecs.FargateTaskDefinitionProps> = {}, container: Partial<ecs.ContainerDefinitionOptions> = {}) => {
  const task = new ecs.FargateTaskDefinition(s, 'Task', props);
  task.addContainer('app', { image: busybox(), ...container });
  return task;
};
/** An EC2 service of `count` awsvpc tasks (256 CPU units, 512 MiB) on an Auto Scaling group capacity provider. */
const plainEc2Service = (
  s: Stack, instanceType: ec2.InstanceType, maxCapacity: number, count: number, targetCapacityPercent = 100, distinct = false,
) => {
  const c = plainCluster(s);
  const provider = plainProvider(s, c, { targetCapacityPercent }, plainAsg(s, c, { instanceType, maxCapacity }));
  const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
  task.addContainer('app', { image: busybox(), cpu: 256, memoryLimitMiB: 512 });
  new ecs.Ec2Service(s, 'Service', {
    cluster: c, taskDefinition: task, desiredCount: count,
    capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
    placementConstraints: distinct ? [ecs.PlacementConstraint.distinctInstances()] : undefined,
  });
};
export const plainService = (s: Stack, props: Partial<ecs.FargateServiceProps> = {}, taskProps = {}, container = {}) =>
  new ecs.FargateService(s, 'Service', { cluster: plainCluster(s), taskDefinition: plainTask(s, taskProps, container), ...props });
const plainRepoImage = (s: Stack, tagOrDigest: string) => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), tagOrDigest) });
const plainTargetGroup = (s: Stack, healthCheck: elbv2.HealthCheck = {}, props: Partial<elbv2.ApplicationTargetGroupProps> = {}) =>
  new elbv2.ApplicationTargetGroup(s, 'Targets', { vpc: new ec2.Vpc(s, 'Vpc'), port: 8080, targetType: elbv2.TargetType.IP, healthCheck, ...props });

// Storage and scaling (#13): a worker with a volume, and its plain counterparts.
export const filesWorker = (s: Stack, volume: { containerPath: string; path?: string }, props: Record<string, unknown> = {}) => {
  const c = cluster(s);
  const files = new SharedFileSystem(s, 'Files', { cluster: c });
  return new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(files, volume)], ...props });
};
export const plainEfsTask = (s: Stack, mount: { containerPath: string; path?: string }, container: Partial<ecs.ContainerDefinitionOptions> = {}) => {
  const fileSystem = new efs.FileSystem(s, 'Files', { vpc: new ec2.Vpc(s, 'Vpc') });
  const accessPoint = fileSystem.addAccessPoint('AccessPoint', { path: mount.path ?? '/app' });
  const task = plainTask(s, {}, container);
  task.addVolume({
    name: 'files',
    efsVolumeConfiguration: {
      fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
    },
  });
  task.defaultContainer!.addMountPoints({ sourceVolume: 'files', containerPath: mount.containerPath, readOnly: false });
  return task;
};
export const weekdays8 = () => appscaling.Schedule.cron({ minute: '0', hour: '8', weekDay: 'MON-FRI' });
const scheduledWorker = (s: Stack, schedule: Record<string, unknown>) =>
  worker(s, { scaling: { minTasks: 1, maxTasks: 8, schedules: [{ name: 'office-hours', schedule: weekdays8(), minTasks: 2, maxTasks: 8, ...schedule }] } });
const plainScheduled = (s: Stack, action: Partial<appscaling.ScalingSchedule>) =>
  plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 8 }).scaleOnSchedule('OfficeHours', { schedule: weekdays8(), minCapacity: 2, maxCapacity: 8, ...action });

export const BAD_INPUTS: BadInput[] = [
  // ---- registry ----
  {
    area: 'registry', mistake: 'a repository key from another region',
    library: s => new ImageRepository(s, 'Repo', { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') }),
    message: /Stack\/Repo: encryptionKey ".*" is in eu-west-1, and the stack deploys to us-east-1/,
    fixed: s => new ImageRepository(s, 'Repo', { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') }),
    plain: s => new ecr.Repository(s, 'Repo', {
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }),
  },
  {
    area: 'registry', mistake: 'repository name with uppercase letters',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'MyRepo' }),
    message: /Stack\/Repo: repositoryName "MyRepo" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'myrepo' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'MyRepo' }),
  },
  {
    area: 'registry', mistake: 'repository name with a double slash',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'team//web' }),
    message: /repositoryName "team\/\/web" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'team/web' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'team//web' }),
  },
  {
    area: 'registry', mistake: 'repository name of one character',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'a' }),
    message: /repositoryName "a" is not a valid ECR repository name\. Allowed: 2 to 256 characters/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'ab' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'a' }),
  },
  {
    area: 'registry', mistake: 'repository name of 257 characters',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'a'.repeat(257) }),
    message: /repositoryName "a{257}" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'a'.repeat(256) }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'a'.repeat(257) }),
  },
  {
    area: 'registry', mistake: 'imported repository name with uppercase letters',
    library: s => ImageRepository.fromRepositoryName(s, 'Repo', 'Team/Web'),
    message: /Stack\/Repo: repositoryName "Team\/Web" is not a valid ECR repository name/,
    fixed: s => ImageRepository.fromRepositoryName(s, 'Repo', 'team/web'),
    plain: s => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'Team/Web'), 'v1') }),
  },
  {
    area: 'registry', mistake: 'imported repository ARN of another service',
    library: s => ImageRepository.fromRepositoryArn(s, 'Repo', 'arn:aws:s3:::bucket'),
    message: /Stack\/Repo: repositoryArn "arn:aws:s3:::bucket" is not an ECR repository ARN/,
    fixed: s => ImageRepository.fromRepositoryArn(s, 'Repo', 'arn:aws:ecr:us-east-1:111122223333:repository/team/web'),
    plain: s => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(s, 'Repo', 'arn:aws:s3:::bucket'), 'v1') }),
  },
  {
    area: 'registry', mistake: 'two lifecycle rules with one priority',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 1 })] }),
    message: /Stack\/Repo: lifecycleRules\[1\]\.priority 1 is already the priority of lifecycleRules\[0\]/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 2 })] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [
      { rulePriority: 1, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['a'], maxImageCount: 5 },
      { rulePriority: 1, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['b'], maxImageCount: 5 }] }),
  },
  {
    area: 'registry', mistake: 'a rule on every image evaluated before another rule',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(50, ImageSelection.anyImage(), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 2 })] }),
    message: /lifecycleRules\[0\]\.priority 1 puts the rule on every image before lifecycleRules\[1\]/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(50, ImageSelection.anyImage(), { priority: 2 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 1 })] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [
      { rulePriority: 1, tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
      { rulePriority: 2, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['b'], maxImageCount: 5 }] }),
  },
  {
    area: 'registry', mistake: 'two rules on every image',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(50, ImageSelection.anyImage()), LifecycleRule.keepLast(10, ImageSelection.anyImage())] }),
    message: /lifecycleRules\[1\]\.selection "anyImage" is the second rule on every image/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(50, ImageSelection.anyImage())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 }, { tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 }] }),
  },
  {
    area: 'registry', mistake: 'keep the last 0 images',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(0, ImageSelection.untagged())] }),
    message: /lifecycleRules\[0\]\.count 0 would keep no image/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(1, ImageSelection.untagged())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 0 }] }),
  },
  {
    area: 'registry', mistake: 'an image age that is not whole days',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.expireAfter(Duration.hours(36), ImageSelection.untagged())] }),
    message: /lifecycleRules\[0\]\.age "1 day 12 hours" is not a whole number of days/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.expireAfter(Duration.days(2), ImageSelection.untagged())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.hours(36) }] }),
  },
  {
    area: 'registry', mistake: 'a tag pattern with five wildcards',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPatterns(['*a*b*c*d*']))] }),
    message: /tagPatterns\[0\] "\*a\*b\*c\*d\*" has 5 wildcards\. Allowed: at most 4/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPatterns(['*a*b*c*d']))] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.TAGGED, tagPatternList: ['*a*b*c*d*'], maxImageCount: 3 }] }),
  },
  {
    area: 'registry', mistake: 'tagged images selected by an empty prefix list',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPrefixes([]))] }),
    message: /lifecycleRules\[0\]\.selection\.tagPrefixes \[\] selects nothing/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPrefixes(['release-']))] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [], maxImageCount: 3 }] }),
  },
  {
    area: 'registry', mistake: 'immutable tags with exclusions but no filter',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept([]) }),
    message: /tagPolicy exclusions \[\] has 0 patterns\. Allowed: 1 to 5 patterns/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev-*']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: [] }),
  },
  {
    area: 'registry', mistake: 'six tag exclusion filters',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['a', 'b', 'c', 'd', 'e', 'f']) }),
    message: /has 6 patterns\. Allowed: 1 to 5 patterns/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['a', 'b', 'c', 'd', 'e']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: ['a', 'b', 'c', 'd', 'e', 'f'].map(p => ecr.ImageTagMutabilityExclusionFilter.wildcard(p)) }),
  },
  {
    area: 'registry', mistake: 'a tag exclusion filter with a slash',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev/latest']) }),
    message: /tagPolicy exclusions\[0\] "dev\/latest" is not a valid exclusion filter/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev-latest']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard('dev/latest')] }),
  },
  {
    area: 'registry', mistake: 'emptyOnDelete on a retained repository',
    library: s => new ImageRepository(s, 'Repo', { emptyOnDelete: true }),
    message: /Stack\/Repo: emptyOnDelete true cannot delete images of a repository that is kept/,
    fixed: s => new ImageRepository(s, 'Repo', { emptyOnDelete: true, removalPolicy: RemovalPolicy.DESTROY }),
    plain: s => new ecr.Repository(s, 'Repo', { emptyOnDelete: true }),
  },
  {
    area: 'registry', mistake: 'a SNAPSHOT removal policy for a repository',
    library: s => new ImageRepository(s, 'Repo', { removalPolicy: RemovalPolicy.SNAPSHOT }),
    message: /removalPolicy "snapshot" does not apply to an ECR repository/,
    fixed: s => new ImageRepository(s, 'Repo', { removalPolicy: RemovalPolicy.DESTROY }),
    plain: s => new ecr.Repository(s, 'Repo', { removalPolicy: RemovalPolicy.SNAPSHOT }),
  },
  {
    area: 'registry', mistake: 'cross-account pull for "*"',
    library: s => new ImageRepository(s, 'Repo', { pullAccounts: ['*'] }),
    message: /pullAccounts\[0\] "\*" is not an AWS account id/,
    fixed: s => new ImageRepository(s, 'Repo', { pullAccounts: ['111122223333'] }),
    plain: s => new ecr.Repository(s, 'Repo').addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('*')], actions: ['ecr:BatchGetImage'] })),
  },
  {
    area: 'registry', mistake: 'a repository policy that allows everyone',
    library: s => repo(s).addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] })),
    message: /addToResourcePolicy statement .* allows everyone \("\*"\) to use the repository/,
    fixed: s => repo(s).addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('111122223333')], actions: ['ecr:BatchGetImage'] })),
    plain: s => new ecr.Repository(s, 'Repo').addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] })),
  },
  {
    area: 'registry', mistake: 'an image tag Docker does not accept',
    library: s => repo(s).imageByTag('v1:2'),
    message: /Stack\/Repo: imageByTag tag "v1:2" is not a Docker image tag/,
    fixed: s => repo(s).imageByTag('v1-2'),
    plain: s => plainRepoImage(s, 'v1:2'),
  },
  {
    area: 'registry', mistake: 'a truncated image digest',
    library: s => repo(s).imageByDigest('sha256:abc'),
    message: /imageByDigest digest "sha256:abc" is not an image digest/,
    fixed: s => repo(s).imageByDigest(`sha256:${'a'.repeat(64)}`),
    plain: s => plainRepoImage(s, 'sha256:abc'),
  },
  {
    area: 'registry', mistake: 'a GitHub push role for a repository that is not owner/name',
    library: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'shop' }),
    message: /addGitHubPushRole\(Ci\) gitHubRepository "shop" is not a GitHub repository/,
    fixed: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop' }),
    plain: s => new iam.Role(s, 'Ci', { assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:shop:ref:refs/heads/main' } }) }),
  },
  {
    area: 'registry', mistake: 'a GitHub push role for every branch',
    library: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop', branches: ['*'] }),
    message: /addGitHubPushRole\(Ci\) branches\[0\] "\*" is not a branch name or is a pattern that matches every branch/,
    fixed: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop', branches: ['main'] }),
    plain: s => new iam.Role(s, 'Ci', { assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/*' } }) }),
  },

  // ---- cluster and capacity ----
  {
    area: 'cluster', mistake: 'a cluster name with spaces',
    library: s => cluster(s, { clusterName: 'shop cluster' }),
    message: /Stack\/Cluster: clusterName "shop cluster" is not an ECS cluster name/,
    fixed: s => cluster(s, { clusterName: 'shop-cluster' }),
    plain: s => new ecs.Cluster(s, 'Cluster', { clusterName: 'shop cluster' }),
  },
  {
    // An existing cluster is the stack's to use, not to create again (issue 26: the name passed silently).
    area: 'cluster', mistake: 'a new cluster named like the existing cluster its stack imports',
    library: s => {
      const existing = ecs.Cluster.fromClusterAttributes(s, 'Existing', { clusterName: 'production', vpc: new ec2.Vpc(s, 'Vpc'), securityGroups: [] });
      PlatformCluster.fromClusterAttributes(s, 'Imported', { cluster: existing });
      cluster(s, { clusterName: 'production' });
    },
    message: /Stack\/Cluster: clusterName "production" is the name of the existing ECS cluster that this stack imports \(Stack\/Imported\)/,
    fixed: s => {
      const existing = ecs.Cluster.fromClusterAttributes(s, 'Existing', { clusterName: 'production', vpc: new ec2.Vpc(s, 'Vpc'), securityGroups: [] });
      PlatformCluster.fromClusterAttributes(s, 'Imported', { cluster: existing });
      cluster(s, { clusterName: 'production-2' });
    },
    plain: s => {
      ecs.Cluster.fromClusterAttributes(s, 'Existing', { clusterName: 'production', vpc: new ec2.Vpc(s, 'Vpc'), securityGroups: [] });
      new ecs.Cluster(s, 'Cluster', { clusterName: 'production' });
    },
  },
  {
    // ECR: CreateRepository fails with RepositoryAlreadyExistsException for a name the registry has.
    area: 'registry', mistake: 'a new repository named like the existing repository its stack imports',
    library: s => {
      ImageRepository.fromRepositoryName(s, 'Existing', 'shop/web');
      new ImageRepository(s, 'Repo', { repositoryName: 'shop/web' });
    },
    message: /Stack\/Repo: repositoryName "shop\/web" is the name of the existing ECR repository that this stack imports \(Stack\/Existing\)/,
    fixed: s => {
      ImageRepository.fromRepositoryName(s, 'Existing', 'shop/web');
      new ImageRepository(s, 'Repo', { repositoryName: 'shop/web-2' });
    },
    plain: s => {
      ecr.Repository.fromRepositoryName(s, 'Existing', 'shop/web');
      new ecr.Repository(s, 'Repo', { repositoryName: 'shop/web' });
    },
  },
  {
    // ELB: a security policy belongs to an HTTPS listener; aws-cdk-lib drops it silently on HTTP.
    area: 'workloads', mistake: 'a TLS policy for a load balancer without a certificate',
    library: s => web(s, { sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }),
    message: /Stack\/Web: sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" applies to an HTTPS listener/,
    fixed: s => web(s, { sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, certificate: acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc') }),
    plain: s => {
      const c = plainCluster(s);
      new elbv2.ApplicationLoadBalancer(s, 'LB', { vpc: c.vpc }).addListener('Http', { port: 80, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS })
        .addAction('Default', { action: elbv2.ListenerAction.fixedResponse(200) });
    },
  },
  {
    area: 'cluster', mistake: 'a log retention computed to 42 days',
    library: s => cluster(s, { logRetention: 42 as logs.RetentionDays }),
    message: /Stack\/Cluster: logRetention 42 is not a retention CloudWatch Logs offers/,
    fixed: s => cluster(s, { logRetention: logs.RetentionDays.ONE_MONTH }),
    plain: s => new logs.LogGroup(s, 'Logs', { retention: 42 as logs.RetentionDays }),
  },
  {
    area: 'cluster', mistake: 'workload subnets that are public',
    library: s => cluster(s, { network: Network.fromVpc(new ec2.Vpc(s, 'Vpc'), { workloadSubnets: { subnetType: ec2.SubnetType.PUBLIC } }) }),
    message: /Stack\/Cluster: network workloadSubnets \{"subnetType":"Public"\} selects public subnets/,
    fixed: s => cluster(s, { network: Network.fromVpc(new ec2.Vpc(s, 'Vpc'), { workloadSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }) }),
    plain: s => {
      const vpc = new ec2.Vpc(s, 'Vpc');
      plainService(s, { cluster: new ecs.Cluster(s, 'Cluster', { vpc }), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    },
  },
  {
    area: 'cluster', mistake: 'a VPC in one Availability Zone',
    library: s => cluster(s, { network: Network.lowCost({ maxAzs: 1 }) }),
    message: /Stack\/Cluster: network maxAzs 1 is out of range\. Allowed: a whole number from 2 to 6/,
    fixed: s => cluster(s, { network: Network.lowCost({ maxAzs: 2 }) }),
    plain: s => new ecs.Cluster(s, 'Cluster', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 1 }) }),
  },
  {
    area: 'cluster', mistake: 'three Availability Zones in a stack without an account (CDK gives two)',
    library: s => cluster(s, { network: Network.highlyAvailable({ maxAzs: 3 }) }),
    message: /network maxAzs 3 cannot be met by a stack without a concrete account and region/,
    fixed: s => cluster(s, { network: Network.highlyAvailable({ maxAzs: 2 }) }),
    plain: s => new ecs.Cluster(s, 'Cluster', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 3 }) }),
  },
  {
    area: 'cluster', mistake: 'a default strategy whose weights are all 0',
    library: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 0 }) }),
    message: /defaultPlacement Placement.fargateSpot spotWeight 0 leaves every weight at 0/,
    fixed: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 1 }) }),
    plain: s => plainCluster(s).addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE', base: 1, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 0 }]),
  },
  {
    area: 'cluster', mistake: 'a strategy base above 100000',
    library: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ onDemandBase: 100001 }) }),
    message: /defaultPlacement Placement.fargateSpot onDemandBase 100001 is out of range/,
    fixed: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ onDemandBase: 100000 }) }),
    plain: s => plainCluster(s).addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE', base: 100001, weight: 1 }]),
  },
  {
    area: 'cluster', mistake: 'a strategy weight above 1000',
    library: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ spotWeight: 1001 }) }),
    message: /defaultPlacement Placement.fargateSpot spotWeight 1001 is out of range/,
    fixed: s => cluster(s, { defaultPlacement: Placement.fargateSpot({ spotWeight: 1000 }) }),
    plain: s => plainCluster(s).addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE_SPOT', weight: 1001 }]),
  },
  {
    area: 'cluster', mistake: 'a SNAPSHOT removal policy for the platform key and logs',
    library: s => cluster(s, { removalPolicy: RemovalPolicy.SNAPSHOT }),
    message: /Stack\/Cluster: removalPolicy "snapshot" does not apply to keys and log groups/,
    fixed: s => cluster(s, { removalPolicy: RemovalPolicy.DESTROY }),
    plain: s => new kms.Key(s, 'Key', { removalPolicy: RemovalPolicy.SNAPSHOT }),
  },
  {
    area: 'capacity', mistake: 'a capacity provider name starting with "ecs"',
    library: s => x86Pool(cluster(s), { capacityProviderName: 'ecs-workers' }),
    message: /Stack\/Cluster\/Pool: capacityProviderName "ecs-workers" is not a valid capacity provider name/,
    fixed: s => x86Pool(cluster(s), { capacityProviderName: 'workers' }),
    plain: s => plainProvider(s, plainCluster(s), { capacityProviderName: 'ecs-workers' }),
  },
  {
    area: 'capacity', mistake: 'a capacity provider name starting with "Fargate"',
    library: s => x86Pool(cluster(s), { capacityProviderName: 'FargateLike' }),
    message: /capacityProviderName "FargateLike" is not a valid capacity provider name/,
    fixed: s => x86Pool(cluster(s), { capacityProviderName: 'Like-fargate' }),
    plain: s => plainProvider(s, plainCluster(s), { capacityProviderName: 'FargateLike' }),
  },
  {
    area: 'capacity', mistake: 'a capacity provider name with a space',
    library: s => x86Pool(cluster(s), { capacityProviderName: 'my workers' }),
    message: /capacityProviderName "my workers" is not a valid capacity provider name/,
    fixed: s => x86Pool(cluster(s), { capacityProviderName: 'my-workers' }),
    plain: s => plainProvider(s, plainCluster(s), { capacityProviderName: 'my workers' }),
  },
  {
    area: 'capacity', mistake: 'a capacity provider name of 256 characters',
    library: s => x86Pool(cluster(s), { capacityProviderName: 'w'.repeat(256) }),
    message: /capacityProviderName "w{256}" is not a valid capacity provider name/,
    fixed: s => x86Pool(cluster(s), { capacityProviderName: 'w'.repeat(255) }),
    plain: s => plainProvider(s, plainCluster(s), { capacityProviderName: 'w'.repeat(256) }),
  },
  {
    area: 'capacity', mistake: 'more minimum than maximum instances',
    library: s => x86Pool(cluster(s), { minInstances: 3, maxInstances: 2 }),
    message: /Stack\/Cluster\/Pool: minInstances 3 is more than maxInstances \(2\)/,
    fixed: s => x86Pool(cluster(s), { minInstances: 2, maxInstances: 2 }),
    plain: s => { const c = plainCluster(s); plainProvider(s, c, {}, plainAsg(s, c, { minCapacity: 3, maxCapacity: 2 })); },
  },
  {
    area: 'capacity', mistake: 'a pool of at most 0 instances',
    library: s => x86Pool(cluster(s), { maxInstances: 0 }),
    message: /Stack\/Cluster\/Pool: maxInstances 0 is out of range\. Allowed: a whole number from 1 to 1000/,
    fixed: s => x86Pool(cluster(s), { maxInstances: 1 }),
    plain: s => { const c = plainCluster(s); plainProvider(s, c, {}, plainAsg(s, c, { minCapacity: 0, maxCapacity: 0 })); },
  },
  {
    area: 'capacity', mistake: 'a managed scaling target of 0 %',
    library: s => x86Pool(cluster(s), { targetCapacityPercent: 0 }),
    message: /targetCapacityPercent 0 is out of range\. Allowed: a whole number from 1 to 100/,
    fixed: s => x86Pool(cluster(s), { targetCapacityPercent: 1 }),
    plain: s => plainProvider(s, plainCluster(s), { targetCapacityPercent: 0 }),
  },
  {
    area: 'capacity', mistake: 'a managed scaling target of 101 %',
    library: s => x86Pool(cluster(s), { targetCapacityPercent: 101 }),
    message: /targetCapacityPercent 101 is out of range/,
    fixed: s => x86Pool(cluster(s), { targetCapacityPercent: 100 }),
    plain: s => plainProvider(s, plainCluster(s), { targetCapacityPercent: 101 }),
  },
  {
    area: 'capacity', mistake: 'an instance warm-up of three hours',
    library: s => x86Pool(cluster(s), { instanceWarmup: Duration.hours(3) }),
    message: /instanceWarmup \(seconds\) 10800 is out of range/,
    fixed: s => x86Pool(cluster(s), { instanceWarmup: Duration.seconds(10000) }),
    plain: s => plainProvider(s, plainCluster(s), { instanceWarmupPeriod: 10800 }),
  },
  {
    area: 'capacity', mistake: 'instances replaced every 12 hours',
    library: s => x86Pool(cluster(s), { maxInstanceLifetime: Duration.hours(12) }),
    message: /maxInstanceLifetime "12 hours" is out of range\. Allowed: 1 to 365 days/,
    fixed: s => x86Pool(cluster(s), { maxInstanceLifetime: Duration.days(1) }),
    plain: s => { const c = plainCluster(s); plainProvider(s, c, {}, plainAsg(s, c, { maxInstanceLifetime: Duration.hours(12) })); },
  },
  {
    area: 'capacity', mistake: 'a root volume smaller than the ECS-optimized image',
    library: s => x86Pool(cluster(s), { volumeSize: Size.gibibytes(20) }),
    message: /volumeSize "20 GiB" does not fit the amazonLinux2023 image/,
    fixed: s => x86Pool(cluster(s), { volumeSize: Size.gibibytes(30) }),
    plain: s => { const c = plainCluster(s); plainProvider(s, c, {}, plainAsg(s, c, { blockDevices: [{ deviceName: '/dev/xvda', volume: autoscaling.BlockDeviceVolume.ebs(20) }] })); },
  },
  {
    area: 'capacity', mistake: 'x86_64 and arm64 instance types in one pool',
    library: s => cluster(s).addCapacityPool('Pool', { instanceTypes: [type('t3.small'), type('t4g.small')] }),
    message: /instanceTypes \["t3.small \(x86_64\)","t4g.small \(arm64\)"\] mixes CPU architectures/,
    fixed: s => { const c = cluster(s); c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')] }); c.addCapacityPool('ArmPool', { instanceTypes: [type('t4g.small')] }); },
    plain: s => mixedPlainAsg(s, ['t3.small', 't4g.small'], false),
  },
  {
    area: 'capacity', mistake: 'two pools with one id',
    library: s => { const c = cluster(s); x86Pool(c); x86Pool(c); },
    message: /Stack\/Cluster: addCapacityPool id "Pool" is taken by Stack\/Cluster\/Pool/,
    fixed: s => { const c = cluster(s); x86Pool(c); c.addCapacityPool('Pool2', { instanceTypes: [type('t3.small')] }); },
    plain: s => { const c = plainCluster(s); plainProvider(s, c); plainProvider(s, c); },
  },
  {
    area: 'capacity', mistake: 'an instance warm-up in fractions of a second',
    library: s => x86Pool(cluster(s), { instanceWarmup: Duration.millis(1500) }),
    message: /instanceWarmup "1500 ms" is not a whole number of seconds/,
    fixed: s => x86Pool(cluster(s), { instanceWarmup: Duration.seconds(2) }),
    plain: s => plainProvider(s, plainCluster(s), { instanceWarmupPeriod: 1.5 }),
  },
  {
    area: 'capacity', mistake: 'a Spot on-demand percentage of 120',
    library: s => cluster(s).addCapacityPool('Pool', { instanceTypes: [type('m5.large'), type('m5a.large')], spot: { onDemandPercentageAboveBase: 120 } }),
    message: /spot.onDemandPercentageAboveBase 120 is out of range/,
    fixed: s => cluster(s).addCapacityPool('Pool', { instanceTypes: [type('m5.large'), type('m5a.large')], spot: { onDemandPercentageAboveBase: 100 } }),
    plain: s => mixedPlainAsg(s, ['m5.large', 'm5a.large'], true, 120),
  },
  {
    area: 'capacity', mistake: 'the GPU image on instances without a GPU',
    library: s => cluster(s).addCapacityPool('Pool', { instanceTypes: [type('m5.large')], image: PoolImage.amazonLinux2023Gpu() }),
    message: /instanceTypes \["m5.large"\] have no GPU for the GPU image/,
    fixed: s => cluster(s).addCapacityPool('Pool', { instanceTypes: [type('g4dn.xlarge')], image: PoolImage.amazonLinux2023Gpu() }),
    plain: s => { const c = plainCluster(s); plainProvider(s, c, {}, plainAsg(s, c, { instanceType: type('m5.large'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU) })); },
  },
  {
    area: 'capacity', mistake: 'an Auto Scaling group in two capacity providers',
    library: s => {
      const c = cluster(s);
      const p = x86Pool(c);
      c.cluster.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'Second', { autoScalingGroup: p.autoScalingGroup, enableManagedTerminationProtection: false }));
    },
    message: /Stack\/Cluster\/Pool: autoScalingGroup "Stack\/Cluster\/Pool\/AutoScalingGroup" is in 2 capacity providers/,
    fixed: s => { const c = cluster(s); x86Pool(c); c.addCapacityPool('Second', { instanceTypes: [type('t3.small')] }); },
    plain: s => {
      const c = plainCluster(s);
      const asg = plainAsg(s, c);
      plainProvider(s, c, { enableManagedTerminationProtection: false, enableManagedDraining: true }, asg);
      c.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'Second', { autoScalingGroup: asg, enableManagedTerminationProtection: false, enableManagedDraining: true }));
    },
  },
  {
    area: 'capacity', mistake: 'a pool in another stack than its cluster',
    library: s => new CapacityPool(new Stack(s.node.root, 'Other', { env: { region: 'us-east-1' } }), 'Pool', { cluster: cluster(s), instanceTypes: [type('t3.small')] }),
    message: /Other\/Pool: cluster "Stack\/Cluster" is in stack Stack, the pool in Other/,
    fixed: s => new CapacityPool(s, 'Pool', { cluster: cluster(s), instanceTypes: [type('t3.small')] }),
    plain: s => {
      const c = plainCluster(s);
      const other = new Stack(s.node.root, 'Other', { env: { region: 'us-east-1' } });
      const asg = new autoscaling.AutoScalingGroup(other, 'Asg', { vpc: c.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
      c.addAsgCapacityProvider(new ecs.AsgCapacityProvider(other, 'Provider', { autoScalingGroup: asg }));
    },
  },

  // ---- workloads ----
  {
    area: 'workloads', mistake: 'a Fargate CPU value Fargate does not have (300)',
    library: s => web(s, { cpu: 300 }),
    message: /Stack\/Web: cpu 300 is not a Fargate task size/,
    fixed: s => web(s, { cpu: 256 }),
    plain: s => plainService(s, {}, { cpu: 300, memoryLimitMiB: 512 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory not offered with the CPU (256 / 4096)',
    library: s => web(s, { cpu: 256, memoryMiB: 4096 }),
    message: /memoryMiB 4096 is not offered by Fargate with cpu 256/,
    fixed: s => web(s, { cpu: 256, memoryMiB: 2048 }),
    plain: s => plainService(s, {}, { cpu: 256, memoryLimitMiB: 4096 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory not offered with the CPU (1024 / 1536)',
    library: s => web(s, { cpu: 1024, memoryMiB: 1536 }),
    message: /memoryMiB 1536 is not offered by Fargate with cpu 1024/,
    fixed: s => web(s, { cpu: 1024, memoryMiB: 2048 }),
    plain: s => plainService(s, {}, { cpu: 1024, memoryLimitMiB: 1536 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory off the 4 GiB steps of 8 vCPU',
    library: s => web(s, { cpu: 8192, memoryMiB: 18432 }),
    message: /memoryMiB 18432 is not offered by Fargate with cpu 8192/,
    fixed: s => web(s, { cpu: 8192, memoryMiB: 20480 }),
    plain: s => plainService(s, {}, { cpu: 8192, memoryLimitMiB: 18432 }),
  },
  {
    area: 'workloads', mistake: 'an EC2 task larger than every instance of its pool',
    library: s => { const c = cluster(s); new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(c)), cpu: 4096, memoryMiB: 1024 }); },
    message: /Stack\/Worker: cpu and memoryMiB "4096 CPU units, 1024 MiB" do not fit instance type t3.small/,
    fixed: s => { const c = cluster(s); new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(c)), cpu: 2048, memoryMiB: 1024 }); },
    plain: s => {
      const c = plainCluster(s);
      const provider = plainProvider(s, c);
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), cpu: 4096, memoryLimitMiB: 1024 });
      new ecs.Ec2Service(s, 'Service', { cluster: c, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
  {
    area: 'workloads', mistake: 'more awsvpc tasks than the ENIs of the pool\'s instances (t3.micro: 2 ENIs, 1 task)',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.micro')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 6 });
    },
    message: /Stack\/Worker: desiredCount 6 cannot be placed on pool Stack\/Cluster\/Pool: t3.micro runs 1 task \(2 ENIs, 1 for the instance; CPU 2048\/256 = 8, memory 993\/512 = 1\), x 2 instances at most/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.micro')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 1 });
    },
    plain: s => plainEc2Service(s, type('t3.micro'), 2, 6),
  },
  {
    area: 'workloads', mistake: 'a scaling maximum beyond the pool at its managed scaling target',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], maxInstances: 4, targetCapacityPercent: 50 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), scaling: { minTasks: 1, maxTasks: 5 } });
    },
    message: /Stack\/Worker: scaling.maxTasks 5 cannot be placed on pool Stack\/Cluster\/Pool: m5.large runs 2 tasks .* x 4 instances at most \(maxInstances\) x 50 % target capacity = 4\./,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], maxInstances: 4, targetCapacityPercent: 50 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), scaling: { minTasks: 1, maxTasks: 4 } });
    },
    plain: s => plainEc2Service(s, type('m5.large'), 4, 5, 50),
  },
  {
    area: 'workloads', mistake: 'one task per instance (distinctInstances) and more tasks than instances',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m6i.large')], maxInstances: 3, awsvpcTrunking: true });
      new WorkerService(s, 'Worker', {
        cluster: c, image: repo(s).imageByTag('v1'), desiredCount: 4,
        placement: Placement.ec2(pool, { constraints: [PlacementConstraint.distinctInstances()] }),
      });
    },
    message: /desiredCount 4 cannot be placed on pool Stack\/Cluster\/Pool: m6i.large runs 1 task \(10 task ENIs with trunking; .*; 1 with PlacementConstraint.distinctInstances\(\)\), x 3 instances/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m6i.large')], maxInstances: 3, awsvpcTrunking: true });
      new WorkerService(s, 'Worker', {
        cluster: c, image: repo(s).imageByTag('v1'), desiredCount: 2,
        placement: Placement.ec2(pool, { constraints: [PlacementConstraint.distinctInstances()] }),
      });
    },
    plain: s => plainEc2Service(s, type('m6i.large'), 3, 4, 100, true),
  },
  {
    area: 'workloads', mistake: 'a rolling deploy at 100 % minimum healthy on a pool with no room for one more task',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 4 });
    },
    message: /Stack\/Worker: minHealthyPercent 100 \(the default\) with desiredCount 4 lets a rolling deploy stop no task before it starts one, so it needs room for 5 tasks, and pool Stack\/Cluster\/Pool holds at most 4 \(maxInstances 2 x 2 per instance; t3.small: 3 ENIs/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 3 });
    },
    // ECS's default minimumHealthyPercent is 100: the deploy waits for a fifth task until the circuit breaker gives up.
    plain: s => plainEc2Service(s, type('t3.small'), 2, 4),
  },
  {
    area: 'workloads', mistake: 'an x86_64 task on an arm64 pool',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m7g.large')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), architecture: ecs.CpuArchitecture.X86_64 });
    },
    message: /Stack\/Worker: architecture "X86_64" does not match pool Stack\/Cluster\/Pool \(ARM64\)/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m7g.large')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), architecture: ecs.CpuArchitecture.ARM64 });
    },
    plain: s => {
      const c = plainCluster(s);
      const provider = plainProvider(s, c, {}, plainAsg(s, c, { instanceType: type('m7g.large'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM) }));
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 }); // an x86_64 image: nothing says so
      new ecs.Ec2Service(s, 'Service', { cluster: c, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
  {
    area: 'workloads', mistake: 'a Fargate stop timeout of 121 seconds',
    library: s => web(s, { stopTimeout: Duration.seconds(121) }),
    message: /Stack\/Web: stopTimeout "2 minutes 1 second" is more than Fargate allows/,
    fixed: s => web(s, { stopTimeout: Duration.seconds(120) }),
    plain: s => plainService(s, {}, {}, { stopTimeout: Duration.seconds(121) }),
  },
  {
    area: 'workloads', mistake: 'a container health check every 301 seconds',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(301) } }),
    message: /healthCheck.interval "5 minutes 1 second" is out of range\. Allowed: 5 to 300 seconds/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(300) } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(301) } }),
  },
  {
    area: 'workloads', mistake: 'a container health check timeout of 1 second',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(1) } }),
    message: /healthCheck.timeout "1 second" is out of range/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(2) } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(1) } }),
  },
  {
    area: 'workloads', mistake: '11 container health check retries',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
    message: /healthCheck.retries 11 is out of range/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], retries: 10 } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
  },
  {
    area: 'workloads', mistake: 'an empty container health check command',
    library: s => web(s, { healthCheck: { command: [] } }),
    message: /healthCheck.command \[\] is empty/,
    fixed: s => web(s, { healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: [] } }),
  },
  {
    area: 'workloads', mistake: 'AWS credentials in an environment variable',
    library: s => web(s, { environment: { AWS_SECRET_ACCESS_KEY: 'x' } }),
    message: /environment "AWS_SECRET_ACCESS_KEY" is a credential variable ECS reserves/,
    fixed: s => web(s, { environment: { APP_MODE: 'x' } }),
    plain: s => plainService(s, {}, {}, { environment: { AWS_SECRET_ACCESS_KEY: 'x' } }),
  },
  {
    area: 'workloads', mistake: 'one name both an environment variable and a secret',
    library: s => web(s, { environment: { TOKEN: 'x' }, secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
    message: /secrets "TOKEN" is also an environment variable/,
    fixed: s => web(s, { secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
    plain: s => plainService(s, {}, {}, { environment: { TOKEN: 'x' }, secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
  },
  {
    area: 'workloads', mistake: 'a relative writable path',
    library: s => web(s, { writablePaths: ['tmp'] }),
    message: /writablePaths\[0\] "tmp" is not a distinct absolute path/,
    fixed: s => web(s, { writablePaths: ['/tmp'] }),
    plain: s => { const task = plainTask(s); task.addVolume({ name: 'tmp' }); task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: 'tmp', readOnly: false }); },
  },
  {
    area: 'workloads', mistake: 'a minimum healthy percent of 101',
    library: s => web(s, { minHealthyPercent: 101 }),
    message: /minHealthyPercent 101 is out of range/,
    fixed: s => web(s, { minHealthyPercent: 100 }),
    plain: s => plainService(s, { minHealthyPercent: 101 }),
  },
  {
    area: 'workloads', mistake: 'a maximum healthy percent of 90',
    library: s => web(s, { maxHealthyPercent: 90 }),
    message: /maxHealthyPercent 90 is out of range/,
    fixed: s => web(s, { maxHealthyPercent: 101 }),
    plain: s => plainService(s, { maxHealthyPercent: 90 }),
  },
  {
    area: 'workloads', mistake: 'minimum and maximum healthy both 100 (a deploy that cannot move)',
    library: s => web(s, { minHealthyPercent: 100, maxHealthyPercent: 100 }),
    message: /maxHealthyPercent 100 with minHealthyPercent 100 leaves a deploy no room/,
    fixed: s => web(s, { minHealthyPercent: 100, maxHealthyPercent: 200 }),
    plain: s => plainService(s, { minHealthyPercent: 100, maxHealthyPercent: 100 }),
  },
  {
    area: 'workloads', mistake: 'a desired count of -1',
    library: s => web(s, { desiredCount: -1 }),
    message: /desiredCount -1 is out of range/,
    fixed: s => web(s, { desiredCount: 0 }),
    plain: s => plainService(s, { desiredCount: -1 }),
  },
  {
    area: 'workloads', mistake: 'a desired count next to auto scaling (reset on every deploy)',
    library: s => web(s, { desiredCount: 2, scaling: { minTasks: 1, maxTasks: 3 } }),
    message: /desiredCount 2 is set together with scaling, which owns the task count/,
    fixed: s => web(s, { scaling: { minTasks: 1, maxTasks: 3 } }),
    plain: s => plainService(s, { desiredCount: 2 }).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 3 }),
  },
  {
    area: 'workloads', mistake: 'auto scaling with more minimum than maximum tasks',
    library: s => web(s, { scaling: { minTasks: 5, maxTasks: 2 } }),
    message: /scaling.minTasks 5 is more than scaling.maxTasks \(2\)/,
    fixed: s => web(s, { scaling: { minTasks: 2, maxTasks: 5 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 5, maxCapacity: 2 }),
  },
  {
    area: 'workloads', mistake: 'a CPU target of 0 %',
    library: s => web(s, { scaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 0 } }),
    message: /scaling.cpuTargetPercent 0 is out of range/,
    fixed: s => web(s, { scaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 5 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 2 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 0 }),
  },
  {
    area: 'workloads', mistake: 'a service strategy weight above 1000',
    library: s => web(s, { placement: Placement.fargateSpot({ onDemandWeight: 1001 }) }),
    message: /placement Placement.fargateSpot onDemandWeight 1001 is out of range/,
    fixed: s => web(s, { placement: Placement.fargateSpot({ onDemandWeight: 1000 }) }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1001 }] }),
  },
  {
    area: 'workloads', mistake: 'a service strategy whose weights are all 0',
    library: s => web(s, { placement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 0 }) }),
    message: /placement Placement.fargateSpot spotWeight 0 leaves every weight at 0/,
    fixed: s => web(s, { placement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 1 }) }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE', base: 1, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 0 }] }),
  },
  {
    area: 'workloads', mistake: 'a service strategy naming a pool of another cluster',
    library: s => {
      const other = cluster(s);
      const pool = x86Pool(other);
      new WorkerService(s, 'Worker', { cluster: new PlatformCluster(s, 'Mine'), image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool) });
    },
    message: /Stack\/Worker: placement "Placement.ec2\(Stack\/Cluster\/Pool\)" names a pool of another cluster/,
    fixed: s => {
      const mine = new PlatformCluster(s, 'Mine');
      new WorkerService(s, 'Worker', { cluster: mine, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(mine)) });
    },
    plain: s => {
      const provider = plainProvider(s, plainCluster(s));
      const mine = new ecs.Cluster(s, 'Mine');
      const mineAsg = new autoscaling.AutoScalingGroup(s, 'MineAsg', { vpc: mine.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
      mine.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'MineProvider', { autoScalingGroup: mineAsg }));
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 });
      new ecs.Ec2Service(s, 'Service', { cluster: mine, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
  {
    area: 'workloads', mistake: 'container port 0',
    library: s => web(s, { containerPort: 0 }),
    message: /Stack\/Web: containerPort 0 is out of range/,
    fixed: s => web(s, { containerPort: 8080 }),
    plain: s => plainService(s, {}, {}, { portMappings: [{ containerPort: 0 }] }),
  },
  {
    area: 'workloads', mistake: 'a load balancer health check path without a leading slash',
    library: s => web(s, { healthCheckPath: 'health' }),
    message: /healthCheckPath "health" is not a path/,
    fixed: s => web(s, { healthCheckPath: '/health' }),
    plain: s => plainTargetGroup(s, { path: 'health' }),
  },
  {
    area: 'workloads', mistake: 'a load balancer health check every 4 seconds',
    library: s => web(s, { healthCheckInterval: Duration.seconds(4) }),
    message: /healthCheckInterval \(seconds\) 4 is out of range/,
    fixed: s => web(s, { healthCheckInterval: Duration.seconds(5) }),
    plain: s => plainTargetGroup(s, { interval: Duration.seconds(4), timeout: Duration.seconds(2) }),
  },
  {
    area: 'workloads', mistake: 'a healthy threshold of 1',
    library: s => web(s, { healthyThresholdCount: 1 }),
    message: /healthyThresholdCount 1 is out of range/,
    fixed: s => web(s, { healthyThresholdCount: 2 }),
    plain: s => plainTargetGroup(s, { healthyThresholdCount: 1 }),
  },
  {
    area: 'workloads', mistake: 'a deregistration delay over an hour',
    library: s => web(s, { deregistrationDelay: Duration.seconds(3601) }),
    message: /deregistrationDelay \(seconds\) 3601 is out of range/,
    fixed: s => web(s, { deregistrationDelay: Duration.seconds(3600) }),
    plain: s => plainTargetGroup(s, {}, { deregistrationDelay: Duration.seconds(3601) }),
  },
  {
    area: 'workloads', mistake: 'sidecars that take all of the task\'s memory',
    library: s => web(s, { memoryMiB: 512 }).addSidecar('agent', { image: busybox(), memoryMiB: 512 }),
    message: /addSidecar\(agent\) memoryMiB 512 brings the sidecars to 512 MiB, which leaves the main container nothing/,
    fixed: s => web(s, { memoryMiB: 512 }).addSidecar('agent', { image: busybox(), memoryMiB: 256 }),
    plain: s => plainTask(s, { cpu: 256, memoryLimitMiB: 512 }, { memoryLimitMiB: 256 }).addContainer('agent', { image: busybox(), memoryLimitMiB: 512 }),
  },
  {
    area: 'workloads', mistake: 'sidecars that reserve more CPU than the task has',
    library: s => web(s, { cpu: 256 }).addSidecar('agent', { image: busybox(), memoryMiB: 64, cpu: 512 }),
    message: /addSidecar\(agent\) cpu 512 brings the sidecars to 512 CPU units, more than the task's 256/,
    fixed: s => web(s, { cpu: 256 }).addSidecar('agent', { image: busybox(), memoryMiB: 64, cpu: 128 }),
    plain: s => plainTask(s, { cpu: 256, memoryLimitMiB: 512 }).addContainer('agent', { image: busybox(), memoryLimitMiB: 64, cpu: 512 }),
  },
  {
    area: 'workloads', mistake: 'a sidecar named like the main container',
    library: s => web(s).addSidecar('app', { image: busybox(), memoryMiB: 64 }),
    message: /addSidecar\(app\) name "app" is not a free container name/,
    fixed: s => web(s).addSidecar('agent', { image: busybox(), memoryMiB: 64 }),
    plain: s => plainTask(s).addContainer('app', { image: busybox(), memoryLimitMiB: 64 }),
  },
  {
    area: 'workloads', mistake: 'a privileged container',
    library: s => worker(s).taskDefinition.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: true }),
    message: /container debug privileged true gives the container root on the host/,
    fixed: s => worker(s).taskDefinition.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: false }),
    plain: s => {
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: true });
    },
  },
  {
    area: 'workloads', mistake: 'the host\'s PID namespace',
    library: s => { (worker(s).taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).pidMode = 'host'; },
    message: /taskDefinition pidMode "host" shares the host's process namespace/,
    fixed: s => { (worker(s).taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).pidMode = 'task'; },
    plain: s => {
      const task = new ecs.Ec2TaskDefinition(s, 'Task', { pidMode: ecs.PidMode.HOST });
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 64 });
    },
  },
  ...([
    ['a cron expression with four fields', 'cron(0 3 * *)', /schedule "cron\(0 3 \* \*\)" has 4 fields/, 'cron(0 3 * * ? *)'],
    ['a cron expression with day-of-month and day-of-week both set', 'cron(0 3 1 * MON *)', /sets day-of-month and day-of-week together, or neither/, 'cron(0 3 ? * MON *)'],
    ['a cron minute of 61', 'cron(61 3 * * ? *)', /has "61" as its minutes/, 'cron(59 3 * * ? *)'],
    ['a rate in seconds', 'rate(30 seconds)', /schedule "rate\(30 seconds\)" is not a rate/, 'rate(1 minute)'],
    ['a rate of 1 in a plural unit', 'rate(1 hours)', /uses "hours" with 1/, 'rate(1 hour)'],
  ] as const).map(([mistake, expression, message, fix]): BadInput => ({
    area: 'workloads', mistake: `a schedule: ${mistake}`,
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.expression(expression) }),
    message,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.expression(fix) }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.expression(expression),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }) }) });
    },
  })),
  {
    area: 'workloads', mistake: 'a scheduled task\'s maxEventAge in fractions of a second',
    library: s => new ScheduledTask(s, 'Job', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), maxEventAge: Duration.millis(90500),
    }),
    message: /Stack\/Job: maxEventAge "90500 ms" is not a whole number of seconds/,
    fixed: s => new ScheduledTask(s, 'Job', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), maxEventAge: Duration.seconds(90),
    }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, {
          taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), maxEventAge: Duration.millis(90500),
        }) });
    },
  },
  {
    area: 'workloads', mistake: 'a secret from another region',
    library: s => worker(s, { secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')) } }),
    message: /Stack\/Worker: secrets\.DB ".*" is in eu-west-1, and the stack deploys to us-east-1/,
    fixed: s => worker(s, { secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf')) } }),
    plain: s => plainTask(s, {}, {
      secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')) },
    }),
  },
  {
    area: 'workloads', mistake: 'a workload log retention computed to 42 days',
    library: s => worker(s, { logRetention: 42 as logs.RetentionDays }),
    message: /Stack\/Worker: logRetention 42 is not a retention CloudWatch Logs offers/,
    fixed: s => worker(s, { logRetention: logs.RetentionDays.ONE_YEAR }),
    plain: s => plainTask(s, {}, { logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logRetention: 42 as logs.RetentionDays }) }),
  },
  {
    area: 'workloads', mistake: 'a health check interval in fractions of a second',
    library: s => web(s, { healthCheckInterval: Duration.millis(10500) }),
    message: /Stack\/Web: healthCheckInterval "10500 ms" is not a whole number of seconds/,
    fixed: s => web(s, { healthCheckInterval: Duration.seconds(10) }),
    plain: s => plainTargetGroup(s, { interval: Duration.millis(10500) }),
  },
  {
    area: 'workloads', mistake: 'a scheduled task that starts 0 tasks',
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), taskCount: 0 }),
    message: /Stack\/Job: taskCount 0 is out of range/,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), taskCount: 1 }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), taskCount: 0 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a scheduled task retried 200 times',
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), retryAttempts: 200 }),
    message: /Stack\/Job: retryAttempts 200 is out of range/,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), retryAttempts: 185 }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), retryAttempts: 200 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a stack of 456 resources (CloudFormation refuses more than 500)',
    library: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 57; i++) new WorkerService(s, `Worker${i}`, { cluster: c, image: r.imageByTag('v1') });
    },
    message: /Stack: resource count 456 is close to CloudFormation's limit of 500 per stack/,
    fixed: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const team = new Stack(s.node.root, 'Team', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 57; i++) new WorkerService(i < 29 ? s : team, `Worker${i}`, { cluster: c, image: r.imageByTag('v1') });
    },
    plain: s => { for (let i = 0; i < 456; i++) new ecr.Repository(s, `Repo${i}`); },
  },
  {
    area: 'workloads', mistake: 'a 1.2 MB template from 25 workers with 45 KB of environment each (CloudFormation refuses over 1 MB)',
    library: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 25; i++) new WorkerService(s, `Worker${i}`, { cluster: c, image: r.imageByTag('v1'), environment: { CONFIG: 'x'.repeat(45_000) } });
    },
    message: /Stack: template size \d+ bytes is close to CloudFormation's limit of 1000000/,
    fixed: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const team = new Stack(s.node.root, 'Team', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 25; i++) new WorkerService(i < 13 ? s : team, `Worker${i}`, { cluster: c, image: r.imageByTag('v1'), environment: { CONFIG: 'x'.repeat(45_000) } });
    },
    plain: s => { for (let i = 0; i < 25; i++) new ecs.FargateTaskDefinition(s, `Task${i}`).addContainer('app', { image: busybox(), environment: { CONFIG: 'x'.repeat(45_000) } }); },
  },
  {
    // aws-cdk-lib only warns (@aws-cdk/core:Stack.templateSize); CloudFormation refuses a template over 1 MB at deploy.
    area: 'workloads', mistake: 'a template over 1 MB from an escape hatch on one worker\'s task definition (CloudFormation refuses over 1 MB)',
    library: s => {
      const w = worker(s);
      (w.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)
        .addPropertyOverride('ContainerDefinitions.0.Environment', [{ Name: 'CONFIG', Value: 'x'.repeat(1_000_000) }]);
    },
    message: /Stack: template size \d+ bytes is close to CloudFormation's limit of 1000000/,
    fixed: s => worker(s, { secrets: { CONFIG: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(s, 'Config', '/app/config')) } }),
    plain: s => {
      const task = new ecs.FargateTaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox() });
      (task.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Environment', [{ Name: 'CONFIG', Value: 'x'.repeat(1_000_000) }]);
    },
  },
  {
    area: 'workloads', mistake: 'an ARM64 task on Fargate Spot (Fargate Spot runs X86_64 only)',
    library: s => worker(s, { architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargateSpot() }),
    message: /Stack\/Worker: architecture "ARM64" cannot run on Fargate Spot/,
    fixed: s => worker(s, { architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargate() }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
      { runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } }),
  },
  {
    area: 'workloads', mistake: 'a writable path given twice, once with a trailing slash (a duplicate mount point)',
    library: s => worker(s, { writablePaths: ['/tmp', '/tmp/'] }),
    message: /Stack\/Worker: writablePaths\[1\] "\/tmp\/" is not a distinct absolute path/,
    fixed: s => worker(s, { writablePaths: ['/tmp'] }),
    plain: s => {
      const task = plainTask(s, {}, { readonlyRootFilesystem: true });
      task.addVolume({ name: 'tmp' });
      task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }, { sourceVolume: 'tmp', containerPath: '/tmp/', readOnly: false });
    },
  },
  {
    area: 'workloads', mistake: 'a privileged container written as a property override',
    library: s => {
      const w = worker(s);
      (w.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Privileged', true);
    },
    message: /Stack\/Worker: container app privileged true gives the container root on the host/,
    fixed: s => worker(s),
    plain: s => (plainTask(s).node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Privileged', true),
  },
  {
    area: 'workloads', mistake: 'a task larger than a g5g.xlarge (Graviton GPU: 8 GiB, not 16) on a pool of them',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('g5g.xlarge')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 12288 });
    },
    message: /Stack\/Worker: cpu and memoryMiB "1024 CPU units, 12288 MiB" do not fit instance type g5g.xlarge/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('g5g.xlarge')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 7946 });
    },
    plain: s => {
      const c = plainCluster(s);
      plainProvider(s, c, {}, plainAsg(s, c, { instanceType: type('g5g.xlarge'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM) }));
      new ecs.Ec2TaskDefinition(s, 'Task').addContainer('app', { image: busybox(), cpu: 1024, memoryLimitMiB: 12288 });
    },
  },
  {
    area: 'workloads', mistake: 'load balancer access logs to a KMS-encrypted bucket (log delivery writes SSE-S3 only)',
    library: s => web(s, { accessLogsBucket: new s3.Bucket(s, 'Logs', { encryptionKey: new kms.Key(s, 'Key') }) }),
    message: /Stack\/Web: accessLogsBucket "Stack\/Logs" is encrypted with a KMS key/,
    plain: s => new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: new ec2.Vpc(s, 'Vpc') })
      .logAccessLogs(new s3.Bucket(s, 'Logs', { encryptionKey: new kms.Key(s, 'Key') })),
    fixed: s => web(s, { accessLogsBucket: new s3.Bucket(s, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED }) }),
  },  {
    area: 'registry', mistake: 'a release parameter name CloudFormation refuses (a dash)',
    library: s => new ImageRelease(s, 'Release', { repository: repo(s), parameterName: 'image-tag' }),
    message: /Stack\/Release: parameterName "image-tag" is not a CloudFormation parameter name/,
    plain: s => new CfnParameter(s, 'Release', { type: 'String', default: '' }).overrideLogicalId('image-tag'),
    fixed: s => new ImageRelease(s, 'Release', { repository: repo(s), parameterName: 'ImageTag' }),
  },
  {
    area: 'registry', mistake: 'a push-to-deploy tag pattern with a character no tag has (a slash)',
    library: s => {
      const c = cluster(s);
      new PushToDeploy(s, 'Deploy', { releases: [new ImageRelease(s, 'Release', { repository: repo(s) })], tagPattern: 'release/*', topic: c.notificationTopic });
    },
    message: /Stack\/Deploy: tagPattern "release\/\*" is not a tag pattern/,
    plain: s => new events.Rule(s, 'Rule', { eventPattern: { source: ['aws.ecr'], detail: { 'image-tag': events.Match.wildcard('release/*') } } }),
    fixed: s => {
      const c = cluster(s);
      new PushToDeploy(s, 'Deploy', { releases: [new ImageRelease(s, 'Release', { repository: repo(s) })], tagPattern: 'release-*', topic: c.notificationTopic });
    },
  },
  {
    area: 'workloads', mistake: 'a linear deployment whose bake times exceed CloudFormation\'s 33 hours',
    library: s => web(s, { deployment: Deployment.linear({ stepPercent: 3, stepBake: Duration.hours(1) }) }),
    message: /Stack\/Web: deployment \(linear\) "33 steps x 60 min \+ 5 min bake" adds up to 1985 minutes/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.LINEAR, bakeTime: Duration.minutes(5),
      linearConfiguration: { stepPercent: 3, stepBakeTime: Duration.hours(1) } }),
    fixed: s => web(s, { deployment: Deployment.linear({ stepPercent: 10, stepBake: Duration.hours(1) }) }),
  },
  {
    area: 'workloads', mistake: 'a canary deployment for a service without a load balancer',
    library: s => worker(s, { deployment: Deployment.canary() }),
    message: /Stack\/Worker: deployment "Deployment.canary\(\)" moves a share of the traffic, which needs a load balancer/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.CANARY, canaryConfiguration: { stepPercent: 10 } }),
    fixed: s => worker(s, { deployment: Deployment.blueGreen() }),
  },
  {
    area: 'workloads', mistake: 'a blue/green bake time over 24 hours',
    library: s => web(s, { deployment: Deployment.blueGreen({ bake: Duration.minutes(1500) }) }),
    message: /Stack\/Web: deployment \(blueGreen\) bake "1 day 1 hour" is not a bake time ECS accepts/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: Duration.minutes(1500) }),
    fixed: s => web(s, { deployment: Deployment.blueGreen({ bake: Duration.minutes(1440) }) }),
  },
  {
    area: 'workloads', mistake: 'minHealthyPercent with a blue/green deployment (it applies to rolling ones)',
    library: s => web(s, { deployment: Deployment.blueGreen(), minHealthyPercent: 50 }),
    message: /Stack\/Web: minHealthyPercent 50 applies to rolling deployments/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: Duration.minutes(5), minHealthyPercent: 50 }),
    fixed: s => web(s, { deployment: Deployment.blueGreen() }),
  },
  {
    area: 'workloads', mistake: 'a listening port of 0 on a service without a load balancer',
    library: s => worker(s, { port: ServicePort.tcp(0, { reachableFrom: Reachable.vpc() }) }),
    message: /Stack\/Worker: port\.port 0 is out of range/,
    plain: s => plainService(s, {}, {}, { portMappings: [{ containerPort: 0 }] }),
    fixed: s => worker(s, { port: ServicePort.tcp(8080, { reachableFrom: Reachable.vpc() }) }),
  },
  {
    area: 'workloads', mistake: 'a Service Connect port name with capitals (ECS refuses the port mapping name)',
    library: s => worker(s, { port: ServicePort.http(8080, { name: 'Api' }) }),
    message: /Stack\/Worker: port\.name "Api" is not a Service Connect name/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s, {}, { portMappings: [{ containerPort: 8080, name: 'Api' }] }),
        serviceConnectConfiguration: { services: [{ portMappingName: 'Api' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.http(8080, { name: 'api' }) }),
  },
  {
    area: 'workloads', mistake: 'a UDP port published through Service Connect',
    library: s => worker(s, { port: ServicePort.udp(514, { serviceConnect: true, reachableFrom: Reachable.vpc() }) }),
    message: /Stack\/Worker: port\.serviceConnect true cannot publish a UDP port/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s, {}, { portMappings: [{ containerPort: 514, name: 'syslog', protocol: ecs.Protocol.UDP }] }),
        serviceConnectConfiguration: { services: [{ portMappingName: 'syslog' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.udp(514, { reachableFrom: Reachable.vpc() }) }),
  },
  {
    area: 'workloads', mistake: 'calling a service that publishes no Service Connect endpoint',
    library: s => {
      const c = cluster(s);
      const r = repo(s);
      const plain = new WorkerService(s, 'Plain', { cluster: c, image: r.imageByTag('v1') });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), calls: [plain] });
    },
    message: /Stack\/Worker: calls\[0\] "Stack\/Plain" publishes no port through Service Connect/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s), serviceConnectConfiguration: {} });
    },
    fixed: s => {
      const c = cluster(s);
      const r = repo(s);
      const api = new WorkerService(s, 'Plain', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), calls: [api] });
    },
  },
  {
    area: 'workloads', mistake: 'two services publishing one Service Connect name in a namespace',
    library: s => {
      const c = cluster(s);
      const r = repo(s);
      new WorkerService(s, 'Api', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8081, { name: 'api' }) });
    },
    message: /Stack\/Worker: Service Connect name "api" is already the endpoint of Stack\/Api/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      for (const [id, port] of [['One', 8080], ['Two', 8081]] as const) {
        const task = new ecs.FargateTaskDefinition(s, `${id}Task`);
        task.addContainer('app', { image: busybox(), portMappings: [{ containerPort: port, name: 'api' }] });
        new ecs.FargateService(s, id, { cluster: c, taskDefinition: task, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] } });
      }
    },
    fixed: s => {
      const c = cluster(s);
      const r = repo(s);
      new WorkerService(s, 'Api', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8081, { name: 'worker' }) });
    },
  },
  {
    area: 'workloads', mistake: 'sidecars that leave the Service Connect proxy no memory (ECS wants the task above the containers\' limits)',
    library: s => worker(s, { port: ServicePort.http(8080) }).addSidecar('agent', { image: busybox(), memoryMiB: 448 }),
    message: /Stack\/Worker: addSidecar\(agent\) memoryMiB 448 brings the sidecars and the Service Connect proxy's 64 MiB to 512 MiB/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      const task = plainTask(s, { cpu: 256, memoryLimitMiB: 512 }, { memoryLimitMiB: 64, portMappings: [{ containerPort: 8080, name: 'api' }] });
      task.addContainer('agent', { image: busybox(), memoryLimitMiB: 448 });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: task, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.http(8080) }).addSidecar('agent', { image: busybox(), memoryMiB: 384 }),
  },
  // ---- workloads: load balancers (shared ingress, domains, Network Load Balancers) ----
  {
    area: 'workloads', mistake: 'two services on a shared load balancer with the same route',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*') });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/shop/*') });
    },
    message: /Stack\/Web: route "Route.path\(\\"\/shop\/\*\\"\)" has the same conditions as the route of Stack\/Shop/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Shop', listener, 10, ['/shop/*']);
      plainRule(s, 'Web', listener, 20, ['/shop/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*') });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*') });
    },
  },
  {
    area: 'workloads', mistake: 'two rules of a shared listener with one priority',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*', { priority: 10 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*', { priority: 10 }) });
    },
    message: /Stack\/Web: route priority 10 is also the priority of the route of Stack\/Shop/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Shop', listener, 10, ['/shop/*']);
      plainRule(s, 'Web', listener, 10, ['/web/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*', { priority: 10 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*', { priority: 11 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a route an earlier catch-all rule always takes',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Site', { cluster: c, image, ingress, route: Route.path('/*', { priority: 1 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*', { priority: 2 }) });
    },
    message: /Stack\/Web: route .* can never match: the route of Stack\/Site/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Site', listener, 1, ['/*']);
      plainRule(s, 'Web', listener, 2, ['/api/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Site', { cluster: c, image, ingress, route: Route.path('/*', { priority: 2 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*', { priority: 1 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a route path without the leading slash',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('api/*') });
    },
    message: /Stack\/Web: route path "api\/\*" can never match/,
    plain: s => plainRule(s, 'Web', plainListener(s), 10, ['api/*']),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*') });
    },
  },
  {
    area: 'workloads', mistake: 'a route host with a port',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.host('shop.example.com:443') });
    },
    message: /Stack\/Web: route host "shop.example.com:443" is not a host name a listener rule can match/,
    plain: s => new elbv2.ApplicationListenerRule(s, 'Rule', {
      listener: plainListener(s), priority: 10, conditions: [elbv2.ListenerCondition.hostHeaders(['shop.example.com:443'])],
      action: elbv2.ListenerAction.fixedResponse(200),
    }),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.host('shop.example.com') });
    },
  },
  {
    area: 'workloads', mistake: 'four path patterns in one listener rule condition',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.match({ hosts: ['a.example.com', 'b.example.com'], paths: ['/a', '/b', '/c', '/d'] }) });
    },
    message: /Stack\/Web: route paths .* has 4 values, and a listener rule condition takes at most 3/,
    plain: s => new elbv2.ApplicationListenerRule(s, 'Rule', {
      listener: plainListener(s), priority: 10, action: elbv2.ListenerAction.fixedResponse(200),
      conditions: [elbv2.ListenerCondition.hostHeaders(['a.example.com', 'b.example.com']), elbv2.ListenerCondition.pathPatterns(['/a', '/b', '/c', '/d'])],
    }),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.match({ hosts: ['a.example.com', 'b.example.com'], paths: ['/a', '/b', '/c'] }) });
    },
  },
  {
    area: 'workloads', mistake: 'a load balancer certificate of another region (a CloudFront one from us-east-1)',
    library: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      web(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc') });
    },
    message: /EuStack\/Web: certificate ".*" is a certificate of us-east-1, and a load balancer in eu-west-1 can only use certificates of its own region/,
    plain: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: new ec2.Vpc(stack, 'Vpc') }).addListener('Https', {
        port: 443, certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc')],
        defaultAction: elbv2.ListenerAction.fixedResponse(404),
      });
    },
    fixed: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      web(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc') });
    },
  },
  {
    area: 'workloads', mistake: 'a domain name outside its hosted zone',
    library: s => web(s, { domain: Domain.fromHostedZone({ zone: zone(s), name: 'shop.example.org' }) }),
    message: /Stack\/Web: domain.name "shop.example.org" is not in hosted zone example.com/,
    plain: s => new acm.Certificate(s, 'Cert', { domainName: 'shop.example.org', validation: acm.CertificateValidation.fromDns(zone(s)) }),
    fixed: s => web(s, { domain: Domain.fromHostedZone({ zone: zone(s), name: 'shop.example.com' }) }),
  },
  {
    area: 'workloads', mistake: 'Network Load Balancer access logs for a TCP listener (only TLS is logged)',
    library: s => new NetworkService(s, 'Net', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), listener: NetworkPort.tcp(5432), accessLogsBucket: new s3.Bucket(s, 'Logs'),
    }),
    message: /Stack\/Net: accessLogsBucket "Stack\/Logs" is given for a TCP listener, and Network Load Balancers write access logs only for TLS connections/,
    plain: s => new elbv2.NetworkLoadBalancer(s, 'Nlb', { vpc: new ec2.Vpc(s, 'Vpc') }).logAccessLogs(new s3.Bucket(s, 'Logs')),
    fixed: s => new NetworkService(s, 'Net', { cluster: cluster(s), image: repo(s).imageByTag('v1'), listener: NetworkPort.tcp(5432) }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on a workload with no numeric user (the access point cannot match it)',
    library: s => filesWorker(s, { containerPath: '/data' }, { user: undefined }),
    message: /Stack\/Worker: user \(not set\) does not say which numeric user owns the files of the volumes/,
    plain: s => plainEfsTask(s, { containerPath: '/data' }),
    fixed: s => filesWorker(s, { containerPath: '/data' }, { user: '1000:1000' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume mounted on / (over the whole root filesystem)',
    library: s => filesWorker(s, { containerPath: '/' }),
    message: /Stack\/Worker: volumes\[0\]\.containerPath "\/" is not a path a volume can be mounted on/,
    plain: s => plainEfsTask(s, { containerPath: '/' }),
    fixed: s => filesWorker(s, { containerPath: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on /tmp, which a writable task volume already takes',
    library: s => filesWorker(s, { containerPath: '/tmp' }),
    message: /Stack\/Worker: volumes\[0\]\.containerPath "\/tmp" is also one of writablePaths/,
    plain: s => {
      const task = plainEfsTask(s, { containerPath: '/tmp' });
      task.addVolume({ name: 'tmp' });
      task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
    },
    fixed: s => filesWorker(s, { containerPath: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an access point rooted at / (every workload sees every file)',
    library: s => filesWorker(s, { containerPath: '/data', path: '/' }),
    message: /Stack\/Worker: volumes\[0\]\.path "\/" is the file system's root directory, which EFS creates owned by root and writable by root only/,
    plain: s => plainEfsTask(s, { containerPath: '/data', path: '/' }),
    fixed: s => filesWorker(s, { containerPath: '/data', path: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume with TLS and IAM on a Bottlerocket pool, whose ECS variant cannot mount it',
    library: s => {
      const c = cluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster: c });
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], image: PoolImage.bottlerocket() });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', placement: Placement.ec2(pool), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    },
    message: /Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on pool Stack\/Cluster\/Pool: Bottlerocket/,
    plain: s => {
      const c = plainCluster(s);
      plainProvider(s, c, { machineImageType: ecs.MachineImageType.BOTTLEROCKET });
      const fileSystem = new efs.FileSystem(s, 'Files', { vpc: c.vpc });
      const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 256 });
      task.addVolume({ name: 'files', efsVolumeConfiguration: { fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } });
    },
    fixed: s => {
      const c = cluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster: c });
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], image: PoolImage.amazonLinux2023() });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', placement: Placement.ec2(pool), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    },
  },
  {
    area: 'workloads', mistake: 'a scheduled scaling maximum above the service\'s cost ceiling',
    library: s => scheduledWorker(s, { maxTasks: 20 }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.maxTasks 20 is more than scaling\.maxTasks \(8\)/,
    plain: s => plainScheduled(s, { maxCapacity: 20 }),
    fixed: s => scheduledWorker(s, { maxTasks: 8 }),
  },
  {
    area: 'workloads', mistake: 'a scheduled scaling minimum above its maximum',
    library: s => scheduledWorker(s, { minTasks: 5, maxTasks: 3 }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.minTasks 5 is more than that schedule's maxTasks \(3\)/,
    plain: s => plainScheduled(s, { minCapacity: 5, maxCapacity: 3 }),
    fixed: s => scheduledWorker(s, { minTasks: 3, maxTasks: 5 }),
  },
  {
    area: 'workloads', mistake: 'a scaling schedule in five-field cron (Application Auto Scaling wants six)',
    library: s => scheduledWorker(s, { schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI)') }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.schedule "cron\(0 8 \* \* MON-FRI\)" has 5 fields/,
    plain: s => plainScheduled(s, { schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI)') }),
    fixed: s => scheduledWorker(s, { schedule: appscaling.Schedule.expression('cron(0 8 ? * MON-FRI *)') }),
  },
  // Scaling signals and queues (#20).
  {
    area: 'workloads', mistake: 'scaling from zero tasks on CPU, which has no data while no task runs (target tracking never starts one)',
    library: s => worker(s, { scaling: { minTasks: 0, maxTasks: 4 } }),
    message: /Stack\/Worker: scaling\.minTasks 0 starts from zero tasks, and with no task running there is no CPU, memory or request data/,
    fixed: s => worker(s, { scaling: { minTasks: 1, maxTasks: 4 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 0, maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 }),
  },
  {
    area: 'workloads', mistake: 'a queue visibility timeout shorter than the time a message takes (another task takes the message meanwhile)',
    library: s => worker(s, {
      queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(10) }),
      scaling: { minTasks: 0, maxTasks: 4, backlog: { acceptableLatency: Duration.minutes(5), timePerMessage: Duration.seconds(40) } },
    }),
    message: /Stack\/Worker: queue visibilityTimeout "10 seconds" is shorter than scaling\.backlog\.timePerMessage \(40 seconds\)/,
    fixed: s => worker(s, {
      queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(40) }),
      scaling: { minTasks: 0, maxTasks: 4, backlog: { acceptableLatency: Duration.minutes(5), timePerMessage: Duration.seconds(40) } },
    }),
    plain: s => new sqs.Queue(s, 'Queue', { visibilityTimeout: Duration.seconds(10) }),
  },
  {
    area: 'workloads', mistake: 'a queue visibility timeout shorter than the container\'s stop timeout (a stopping task\'s message goes to another)',
    library: s => worker(s, { queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(30) }), stopTimeout: Duration.seconds(100) }),
    message: /Stack\/Worker: queue visibilityTimeout "30 seconds" is shorter than the main container's stopTimeout \(1 minute 40 seconds\)/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(100) }), stopTimeout: Duration.seconds(100) }),
    plain: s => {
      new sqs.Queue(s, 'Queue', { visibilityTimeout: Duration.seconds(30) });
      plainTask(s, {}, { stopTimeout: Duration.seconds(100) });
    },
  },
  {
    area: 'workloads', mistake: 'a redrive count of 0 (SQS refuses maxReceiveCount 0)',
    library: s => worker(s, { queue: WorkerQueue.create({ maxReceiveCount: 0 }) }),
    message: /Stack\/Worker: queue maxReceiveCount 0 would move every message to the dead-letter queue before any task received it/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ maxReceiveCount: 1 }) }),
    plain: s => new sqs.Queue(s, 'Queue', { deadLetterQueue: { queue: new sqs.Queue(s, 'Dlq'), maxReceiveCount: 0 } }),
  },
  {
    area: 'workloads', mistake: 'a dead-letter queue that keeps messages for less time than its source queue (SQS counts age from the first send)',
    library: s => worker(s, { queue: WorkerQueue.create({ retention: Duration.days(7), deadLetterRetention: Duration.days(2) }) }),
    message: /Stack\/Worker: queue deadLetterRetention "2 days" is shorter than the queue's retention \(7 days\)/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ retention: Duration.days(7), deadLetterRetention: Duration.days(7) }) }),
    plain: s => new sqs.Queue(s, 'Queue', {
      retentionPeriod: Duration.days(7), deadLetterQueue: { queue: new sqs.Queue(s, 'Dlq', { retentionPeriod: Duration.days(2) }), maxReceiveCount: 3 },
    }),
  },
  {
    area: 'workloads', mistake: 'a FIFO queue subscribed to a standard SNS topic (SNS delivers to FIFO queues from FIFO topics only)',
    library: s => worker(s, { queue: WorkerQueue.create({ fifo: true }), subscriptions: [{ topic: new sns.Topic(s, 'Events') }] }),
    message: /Stack\/Worker: subscriptions\[0\]\.topic "Stack\/Events" is a standard topic, and SNS delivers to a FIFO queue from FIFO topics only/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ fifo: true }), subscriptions: [{ topic: new sns.Topic(s, 'Events', { fifo: true }) }] }),
    plain: s => new sns.Topic(s, 'Events').addSubscription(new snsSubscriptions.SqsSubscription(new sqs.Queue(s, 'Queue', { fifo: true }))),
  },
  {
    area: 'workloads', mistake: 'a worker consuming a queue of another region (its scaling and alarms read metrics of their own region)',
    library: s => worker(s, { queue: WorkerQueue.fromQueue(sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:eu-west-1:111111111111:jobs')) }),
    message: /Stack\/Worker: queue "arn:aws:sqs:eu-west-1:111111111111:jobs" is in eu-west-1, and this worker in us-east-1/,
    fixed: s => worker(s, { queue: WorkerQueue.fromQueue(sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:us-east-1:111111111111:jobs')) }),
    plain: s => sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:eu-west-1:111111111111:jobs').grantConsumeMessages(plainTask(s).taskRole),
  },
];

/** A cluster, a shared ingress and an image. */
export function shared(s: Stack) {
  const c = cluster(s);
  return { c, ingress: new Ingress(s, 'Ingress', { cluster: c }), image: repo(s).imageByTag('v1') };
}

export function zone(s: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

/** A plain ALB's listener, and a rule forwarding some paths to a target group of its own. */
export function plainListener(s: Stack): elbv2.ApplicationListener {
  const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: new ec2.Vpc(s, 'Vpc') });
  return alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
}
function plainRule(s: Stack, id: string, listener: elbv2.ApplicationListener, priority: number, paths: string[]): void {
  new elbv2.ApplicationListenerRule(s, id, {
    listener, priority, conditions: [elbv2.ListenerCondition.pathPatterns(paths)], action: elbv2.ListenerAction.fixedResponse(200),
  });
}

/** A plain mixed instances Auto Scaling group behind a capacity provider. */
function mixedPlainAsg(s: Stack, types: string[], spot: boolean, onDemandPercentage?: number): void {
  const c = plainCluster(s);
  const template = new ec2.LaunchTemplate(s, 'Template', {
    machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
    userData: ec2.UserData.forLinux(),
    role: new iam.Role(s, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
  });
  const asg = new autoscaling.AutoScalingGroup(s, 'Asg', {
    vpc: c.vpc,
    mixedInstancesPolicy: {
      launchTemplate: template,
      launchTemplateOverrides: types.map(t => ({ instanceType: type(t) })),
      instancesDistribution: spot
        ? {
          onDemandPercentageAboveBaseCapacity: onDemandPercentage ?? 0,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.CAPACITY_OPTIMIZED,
        }
        : undefined,
    },
  });
  c.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup: asg }));
}

// Issue 26: an existing Application Load Balancer listener as an ingress (Ingress.fromListener).
/** The attributes of an existing HTTPS listener of a load balancer in the VPC `vpc` (the cluster's unless given). */
function existingListener(s: Stack, vpc?: ec2.IVpc) {
  const c = cluster(s);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(s, 'AlbGroup', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: true });
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(s, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/0123456789abcdef/0123456789abcdef', securityGroup,
  });
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'Alb', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod/0123456789abcdef',
    securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'prod-1.us-east-1.elb.amazonaws.com', vpc: vpc ?? c.vpc,
  });
  return { c, attributes: { cluster: c, listener, loadBalancer, securityGroup, protocol: elbv2.ApplicationProtocol.HTTPS } };
}
const otherVpc = (s: Stack) => ec2.Vpc.fromVpcAttributes(s, 'OtherVpc', { vpcId: 'vpc-0ffffffffffffffff', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-x'] });
/** A plain target group of the tasks of a plain service, on an existing listener, with a rule of `priority`. */
function plainOnListener(s: Stack, vpc: ec2.IVpc, priority: number): void {
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(s, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/0123456789abcdef/0123456789abcdef',
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(s, 'AlbGroup', 'sg-0123456789abcdef0'),
  });
  const group = new elbv2.ApplicationTargetGroup(s, 'Targets', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  new elbv2.ApplicationListenerRule(s, 'Rule', { listener, priority, conditions: [elbv2.ListenerCondition.pathPatterns(['/a/*'])], action: elbv2.ListenerAction.forward([group]) });
}
BAD_INPUTS.push(
  {
    area: 'workloads', mistake: 'an existing listener whose load balancer is in another VPC than the cluster (a target group registers targets of its load balancer\'s VPC only: "The target group ... is not in the same VPC")',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, otherVpc(s)).attributes }),
    message: /Stack\/Ingress: loadBalancer "?Stack\/Alb"? is in VPC Stack\/OtherVpc, and the tasks of Stack\/Cluster run in VPC Stack\/Cluster\/Vpc/,
    plain: s => plainOnListener(s, otherVpc(s), 10),
    fixed: s => Ingress.fromListener(s, 'Ingress', existingListener(s).attributes),
  },
  {
    area: 'workloads', mistake: 'certificate names stated for an existing HTTP listener (an HTTP listener serves no certificate; browsers get no TLS)',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s).attributes, protocol: elbv2.ApplicationProtocol.HTTP, certificateNames: ['shop.example.com'] }),
    message: /Stack\/Ingress: certificateNames \["shop\.example\.com"\] are given for an HTTP listener, which serves no certificate/,
    plain: s => plainOnListener(s, new ec2.Vpc(s, 'Vpc'), 10),
    fixed: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s).attributes, certificateNames: ['shop.example.com'] }),
  },
  {
    area: 'workloads', mistake: 'a route given the priority of a rule the existing listener has already (ELB: "Priority \'10\' is currently in use")',
    library: s => {
      const { c, attributes } = existingListener(s);
      const ingress = Ingress.fromListener(s, 'Ingress', { ...attributes, reservedPriorities: [10] });
      new WebService(s, 'Web', { cluster: c, image: repo(s).imageByTag('v1'), ingress, route: Route.path('/a/*', { priority: 10 }) });
    },
    message: /Stack\/Web: route priority 10 is also the priority of a rule the listener has already \(reservedPriorities of Stack\/Ingress\)/,
    plain: s => plainOnListener(s, new ec2.Vpc(s, 'Vpc'), 10),
    fixed: s => {
      const { c, attributes } = existingListener(s);
      const ingress = Ingress.fromListener(s, 'Ingress', { ...attributes, reservedPriorities: [10] });
      new WebService(s, 'Web', { cluster: c, image: repo(s).imageByTag('v1'), ingress, route: Route.path('/a/*') });
    },
  },
);

// Issue 26: a role name of an existing role the stack imports.
BAD_INPUTS.push({
  area: 'registry', mistake: 'a push role named as an existing role the stack imports (IAM: "Role with name github-push already exists")',
  library: s => {
    iam.Role.fromRoleName(s, 'Deployer', 'github-push');
    repo(s).addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push' });
  },
  message: /Stack\/Repo\/Push: addGitHubPushRole\(Push\) roleName "github-push" is the name of the existing IAM role that this stack imports \(Stack\/Deployer\)/,
  plain: s => {
    iam.Role.fromRoleName(s, 'Deployer', 'github-push');
    new iam.Role(s, 'Push', { roleName: 'github-push', assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  },
  fixed: s => {
    iam.Role.fromRoleName(s, 'Deployer', 'github-push');
    repo(s).addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push-shop' });
  },
});
