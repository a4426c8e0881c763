import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import {
  CapacityPool, ICapacityPool, ImageRepository, Placement, PlacementConstraint, PlatformCluster, SharedFileSystem, TaskNetworking, Volume, WebService,
  WorkerService,
} from '../../lib';
import { testApp } from '../util';

const env = { account: '123456789012', region: 'us-east-1' };

/** An existing cluster (imported by name) in a stack of its own. */
function existing(app: App = testApp(), id = 'Adopt') {
  const stack = new Stack(app, id, { env });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-pub1', 'subnet-pub2'], privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
  });
  const ecsCluster = ecs.Cluster.fromClusterAttributes(stack, 'Existing', { clusterName: 'production', vpc, securityGroups: [] });
  const cluster = PlatformCluster.fromClusterAttributes(stack, 'Cluster', { cluster: ecsCluster });
  const repository = ImageRepository.fromRepositoryName(stack, 'Repository', 'shop/web');
  const instances = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Instances', 'sg-0instances', { mutable: true, allowAllOutbound: false });
  return { app, stack, vpc, cluster, repository, instances };
}

const m6iLarge = new ec2.InstanceType('m6i.large');

describe('CapacityPool.fromCapacityProvider: an existing Auto Scaling group capacity provider as a pool', () => {
  test('workloads on it name the provider in their strategy; no group, provider or association is created', () => {
    const f = existing();
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', {
      cluster: f.cluster, capacityProviderName: 'production-workers', instanceTypes: [m6iLarge], maxInstances: 4, securityGroup: f.instances,
    });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(pool) });
    new WebService(f.stack, 'Web', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
    });
    const template = Template.fromStack(f.stack);
    for (const type of ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::CapacityProvider', 'AWS::ECS::ClusterCapacityProviderAssociations', 'AWS::EC2::LaunchTemplate']) {
      template.resourceCountIs(type, 0);
    }
    template.resourcePropertiesCountIs('AWS::ECS::Service', {
      Cluster: 'production', CapacityProviderStrategy: [{ CapacityProvider: 'production-workers', Weight: 1 }],
    }, 2);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { NetworkMode: 'bridge', RequiresCompatibilities: ['EC2'] });
    // Bridge tasks behind the load balancer: admitted to the stated instances' group on the dynamic host ports.
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0instances', FromPort: 32768, ToPort: 65535 });
    expect(pool.capacityProviderName).toBe('production-workers');
    expect(pool.maxInstances).toBe(4);
    expect(pool.targetCapacityPercent).toBe(100);
    expect(pool.awsvpcTrunking).toBe(false);
    expect(pool.architecture).toBe(ec2.InstanceArchitecture.X86_64);
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.stringLikeRegexp('poolInstanceTypesUnknown'));
  });

  test('with instance types, a task that fits none and a task count the pool cannot hold are refused, as on a CapacityPool', () => {
    const f = existing();
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', {
      cluster: f.cluster, capacityProviderName: 'production-workers', instanceTypes: [m6iLarge], maxInstances: 2,
    });
    const image = f.repository.imageByTag('v1');
    expect(() => new WorkerService(f.stack, 'Big', { cluster: f.cluster, image, placement: Placement.ec2(pool), cpu: 4096, memoryMiB: 8192 }))
      .toThrow(/Adopt\/Big: cpu and memoryMiB "4096 CPU units, 8192 MiB" do not fit instance type m6i.large of pool Adopt\/Workers/);
    expect(() => new WorkerService(f.stack, 'Many', { cluster: f.cluster, image, placement: Placement.ec2(pool), desiredCount: 40 }))
      .toThrow(/Adopt\/Many: desiredCount 40 cannot be placed on pool Adopt\/Workers: m6i.large runs/);
    // What fits is accepted.
    expect(() => new WorkerService(f.stack, 'Fits', { cluster: f.cluster, image, placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 2048 })).not.toThrow();
  });

  test('without instance types, fit checks are skipped with a warning that says so, and a memberOf constraint is not matched against nothing', () => {
    const f = existing();
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', { cluster: f.cluster, capacityProviderName: 'production-workers', maxInstances: 2 });
    new WorkerService(f.stack, 'Big', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), cpu: 4096, memoryMiB: 8192,
      placement: Placement.ec2(pool, { constraints: [PlacementConstraint.memberOf('attribute:ecs.instance-type =~ c7g.*')] }),
    });
    Annotations.fromStack(f.stack).hasWarning('/Adopt/Workers', Match.stringLikeRegexp('instance types of capacity provider production-workers are not stated.*assumed: x86_64'));
    Annotations.fromStack(f.stack).hasNoError('*', Match.anyValue());
    expect(pool.instanceTypes).toEqual([]);
  });

  test('the imported cluster lists the imported pool among its pools', () => {
    const f = existing();
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', { cluster: f.cluster, capacityProviderName: 'production-workers', maxInstances: 2 });
    expect((f.cluster as unknown as { pools: ICapacityPool[] }).pools).toEqual([pool]);
  });

  test('a capacity provider name that is a token (an aws-cdk-lib provider of the same app) is accepted', () => {
    const app = testApp();
    const stack = new Stack(app, 'Legacy', { env });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const ecsCluster = new ecs.Cluster(stack, 'EcsCluster', { vpc });
    const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, instanceType: m6iLarge, machineImage: ecs.EcsOptimizedImage.amazonLinux2023(), maxCapacity: 3,
    });
    const cp = new ecs.AsgCapacityProvider(stack, 'Provider', { autoScalingGroup, enableManagedTerminationProtection: false });
    ecsCluster.addAsgCapacityProvider(cp);
    const cluster = PlatformCluster.fromClusterAttributes(stack, 'Cluster', { cluster: ecsCluster });
    const pool = CapacityPool.fromCapacityProvider(stack, 'Workers', {
      cluster, capacityProviderName: cp.capacityProviderName, instanceTypes: [m6iLarge], maxInstances: 3,
    });
    new WorkerService(stack, 'Worker', { cluster, image: ImageRepository.fromRepositoryName(stack, 'Repo', 'shop/worker').imageByTag('v1'), placement: Placement.ec2(pool) });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: { Ref: Match.stringLikeRegexp('^Provider') }, Weight: 1 }],
    });
  });
});

describe('CapacityPool.fromCapacityProvider: knowable mistakes are refused', () => {
  test('refuses a cluster this app creates, whose capacity providers are all listed in its one association resource', () => {
    const stack = new Stack(testApp(), 'Platform', { env });
    const cluster = new PlatformCluster(stack, 'Cluster');
    expect(() => CapacityPool.fromCapacityProvider(stack, 'Workers', { cluster, capacityProviderName: 'workers', maxInstances: 2 }))
      .toThrow(/Platform\/Workers: cluster "Platform\/Cluster" is a cluster this app creates.*Allowed: cluster.addCapacityPool/);
  });

  test('refuses the capacity provider of a pool this app creates, imported again', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env });
    const own = new PlatformCluster(platform, 'Cluster').addCapacityPool('Workers', { instanceTypes: [m6iLarge], capacityProviderName: 'shared-workers' });
    const f = existing(app);
    CapacityPool.fromCapacityProvider(f.stack, 'Workers', { cluster: f.cluster, capacityProviderName: 'shared-workers', maxInstances: 2 });
    expect(own.node.path).toBe('Platform/Cluster/Workers');
    expect(() => app.synth()).toThrow(/Adopt\/Workers: capacityProviderName "shared-workers" is the capacity provider of pool Platform\/Cluster\/Workers, which this app creates/);
  });

  test('refuses a pool imported for one cluster on a workload of another', () => {
    const f = existing();
    const other = PlatformCluster.fromClusterAttributes(f.stack, 'Other', {
      cluster: ecs.Cluster.fromClusterAttributes(f.stack, 'OtherEcs', { clusterName: 'staging', vpc: f.vpc, securityGroups: [] }),
    });
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', { cluster: other, capacityProviderName: 'staging-workers', maxInstances: 2 });
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(pool) }))
      .toThrow(/Adopt\/Worker: placement "Placement.ec2\(Adopt\/Workers\)" names a pool of another cluster \(Adopt\/Other\)/);
  });

  test('refuses bridge networking behind a load balancer on a pool whose instances\' security group is not stated; awsvpc and a bridge worker are accepted', () => {
    const f = existing();
    const pool = CapacityPool.fromCapacityProvider(f.stack, 'Workers', {
      cluster: f.cluster, capacityProviderName: 'production-workers', instanceTypes: [m6iLarge], maxInstances: 4,
    });
    const image = f.repository.imageByTag('v1');
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image, placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }) }))
      .toThrow(/Adopt\/Web: placement .*whose security group is not known.*Allowed: securityGroup in CapacityPool.fromCapacityProvider/);
    expect(() => new WebService(f.stack, 'Awsvpc', { cluster: f.cluster, image, placement: Placement.ec2(pool) })).not.toThrow();
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }) })).not.toThrow();
  });

  test('refuses an architecture the instance types contradict, an invalid name and maxInstances out of range', () => {
    const f = existing();
    const base = { cluster: f.cluster, capacityProviderName: 'workers', maxInstances: 2 };
    expect(() => CapacityPool.fromCapacityProvider(f.stack, 'Arm', { ...base, instanceTypes: [m6iLarge], architecture: ec2.InstanceArchitecture.ARM_64 }))
      .toThrow(/Adopt\/Arm: architecture "arm64" does not match instanceTypes \(x86_64\)/);
    expect(() => CapacityPool.fromCapacityProvider(f.stack, 'Name', { ...base, capacityProviderName: 'FARGATE' }))
      .toThrow(/Adopt\/Name: capacityProviderName "FARGATE" is not a valid capacity provider name/);
    expect(() => CapacityPool.fromCapacityProvider(f.stack, 'Max', { ...base, maxInstances: 0 }))
      .toThrow(/Adopt\/Max: maxInstances 0 is out of range/);
    expect(() => CapacityPool.fromCapacityProvider(f.stack, 'Target', { ...base, targetCapacityPercent: 120 }))
      .toThrow(/Adopt\/Target: targetCapacityPercent 120 is out of range/);
  });

  test('EFS: a file system of the imported cluster mounts on a pool with its instances\' group stated (NFS admitted from it), and is refused without it', () => {
    const f = existing();
    const files = new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster });
    const image = f.repository.imageByTag('v1');
    const withGroup = CapacityPool.fromCapacityProvider(f.stack, 'Stated', {
      cluster: f.cluster, capacityProviderName: 'stated', instanceTypes: [m6iLarge], maxInstances: 2, securityGroup: f.instances,
    });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, user: '1000:1000', placement: Placement.ec2(withGroup), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    const template = Template.fromStack(f.stack);
    // Mount targets in the imported cluster's workload subnets.
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: 'subnet-priv1' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FilesSecurityGroup'), 'GroupId'] }, SourceSecurityGroupId: 'sg-0instances', FromPort: 2049,
    });
    const unknown = CapacityPool.fromCapacityProvider(f.stack, 'Unknown', { cluster: f.cluster, capacityProviderName: 'unknown', maxInstances: 2 });
    expect(() => new WorkerService(f.stack, 'Other', {
      cluster: f.cluster, image, user: '1000:1000', placement: Placement.ec2(unknown), volumes: [Volume.efs(files, { containerPath: '/data' })],
    })).toThrow(/Adopt\/Other: volumes\[0\] "Volume.efs\(Adopt\/Files\)" cannot be mounted on pool Adopt\/Unknown, whose instances' security group is not known/);
  });

  test('an ARM64 task on a pool assumed X86_64 is refused; on a pool stated ARM64 it is accepted', () => {
    const f = existing();
    const image = f.repository.imageByTag('v1');
    const x86 = CapacityPool.fromCapacityProvider(f.stack, 'X86', { cluster: f.cluster, capacityProviderName: 'x86', maxInstances: 2 });
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, placement: Placement.ec2(x86), architecture: ecs.CpuArchitecture.ARM64 }))
      .toThrow(/Adopt\/Worker: architecture "ARM64" does not match pool Adopt\/X86 \(X86_64\)/);
    const arm = CapacityPool.fromCapacityProvider(f.stack, 'Arm', { cluster: f.cluster, capacityProviderName: 'arm', maxInstances: 2, architecture: ec2.InstanceArchitecture.ARM_64 });
    expect(() => new WorkerService(f.stack, 'ArmWorker', { cluster: f.cluster, image, placement: Placement.ec2(arm), architecture: ecs.CpuArchitecture.ARM64 })).not.toThrow();
  });

  test('refuses a pool the library neither created nor imported', () => {
    const f = existing();
    const foreign = new class extends Construct implements ICapacityPool {
      public readonly capacityProviderName = 'mine';
      public readonly instanceTypes = [];
      public readonly architecture = ec2.InstanceArchitecture.X86_64;
      public readonly maxInstances = 2;
      public readonly targetCapacityPercent = 100;
      public readonly awsvpcTrunking = false;
    }(f.stack, 'Foreign');
    expect(() => Placement.ec2(foreign)).toThrow(/Adopt\/Foreign: Placement.ec2 pool "Adopt\/Foreign" is not a pool of this library/);
  });
});
