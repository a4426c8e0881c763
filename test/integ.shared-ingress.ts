// Integ test: one Ingress (an Application Load Balancer in the platform stack) shared by two web
// services of another stack, routed by path. A real deploy must show both rollouts COMPLETED, each
// route answering with its own service (the sample image echoes APP_VERSION), and 404 for a path no
// route claims.
// Offline (npm test): integ-runner compares the synthesized templates with the committed snapshot.
// Against an account (needs Docker for the image asset):
//   npx integ-runner --directory test --language typescript --force --tests integ.shared-ingress.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Ingress, Placement, PlatformCluster, Route, WebService } from '../lib';
import { assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

const app = new App();
const env = { region: 'us-east-1' };
const platform = new Stack(app, 'EcsPlatformSharedIngressInteg', { env });
const cluster = new PlatformCluster(platform, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const ingress = new Ingress(platform, 'Ingress', { cluster, accessLogsBucket: destroyableLogBucket(platform) });

// The services live in another stack: the ingress's stack must not refer to them (no cycle).
const services = new Stack(app, 'EcsPlatformSharedIngressServicesInteg', { env });
const image = sampleImage();
const common = {
  cluster, image, ingress, placement: Placement.fargateSpot({ onDemandBase: 1 }), healthCheckPath: '/health', user: '1000:1000',
  desiredCount: 1, logRemovalPolicy: RemovalPolicy.DESTROY,
};
const shop = new WebService(services, 'Shop', { ...common, route: Route.path('/shop/*'), environment: { APP_VERSION: 'shop' } });
const api = new WebService(services, 'Api', { ...common, route: Route.path('/api/*'), environment: { APP_VERSION: 'api' } });

const assertionStack = new Stack(app, 'SharedIngressIntegAssertions', { env });
const integ = new IntegTest(app, 'SharedIngressInteg', { testCases: [platform, services], regions: ['us-east-1'], assertionStack });
for (const service of [shop, api]) {
  assertServiceSteady(integ, cluster.cluster.clusterName, service.service.serviceName, 1, Duration.minutes(15));
}
const wait = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) };
integ.assertions.httpApiCall(`${shop.url}health-through-the-route`)
  .expect(ExpectedResult.objectLike({ status: 200, body: { version: 'shop' } })).waitForAssertions(wait);
integ.assertions.httpApiCall(`${api.url}health-through-the-route`)
  .expect(ExpectedResult.objectLike({ status: 200, body: { version: 'api' } })).waitForAssertions(wait);
integ.assertions.httpApiCall(`${ingress.url}/no-route-here`)
  .expect(ExpectedResult.objectLike({ status: 404 })).waitForAssertions(wait);
