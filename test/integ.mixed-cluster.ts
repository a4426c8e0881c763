// Integ test: one cluster running Fargate, Fargate Spot and EC2 capacity together: a web service on
// Fargate Spot with an on-demand base, a worker on an EC2 Spot pool and a scheduled task on Fargate
// Spot. A real deploy must show both services' rollouts COMPLETED with their tasks running, the load
// balancer answering 200, and the schedule enabled with its capacity provider strategy.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account (needs Docker for the image asset):
//   npx integ-runner --directory test --language typescript --force --tests integ.mixed-cluster.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Placement, PlatformCluster, ScheduledTask, WebService, WorkerService } from '../lib';
import { assertAnswers200, assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'EcsPlatformMixedClusterInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const pool = cluster.addCapacityPool('Spot', {
  instanceTypes: [new ec2.InstanceType('t3a.small'), new ec2.InstanceType('t3.small')],
  spot: { onDemandBase: 0 },
  maxInstances: 2,
});
const image = sampleImage();
const web = new WebService(stack, 'Web', {
  cluster, image, placement: Placement.fargateSpot({ onDemandBase: 1 }), healthCheckPath: '/health', user: '1000:1000',
  desiredCount: 2, logRemovalPolicy: RemovalPolicy.DESTROY, accessLogsBucket: destroyableLogBucket(stack),
});
const worker = new WorkerService(stack, 'Worker', {
  cluster, image, placement: Placement.ec2(pool), command: ['node', 'worker.js'], user: '1000:1000',
  desiredCount: 1, logRemovalPolicy: RemovalPolicy.DESTROY,
});
const nightly = new ScheduledTask(stack, 'Nightly', {
  cluster, image, placement: Placement.fargateSpot(), command: ['node', 'worker.js'], user: '1000:1000',
  schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }), logRemovalPolicy: RemovalPolicy.DESTROY,
});

// The assertions live in the test stack's environment, so they can reference its resources.
const assertionStack = new Stack(app, 'MixedClusterIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'MixedClusterInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
assertServiceSteady(integ, cluster.cluster.clusterName, web.service.serviceName, 2, Duration.minutes(15));
assertServiceSteady(integ, cluster.cluster.clusterName, worker.service.serviceName, 1, Duration.minutes(20));
assertAnswers200(integ, web.url);
integ.assertions.awsApiCall('Scheduler', 'getSchedule', { Name: nightly.schedule.scheduleName })
  .assertAtPath('State', ExpectedResult.exact('ENABLED'));
