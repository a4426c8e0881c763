/**
 * Many small queue workers packed on one EC2 pool, with ENI trunking so that network interfaces,
 * not CPU, stop being the limit.
 *
 * Every task in awsvpc mode (every task of this library) takes an elastic network interface of its
 * instance, and the instance's own ENI counts against the same limit. An m6i.large has 3 ENIs, so
 * it runs 2 tasks however small they are. With the ECS account setting awsvpcTrunking on, ECS gives
 * it a trunk ENI with 10 task ENIs; the pool declares that with `awsvpcTrunking: true` (CloudFormation
 * cannot turn the setting on: run `aws ecs put-account-setting-default --name awsvpcTrunking --value
 * enabled` once per account and region, before the instances launch).
 *
 * The arithmetic the library checks at synth (an m6i.large registers 2048 CPU units and about 7946 MiB):
 *
 *   per service, tasks per instance = min(task ENIs, CPU / task CPU, memory / task memory)
 *     Mailer      256 CPU,  512 MiB: min(10, 8, 15) = 8  x 3 instances x 80 % = 19 >= 4 tasks
 *     Thumbnails  512 CPU, 1024 MiB: min(10, 4, 7)  = 4  x 3 instances x 80 % =  9 >= 6 tasks (scaling.maxTasks)
 *     Webhooks    256 CPU,  512 MiB: min(10, 8, 15) = 8  x 3 instances x 80 % = 19 >= 3 tasks
 *   all three together, at their largest counts (13 tasks):
 *     task ENIs   13                            <= 10 x 3 x 80 % = 24
 *     CPU units   4 x 256 + 6 x 512 + 3 x 256 = 4864  <= 2048 x 3 x 80 % = 4915
 *     memory MiB  4 x 512 + 6 x 1024 + 3 x 512 = 9728 <= 7946 x 3 x 80 % = 19070
 *
 * Without trunking each instance offers 2 task ENIs: 2 x 3 x 80 % = 4 tasks for the whole pool, and
 * synth refuses Thumbnails ("scaling.maxTasks 6 cannot be placed on pool ..."). CPU is now the limit:
 * a fourth instance (maxInstances: 4) is what a fourteenth task would need.
 *
 * Deploy `DenseRegistry` first, push `v1.0.0` to it (linux/amd64), then deploy `DenseWorkers`.
 *
 * Run: npx cdk synth --app "npx tsx examples/dense-workers.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Placement, PlatformCluster, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'DenseRegistry', { env, description: 'cdk-ecs-platform example: the worker image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/dense-workers' });
const image = repository.imageByTag('v1.0.0');

const stack = new Stack(app, 'DenseWorkers', { env, description: 'cdk-ecs-platform example: many small workers on one EC2 pool' });
const platform = new PlatformCluster(stack, 'Cluster');

const pool = platform.addCapacityPool('Workers', {
  // One type: trunking is a property of the type (burstable t3, t3a and t4g never have it).
  instanceTypes: [new ec2.InstanceType('m6i.large')],
  maxInstances: 3,
  // 20 % kept free, so a task that starts rarely waits for an instance to boot.
  targetCapacityPercent: 80,
  awsvpcTrunking: true,
  alarms: {},
});

new WorkerService(stack, 'Mailer', {
  cluster: platform,
  image,
  placement: Placement.ec2(pool),
  command: ['node', 'mailer.js'],
  user: '1000:1000',
  cpu: 256,
  memoryMiB: 512,
  desiredCount: 4,
});

new WorkerService(stack, 'Thumbnails', {
  cluster: platform,
  image,
  placement: Placement.ec2(pool),
  command: ['node', 'thumbnails.js'],
  user: '1000:1000',
  cpu: 512,
  memoryMiB: 1024,
  scaling: { minTasks: 2, maxTasks: 6, cpuTargetPercent: 70 },
});

new WorkerService(stack, 'Webhooks', {
  cluster: platform,
  image,
  placement: Placement.ec2(pool),
  command: ['node', 'webhooks.js'],
  user: '1000:1000',
  cpu: 256,
  memoryMiB: 512,
  desiredCount: 3,
});

app.synth();
