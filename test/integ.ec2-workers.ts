// Integ test: a worker on an EC2 capacity pool that starts empty, and a web service on the same pool with
// bridge networking. A real deploy must show ECS managed scaling launching an instance for the tasks, both
// rollouts COMPLETED with their tasks running, and the load balancer reaching the bridge tasks on their
// dynamic host ports (the pool's security group admits it on 32768-65535) with a 200.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account (needs Docker for the image asset):
//   npx integ-runner --directory test --language typescript --force --tests integ.ec2-workers.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Placement, PlatformCluster, TaskNetworking, WebService, WorkerService } from '../lib';
import { assertAnswers200, assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'EcsPlatformEc2WorkersInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const pool = cluster.addCapacityPool('Workers', {
  instanceTypes: [new ec2.InstanceType('t3.small'), new ec2.InstanceType('t3a.small')],
  minInstances: 0,
  maxInstances: 2,
});
const worker = new WorkerService(stack, 'Worker', {
  cluster,
  image: sampleImage(),
  placement: Placement.ec2(pool),
  command: ['node', 'worker.js'],
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});
const bridgeWeb = new WebService(stack, 'BridgeWeb', {
  cluster,
  image: sampleImage(),
  placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
  healthCheckPath: '/health',
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
  accessLogsBucket: destroyableLogBucket(stack),
});

// The assertions live in the test stack's environment, so they can reference its resources.
const assertionStack = new Stack(app, 'Ec2WorkersIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'Ec2WorkersInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
// Scaling out from zero instances takes minutes: managed scaling, then boot, then the agent registers.
assertServiceSteady(integ, cluster.cluster.clusterName, worker.service.serviceName, 1, Duration.minutes(20));
assertServiceSteady(integ, cluster.cluster.clusterName, bridgeWeb.service.serviceName, 1, Duration.minutes(20));
assertAnswers200(integ, bridgeWeb.url);
integ.assertions.awsApiCall('ECS', 'describeCapacityProviders', { capacityProviders: [pool.capacityProvider.capacityProviderName] })
  .assertAtPath('capacityProviders.0.autoScalingGroupProvider.managedDraining', ExpectedResult.exact('ENABLED'));
