import { App, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  Deployment, Ingress, ManagedInstancesPool, ManagedInstancesPoolOptions, Placement, PlatformCluster, Route, ScheduledTask, ServicePort,
  SharedFileSystem, TaskNetworking, Volume, WebService, WorkerService,
} from '../../lib';
import { nagFindings } from '../quality/gates';
import { testApp, testStack } from '../util';
import { resource, runTaskArgs } from '../workloads/fixtures';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');
const type = (name: string) => new ec2.InstanceType(name);

function managed(options: ManagedInstancesPoolOptions = {}) {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const pool = cluster.addManagedInstances('Managed', options);
  return { stack, cluster, pool };
}

function provider(stack: Stack): any {
  return resource(stack, 'AWS::ECS::CapacityProvider', 'ClusterManaged').Properties;
}

describe('ManagedInstancesPool', () => {
  test('creates a Managed Instances capacity provider of the cluster in its workload subnets, on-demand, with detailed monitoring', () => {
    const { stack } = managed();
    const props = provider(stack);
    expect(props.ClusterName).toEqual({ Ref: expect.stringMatching(/^ClusterC/) });
    expect(props.Name).toBe('cp-Stack-Cluster-Managed-0154EB0F');
    const template = props.ManagedInstancesProvider.InstanceLaunchTemplate;
    expect(template.CapacityOptionType).toBe('ON_DEMAND');
    expect(template.Monitoring).toBe('DETAILED');
    expect(template.NetworkConfiguration.Subnets.map((s: any) => s.Ref))
      .toEqual([expect.stringMatching(/^ClusterVpcPrivateSubnet1Subnet/), expect.stringMatching(/^ClusterVpcPrivateSubnet2Subnet/)]);
    expect(template.NetworkConfiguration.SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ClusterManagedSecurityGroup/), 'GroupId'] }]);
    expect(props.ManagedInstancesProvider.PropagateTags).toBe('CAPACITY_PROVIDER');
  });

  test('asks by default for current x86 types of 2 vCPUs and 4 GiB or more, without accelerators, bare metal or burstable types', () => {
    expect(provider(managed().stack).ManagedInstancesProvider.InstanceLaunchTemplate.InstanceRequirements).toEqual({
      VCpuCount: { Min: 2 }, MemoryMiB: { Min: 4096 }, CpuManufacturers: ['intel', 'amd'], InstanceGenerations: ['current'],
      BareMetal: 'excluded', BurstablePerformance: 'excluded', AcceleratorCount: { Max: 0 },
    });
  });

  test('renders each instance requirement given', () => {
    const { stack } = managed({
      architecture: ecs.CpuArchitecture.ARM64, minVcpus: 4, maxVcpus: 16, minMemory: Size.gibibytes(16), maxMemory: Size.gibibytes(64),
      allowedInstanceTypes: [type('r7g.xlarge'), type('r7g.2xlarge')], bareMetal: ec2.BareMetal.INCLUDED,
      burstablePerformance: ec2.BurstablePerformance.INCLUDED, spot: true, taskVolumeSize: Size.gibibytes(120), capacityProviderName: 'memory-pool',
      accelerators: { manufacturers: [ec2.AcceleratorManufacturer.NVIDIA], minCount: 1, maxCount: 2 },
    });
    const props = provider(stack);
    const template = props.ManagedInstancesProvider.InstanceLaunchTemplate;
    expect(template.InstanceRequirements).toEqual({
      VCpuCount: { Min: 4, Max: 16 }, MemoryMiB: { Min: 16384, Max: 65536 }, CpuManufacturers: ['amazon-web-services'],
      AllowedInstanceTypes: ['r7g.xlarge', 'r7g.2xlarge'], InstanceGenerations: ['current'], BareMetal: 'included', BurstablePerformance: 'included',
      AcceleratorCount: { Min: 1, Max: 2 }, AcceleratorTypes: ['gpu'], AcceleratorManufacturers: ['nvidia'],
    });
    expect(template.CapacityOptionType).toBe('SPOT');
    expect(template.StorageConfiguration).toEqual({ StorageSizeGiB: 120 });
    expect(props.Name).toBe('memory-pool');
  });

  test('excludes instance types by pattern', () => {
    expect(provider(managed({ excludedInstanceTypes: ['t2.*', 'm4.*'] }).stack).ManagedInstancesProvider.InstanceLaunchTemplate.InstanceRequirements.ExcludedInstanceTypes)
      .toEqual(['t2.*', 'm4.*']);
  });

  test('its security group admits nothing', () => {
    const { stack } = managed();
    const group = resource(stack, 'AWS::EC2::SecurityGroup', 'ClusterManagedSecurityGroup').Properties;
    expect(group.SecurityGroupIngress).toBeUndefined();
    expect(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterManagedSecurityGroup'), 'GroupId'] } },
    })).toEqual({});
  });

  test('the infrastructure role is ECS\'s, with AWS\'s managed policy for Managed Instances', () => {
    const role = resource(managed().stack, 'AWS::IAM::Role', 'ClusterManagedInfrastructureRole').Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }]);
    expect(role.ManagedPolicyArns).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances']] }]);
  });

  test('the instance profile is named ecsInstanceRole... and its role may register with this cluster only', () => {
    const { stack } = managed();
    const profile = resource(stack, 'AWS::IAM::InstanceProfile', 'ClusterManagedCapacityProviderInstanceProfile').Properties;
    expect(profile.InstanceProfileName).toMatch(/^ecsInstanceRole/);
    const role = resource(stack, 'AWS::IAM::Role', 'ClusterManagedCapacityProviderInstanceRole').Properties;
    const register = role.Policies[0].PolicyDocument.Statement.find((s: any) => s.Action === 'ecs:RegisterContainerInstance');
    expect(register.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ClusterC/), 'Arn'] });
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  test('takes a given infrastructure role and instance profile', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const infrastructureRole = iam.Role.fromRoleArn(stack, 'Infra', 'arn:aws:iam::123456789012:role/infra');
    const instanceProfile = iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'ecsInstanceRoleMine');
    const pool = cluster.addManagedInstances('Managed', { infrastructureRole, instanceProfile });
    const props = provider(stack).ManagedInstancesProvider;
    expect(props.InfrastructureRoleArn).toBe('arn:aws:iam::123456789012:role/infra');
    expect(JSON.stringify(props.InstanceLaunchTemplate.Ec2InstanceProfileArn)).toContain('instance-profile/ecsInstanceRoleMine');
    expect(pool.infrastructureRole).toBe(infrastructureRole);
    expect(Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'ecs.amazonaws.com' } }] } } })).toEqual({});
  });

  test('cdk-nag finds nothing on the pool; a role the app gives with the same managed policy is the app\'s to acknowledge', () => {
    const { stack } = managed();
    expect(nagFindings(stack.node.root as App)).toEqual([]);

    const other = testStack();
    const infrastructureRole = new iam.Role(other, 'Infra', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForManagedInstances')],
    });
    new PlatformCluster(other, 'Cluster').addManagedInstances('Managed', { infrastructureRole });
    expect(nagFindings(other.node.root as App)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances] @ Stack/Infra/Resource',
    ]);
  });

  test('the cluster lists its Managed Instances pools', () => {
    const { cluster, pool } = managed();
    expect(cluster.managedInstancesPools).toEqual([pool]);
  });

  test.each<[string, ManagedInstancesPoolOptions, RegExp]>([
    ['maxVcpus under minVcpus', { minVcpus: 8, maxVcpus: 4 }, /^Stack\/Cluster\/Managed: maxVcpus 4 is less than minVcpus \(8\)\. Allowed: maxVcpus of 8 or more\.$/],
    ['a fractional minVcpus', { minVcpus: 1.5 }, /^Stack\/Cluster\/Managed: minVcpus 1\.5 /],
    ['maxMemory under minMemory', { minMemory: Size.gibibytes(16), maxMemory: Size.gibibytes(8) }, /^Stack\/Cluster\/Managed: maxMemory "8192 MiB" is less than minMemory \(16384 MiB\)\. Allowed: at least 16384 MiB\.$/],
    ['a fraction of a MiB of memory', { minMemory: Size.kibibytes(1536) }, /^Stack\/Cluster\/Managed: minMemory "1\.5 MiB" is not a whole number of MiB\./],
    ['a maxMemory under 1 GiB', { minMemory: Size.mebibytes(0), maxMemory: Size.mebibytes(512) }, /^Stack\/Cluster\/Managed: maxMemory "512 MiB" is less than 1 GiB, which no instance type has/],
    ['a task volume of a fraction of a GiB', { taskVolumeSize: Size.mebibytes(1500) }, /^Stack\/Cluster\/Managed: taskVolumeSize \(GiB\) 1\.46484375 is out of range/],
    ['an Intel CPU for ARM64', { architecture: ecs.CpuArchitecture.ARM64, cpuManufacturers: [ec2.CpuManufacturer.INTEL] },
      /^Stack\/Cluster\/Managed: cpuManufacturers \["intel"\] has makers of no ARM64 CPU \(intel\)\. Allowed: makers of ARM64 CPUs \(amazon-web-services\), or architecture X86_64\.$/],
    ['no CPU maker', { cpuManufacturers: [] }, /^Stack\/Cluster\/Managed: cpuManufacturers \[\] is empty/],
    ['allowed and excluded types together', { allowedInstanceTypes: [type('m6i.large')], excludedInstanceTypes: ['t2.*'] },
      /^Stack\/Cluster\/Managed: allowedInstanceTypes \["m6i\.large"\] is given with excludedInstanceTypes, which EC2 refuses/],
    ['no allowed type', { allowedInstanceTypes: [] }, /^Stack\/Cluster\/Managed: allowedInstanceTypes \[\] is empty/],
    ['a Graviton type in an x86 pool', { allowedInstanceTypes: [type('m6i.large'), type('m7g.large')] },
      /^Stack\/Cluster\/Managed: allowedInstanceTypes \["m7g\.large \(arm64\)"\] are not of the pool's architecture \(X86_64\)/],
    ['more accelerators at least than at most', { accelerators: { minCount: 4, maxCount: 2 } }, /^Stack\/Cluster\/Managed: accelerators\.maxCount 2 /],
    ['a task volume of 0 GiB', { taskVolumeSize: Size.gibibytes(0) }, /^Stack\/Cluster\/Managed: taskVolumeSize \(GiB\) 0 /],
    ['a capacity provider name starting with ecs', { capacityProviderName: 'ecs-managed' }, /^Stack\/Cluster\/Managed: capacityProviderName "ecs-managed" is not a valid capacity provider name/],
  ])('refuses %s', (_name, options, message) => {
    expect(() => managed(options)).toThrow(message);
  });

  test('refuses an id the cluster already has', () => {
    const { cluster } = managed();
    expect(() => cluster.addManagedInstances('Managed')).toThrow(/^Stack\/Cluster: addManagedInstances id "Managed" is taken by Stack\/Cluster\/Managed/);
  });

  test('refuses a pool in another stack than its cluster', () => {
    const app = testApp();
    const cluster = new PlatformCluster(new Stack(app, 'A'), 'Cluster');
    expect(() => new ManagedInstancesPool(new Stack(app, 'B'), 'Managed', { cluster })).toThrow(/^B\/Managed: cluster "A\/Cluster" is in stack A, the pool in B/);
  });
});

describe('Placement.managedInstances', () => {
  const worker = (f: ReturnType<typeof managed>, extra: Record<string, unknown> = {}, id = 'Worker') =>
    new WorkerService(f.stack, id, { cluster: f.cluster, image, placement: Placement.managedInstances(f.pool), ...extra });

  test('a service sends the pool\'s provider as its strategy, with no launch type, and its task definition is for Managed Instances', () => {
    const f = managed();
    worker(f, { cpu: 1024, memoryMiB: 4096 });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties;
    expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/^ClusterManagedCapacityProvider/) }, Weight: 1 }]);
    expect(service.LaunchType).toBeUndefined();
    expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    const task = resource(f.stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').Properties;
    expect(task.RequiresCompatibilities).toEqual(['MANAGED_INSTANCES']);
    expect(task.NetworkMode).toBe('awsvpc');
    expect(task.RuntimePlatform).toEqual({ CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' });
  });

  test('an ARM64 pool runs ARM64 tasks', () => {
    const f = managed({ architecture: ecs.CpuArchitecture.ARM64 });
    worker(f);
    expect(resource(f.stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').Properties.RuntimePlatform.CpuArchitecture).toBe('ARM64');
  });

  test('sits beside Fargate, Fargate Spot and an EC2 pool in one cluster', () => {
    const f = managed();
    const ec2Pool = f.cluster.addCapacityPool('Pool', { instanceTypes: [type('m6i.large')] });
    worker(f);
    new WorkerService(f.stack, 'OnFargate', { cluster: f.cluster, image });
    new WorkerService(f.stack, 'OnSpot', { cluster: f.cluster, image, placement: Placement.fargateSpot() });
    new WorkerService(f.stack, 'OnPool', { cluster: f.cluster, image, placement: Placement.ec2(ec2Pool) });
    const providers = (id: string) => resource(f.stack, 'AWS::ECS::Service', `${id}Service`).Properties.CapacityProviderStrategy
      .map((s: any) => (typeof s.CapacityProvider === 'string' ? s.CapacityProvider : s.CapacityProvider.Ref.replace(/[0-9A-F]{8}$/, '')));
    expect(['Worker', 'OnFargate', 'OnSpot', 'OnPool'].map(providers)).toEqual([
      ['ClusterManagedCapacityProvider'], ['FARGATE'], ['FARGATE_SPOT'], ['ClusterPoolCapacityProvider'],
    ]);
  });

  test('refuses bridge networking, which Managed Instances does not run', () => {
    const f = managed();
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, placement: Placement.managedInstances(f.pool, { networking: TaskNetworking.bridge() }) }))
      .toThrow(/^Stack\/Worker: placement Placement\.managedInstances networking "TaskNetworking\.bridge\(\)" is a network mode ECS Managed Instances does not run .*Allowed: TaskNetworking\.awsvpc\(\) \(the default\) on Managed Instances/);
  });

  test('accepts awsvpc networking written out', () => {
    const f = managed();
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, placement: Placement.managedInstances(f.pool, { networking: TaskNetworking.awsvpc() }) })).not.toThrow();
  });

  test('refuses an architecture the pool does not run', () => {
    const f = managed();
    expect(() => worker(f, { architecture: ecs.CpuArchitecture.ARM64 }))
      .toThrow(/^Stack\/Worker: architecture "ARM64" does not match Managed Instances pool Stack\/Cluster\/Managed \(X86_64\)/);
  });

  test('refuses a task larger than the largest allowed type, and takes one that fits it', () => {
    const f = managed({ allowedInstanceTypes: [type('m6i.large'), type('m6i.xlarge')] });
    expect(() => worker(f, { cpu: 4096, memoryMiB: 16384 })).toThrow(
      /^Stack\/Worker: cpu and memoryMiB "4096 CPU units, 16384 MiB" fit no instance type Managed Instances pool Stack\/Cluster\/Managed may launch \(allowedInstanceTypes m6i\.large, m6i\.xlarge; the largest, m6i\.xlarge, registers 4096 CPU units and about 15892 MiB\).*Allowed: at most 4096 CPU units and 15892 MiB on this pool, or larger allowedInstanceTypes\.$/);
    expect(() => worker(f, { cpu: 4096, memoryMiB: 15360 }, 'Fits')).not.toThrow();
  });

  test('refuses a task above maxVcpus or maxMemory when no type is named', () => {
    const f = managed({ maxVcpus: 4, maxMemory: Size.gibibytes(16) });
    expect(() => worker(f, { cpu: 8192, memoryMiB: 16384 }))
      .toThrow(/^Stack\/Worker: cpu "8192 CPU units, 16384 MiB" is more than any instance of Managed Instances pool Stack\/Cluster\/Managed has: maxVcpus 4 is 4096 CPU units/);
    expect(() => worker(f, { cpu: 2048, memoryMiB: 16384 }, 'Memory'))
      .toThrow(/^Stack\/Memory: memoryMiB "2048 CPU units, 16384 MiB" is more than any instance .* maxMemory 16384 MiB registers about 15892 MiB/);
    expect(() => worker(f, { cpu: 4096, memoryMiB: 15360 }, 'Fits')).not.toThrow();
  });

  test('takes a task larger than Fargate offers', () => {
    const f = managed();
    expect(() => worker(f, { cpu: 2048, memoryMiB: 32768 })).not.toThrow();
  });

  test('warns when an allowed type is a pattern or unknown to the library', () => {
    const f = managed({ allowedInstanceTypes: [type('m6i.*')] });
    const service = worker(f, { cpu: 1024, memoryMiB: 2048 });
    Annotations.fromStack(f.stack).hasWarning(`/${service.node.path}`, Match.stringLikeRegexp('cannot check that the task .* fits instance types m6i\\.\\* of Managed Instances pool'));
  });

  test('refuses a pool of another cluster', () => {
    const f = managed();
    const other = new PlatformCluster(f.stack, 'Other');
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: other, image, placement: Placement.managedInstances(f.pool) }))
      .toThrow(/^Stack\/Worker: placement "Placement\.managedInstances\(Stack\/Cluster\/Managed\)" names a Managed Instances pool of another cluster \(Stack\/Cluster\)/);
  });

  test('refuses Managed Instances as the cluster\'s default placement', () => {
    const f = managed();
    expect(() => new PlatformCluster(f.stack, 'Second', { defaultPlacement: Placement.managedInstances(f.pool) }))
      .toThrow(/^Stack\/Second: defaultPlacement "Placement\.managedInstances\(\.\.\.\)" names a Managed Instances pool, which does not exist before the cluster/);
  });

  test('refuses an EFS volume: the instances run Bottlerocket, which mounts EFS without TLS and IAM', () => {
    const f = managed();
    const files = new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster });
    expect(() => worker(f, { user: '1000:1000', volumes: [Volume.efs(files, { containerPath: '/data' })] }))
      .toThrow(/^Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on Managed Instances pool Stack\/Cluster\/Managed: its instances run Bottlerocket.*bottlerocket-os\/bottlerocket#1080/);
  });

  test('a web service behind the shared ingress registers its tasks by IP, with a blue/green deployment and rollback alarms', () => {
    const f = managed();
    const ingress = new Ingress(f.stack, 'Ingress', { cluster: f.cluster });
    new WebService(f.stack, 'Web', {
      cluster: f.cluster, image, ingress, route: Route.path('/app/*'), placement: Placement.managedInstances(f.pool), deployment: Deployment.blueGreen(),
    });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip' });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties;
    expect(service.DeploymentConfiguration.Strategy).toBe('BLUE_GREEN');
    expect(service.DeploymentConfiguration.Alarms.Enable).toBe(true);
    expect(service.CapacityProviderStrategy[0].CapacityProvider.Ref).toMatch(/^ClusterManagedCapacityProvider/);
  });

  test.each([
    ['canary', Deployment.canary(), 'CANARY'],
    ['linear', Deployment.linear(), 'LINEAR'],
  ])('a web service behind the shared ingress deploys %s on Managed Instances, with rollback alarms', (_name, deployment, strategy) => {
    const f = managed();
    const ingress = new Ingress(f.stack, 'Ingress', { cluster: f.cluster });
    new WebService(f.stack, 'Web', {
      cluster: f.cluster, image, ingress, route: Route.path('/app/*'), placement: Placement.managedInstances(f.pool), deployment,
    });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties;
    expect(service.DeploymentConfiguration.Strategy).toBe(strategy);
    expect(service.DeploymentConfiguration.Alarms.Enable).toBe(true);
    expect(service.CapacityProviderStrategy[0].CapacityProvider.Ref).toMatch(/^ClusterManagedCapacityProvider/);
  });

  test('a service publishes and calls Service Connect ports', () => {
    const f = managed();
    const api = worker(f, { port: ServicePort.http(8080, { name: 'api' }), cpu: 512, memoryMiB: 1024 }, 'Api');
    worker(f, { calls: [api], cpu: 512, memoryMiB: 1024 }, 'Caller');
    expect(resource(f.stack, 'AWS::ECS::Service', 'ApiService').Properties.ServiceConnectConfiguration.Enabled).toBe(true);
    expect(resource(f.stack, 'AWS::ECS::Service', 'CallerService').Properties.ServiceConnectConfiguration.Enabled).toBe(true);
  });

  test('a scheduled task\'s runs send the pool\'s provider', () => {
    const f = managed();
    new ScheduledTask(f.stack, 'Job', {
      cluster: f.cluster, image, placement: Placement.managedInstances(f.pool), schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
    });
    const run = runTaskArgs(f.stack, 'Job');
    expect(JSON.stringify(run.CapacityProviderStrategy)).toMatch(/ClusterManagedCapacityProvider/);
    expect(run.LaunchType).toBeUndefined();
    expect(resource(f.stack, 'AWS::ECS::TaskDefinition', 'JobTaskDefinition').Properties.RequiresCompatibilities).toEqual(['MANAGED_INSTANCES']);
  });
});
