import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CapacityPool, ImageRepository, Network, Placement, PlatformCluster, PoolImage } from '../../lib';
import { BadInput, cluster, plainAsg, plainCluster, plainProvider, plainService, type, web, x86Pool } from './bad-input-kit';

/**
 * Mistakes with the cluster and its capacity: names, network, strategies, capacity pools; and the names of
 * existing clusters and repositories a stack imports, and a TLS policy without a certificate. Part of the
 * corpus that `bad-inputs.ts` composes: test/quality/bad-input.test.ts requires each case to be refused at
 * synth.
 */

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

/** The cluster, its network and default strategy, capacity pools. */
export const CLUSTER_BAD_INPUTS: BadInput[] = [
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
];
