/**
 * A platform that runs as much as it can on Spot: an EC2 Spot pool for workers, a web service on
 * Fargate Spot with one on-demand task, and a nightly job on Fargate Spot.
 *
 * Spot costs up to 70 % less and can be taken back on two minutes' notice. Everything here tolerates
 * that: the pool spreads over several instance types and drains tasks off reclaimed instances, the
 * web service keeps one task on regular Fargate, and the job is retried when capacity is short.
 *
 * Deploy `SpotRegistry` first, push `v1.0.0` to it, then deploy `SpotPlatform`.
 *
 * Run: npx cdk synth --app "npx tsx examples/spot-cost-optimized.ts"
 */
import { App, CfnOutput, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ImageRepository, Network, Placement, PlatformCluster, ScheduledTask, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'SpotRegistry', { env, description: 'cdk-ecs-platform example: the image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/spot' });
const image = repository.imageByTag('v1.0.0');

const stack = new Stack(app, 'SpotPlatform', { env, description: 'cdk-ecs-platform example: workloads on EC2 Spot and Fargate Spot' });
const platform = new PlatformCluster(stack, 'Cluster', {
  network: Network.lowCost(),
  // Workloads that do not say where they run go to Fargate Spot.
  defaultPlacement: Placement.fargateSpot(),
});

const spotPool = platform.addCapacityPool('Spot', {
  // Several types and generations of one size and architecture: capacity-optimized allocation picks
  // the Spot pools least likely to be interrupted.
  instanceTypes: ['m6i.large', 'm6a.large', 'm5.large', 'm5a.large', 'm7i.large'].map(t => new ec2.InstanceType(t)),
  spot: { onDemandBase: 0 },
  maxInstances: 4,
  alarms: {},
});

new WorkerService(stack, 'Indexer', {
  cluster: platform,
  image,
  placement: Placement.ec2(spotPool),
  command: ['node', 'indexer.js'],
  cpu: 512,
  memoryMiB: 1024,
  user: '1000:1000',
  // The two tasks are spread across zones, so one reclaimed instance stops at most one of them.
  desiredCount: 2,
});

const web = new WebService(stack, 'Web', {
  cluster: platform,
  image,
  // One task always on regular Fargate, so a wave of Spot interruptions never takes the site down.
  placement: Placement.fargateSpot({ onDemandBase: 1 }),
  healthCheckPath: '/health',
  user: '1000:1000',
  scaling: { minTasks: 2, maxTasks: 6, cpuTargetPercent: 70 },
});

new ScheduledTask(stack, 'NightlyReport', {
  cluster: platform,
  image,
  // No placement: the cluster's default, Fargate Spot.
  command: ['node', 'report.js'],
  user: '1000:1000',
  // 03:00 in the business's time zone, not UTC.
  schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3', timeZone: TimeZone.EUROPE_BERLIN }),
  // Retry for two hours if Fargate Spot has no capacity; a report later than that is not worth running.
  retryAttempts: 10,
  maxEventAge: Duration.hours(2),
});

new CfnOutput(stack, 'Url', { value: web.url });

app.synth();
