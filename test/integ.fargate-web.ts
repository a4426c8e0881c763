// Integ test: a public web service on Fargate Spot with an on-demand base. A real deploy must show
// the service's rollout COMPLETED with its task running, and the load balancer answering 200.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account (needs Docker for the image asset):
//   npx integ-runner --directory test --language typescript --force --tests integ.fargate-web.ts
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Placement, PlatformCluster, WebService } from '../lib';
import { assertAnswers200, assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

const app = new App();
// A web service needs a known region (its access-log bucket policy names the region's log delivery).
const stack = new Stack(app, 'EcsPlatformFargateWebInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const web = new WebService(stack, 'Web', {
  cluster,
  image: sampleImage(),
  placement: Placement.fargateSpot({ onDemandBase: 1 }),
  healthCheckPath: '/health',
  user: '1000:1000',
  desiredCount: 1,
  logRemovalPolicy: RemovalPolicy.DESTROY,
  accessLogsBucket: destroyableLogBucket(stack),
});

// The assertions live in the test stack's environment, so they can reference its resources.
const assertionStack = new Stack(app, 'FargateWebIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'FargateWebInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
assertServiceSteady(integ, cluster.cluster.clusterName, web.service.serviceName, 1, Duration.minutes(15));
assertAnswers200(integ, web.url);
