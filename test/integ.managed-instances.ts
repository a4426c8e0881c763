// Integ test: a web service and a worker on ECS Managed Instances (no instance before the first task),
// next to a worker on Fargate. A real deploy must show ECS launching Managed Instances for the tasks, both
// rollouts COMPLETED with their tasks running, the load balancer reaching the web tasks (awsvpc, by IP)
// with a 200, and the capacity provider ACTIVE with the requirements the library wrote.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account (needs Docker for the image asset; ECS Managed Instances enabled in the Region):
//   npx integ-runner --directory test --language typescript --force --tests integ.managed-instances.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Placement, PlatformCluster, WebService, WorkerService } from '../lib';
import { assertAnswers200, assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'EcsPlatformManagedInstancesInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const managed = cluster.addManagedInstances('Managed', { maxVcpus: 4, maxMemory: Size.gibibytes(16) });

const web = new WebService(stack, 'Web', {
  cluster,
  image: sampleImage(),
  placement: Placement.managedInstances(managed),
  healthCheckPath: '/health',
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
  accessLogsBucket: destroyableLogBucket(stack),
});
const worker = new WorkerService(stack, 'Worker', {
  cluster,
  image: sampleImage(),
  placement: Placement.managedInstances(managed),
  command: ['node', 'worker.js'],
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});
const onFargate = new WorkerService(stack, 'OnFargate', {
  cluster,
  image: sampleImage(),
  command: ['node', 'worker.js'],
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
});

const assertionStack = new Stack(app, 'ManagedInstancesIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'ManagedInstancesInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
// ECS launches an instance for the first tasks: minutes, not seconds.
assertServiceSteady(integ, cluster.cluster.clusterName, web.service.serviceName, 1, Duration.minutes(20));
assertServiceSteady(integ, cluster.cluster.clusterName, worker.service.serviceName, 1, Duration.minutes(20));
assertServiceSteady(integ, cluster.cluster.clusterName, onFargate.service.serviceName, 1, Duration.minutes(10));
assertAnswers200(integ, web.url);
integ.assertions.awsApiCall('ECS', 'describeCapacityProviders', { capacityProviders: [managed.capacityProviderName], cluster: cluster.cluster.clusterName })
  .assertAtPath('capacityProviders.0.status', ExpectedResult.exact('ACTIVE'));
