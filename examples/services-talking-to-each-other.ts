/**
 * Several services of one application sharing a cluster, talking to each other through ECS Service
 * Connect: an internal API with no load balancer, a public frontend (the one load balancer) that calls
 * it, and a worker that calls it too.
 *
 * The API publishes port 8080 as `api:8080` in the cluster's Service Connect namespace (an HTTP
 * namespace, created on first use, free). Only the frontend's and the worker's tasks may connect to
 * it: each `calls: [api]` opens the API's security group to that caller on 8080, and nothing else.
 * Their code reaches it at `http://api:8080` through the Service Connect proxy in their own tasks.
 *
 * Every task runs on Fargate Spot (the cluster's default): the API and the worker are stateless and
 * retried by their callers, and the frontend keeps two tasks, so one Spot interruption (two minutes'
 * notice) leaves one serving while ECS replaces the other. Each task runs the Service Connect proxy
 * next to the app; at 256 CPU units they share the CPU (the library warns; acknowledged below for this
 * quiet shop).
 *
 * What it costs to keep, by `cdk-ecs-platform report` (npx tsx bench/example-cost.ts
 * services-talking-to-each-other): 78.93 USD a month, 68.13 of it fixed (Container Insights 27.60, the
 * load balancer 29.57, the NAT instance 9.46, the key and five alarms). With two load balancers and
 * an on-demand base it was 123.02. An on-demand task under the frontend (onDemandBase: 1) adds 6.31.
 *
 * Deploy `ShopRegistry` first, push `v1.0.0` of both images to it, then deploy `ShopServices`.
 *
 * Run: npx cdk synth --app "npx tsx examples/services-talking-to-each-other.ts"
 */
import { Annotations, App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ImageRepository, Placement, PlatformCluster, ServicePort, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'ShopRegistry', { env, description: 'cdk-ecs-platform example: the shop image repositories' });
const apiRepository = new ImageRepository(registry, 'ApiRepository', { repositoryName: 'examples/shop-api' });
const frontendRepository = new ImageRepository(registry, 'FrontendRepository', { repositoryName: 'examples/shop-frontend' });

const stack = new Stack(app, 'ShopServices', { env, description: 'cdk-ecs-platform example: an API, its frontend and a worker, through Service Connect' });
const platform = new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.fargateSpot() });

/** A quiet shop: the app and the Service Connect proxy share the task's 256 CPU units. */
const quiet = (scope: IConstruct) => Annotations.of(scope).acknowledgeWarning('cdk-ecs-platform:serviceConnectProxyCpu',
  'A quiet internal service: the app and the Service Connect proxy share 256 CPU units; raise cpu to 512 when traffic grows');

const api = new WorkerService(stack, 'Api', {
  cluster: platform,
  image: apiRepository.imageByTag('v1.0.0'),
  port: ServicePort.http(8080, { name: 'api' }),       // api:8080 for the services that call it, no one else
  user: '1000:1000',
  scaling: { minTasks: 1, maxTasks: 6, cpuTargetPercent: 60 },
});
quiet(api);

// Where the callers' code finds the API: http://api:8080, resolved by the proxy in each caller's task.
const apiEnvironment = { API_URL: `http://${api.serviceConnectEndpoint!.address}` };
const acknowledgeEnvironment = (service: WebService | WorkerService) => Validations.of(service).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'API_URL is the internal API\'s Service Connect address, not a secret',
});

const frontend = new WebService(stack, 'Frontend', {
  cluster: platform,
  image: frontendRepository.imageByTag('v1.0.0'),
  calls: [api],
  environment: apiEnvironment,
  healthCheckPath: '/health',
  user: '1000:1000',
  scaling: { minTasks: 2, maxTasks: 10, requestsPerTarget: 1000 },
});
acknowledgeEnvironment(frontend);
quiet(frontend);

const worker = new WorkerService(stack, 'OrderWorker', {
  cluster: platform,
  image: apiRepository.imageByTag('v1.0.0'),
  command: ['node', 'order-worker.js'],
  calls: [api],
  environment: apiEnvironment,
  user: '1000:1000',
});
acknowledgeEnvironment(worker);
quiet(worker);

new CfnOutput(stack, 'Url', { value: frontend.url, description: 'The shop' });

app.synth();
