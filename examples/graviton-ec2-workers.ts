/**
 * Queue workers on Graviton (arm64) EC2 instances: two capacity pools of one cluster, one on the
 * ECS-optimized Amazon Linux 2023 image and one on Bottlerocket.
 *
 * Graviton instances cost about 20 % less than x86 ones of the same size. A pool takes its CPU
 * architecture from its instance types, so every type in a pool must be arm64, and the images must be
 * built for it: `docker build --platform linux/arm64 ...` (an amd64 image dies with "exec format error").
 *
 * Deploy `GravitonRegistry` first, push `v1.0.0` to it, then deploy `GravitonWorkers`.
 *
 * Run: npx cdk synth --app "npx tsx examples/graviton-ec2-workers.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ImageRepository, Placement, PlatformCluster, PoolImage, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'GravitonRegistry', { env, description: 'cdk-ecs-platform example: the worker image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/media-workers' });

const stack = new Stack(app, 'GravitonWorkers', { env, description: 'cdk-ecs-platform example: workers on Graviton EC2 pools' });
const platform = new PlatformCluster(stack, 'Cluster');

// General purpose instances for memory-hungry work; two generations so a shortage of one does not stop scaling.
const general = platform.addCapacityPool('General', {
  instanceTypes: [new ec2.InstanceType('m7g.large'), new ec2.InstanceType('m6g.large')],
  image: PoolImage.amazonLinux2023(),
  maxInstances: 6,
  // Keep some room free so a new task rarely waits for an instance to boot.
  targetCapacityPercent: 80,
  alarms: { cpuUtilizationPercent: 85 },
});

// Bottlerocket for the CPU-bound encoders: a smaller, image-based OS with less to patch.
const compute = platform.addCapacityPool('Compute', {
  instanceTypes: [new ec2.InstanceType('c7g.large'), new ec2.InstanceType('c6g.large')],
  image: PoolImage.bottlerocket(),
  maxInstances: 4,
});

new WorkerService(stack, 'Thumbnailer', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.ec2(general),
  // Optional on EC2 (the pool decides), but stating it makes synth fail if the pool ever changes to x86.
  architecture: ecs.CpuArchitecture.ARM64,
  command: ['node', 'thumbnailer.js'],
  cpu: 1024,
  memoryMiB: 3072,
  user: '1000:1000',
  scaling: { minTasks: 1, maxTasks: 8, cpuTargetPercent: 70, memoryTargetPercent: 80 },
});

new WorkerService(stack, 'Encoder', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.ec2(compute),
  architecture: ecs.CpuArchitecture.ARM64,
  command: ['node', 'encoder.js'],
  // Half a c7g.large each (2 vCPU, about 3.9 GiB registered), so two tasks fill an instance.
  cpu: 1024,
  memoryMiB: 1536,
  user: '1000:1000',
  desiredCount: 2,
});

app.synth();
