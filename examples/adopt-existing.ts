/**
 * Library workloads in an ECS cluster that an aws-cdk-lib app already runs in production: the cluster, its
 * VPC, its EC2 capacity and its load balancer's listener stay where they are, and nothing of them is created or replaced.
 *
 * - `PlatformCluster.fromClusterAttributes` takes the existing cluster (imported by name, with its VPC by
 *   ids): services name the cluster's FARGATE capacity provider (assumed associated, as
 *   `enableFargateCapacityProviders` does), and a key and a topic for their logs and alarms are created in
 *   this stack.
 * - `Ingress.fromListener` takes the existing HTTPS listener: a library `WebService` on `/reports/*` adds its
 *   target group and listener rule to it (in this stack), with the route checks and derived priorities of
 *   any ingress, clear of the priorities the listener's own rules take (`reservedPriorities`, stated: they
 *   cannot be read at synth). No second load balancer.
 * - `CapacityPool.fromCapacityProvider` takes the cluster's existing Auto Scaling group capacity provider: a
 *   library `WorkerService` runs on its instances, checked against the instance types and maximum size
 *   stated (they cannot be read at synth). No group, launch template or capacity provider is created.
 * - A new `WebService` beside them on its own load balancer, with the TLS policy the existing listener
 *   uses (`sslPolicy`), as the migration guide's first step does.
 *
 * The ids are placeholders: replace them with yours (`aws ecs describe-clusters`, `aws elbv2
 * describe-listeners`, `aws ec2 describe-subnets`).
 *
 * Run: npx cdk synth --app "npx tsx examples/adopt-existing.ts"
 */
import { App, CfnOutput, CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CapacityPool, ImageRepository, Ingress, Placement, PlatformCluster, Route, WebService, WorkerService } from '../lib';

export const app = new App();
const stack = new Stack(app, 'AdoptExisting', {
  env: { region: 'us-east-1' },
  description: 'cdk-ecs-platform example: library workloads in an existing cluster, on its capacity provider and behind its listener',
});

const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  vpcCidrBlock: '10.20.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  publicSubnetIds: ['subnet-0aa1111111111111a', 'subnet-0bb2222222222222b'],
  publicSubnetRouteTableIds: ['rtb-0aa1111111111111a', 'rtb-0bb2222222222222b'],
  privateSubnetIds: ['subnet-0cc3333333333333c', 'subnet-0dd4444444444444d'],
  privateSubnetRouteTableIds: ['rtb-0cc3333333333333c', 'rtb-0dd4444444444444d'],
});
const existing = ecs.Cluster.fromClusterAttributes(stack, 'ProductionCluster', { clusterName: 'production', vpc, securityGroups: [] });
const cluster = PlatformCluster.fromClusterAttributes(stack, 'Cluster', {
  cluster: existing,
  // Stated, not read: the cluster has Container Insights on, so workers get their rollback alarm.
  containerInsights: ecs.ContainerInsights.ENABLED,
});
const repository = ImageRepository.fromRepositoryName(stack, 'Repository', 'shop/web');

// The production load balancer's HTTPS listener and security group, by id.
const loadBalancerGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'LoadBalancerGroup', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: true });
const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'ProductionListener', {
  // A stack parameter (`cdk deploy --parameters ProductionListenerArn=...`), from `aws elbv2 describe-listeners`.
  listenerArn: new CfnParameter(stack, 'ProductionListenerArn', {
    type: 'String', description: 'The ARN of the existing HTTPS listener of the production load balancer',
  }).valueAsString,
  securityGroup: loadBalancerGroup,
});

const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'ProductionLoadBalancer', {
  loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/production/0a1b2c3d4e5f6071',
  securityGroupId: loadBalancerGroup.securityGroupId,
  loadBalancerDnsName: 'production-1234567890.us-east-1.elb.amazonaws.com',
  vpc,
});
const productionIngress = Ingress.fromListener(stack, 'ProductionIngress', {
  cluster, listener, loadBalancer, securityGroup: loadBalancerGroup,
  protocol: elbv2.ApplicationProtocol.HTTPS,
  // Stated, not read: the listener's rules take these priorities (`aws elbv2 describe-rules`).
  reservedPriorities: [10, 20],
});

const reports = new WebService(stack, 'Reports', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  ingress: productionIngress,
  route: Route.path('/reports/*'),
  healthCheckPath: '/health',
  user: '1000:1000',
});

// The cluster's existing Auto Scaling group capacity provider (`aws ecs describe-capacity-providers`).
const workers = CapacityPool.fromCapacityProvider(stack, 'ProductionWorkers', {
  cluster,
  capacityProviderName: 'production-workers',
  // Stated, not read: the group's instance types and MaxSize, against which the worker's tasks are checked.
  instanceTypes: [new ec2.InstanceType('m6i.large')],
  maxInstances: 6,
});
new WorkerService(stack, 'Invoices', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.ec2(workers),
  command: ['node', 'invoices.js'],
  cpu: 512,
  memoryMiB: 1024,
  user: '1000:1000',
});

const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
const shop = new WebService(stack, 'Shop', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  certificate,
  // The policy aws-cdk-lib's ApplicationLoadBalancedFargateService gives, so clients see no change;
  // without it, the library's default (post-quantum key exchange, TLS 1.2 and 1.3).
  sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
  healthCheckPath: '/health',
  user: '1000:1000',
});

new CfnOutput(stack, 'ShopUrl', { value: shop.url });
new CfnOutput(stack, 'ReportsUrl', { value: reports.url });

app.synth();
