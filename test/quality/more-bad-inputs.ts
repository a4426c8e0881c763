import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import {
  ImageRepository, NetworkPort, NetworkService, Placement, PlacementConstraint, PlatformCluster, ServiceConnectNamespace, ServicePort, TaskNetworking,
  SourceImage, WebService, WorkerService,
} from '../../lib';
import { BadInput } from './bad-inputs';

/**
 * Mistakes with the features of issue #23's round (ingress, domain, NLB, Service Connect, bridge,
 * placement, EFS, releases, push to deploy, source images, scaling schedules), each with the fix its
 * message suggests (`fixed`), which must synthesize. Kept apart from bad-inputs.ts, which holds the
 * earlier rounds; test/quality/bad-input.test.ts and `npm run bad-inputs` run both.
 */
const type = (name: string) => new ec2.InstanceType(name);
const busybox = () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');

/** A worker on a pool of t3.small (x86_64) with one memberOf constraint. */
function constrained(s: Stack, expression: string): void {
  const cluster = new PlatformCluster(s, 'Cluster');
  const pool = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.small')] });
  new WorkerService(s, 'Worker', {
    cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), desiredCount: 1,
    placement: Placement.ec2(pool, { constraints: [PlacementConstraint.memberOf(expression)] }),
  });
}

/** The same with aws-cdk-lib alone: an EC2 service on an Auto Scaling group capacity provider, with the constraint. */
function plainConstrained(s: Stack, expression: string): void {
  const cluster = new ecs.Cluster(s, 'Cluster');
  const asg = new autoscaling.AutoScalingGroup(s, 'Asg', { vpc: cluster.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
  const provider = new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup: asg });
  cluster.addAsgCapacityProvider(provider);
  const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
  task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 });
  new ecs.Ec2Service(s, 'Service', {
    cluster, taskDefinition: task, desiredCount: 1,
    capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
    placementConstraints: [ecs.PlacementConstraint.memberOf(expression)],
  });
}

/** A Fargate task definition of aws-cdk-lib whose container runs `image`. */
function plainTaskWith(s: Stack, image: ecs.ContainerImage): void {
  new ecs.FargateTaskDefinition(s, 'Task').addContainer('app', { image });
}

/** A placement constraint mistake: the expression, what the library says, and the expression it leads to. */
function placement(mistake: string, expression: string, message: RegExp, fix: string): BadInput {
  return {
    area: 'capacity', mistake, message,
    library: s => constrained(s, expression),
    plain: s => plainConstrained(s, expression),
    fixed: s => constrained(s, fix),
  };
}

/** A stack of the same app and environment as `s`. */
const sibling = (s: Stack, id: string) => new Stack(s.node.root as App, id, { env: { region: s.region } });

/** A cluster whose worker publishes a port through Service Connect, so its namespace is created. */
function publishing(s: Stack, serviceConnect: ServiceConnectNamespace, name: string): PlatformCluster {
  const cluster = new PlatformCluster(s, 'Cluster', { serviceConnect });
  new WorkerService(s, 'Api', { cluster, image: busybox(), port: ServicePort.http(8080, { name }) });
  return cluster;
}

/** A network service of this library, with a cluster and a repository. */
function network(s: Stack, props: Partial<ConstructorParameters<typeof NetworkService>[2]>): void {
  new NetworkService(s, 'Net', { cluster: new PlatformCluster(s, 'Cluster'), image: new ImageRepository(s, 'Repo').imageByTag('v1'), listener: NetworkPort.tcp(5432), ...props });
}
const certificate = (s: Stack) => acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');

/** An NLB of aws-cdk-lib with one listener forwarding to an IP target group. */
function plainNlb(s: Stack, listener: Partial<elbv2.BaseNetworkListenerProps>, targets: Partial<elbv2.NetworkTargetGroupProps>): void {
  const vpc = new ec2.Vpc(s, 'Vpc');
  const group = new elbv2.NetworkTargetGroup(s, 'Targets', { vpc, port: 7777, protocol: elbv2.Protocol.TCP, targetType: elbv2.TargetType.IP, ...targets });
  new elbv2.NetworkLoadBalancer(s, 'Nlb', { vpc }).addListener('Listener', { port: 443, defaultTargetGroups: [group], ...listener });
}

/** A web service on a bridge pool, its container given one more port mapping through the escape hatch. */
function bridgeWeb(s: Stack, hostPort: number): void {
  const cluster = new PlatformCluster(s, 'Cluster');
  const pool = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.medium')] });
  const web = new WebService(s, 'Web', {
    cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
  });
  web.container.addPortMappings({ containerPort: 9090, hostPort });
}

const SAMPLE_IMAGE = path.join(__dirname, '..', '..', 'examples', 'sample-image');

export const MORE_BAD_INPUTS: BadInput[] = [
  // ---- source images ----
  {
    area: 'registry', mistake: 'a SourceImage directory that does not exist (it was reported as "has no Dockerfile")',
    library: s => new SourceImage(s, 'Image', { repository: new ImageRepository(s, 'Repo'), directory: path.join(SAMPLE_IMAGE, 'missing') }),
    message: /Stack\/Image: directory ".*missing" does not exist/,
    plain: s => plainTaskWith(s, ecs.ContainerImage.fromAsset(path.join(SAMPLE_IMAGE, 'missing'))),
    fixed: s => new SourceImage(s, 'Image', { repository: new ImageRepository(s, 'Repo'), directory: SAMPLE_IMAGE }),
  },

  // ---- bridge networking ----
  {
    area: 'workloads', mistake: 'a fixed host port added to a bridge task (one task per instance: a rolling deploy cannot start the next)',
    library: s => bridgeWeb(s, 9090),
    message: /Stack\/Web: container app port mapping hostPort 9090 fixes a host port with bridge networking/,
    plain: s => {
      const cluster = new ecs.Cluster(s, 'Cluster');
      cluster.addCapacity('Pool', { instanceType: type('t3.medium') });
      const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.BRIDGE });
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 256, portMappings: [{ containerPort: 9090, hostPort: 9090 }] });
      new ecs.Ec2Service(s, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
    },
    fixed: s => bridgeWeb(s, 0),
  },

  // ---- Network Load Balancers ----
  {
    area: 'workloads', mistake: 'a TLS listener without a certificate (aws-cdk-lib refuses it without a construct path)',
    library: s => network(s, { listener: NetworkPort.tls(443, undefined as unknown as acm.ICertificate) }),
    message: /Stack\/Net: listener "NetworkPort\.tls\(443\)" has no certificate, and a TLS listener ends TLS at the load balancer with one/,
    plain: s => plainNlb(s, { protocol: elbv2.Protocol.TLS }, {}),
    fixed: s => network(s, { listener: NetworkPort.tls(443, certificate(s)) }),
  },
  {
    area: 'workloads', mistake: 'a UDP service health-checked over HTTP on its UDP port\'s number (ELB checks UDP targets over TCP or HTTP: no task becomes healthy)',
    library: s => network(s, { listener: NetworkPort.udp(7777), healthCheckPath: '/health' }),
    message: /Stack\/Net: healthCheckPath "\/health" checks health over HTTP on port 7777, the number of the service's UDP port, as no healthCheckPort is given/,
    plain: s => plainNlb(s, { protocol: elbv2.Protocol.UDP, port: 7777 }, { protocol: elbv2.Protocol.UDP, healthCheck: { protocol: elbv2.Protocol.HTTP, path: '/health' } }),
    fixed: s => network(s, { listener: NetworkPort.udp(7777), healthCheckPath: '/health', healthCheckPort: 8080 }),
  },

  // ---- Service Connect ----
  {
    area: 'cluster', mistake: 'two clusters of one app creating the same Service Connect namespace (Cloud Map: NamespaceAlreadyExists)',
    library: s => {
      publishing(s, ServiceConnectNamespace.http('shop'), 'shop');
      publishing(sibling(s, 'Admin'), ServiceConnectNamespace.http('shop'), 'admin');
    },
    message: /Admin\/Cluster: serviceConnect "ServiceConnectNamespace\.http\(\\"shop\\"\)" creates the HTTP namespace that Stack\/Cluster creates in the same account and region/,
    plain: s => {
      for (const stack of [s, sibling(s, 'Admin')]) {
        new ecs.Cluster(stack, 'Cluster').addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      }
    },
    fixed: s => {
      const shop = publishing(s, ServiceConnectNamespace.http('shop'), 'shop');
      publishing(sibling(s, 'Admin'), ServiceConnectNamespace.fromNamespace(shop.serviceConnectNamespace), 'admin');
    },
  },

  // ---- placement: ECS's cluster query language (cluster-query-language.html) ----
  placement('a placement expression with "=" for "==" (ECS knows no "=" operator)', 'attribute:ecs.instance-type = t3.small',
    /Stack\/Worker: placement Placement\.ec2 constraints "attribute:ecs\.instance-type = t3\.small" uses "=", which is not an operator \(equality is "=="\)/,
    'attribute:ecs.instance-type == t3.small'),
  placement('a placement expression without the attribute: prefix (ECS reads ecs.instance-type as no subject)', 'ecs.instance-type == t3.small',
    /names "ecs\.instance-type", which is not a subject \(an attribute is written attribute:ecs\.instance-type\)/,
    'attribute:ecs.instance-type == t3.small'),
  placement('a placement expression on a built-in attribute ECS does not set (ecs.instance_type)', 'attribute:ecs.instance_type == t3.small',
    /names the attribute "ecs\.instance_type", which ECS does not set/,
    'attribute:ecs.instance-type == t3.small'),
  placement('a placement expression comparing agentVersion by pattern (ECS takes == != > >= < <= for it)', 'agentVersion =~ 1.*',
    /compares agentVersion with =~, which ECS does not take for it.*Allowed: for agentVersion: == != > >= < <=/,
    'agentVersion >= 1.0.0'),
  placement('a placement expression with an empty in list', 'attribute:ecs.availability-zone in []',
    /has an empty list, or an empty item, after attribute:ecs\.availability-zone in/,
    'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]'),
  placement('a placement expression comparing runningTasksCount with a word (ECS compares it as a number)', 'runningTasksCount < few',
    /compares runningTasksCount with "few".*Allowed: a whole number of tasks/,
    'runningTasksCount < 5'),
  placement('a placement constraint on an instance type the pool does not have (tasks never placed)', 'attribute:ecs.instance-type == m5.large',
    /matches no instance of pool Stack\/Cluster\/Pool \(t3\.small, x86_64, linux\), so its tasks could never be placed/,
    'attribute:ecs.instance-type == t3.small'),
  placement('a placement constraint on arm64 for a pool of x86_64 instances (tasks never placed)', 'attribute:ecs.cpu-architecture == arm64',
    /matches no instance of pool Stack\/Cluster\/Pool/,
    'attribute:ecs.cpu-architecture == x86_64'),
];
