import { Annotations as CdkAnnotations, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CapacityPool, PlatformCluster, PoolImage } from '../../lib';
import { testApp, testStack } from '../util';

const type = (name: string) => new ec2.InstanceType(name);
const fixture = () => {
  const stack = testStack();
  return { stack, cluster: new PlatformCluster(stack, 'Cluster') };
};

function pool(options: Partial<ConstructorParameters<typeof CapacityPool>[2]> = {}) {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const created = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], ...options });
  return { stack, cluster, pool: created, template: Template.fromStack(stack) };
}

function launchTemplateData(template: Template): any {
  const lts = template.findResources('AWS::EC2::LaunchTemplate', { Properties: { LaunchTemplateData: { UserData: Match.anyValue() } } });
  return (Object.values(lts)[0] as any).Properties.LaunchTemplateData;
}

describe('CapacityPool launch template', () => {
  test('requires IMDSv2 with hop limit 1, monitors in detail, assigns no public IP and has no SSH key', () => {
    const data = launchTemplateData(pool().template);
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.Monitoring).toEqual({ Enabled: true });
    expect(data.NetworkInterfaces).toEqual([expect.objectContaining({ AssociatePublicIpAddress: false, DeviceIndex: 0 })]);
    expect(data.KeyName).toBeUndefined();
  });

  test('has an encrypted 30 GiB gp3 root volume', () => {
    expect(launchTemplateData(pool().template).BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 30, VolumeType: 'gp3' } },
    ]);
  });

  test('reads the newest ECS-optimized Amazon Linux 2023 image at every launch', () => {
    expect(launchTemplateData(pool().template).ImageId).toBe('resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id');
  });

  test('picks the arm64 image for Graviton instance types', () => {
    const { template, pool: p } = pool({ instanceTypes: [type('m7g.large'), type('m6g.large')] });
    expect(launchTemplateData(template).ImageId).toBe('resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id');
    expect(p.architecture).toBe(ec2.InstanceArchitecture.ARM_64);
  });

  test('offers the GPU image for GPU instances', () => {
    const { template } = pool({ instanceTypes: [type('g5.xlarge')], image: PoolImage.amazonLinux2023Gpu() });
    expect(launchTemplateData(template).ImageId).toBe('resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id');
  });

  test('offers Bottlerocket, with TOML user data and an encrypted data volume', () => {
    const { template } = pool({ instanceTypes: [type('c7g.large')], image: PoolImage.bottlerocket(), volumeSize: Size.gibibytes(40) });
    const data = launchTemplateData(template);
    expect(data.ImageId).toBe('resolve:ssm:/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id');
    expect(data.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 4, VolumeType: 'gp3' } },
      { DeviceName: '/dev/xvdb', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 40, VolumeType: 'gp3' } },
    ]);
    expect(JSON.stringify(data.UserData)).toMatch(/^\{"Fn::Base64":\{"Fn::Join":\["",\["\\n\[settings.ecs\]\\ncluster = \\"/);
    // aws-cdk-lib's AWS managed policies for Bottlerocket are dropped: inline statements cover the agents.
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({}), ManagedPolicyArns: Match.absent(),
      Description: Match.stringLikeRegexp('ECS agent') });
  });

  test('joins the cluster through user data', () => {
    expect(JSON.stringify(launchTemplateData(pool().template).UserData)).toContain('echo ECS_CLUSTER=');
  });

  test('blocks awsvpc tasks from the instance metadata, which the hop limit does not cover (Amazon Linux and Bottlerocket)', () => {
    expect(JSON.stringify(launchTemplateData(pool().template).UserData)).toContain('echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config');
    const bottlerocket = launchTemplateData(pool({ instanceTypes: [type('c7g.large')], image: PoolImage.bottlerocket() }).template);
    expect(JSON.stringify(bottlerocket.UserData)).toMatch(/\[settings.ecs\]\\ncluster = \\"",\{"Ref":"ClusterC2E21B66"\},"\\"\\nawsvpc-block-imds = true/);
  });

  test('never renders a launch configuration', () => {
    pool().template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
  });
});

describe('CapacityPool Auto Scaling group', () => {
  test('has no desired capacity, so deploys never reset the fleet', () => {
    pool().template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { DesiredCapacity: Match.absent(), MinSize: '0', MaxSize: '2' });
  });

  test('replaces instances weekly, so they come up on the newest image', () => {
    pool().template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MaxInstanceLifetime: 604800 });
  });

  test('notifies the four scaling events to an SNS topic that enforces SSL and is encrypted', () => {
    const { template } = pool();
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      NotificationConfigurations: [{
        NotificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR',
          'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR'],
        TopicARN: { Ref: Match.stringLikeRegexp('^ClusterNotifications') },
      }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('collects group metrics', () => {
    pool().template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MetricsCollection: [{ Granularity: '1Minute' }] });
  });

  test('runs in the private subnets of the cluster', () => {
    pool().template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
    });
  });

  test('uses the launch template directly for one instance type', () => {
    pool().template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      LaunchTemplate: Match.objectLike({ LaunchTemplateId: Match.anyValue() }),
      MixedInstancesPolicy: Match.absent(),
    });
  });

  test('uses a mixed instances policy, all on-demand in the order given, for several types', () => {
    pool({ instanceTypes: [type('t3.small'), type('t3a.small')] }).template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: {
        InstancesDistribution: { OnDemandAllocationStrategy: 'prioritized', OnDemandPercentageAboveBaseCapacity: 100 },
        LaunchTemplate: { Overrides: [{ InstanceType: 't3.small' }, { InstanceType: 't3a.small' }] },
      },
    });
  });

  test('runs on Spot with capacity-optimized allocation, an on-demand base, rebalancing and Spot draining', () => {
    const { template } = pool({ instanceTypes: [type('m5.large'), type('m5a.large'), type('m6i.large')], spot: { onDemandBase: 1 } });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      CapacityRebalance: true,
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandBaseCapacity: 1,
          OnDemandPercentageAboveBaseCapacity: 0,
          SpotAllocationStrategy: 'capacity-optimized',
        },
        LaunchTemplate: { Overrides: [{ InstanceType: 'm5.large' }, { InstanceType: 'm5a.large' }, { InstanceType: 'm6i.large' }] },
      },
    });
    expect(JSON.stringify(launchTemplateData(template).UserData)).toContain('ECS_ENABLE_SPOT_INSTANCE_DRAINING=true');
  });
});

describe('CapacityPool capacity provider', () => {
  test('uses managed scaling, managed draining and no managed termination protection', () => {
    const { template } = pool({ targetCapacityPercent: 80, instanceWarmup: Duration.minutes(2) });
    template.hasResourceProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: {
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: 80, InstanceWarmupPeriod: 120 },
        ManagedDraining: 'ENABLED',
        ManagedTerminationProtection: 'DISABLED',
      },
    });
    // Without termination protection, instances are not protected from scale-in and cdk destroy does not wait on them.
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { NewInstancesProtectedFromScaleIn: Match.absent() });
  });

  test('adds no legacy drain hook (Lambda, lifecycle hook)', () => {
    const { template } = pool();
    template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 0);
  });

  test('is associated with the cluster next to Fargate and Fargate Spot', () => {
    pool().template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT', { Ref: Match.stringLikeRegexp('^ClusterPoolCapacityProvider') }],
    });
  });

  test('is named after the construct path behind "cp-", so a stack named Ecs..., Aws... or Fargate... can create it', () => {
    const app = testApp();
    const stack = new Stack(app, 'EcsPlatformWorkers', { env: { region: 'us-east-1' } });
    new PlatformCluster(stack, 'Cluster').addCapacityPool('Pool', { instanceTypes: [type('t3.small')] });
    const name = (Object.values(Template.fromStack(stack).findResources('AWS::ECS::CapacityProvider'))[0] as any).Properties.Name;
    expect(name).toMatch(/^cp-EcsPlatformWorkers-Cluster-Pool-[0-9A-F]{8}$/);
  });

  test('uses the name given', () => {
    pool({ capacityProviderName: 'workers-x86' }).template.hasResourceProperties('AWS::ECS::CapacityProvider', { Name: 'workers-x86' });
  });
});

describe('CapacityPool instance role', () => {
  function roleStatements(template: Template): any[] {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('PoolInstanceRole') }] } });
    return (Object.values(policies)[0] as any).Properties.PolicyDocument.Statement;
  }

  test('lets the ECS agent register with this cluster and Session Manager open channels', () => {
    const actions = roleStatements(pool().template).flatMap((s: any) => [].concat(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['ecs:RegisterContainerInstance', 'ecs:Submit*', 'ssmmessages:OpenControlChannel', 'ssm:UpdateInstanceInformation']));
  });

  test('leaves Session Manager out when turned off', () => {
    const actions = roleStatements(pool({ sessionManager: false }).template).flatMap((s: any) => [].concat(s.Action));
    expect(actions.filter((a: string) => a.startsWith('ssm'))).toEqual([]);
  });
});

describe('CapacityPool monitoring', () => {
  test('metrics name the pool\'s Auto Scaling group and capacity provider', () => {
    const { stack, pool: p } = pool();
    expect(stack.resolve(p.metricCpuUtilization().dimensions)).toEqual({ AutoScalingGroupName: { Ref: 'ClusterPoolAutoScalingGroupASGA1B58D5B' } });
    expect(p.metricCapacityReservation().namespace).toBe('AWS/ECS/ManagedScaling');
    expect(Object.keys(p.metricCapacityReservation().dimensions!)).toEqual(['CapacityProviderName', 'ClusterName']);
    expect(p.metricInServiceInstances().metricName).toBe('GroupInServiceInstances');
  });

  test('has no alarms unless asked', () => {
    pool().template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('alarms on CPU and on tasks waiting for capacity, notifying the topic', () => {
    const { template } = pool({ alarms: { cpuUtilizationPercent: 70 } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Threshold: 70, EvaluationPeriods: 3,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ClusterNotifications') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CapacityProviderReservation', Namespace: 'AWS/ECS/ManagedScaling', Threshold: 100,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ClusterNotifications') }],
    });
  });
});

describe('CapacityPool warnings', () => {
  test('warns, acknowledgeably, about a Spot pool of one instance type, and builds it', () => {
    const { stack, cluster } = fixture();
    const spot = cluster.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], spot: {} });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Pool', Match.stringLikeRegexp('instanceTypes \\["m5.large"\\] has one type for a Spot pool'));
    expect(spot.autoScalingGroup).toBeDefined();
  });

  test('gives no warning once acknowledged, nor for two types', () => {
    const { stack, cluster } = fixture();
    const spot = cluster.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], spot: {} });
    CdkAnnotations.of(spot).acknowledgeWarning(CapacityPool.SPOT_SINGLE_TYPE_WARNING, 'm5.large only: the AMI needs it');
    cluster.addCapacityPool('Two', { instanceTypes: [type('m5.large'), type('m6i.large')], spot: {} });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('one type for a Spot pool'))).toEqual([]);
  });

  test('refuses a second pool with a taken id, in the library\'s words', () => {
    const { cluster } = fixture();
    cluster.addCapacityPool('Pool', { instanceTypes: [type('m5.large')] });
    expect(() => cluster.addCapacityPool('Pool', { instanceTypes: [type('m5.large')] }))
      .toThrow(/^Stack\/Cluster: addCapacityPool id "Pool" is taken by Stack\/Cluster\/Pool\. Allowed: an id no other pool or child of this cluster has\./);
  });
});

describe('CapacityPool validation', () => {
  const cases: Array<[string, any, RegExp]> = [
    ['no instance type', { instanceTypes: [] }, /Stack\/Cluster\/Pool: instanceTypes \[\] is empty\. Allowed: one or more instance types of one CPU architecture\./],
    ['instance types of two architectures', { instanceTypes: [type('t3.small'), type('t4g.small')] },
      /Stack\/Cluster\/Pool: instanceTypes \["t3.small \(x86_64\)","t4g.small \(arm64\)"\] mixes CPU architectures\. Allowed: instance types of one architecture per pool/],
    ['a warm-up in fractions of a second', { instanceWarmup: Duration.millis(1500) },
      /Stack\/Cluster\/Pool: instanceWarmup "1500 ms" is not a whole number of seconds\. Allowed: a duration of whole seconds\./],
    ['an instance lifetime in fractions of a second', { maxInstanceLifetime: Duration.millis(86400500) },
      /Stack\/Cluster\/Pool: maxInstanceLifetime "86400500 ms" is not a whole number of seconds/],
    ['the GPU image on instances without GPU', { instanceTypes: [type('m5.large')], image: PoolImage.amazonLinux2023Gpu() },
      /Stack\/Cluster\/Pool: instanceTypes \["m5.large"\] have no GPU for the GPU image/],
    ['the GPU image on arm64', { instanceTypes: [type('g5g.xlarge')], image: PoolImage.amazonLinux2023Gpu() },
      /Stack\/Cluster\/Pool: image "PoolImage.amazonLinux2023Gpu\(\)" has no arm64 variant/],
    ['minInstances above maxInstances', { minInstances: 3, maxInstances: 2 },
      /Stack\/Cluster\/Pool: minInstances 3 is more than maxInstances \(2\)\. Allowed: minInstances <= maxInstances\./],
    ['maxInstances 0', { maxInstances: 0 }, /Stack\/Cluster\/Pool: maxInstances 0 is out of range\. Allowed: a whole number from 1 to 1000\./],
    ['targetCapacityPercent 0', { targetCapacityPercent: 0 }, /Stack\/Cluster\/Pool: targetCapacityPercent 0 is out of range\. Allowed: a whole number from 1 to 100\./],
    ['targetCapacityPercent 101', { targetCapacityPercent: 101 }, /targetCapacityPercent 101 is out of range/],
    ['a warm-up over 10000 seconds', { instanceWarmup: Duration.hours(3) }, /Stack\/Cluster\/Pool: instanceWarmup \(seconds\) 10800 is out of range\. Allowed: a whole number from 0 to 10000\./],
    ['an instance lifetime under a day', { maxInstanceLifetime: Duration.hours(12) },
      /Stack\/Cluster\/Pool: maxInstanceLifetime "12 hours" is out of range\. Allowed: 1 to 365 days/],
    ['a root volume smaller than the image', { volumeSize: Size.gibibytes(20) },
      /Stack\/Cluster\/Pool: volumeSize "20 GiB" does not fit the amazonLinux2023 image\. Allowed: 30 to 16384 GiB/],
    ['a capacity provider name starting with ecs', { capacityProviderName: 'ecs-workers' },
      /Stack\/Cluster\/Pool: capacityProviderName "ecs-workers" is not a valid capacity provider name\. Allowed: 1 to 255 letters, digits, "-" and "_", not starting with "aws", "ecs" or "fargate"\./],
    ['a capacity provider name starting with Fargate', { capacityProviderName: 'FargateLike' }, /capacityProviderName "FargateLike" is not a valid capacity provider name/],
    ['a capacity provider name with a space', { capacityProviderName: 'my workers' }, /capacityProviderName "my workers" is not a valid capacity provider name/],
    ['a capacity provider name of 256 characters', { capacityProviderName: 'w'.repeat(256) }, /is not a valid capacity provider name/],
    ['a Spot on-demand percentage above 100', { instanceTypes: [type('m5.large'), type('m5a.large')], spot: { onDemandPercentageAboveBase: 120 } },
      /Stack\/Cluster\/Pool: spot.onDemandPercentageAboveBase 120 is out of range\. Allowed: a whole number from 0 to 100\./],
  ];

  test.each(cases)('rejects %s', (_title, options, message) => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    expect(() => cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], ...options })).toThrow(message);
  });

  test('rejects a pool in another stack than its cluster (a cycle across stacks)', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
    const other = new Stack(app, 'Other', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(platform, 'Cluster');
    expect(() => new CapacityPool(other, 'Pool', { cluster, instanceTypes: [type('t3.small')] }))
      .toThrow(/^Other\/Pool: cluster "Platform\/Cluster" is in stack Platform, the pool in Other\. Allowed: a pool in the same stack as its cluster/);
  });

  test('rejects an Auto Scaling group put in a second capacity provider through aws-cdk-lib', () => {
    const { stack, cluster, pool: p } = (() => {
      const s = testStack();
      const c = new PlatformCluster(s, 'Cluster');
      return { stack: s, cluster: c, pool: c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')] }) };
    })();
    cluster.cluster.addAsgCapacityProvider(new ecs.AsgCapacityProvider(stack, 'Second', {
      autoScalingGroup: p.autoScalingGroup, enableManagedTerminationProtection: false,
    }));
    expect(() => Template.fromStack(stack))
      .toThrow(/Stack\/Cluster\/Pool: autoScalingGroup "Stack\/Cluster\/Pool\/AutoScalingGroup" is in 2 capacity providers \(.*\)\. Allowed: one capacity provider per Auto Scaling group/);
  });
});
