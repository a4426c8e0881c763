/**
 * One load balancer for several web services: a storefront on `shop.example.com` and its API on
 * `shop.example.com/api/*`, each in a stack of its own, behind one HTTPS Application Load Balancer.
 *
 * The platform stack owns the cluster and the `Ingress`: the load balancer, its access logs, a
 * DNS-validated certificate for `*.example.com` in the hosted zone, HTTPS (TLS 1.2+) with a redirect
 * from HTTP, an alias record, and a 404 for requests no service claims. Each service stack adds only
 * a target group and a listener rule: deploying, changing or deleting one service leaves the other's
 * rule and the load balancer alone, and the second service adds no load balancer hours.
 *
 * The hosted zone is imported by id and name, without a lookup: pass yours with
 * `-c hostedZoneId=Z... -c zoneName=example.com`; the defaults are placeholders that synthesize but do
 * not deploy.
 *
 * Deploy `IngressRegistry` first, push `v1.0.0` to it, then `IngressPlatform`, then the services.
 *
 * Run: npx cdk synth --app "npx tsx examples/shared-ingress.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Deployment, Domain, ImageRepository, Ingress, PlatformCluster, Route, WebService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };
const hostedZoneId: string = app.node.tryGetContext('hostedZoneId') ?? 'Z0000000000000000000';
const zoneName: string = app.node.tryGetContext('zoneName') ?? 'example.com';

const registry = new Stack(app, 'IngressRegistry', { env, description: 'cdk-ecs-platform example: the shop image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/shop' });

const platformStack = new Stack(app, 'IngressPlatform', { env, description: 'cdk-ecs-platform example: a cluster and one HTTPS load balancer for every web service' });
const cluster = new PlatformCluster(platformStack, 'Cluster');
const zone = route53.HostedZone.fromHostedZoneAttributes(platformStack, 'Zone', { hostedZoneId, zoneName });
const ingress = new Ingress(platformStack, 'Ingress', {
  cluster,
  // One wildcard certificate and alias record: every service gets a host name under it without a new certificate.
  domain: Domain.fromHostedZone({ zone, name: `*.${zoneName}` }),
});

const shopStack = new Stack(app, 'IngressShop', { env, description: 'cdk-ecs-platform example: the storefront' });
const shop = new WebService(shopStack, 'Storefront', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  ingress,
  route: Route.host(`shop.${zoneName}`),
  healthCheckPath: '/health',
  user: '1000:1000',
});

const apiStack = new Stack(app, 'IngressApi', { env, description: 'cdk-ecs-platform example: the storefront API' });
const api = new WebService(apiStack, 'Api', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  ingress,
  // More literal characters than the storefront's route, so its rule is evaluated first.
  route: Route.hostAndPath(`shop.${zoneName}`, '/api/*'),
  healthCheckPath: '/health',
  user: '1000:1000',
  // Canary releases on a shared load balancer: ECS moves the weights of the API's own rule only.
  deployment: Deployment.canary({ percent: 10 }),
});

new CfnOutput(shopStack, 'Url', { value: shop.url });
new CfnOutput(apiStack, 'Url', { value: api.url });

app.synth();
