/**
 * A small web service and its queue worker packed on two t3.medium instances with bridge networking,
 * where awsvpc networking would need four (two tasks each).
 *
 * In awsvpc mode (the library's default) every task takes an elastic network interface of its
 * instance, and the instance's own counts against the same limit: a t3.medium has 3 ENIs, so it
 * runs 2 tasks however small they are, and burstable types never get ENI trunking. With
 * `TaskNetworking.bridge()` the tasks share the instance's interface; the web service's port 8080 is
 * mapped to a dynamic host port, the load balancer registers instance targets, and the pool's
 * security group admits the load balancer (only it) on 32768-65535.
 *
 * The arithmetic the library checks at synth (a t3.medium registers 2048 CPU units and about 3973 MiB):
 *
 *   per service, tasks per instance = min(CPU / task CPU, memory / task memory); no ENI limit in bridge mode
 *     Site    256 CPU, 256 MiB: min(8, 15) = 8  x 2 instances = 16 >= 4 tasks (scaling.maxTasks)
 *     Resize  256 CPU, 256 MiB: min(8, 15) = 8  x 2 instances = 16 >= 4 tasks
 *   both together, at their largest counts (8 tasks):
 *     CPU units   8 x 256 = 2048 <= 2048 x 2 = 4096
 *     memory MiB  8 x 256 = 2048 <= 3973 x 2 = 7946
 *   and a rolling deploy has room to start a task before it stops one.
 *
 * In awsvpc mode each instance offers 2 task ENIs: 2 x 2 = 4 tasks for the whole pool. Synth refuses
 * Site ("a rolling deploy ... needs room for 5 tasks, and pool ... holds at most 4"), and with room for
 * each service alone, the pool ("need 8 task ENIs together ..., and the pool offers at most 4").
 * Bridge gives up what needs a security group per task: Service Connect,
 * a worker's port, blue/green, canary and linear deploys (all refused at synth); see README.
 *
 * Deploy `DenseBridgeRegistry` first, push `v1.0.0` to it (linux/amd64), then deploy `DenseBridge`.
 *
 * Run: npx cdk synth --app "npx tsx examples/dense-bridge.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Placement, PlatformCluster, TaskNetworking, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'DenseBridgeRegistry', { env, description: 'cdk-ecs-platform example: the image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/dense-bridge' });
const image = repository.imageByTag('v1.0.0');

const stack = new Stack(app, 'DenseBridge', { env, description: 'cdk-ecs-platform example: a web service and a worker densely packed with bridge networking' });
const platform = new PlatformCluster(stack, 'Cluster');

const pool = platform.addCapacityPool('Small', {
  // Two types of one size, so On-Demand capacity has a fallback; both register the same CPU and memory.
  instanceTypes: [new ec2.InstanceType('t3.medium'), new ec2.InstanceType('t3a.medium')],
  maxInstances: 2,
  alarms: {},
});
// One placement for both: the pool, spread across zones then packed by memory, on the bridge network.
const dense = Placement.ec2(pool, { networking: TaskNetworking.bridge() });

new WebService(stack, 'Site', {
  cluster: platform,
  image,
  placement: dense,
  command: ['node', 'web.js'],
  user: '1000:1000',
  cpu: 256,
  memoryMiB: 256,
  healthCheckPath: '/healthz',
  scaling: { minTasks: 2, maxTasks: 4, cpuTargetPercent: 60 },
});

new WorkerService(stack, 'Resize', {
  cluster: platform,
  image,
  placement: dense,
  command: ['node', 'resize.js'],
  user: '1000:1000',
  cpu: 256,
  memoryMiB: 256,
  desiredCount: 4,
});

app.synth();
