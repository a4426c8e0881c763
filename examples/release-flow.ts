/**
 * The release flow: a pushed tag reaches production on its own, safely, and a deploy that names no
 * version never stops what runs.
 *
 * - `ImageRelease`: the version the services run is the `ImageTag` parameter of `ReleaseServices`.
 *   The first deploy runs nothing (nothing released yet); `cdk deploy` without `--parameters` keeps
 *   the running tag; the output `ImageTagRunning` shows it.
 * - `PushToDeploy`: a `docker push` of a `v*` tag updates the stack (previous template, new
 *   parameter), one release at a time; a failed release rolls back and is reported to the platform
 *   topic.
 * - `Deployment.canary()` for the web service (10 % of traffic for 5 minutes, then all, old tasks kept
 *   5 more minutes), `Deployment.blueGreen()` for the worker on an EC2 pool with room for two sets;
 *   rollback alarms from the services' own metrics (5xx share, p99, unhealthy targets; running tasks).
 *
 * Deploy `ReleaseRegistry` and `ReleaseServices` (nothing runs), push `v1.0.0` (it deploys itself),
 * or release by hand: `npx cdk deploy ReleaseServices --parameters ReleaseServices:ImageTag=v1.0.0`.
 *
 * Run: npx cdk synth --app "npx tsx examples/release-flow.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Deployment, ImageRelease, ImageRepository, Placement, PlatformCluster, PushToDeploy, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'ReleaseRegistry', { env, description: 'cdk-ecs-platform example: the repository releases come from' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/release-flow' });

const stack = new Stack(app, 'ReleaseServices', { env, description: 'cdk-ecs-platform example: services released by a push, progressively' });
const platform = new PlatformCluster(stack, 'Cluster');
const pool = platform.addCapacityPool('Workers', {
  instanceTypes: [new ec2.InstanceType('t3.small'), new ec2.InstanceType('t3a.small')],
  // Blue/green runs the old and the new set side by side until the bake ends: room for both.
  maxInstances: 2,
});

const release = new ImageRelease(stack, 'ImageTag', { repository });
const web = new WebService(stack, 'Web', {
  cluster: platform,
  image: release.image,
  placement: Placement.fargate(),
  healthCheckPath: '/health',
  user: '1000:1000',
  deployment: Deployment.canary({ percent: 10 }),
});
new WorkerService(stack, 'Worker', {
  cluster: platform,
  image: release.image,
  placement: Placement.ec2(pool),
  command: ['node', 'worker.js'],
  user: '1000:1000',
  desiredCount: 1,
  deployment: Deployment.blueGreen(),
});
new PushToDeploy(stack, 'PushToDeploy', { releases: [release], tagPattern: 'v*', topic: platform.notificationTopic });

new CfnOutput(stack, 'Url', { value: web.url, description: 'The web service' });
new CfnOutput(stack, 'ReleaseWait', { value: web.releaseWait.toHumanString(), description: 'Load balancer and bake waits of a web release' });

app.synth();
