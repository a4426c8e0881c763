/**
 * Several services of one application sharing a cluster: an internal API that only the VPC can reach,
 * a public frontend that calls it, and a worker that calls it too.
 *
 * The API's load balancer is internal (private subnets, open to the VPC's address range only), so the
 * API never faces the internet. The others find it through its URL, passed in an environment variable.
 *
 * Deploy `ShopRegistry` first, push `v1.0.0` of both images to it, then deploy `ShopServices`.
 *
 * Run: npx cdk synth --app "npx tsx examples/services-talking-to-each-other.ts"
 */
import { App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { ImageRepository, Placement, PlatformCluster, WebService, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'ShopRegistry', { env, description: 'cdk-ecs-platform example: the shop image repositories' });
const apiRepository = new ImageRepository(registry, 'ApiRepository', { repositoryName: 'examples/shop-api' });
const frontendRepository = new ImageRepository(registry, 'FrontendRepository', { repositoryName: 'examples/shop-frontend' });

const stack = new Stack(app, 'ShopServices', { env, description: 'cdk-ecs-platform example: an internal API, its frontend and a worker' });
const platform = new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.fargateSpot({ onDemandBase: 1 }) });

const api = new WebService(stack, 'Api', {
  cluster: platform,
  image: apiRepository.imageByTag('v1.0.0'),
  internetFacing: false,
  healthCheckPath: '/health',
  user: '1000:1000',
  scaling: { minTasks: 2, maxTasks: 6, requestsPerTarget: 1000 },
});

// The URL is the internal load balancer's DNS name, which resolves to private addresses only.
const apiEnvironment = { API_URL: api.url };
const acknowledgeEnvironment = (service: WebService | WorkerService) => Validations.of(service).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'API_URL is the internal API\'s load balancer address, not a secret',
});

const frontend = new WebService(stack, 'Frontend', {
  cluster: platform,
  image: frontendRepository.imageByTag('v1.0.0'),
  environment: apiEnvironment,
  healthCheckPath: '/health',
  user: '1000:1000',
  scaling: { minTasks: 2, maxTasks: 10, requestsPerTarget: 1000 },
});
acknowledgeEnvironment(frontend);

const worker = new WorkerService(stack, 'OrderWorker', {
  cluster: platform,
  image: apiRepository.imageByTag('v1.0.0'),
  command: ['node', 'order-worker.js'],
  environment: apiEnvironment,
  user: '1000:1000',
});
acknowledgeEnvironment(worker);

new CfnOutput(stack, 'Url', { value: frontend.url, description: 'The shop' });

app.synth();
