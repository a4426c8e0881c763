import { Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  ImageRepository, ManagedInstancesPoolOptions, Placement, PlatformCluster, SharedFileSystem, TaskNetworking, Volume, WorkerService,
} from '../../lib';
import { BadInput } from './bad-input-kit';

/**
 * Mistakes with ECS Managed Instances (issue #22), each with the fix its message suggests. AWS's rules:
 * the instance requirements of EC2 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceRequirementsRequest.html:
 * allowed and excluded types are exclusive), the network modes of Managed Instances (awsvpc and host:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-networking.html), and a task
 * that fits no instance type waits in PROVISIONING.
 */
const type = (name: string) => new ec2.InstanceType(name);
const ARM64_PLATFORM = { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX };
const busybox = () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');

/** A worker on a Managed Instances pool of the given requirements. */
function managedWorker(s: Stack, pool: ManagedInstancesPoolOptions, props: Record<string, unknown> = {}, networking?: TaskNetworking): void {
  const cluster = new PlatformCluster(s, 'Cluster');
  const managed = cluster.addManagedInstances('Managed', pool);
  new WorkerService(s, 'Worker', {
    cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), placement: Placement.managedInstances(managed, { networking }), ...props,
  });
}

/** The same with aws-cdk-lib alone: a Managed Instances capacity provider and a service on it. */
function plainManaged(s: Stack, requirements: Partial<ec2.InstanceRequirementsConfig>, task: Partial<ecs.TaskDefinitionProps> = {}): void {
  const cluster = new ecs.Cluster(s, 'Cluster');
  const provider = new ecs.ManagedInstancesCapacityProvider(s, 'Provider', {
    subnets: cluster.vpc.privateSubnets, securityGroups: [new ec2.SecurityGroup(s, 'Group', { vpc: cluster.vpc })],
    instanceRequirements: { vCpuCountMin: 2, memoryMin: Size.gibibytes(4), ...requirements },
  });
  cluster.addManagedInstancesCapacityProvider(provider);
  const definition = new ecs.TaskDefinition(s, 'Task', {
    compatibility: ecs.Compatibility.MANAGED_INSTANCES, networkMode: ecs.NetworkMode.AWS_VPC, cpu: '1024', memoryMiB: '2048', ...task,
  });
  definition.addContainer('app', { image: busybox(), memoryLimitMiB: Number(task.memoryMiB ?? 2048) });
  new ecs.FargateService(s, 'Service', {
    cluster, taskDefinition: definition, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
  });
}

export const MANAGED_BAD_INPUTS: BadInput[] = [
  {
    area: 'capacity', mistake: 'a task larger than every instance type a Managed Instances pool may launch (it waits in PROVISIONING forever)',
    library: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large')] }, { cpu: 2048, memoryMiB: 16384 }),
    message: /Stack\/Worker: cpu and memoryMiB "2048 CPU units, 16384 MiB" fit no instance type Managed Instances pool Stack\/Cluster\/Managed may launch/,
    plain: s => plainManaged(s, { allowedInstanceTypes: ['m6i.large'] }, { cpu: '2048', memoryMiB: '16384' }),
    // "at most 2048 CPU units and 7946 MiB on this pool, or larger allowedInstanceTypes"
    fixed: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large')] }, { cpu: 2048, memoryMiB: 7680 }),
  },
  {
    area: 'capacity', mistake: 'a task with more CPU than maxVcpus lets a Managed Instances pool launch',
    library: s => managedWorker(s, { maxVcpus: 2 }, { cpu: 4096, memoryMiB: 8192 }),
    message: /Stack\/Worker: cpu "4096 CPU units, 8192 MiB" is more than any instance of Managed Instances pool Stack\/Cluster\/Managed has: maxVcpus 2 is 2048 CPU units/,
    plain: s => plainManaged(s, { vCpuCountMax: 2 }, { cpu: '4096', memoryMiB: '8192' }),
    fixed: s => managedWorker(s, { maxVcpus: 4 }, { cpu: 4096, memoryMiB: 8192 }),
  },
  {
    area: 'capacity', mistake: 'a task with more memory than maxMemory leaves after what ECS keeps',
    library: s => managedWorker(s, { maxMemory: Size.gibibytes(8) }, { cpu: 1024, memoryMiB: 8192 }),
    message: /Stack\/Worker: memoryMiB "1024 CPU units, 8192 MiB" is more than any instance of Managed Instances pool Stack\/Cluster\/Managed offers tasks: maxMemory 8192 MiB registers about 7946 MiB/,
    plain: s => plainManaged(s, { memoryMax: Size.gibibytes(8) }, { cpu: '1024', memoryMiB: '8192' }),
    fixed: s => managedWorker(s, { maxMemory: Size.gibibytes(8) }, { cpu: 1024, memoryMiB: 7680 }),
  },
  {
    area: 'capacity', mistake: 'bridge networking on ECS Managed Instances, which runs awsvpc and host tasks only',
    library: s => managedWorker(s, {}, {}, TaskNetworking.bridge()),
    message: /Stack\/Worker: placement Placement\.managedInstances networking "TaskNetworking\.bridge\(\)" is a network mode ECS Managed Instances does not run/,
    plain: s => plainManaged(s, {}, { networkMode: ecs.NetworkMode.BRIDGE }),
    fixed: s => managedWorker(s, {}, {}, TaskNetworking.awsvpc()),
  },
  {
    area: 'capacity', mistake: 'allowed and excluded instance types on one Managed Instances pool (EC2 takes one or the other)',
    library: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large')], excludedInstanceTypes: ['t3.*'] }),
    message: /Stack\/Cluster\/Managed: allowedInstanceTypes \["m6i\.large"\] is given with excludedInstanceTypes, which EC2 refuses/,
    plain: s => plainManaged(s, { allowedInstanceTypes: ['m6i.large'], excludedInstanceTypes: ['t3.*'] }),
    fixed: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large')] }),
  },
  {
    area: 'capacity', mistake: 'maxVcpus below minVcpus on a Managed Instances pool (no type matches)',
    library: s => managedWorker(s, { minVcpus: 8, maxVcpus: 4 }),
    message: /Stack\/Cluster\/Managed: maxVcpus 4 is less than minVcpus \(8\)/,
    plain: s => plainManaged(s, { vCpuCountMin: 8, vCpuCountMax: 4 }),
    fixed: s => managedWorker(s, { minVcpus: 8, maxVcpus: 8 }),
  },
  {
    area: 'capacity', mistake: 'a Graviton type allowed in an x86 Managed Instances pool (its tasks would fail with "exec format error" there)',
    library: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large'), type('m7g.large')] }),
    message: /Stack\/Cluster\/Managed: allowedInstanceTypes \["m7g\.large \(arm64\)"\] are not of the pool's architecture \(X86_64\)/,
    plain: s => plainManaged(s, { allowedInstanceTypes: ['m6i.large', 'm7g.large'] }),
    fixed: s => managedWorker(s, { allowedInstanceTypes: [type('m6i.large')] }),
  },
  {
    area: 'capacity', mistake: 'an Intel CPU asked of an ARM64 Managed Instances pool',
    library: s => managedWorker(s, { architecture: ecs.CpuArchitecture.ARM64, cpuManufacturers: [ec2.CpuManufacturer.INTEL] }),
    message: /Stack\/Cluster\/Managed: cpuManufacturers \["intel"\] has makers of no ARM64 CPU/,
    plain: s => plainManaged(s, { cpuManufacturers: [ec2.CpuManufacturer.INTEL] }, { runtimePlatform: ARM64_PLATFORM }),
    fixed: s => managedWorker(s, { architecture: ecs.CpuArchitecture.ARM64, cpuManufacturers: [ec2.CpuManufacturer.AWS] }),
  },
  {
    area: 'capacity', mistake: 'an ARM64 task on an x86 Managed Instances pool',
    library: s => managedWorker(s, {}, { architecture: ecs.CpuArchitecture.ARM64 }),
    message: /Stack\/Worker: architecture "ARM64" does not match Managed Instances pool Stack\/Cluster\/Managed \(X86_64\)/,
    plain: s => plainManaged(s, { cpuManufacturers: [ec2.CpuManufacturer.INTEL] }, { runtimePlatform: ARM64_PLATFORM }),
    fixed: s => managedWorker(s, { architecture: ecs.CpuArchitecture.ARM64 }, { architecture: ecs.CpuArchitecture.ARM64 }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on ECS Managed Instances, whose Bottlerocket mounts EFS without TLS and IAM authorization',
    library: s => {
      const cluster = new PlatformCluster(s, 'Cluster');
      const managed = cluster.addManagedInstances('Managed');
      const files = new SharedFileSystem(s, 'Files', { cluster });
      new WorkerService(s, 'Worker', {
        cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), user: '1000:1000', placement: Placement.managedInstances(managed),
        volumes: [Volume.efs(files, { containerPath: '/data' })],
      });
    },
    message: /Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on Managed Instances pool Stack\/Cluster\/Managed/,
    plain: s => {
      plainManaged(s, {});
      const task = s.node.findChild('Task') as ecs.TaskDefinition;
      task.addVolume({ name: 'files', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } });
    },
    // "Fargate, or a pool on PoolImage.amazonLinux2023()"
    fixed: s => {
      const cluster = new PlatformCluster(s, 'Cluster');
      const files = new SharedFileSystem(s, 'Files', { cluster });
      new WorkerService(s, 'Worker', {
        cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(files, { containerPath: '/data' })],
      });
    },
  },
  {
    area: 'cluster', mistake: 'a Managed Instances pool as the cluster\'s default placement (it is added after the cluster)',
    library: s => {
      const first = new PlatformCluster(s, 'Cluster');
      new PlatformCluster(s, 'Second', { defaultPlacement: Placement.managedInstances(first.addManagedInstances('Managed')) });
    },
    message: /Stack\/Second: defaultPlacement "Placement\.managedInstances\(\.\.\.\)" names a Managed Instances pool, which does not exist before the cluster/,
    plain: s => {
      const cluster = new ecs.Cluster(s, 'Cluster');
      cluster.addDefaultCapacityProviderStrategy([{ capacityProvider: 'not-yet-added', weight: 1 }]);
    },
    fixed: s => {
      const cluster = new PlatformCluster(s, 'Cluster', { defaultPlacement: Placement.fargate() });
      const managed = cluster.addManagedInstances('Managed');
      new WorkerService(s, 'Worker', { cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), placement: Placement.managedInstances(managed) });
    },
  },
];
