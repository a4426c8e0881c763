/**
 * ECS Managed Instances next to Fargate: a web service on general-purpose instances that AWS launches,
 * patches and packs, a memory-hungry indexer on memory-optimized Spot instances (48 GiB a task, more
 * than Fargate gives 4 vCPUs), and a small mailer on Fargate, all in one cluster.
 *
 * Nothing here is an Auto Scaling group the app patches: ECS picks the cheapest instance types that match
 * each pool's requirements and fit the waiting tasks, runs Bottlerocket on them, and replaces them on its
 * own schedule (at most 21 days). The library refuses at synth a task that fits no type a pool may launch
 * (the indexer's 48 GiB must fit an r7i.2xlarge or r6i.2xlarge), bridge networking and EFS volumes there.
 *
 * What it costs to keep, by `cdk-ecs-platform report` (npx tsx bench/example-cost.ts managed-instances):
 * see README, "Fargate, Managed Instances or a pool".
 *
 * Deploy `ManagedRegistry` first, push `v1.0.0` to it, then deploy `ManagedServices`.
 *
 * Run: npx cdk synth --app "npx tsx examples/managed-instances.ts"
 */
import { App, CfnOutput, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Placement, PlatformCluster, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'ManagedRegistry', { env, description: 'cdk-ecs-platform example: the image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/catalog' });

const stack = new Stack(app, 'ManagedServices', { env, description: 'cdk-ecs-platform example: services on ECS Managed Instances next to Fargate' });
const platform = new PlatformCluster(stack, 'Cluster');

// General purpose x86 instances of 2 to 4 vCPUs: ECS packs the web tasks onto them.
const general = platform.addManagedInstances('General', { maxVcpus: 4, maxMemory: Size.gibibytes(16) });

// Memory-optimized Spot instances for the indexer, named so the 48 GiB task is checked against them.
const memory = platform.addManagedInstances('Memory', {
  allowedInstanceTypes: [new ec2.InstanceType('r7i.2xlarge'), new ec2.InstanceType('r6i.2xlarge')],
  minVcpus: 8,
  minMemory: Size.gibibytes(64),
  spot: true,
});

const web = new WebService(stack, 'Catalog', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.managedInstances(general),
  cpu: 1024,
  memoryMiB: 2048,
  healthCheckPath: '/health',
  user: '1000:1000',
  scaling: { minTasks: 2, maxTasks: 8, cpuTargetPercent: 60 },
});

new WorkerService(stack, 'Indexer', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.managedInstances(memory),
  command: ['node', 'indexer.js'],
  cpu: 4096,
  memoryMiB: 49152,
  user: '1000:1000',
  desiredCount: 1,
});

// Small and bursty: Fargate, the cluster's default, bills it by the second and needs no instance.
new WorkerService(stack, 'Mailer', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  command: ['node', 'mailer.js'],
  user: '1000:1000',
});

new CfnOutput(stack, 'Url', { value: web.url });

app.synth();
