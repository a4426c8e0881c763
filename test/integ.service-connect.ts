// Integ test: ECS Service Connect. An API (a worker with no load balancer) publishes port 8080 as
// `api:8080`; a web service calls it (`calls: [api]`) and answers /api with what the API answered. A
// real deploy must show both services' rollouts COMPLETED with their tasks running, Service Connect
// enabled on both deployments, and the load balancer's /api answering 200: the frontend reached the
// API through the proxies, by name, on the one security group rule `calls` wrote (a 502 otherwise).
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account (needs Docker for the image asset):
//   npx integ-runner --directory test --language typescript --force --tests integ.service-connect.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PlatformCluster, ServicePort, WebService, WorkerService } from '../lib';
import { assertServiceSteady, destroyableLogBucket, sampleImage } from './integ-helpers';

// The web container forwards /api to the API's Service Connect address (Node 22's fetch).
const FORWARD_API = [
  'const http = require("http");',
  'http.createServer(async (req, res) => {',
  '  if (req.url === "/health") { res.end("ok"); return; }',
  '  try { const api = await fetch(process.env.API_URL); res.writeHead(api.status, { "content-type": "application/json" }); res.end(await api.text()); }',
  '  catch (e) { res.writeHead(502); res.end(String(e)); }',
  '}).listen(8080);',
].join('\n');

const app = new App();
const stack = new Stack(app, 'EcsPlatformServiceConnectInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const image = sampleImage();
const api = new WorkerService(stack, 'Api', {
  cluster, image, port: ServicePort.http(8080, { name: 'api' }), user: '1000:1000', desiredCount: 1, logRemovalPolicy: RemovalPolicy.DESTROY,
});
const web = new WebService(stack, 'Web', {
  cluster, image, calls: [api], command: ['node', '-e', FORWARD_API], environment: { API_URL: `http://${api.serviceConnectEndpoint!.address}/` },
  healthCheckPath: '/health', user: '1000:1000', desiredCount: 1, logRemovalPolicy: RemovalPolicy.DESTROY, accessLogsBucket: destroyableLogBucket(stack),
});

const assertionStack = new Stack(app, 'ServiceConnectIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'ServiceConnectInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
for (const service of [api.service, web.service]) {
  assertServiceSteady(integ, cluster.cluster.clusterName, service.serviceName, 1, Duration.minutes(15));
  // A third describeServices, made distinct by naming the cluster by ARN.
  integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: cluster.cluster.clusterArn, services: [service.serviceName] })
    .assertAtPath('services.0.deployments.0.serviceConnectConfiguration.enabled', ExpectedResult.exact(true));
}
integ.assertions.httpApiCall(`${web.url}/api`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
