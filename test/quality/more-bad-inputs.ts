import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import {
  Deployment, Domain, ImageRepository, Ingress, NetworkPort, NetworkService, Placement, PlacementConstraint, PlatformCluster, Route,
  ServiceConnectNamespace, ServicePort, SourceImage, TaskNetworking, WebService, WorkerService,
} from '../../lib';
import { BadInput, filesWorker, plainEfsTask, plainListener, plainService, plainTask, shared, web, weekdays8, worker, zone } from './bad-input-kit';

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
function plainConstrained(s: Stack, expression: string, count = 1): void {
  const cluster = new ecs.Cluster(s, 'Cluster');
  const asg = new autoscaling.AutoScalingGroup(s, 'Asg', { vpc: cluster.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
  const provider = new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup: asg });
  cluster.addAsgCapacityProvider(provider);
  const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
  task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 });
  new ecs.Ec2Service(s, 'Service', {
    cluster, taskDefinition: task, desiredCount: 1,
    capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
    placementConstraints: Array.from({ length: count }, () => ecs.PlacementConstraint.memberOf(expression)),
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
  const site = new WebService(s, 'Web', {
    cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
  });
  site.container.addPortMappings({ containerPort: 9090, hostPort });
}

/** A web service on a shared ingress, served on `route`. */
function routed(s: Stack, route: Route): void {
  const { c, ingress, image } = shared(s);
  new WebService(s, 'Web', { cluster: c, image, ingress, route });
}

/** A plain ALB listener rule with `conditions` at `priority`. */
function plainRouted(s: Stack, priority: number, condition: elbv2.ListenerCondition): void {
  new elbv2.ApplicationListenerRule(s, 'Rule', { listener: plainListener(s), priority, conditions: [condition], action: elbv2.ListenerAction.fixedResponse(200) });
}

/** An ingress with a certificate for `name` (and `alternativeNames`) in the zone example.com. */
function domain(s: Stack, name: string, alternativeNames?: string[]): void {
  new Ingress(s, 'Ingress', { cluster: new PlatformCluster(s, 'Cluster'), domain: Domain.fromHostedZone({ zone: zone(s), name, alternativeNames }) });
}

/** A worker with a scaling schedule of each name. */
function schedules(s: Stack, names: string[]): void {
  worker(s, { scaling: { minTasks: 1, maxTasks: 8, schedules: names.map(name => ({ name, schedule: weekdays8(), minTasks: 2, maxTasks: 8 })) } });
}

/** A worker on a pool of t3.small with `count` memberOf constraints. */
function manyConstraints(s: Stack, count: number): void {
  const cluster = new PlatformCluster(s, 'Cluster');
  const pool = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.small')] });
  const constraints = Array.from({ length: count }, (_, i) => PlacementConstraint.memberOf(`attribute:rack${i} exists`));
  new WorkerService(s, 'Worker', { cluster, image: new ImageRepository(s, 'Repo').imageByTag('v1'), desiredCount: 1, placement: Placement.ec2(pool, { constraints }) });
}

/**
 * 34 web services of the smallest kind (13 resources: as many as a stack holds) with 39-character ids in
 * `s`, of an app from before aws-cdk-lib's `minimizePolicies` flag, on a cluster of another stack; from
 * `ownBucketFrom` on, they log to a bucket of the app's instead of the stack's shared one.
 */
function crowdedLogs(s: Stack, ownBucketFrom = 34): void {
  s.node.setContext('@aws-cdk/aws-iam:minimizePolicies', false);
  const platform = new Stack(s.node.root as App, 'Platform', { env: { region: 'us-east-1' } });
  const cluster = new PlatformCluster(platform, 'Cluster');
  const image = new ImageRepository(platform, 'Repo').imageByTag('v1');
  const mine = new s3.Bucket(s, 'TeamLogs', { enforceSSL: true });
  for (let i = 0; i < 34; i++) {
    new WebService(s, `CheckoutPaymentsReconciliationWebhook${String(i).padStart(2, '0')}`, {
      cluster, image, rollbackAlarms: { enabled: false }, accessLogsBucket: i >= ownBucketFrom ? mine : undefined,
    });
  }
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
  // ---- further mistakes of this round's features, each resting on the AWS limit or behaviour it names ----
  placement('an AMI id EC2 never gives (ids are ami- and 8 or 17 hex characters: resource-ids.html), so no instance matches', 'attribute:ecs.ami-id == ami-xyz',
    /compares attribute:ecs\.ami-id with "ami-xyz", which is not an id EC2 gives/, 'attribute:ecs.ami-id == ami-0123456789abcdef0'),
  placement('a subnet id without its subnet- prefix (EC2 resource ids carry it), so no instance matches', 'attribute:ecs.subnet-id == 0123456789abcdef0',
    /compares attribute:ecs\.subnet-id with "0123456789abcdef0"/, 'attribute:ecs.subnet-id == subnet-0123456789abcdef0'),
  placement('zones of another Region (an instance\'s zone is named after its Region), so the tasks are never placed',
    'attribute:ecs.availability-zone in [us-west-2a, us-west-2b]', /matches no instance of pool Stack\/Cluster\/Pool \(t3\.small, x86_64, linux, in us-east-1\)/,
    'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]'),
  placement('a Windows operating system family on a Linux pool (ECS sets ecs.os-family to LINUX there)', 'attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL',
    /matches no instance of pool Stack\/Cluster\/Pool/, 'attribute:ecs.os-family == LINUX'),
  placement('a placement expression whose parentheses do not pair (ECS refuses the expression)', '(attribute:ecs.instance-type == t3.small',
    /has unbalanced parentheses or brackets\. Allowed: an expression whose \( \) and \[ \] pair up/, '(attribute:ecs.instance-type == t3.small)'),
  placement('a placement expression of 2001 characters (ECS: at most 2000)', `attribute:team in [${Array(400).fill('t3.xx').join(',')}]`,
    /is not a cluster query expression\. Allowed: 1 to 2000 characters/, 'attribute:team in [t3.xx]'),
  {
    area: 'capacity', mistake: 'eleven placement constraints on one service (ECS: at most 10 per service or task)',
    library: s => manyConstraints(s, 11),
    message: /Stack\/Worker: placement Placement\.ec2 constraints \[.*\] has 11 constraints\. Allowed: at most 10 \(ECS's limit\)/,
    plain: s => plainConstrained(s, 'attribute:rack exists', 11),
    fixed: s => manyConstraints(s, 10),
  },
  {
    area: 'workloads', mistake: 'a route priority of 50001 (ALB listener rule priorities are 1 to 50000)',
    library: s => routed(s, Route.host('shop.example.com', { priority: 50001 })),
    message: /Stack\/Web: route priority 50001 is out of range\. Allowed: a whole number from 1 to 50000\./,
    plain: s => plainRouted(s, 50001, elbv2.ListenerCondition.hostHeaders(['shop.example.com'])),
    fixed: s => routed(s, Route.host('shop.example.com')),
  },
  {
    area: 'workloads', mistake: 'a route host of 129 characters (an ALB host-header value is at most 128)',
    library: s => routed(s, Route.host(`${'a'.repeat(117)}.example.com`)),
    message: /Stack\/Web: route host "a+\.example\.com" is not a host name a listener rule can match\. Allowed: 1 to 128/,
    plain: s => plainRouted(s, 10, elbv2.ListenerCondition.hostHeaders([`${'a'.repeat(117)}.example.com`])),
    fixed: s => routed(s, Route.host(`${'a'.repeat(116)}.example.com`)),
  },
  {
    area: 'workloads', mistake: 'a route path with a space (ALB path patterns take no spaces)',
    library: s => routed(s, Route.path('/my files/*')),
    message: /Stack\/Web: route path "\/my files\/\*" is not a path pattern a listener rule can match/,
    plain: s => plainRouted(s, 10, elbv2.ListenerCondition.pathPatterns(['/my files/*'])),
    fixed: s => routed(s, Route.path('/my-files/*')),
  },
  {
    area: 'workloads', mistake: 'four hosts in one route (an ALB condition takes at most three values)',
    library: s => routed(s, Route.match({ hosts: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'] })),
    message: /Stack\/Web: route hosts \[.*\] has 4 values, and a listener rule condition takes at most 3/,
    plain: s => plainRouted(s, 10, elbv2.ListenerCondition.hostHeaders(['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'])),
    fixed: s => routed(s, Route.match({ hosts: ['a.example.com', 'b.example.com', 'c.example.com'] })),
  },
  {
    area: 'workloads', mistake: 'a route with no host and no path (an ALB listener rule needs a condition; it would take every request)',
    library: s => routed(s, Route.match({})),
    message: /Stack\/Web: route "Route\.match\(\{\}\)" has no host and no path/,
    plain: s => new elbv2.ApplicationListenerRule(s, 'Rule', { listener: plainListener(s), priority: 10, conditions: [], action: elbv2.ListenerAction.fixedResponse(200) }),
    fixed: s => routed(s, Route.path('/*')),
  },
  {
    area: 'workloads', mistake: 'a certificate name with a wildcard past the first label (ACM takes "*" only as the leftmost label)',
    library: s => domain(s, 'shop.*.example.com'),
    message: /Stack\/Ingress: domain\.name "shop\.\*\.example\.com" is not a DNS name a certificate can cover/,
    plain: s => new acm.Certificate(s, 'Cert', { domainName: 'shop.*.example.com' }),
    fixed: s => domain(s, '*.example.com'),
  },
  {
    area: 'workloads', mistake: 'a domain label of 64 characters (DNS labels are at most 63)',
    library: s => domain(s, `${'a'.repeat(64)}.example.com`),
    message: /Stack\/Ingress: domain\.name "a+\.example\.com" is not a DNS name a certificate can cover\. Allowed: labels of letters, digits and "-" \(1 to 63 characters each\)/,
    plain: s => new acm.Certificate(s, 'Cert', { domainName: `${'a'.repeat(64)}.example.com` }),
    fixed: s => domain(s, 'shop.example.com', [`${'a'.repeat(63)}.example.com`]),
  },
  {
    area: 'workloads', mistake: 'a first certificate name of 65 characters (ACM: the Common Name is at most 64, RFC 5280; alternative names up to 253)',
    library: s => domain(s, `${'a'.repeat(53)}.example.com`),
    message: /Stack\/Ingress: domain\.name "a+\.example\.com" has 65 characters, and ACM takes at most 64 for a certificate's first name \(its Common Name\)\. Allowed: .* among domain\.alternativeNames/,
    plain: s => new acm.Certificate(s, 'Cert', { domainName: `${'a'.repeat(53)}.example.com` }),
    fixed: s => domain(s, 'shop.example.com', [`${'a'.repeat(53)}.example.com`]),
  },
  {
    area: 'workloads', mistake: 'a network listener on port 70000 (listener ports are 1 to 65535)',
    library: s => network(s, { listener: NetworkPort.udp(70000) }),
    message: /Stack\/Net: listener port 70000 is out of range\. Allowed: a whole number from 1 to 65535\./,
    plain: s => plainNlb(s, { protocol: elbv2.Protocol.UDP, port: 70000 }, { protocol: elbv2.Protocol.UDP }),
    fixed: s => network(s, { listener: NetworkPort.udp(7000) }),
  },
  {
    area: 'workloads', mistake: 'a TLS network listener with a certificate of another Region (a load balancer uses ACM certificates of its own Region)',
    library: s => network(s, { listener: NetworkPort.tls(443, acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc')) }),
    message: /Stack\/Net: listener certificate "arn:aws:acm:eu-west-1:111122223333:certificate\/abc" is a certificate of eu-west-1/,
    plain: s => plainNlb(s, { protocol: elbv2.Protocol.TLS, certificates: [acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc')] }, {}),
    fixed: s => network(s, { listener: NetworkPort.tls(443, certificate(s)) }),
  },
  {
    area: 'workloads', mistake: 'a canary deployment behind a Network Load Balancer (ECS shifts canary traffic through ALB listener rules)',
    library: s => network(s, { deployment: Deployment.canary() }),
    message: /Stack\/Net: deployment "Deployment\.canary\(\)" is not available behind a Network Load Balancer here/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.CANARY, canaryConfiguration: { stepPercent: 10 } }),
    fixed: s => network(s, { deployment: Deployment.rolling() }),
  },
  {
    area: 'cluster', mistake: 'a Service Connect namespace name with a space (Cloud Map HTTP namespace names take none)',
    library: s => publishing(s, ServiceConnectNamespace.http('shop internal'), 'api'),
    message: /Stack\/Cluster: serviceConnect "ServiceConnectNamespace\.http\(\\"shop internal\\"\)" does not name a Cloud Map HTTP namespace/,
    plain: s => new ecs.Cluster(s, 'Cluster').addDefaultCloudMapNamespace({ name: 'shop internal', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true }),
    fixed: s => publishing(s, ServiceConnectNamespace.http('shop-internal'), 'api'),
  },
  {
    area: 'workloads', mistake: 'a Service Connect port name of 65 characters (ECS port mapping names are at most 64)',
    library: s => worker(s, { port: ServicePort.http(8080, { name: 'a'.repeat(65) }) }),
    message: /Stack\/Worker: port\.name "a+" is not a Service Connect name\. Allowed: 1 to 64 lowercase letters/,
    plain: s => plainTask(s, {}, { portMappings: [{ containerPort: 8080, name: 'a'.repeat(65) }] }),
    fixed: s => worker(s, { port: ServicePort.http(8080, { name: 'a'.repeat(64) }) }),
  },
  {
    area: 'workloads', mistake: 'an access point path of 101 characters (EFS root directory paths are at most 100)',
    library: s => filesWorker(s, { containerPath: '/data', path: `/${'a'.repeat(100)}` }),
    message: /Stack\/Worker: volumes\[0\]\.path "\/a+" is not a directory an access point can have as its root/,
    plain: s => plainEfsTask(s, { containerPath: '/data', path: `/${'a'.repeat(100)}` }),
    fixed: s => filesWorker(s, { containerPath: '/data', path: `/${'a'.repeat(99)}` }),
  },
  {
    area: 'workloads', mistake: 'an access point path that climbs with .. (EFS refuses the path)',
    library: s => filesWorker(s, { containerPath: '/data', path: '/data/../etc' }),
    message: /Stack\/Worker: volumes\[0\]\.path "\/data\/\.\.\/etc" is not a directory an access point can have as its root/,
    plain: s => plainEfsTask(s, { containerPath: '/data', path: '/data/../etc' }),
    fixed: s => filesWorker(s, { containerPath: '/data', path: '/etc' }),
  },
  {
    area: 'workloads', mistake: 'two scaling schedules of one name (Application Auto Scaling keeps one scheduled action per name and target)',
    library: s => schedules(s, ['office-hours', 'office-hours']),
    message: /Stack\/Worker: scaling\.schedules\[1\]\.name "office-hours" is the name of another schedule of this service/,
    plain: s => {
      const scaling = plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 8 });
      for (const id of ['A', 'B']) scaling.scaleOnSchedule(id, { schedule: weekdays8(), minCapacity: 2 });
    },
    fixed: s => schedules(s, ['office-hours', 'evenings']),
  },
  {
    area: 'workloads', mistake: 'a scaling schedule name with a colon (Application Auto Scaling refuses ":", "/" and "|" in action names)',
    library: s => schedules(s, ['office:hours']),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.name "office:hours" is not a scheduled action name/,
    // aws-cdk-lib names the scheduled action after its construct id.
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 8 }).scaleOnSchedule('office:hours', { schedule: weekdays8(), minCapacity: 2 }),
    fixed: s => schedules(s, ['office-hours']),
  },
  {
    area: 'workloads', mistake: 'a canary share of 0.05 % (ECS takes 0.1 to 100 in steps of 0.1)',
    library: s => web(s, { deployment: Deployment.canary({ percent: 0.05 }) }),
    message: /Stack\/Web: deployment \(canary\) percent 0\.05 is not a share ECS accepts\. Allowed: 0\.1 to 100, in steps of 0\.1\./,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.CANARY, canaryConfiguration: { stepPercent: 0.05 } }),
    fixed: s => web(s, { deployment: Deployment.canary({ percent: 0.1 }) }),
  },
  {
    area: 'workloads', mistake: 'a linear step of 2 % (ECS takes 3 to 100)',
    library: s => web(s, { deployment: Deployment.linear({ stepPercent: 2 }) }),
    message: /Stack\/Web: deployment \(linear\) stepPercent 2 is not a share ECS accepts\. Allowed: 3 to 100/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.LINEAR, linearConfiguration: { stepPercent: 2 } }),
    fixed: s => web(s, { deployment: Deployment.linear({ stepPercent: 3 }) }),
  },
  {
    area: 'workloads', mistake: 'a bake time of 90 seconds (ECS bake times are whole minutes)',
    library: s => web(s, { deployment: Deployment.canary({ bake: Duration.seconds(90) }) }),
    message: /Stack\/Web: deployment \(canary\) bake "1 minute 30 seconds" is not a bake time ECS accepts\. Allowed: whole minutes from 0 to 1440/,
    plain: s => plainService(s, {
      deploymentStrategy: ecs.DeploymentStrategy.CANARY, bakeTime: Duration.seconds(90), canaryConfiguration: { stepPercent: 10 },
    }),
    fixed: s => web(s, { deployment: Deployment.canary({ bake: Duration.minutes(2) }) }),
  },
  {
    area: 'registry', mistake: 'a SourceImage directory without a Dockerfile (docker build needs one)',
    library: s => new SourceImage(s, 'Image', { repository: new ImageRepository(s, 'Repo'), directory: path.join(SAMPLE_IMAGE, '..') }),
    message: /Stack\/Image: directory ".*examples" has no Dockerfile/,
    plain: s => plainTaskWith(s, ecs.ContainerImage.fromAsset(path.join(SAMPLE_IMAGE, '..'))),
    fixed: s => new SourceImage(s, 'Image', { repository: new ImageRepository(s, 'Repo'), directory: SAMPLE_IMAGE }),
  },
  {
    area: 'workloads', mistake: 'more load balancers logging to one bucket than its policy can name (S3 limits a bucket policy to 20 KB)',
    library: s => crowdedLogs(s),
    message: /Stack\/LoadBalancerAccessLogs: bucket policy \d+ bytes at most once deployed, for the log delivery of 34 load balancers .* over S3's limit of 20 KB for a bucket policy/,
    plain: s => {
      s.node.setContext('@aws-cdk/aws-iam:minimizePolicies', false);
      const vpc = new ec2.Vpc(s, 'Vpc');
      const bucket = new s3.Bucket(s, 'Logs', { enforceSSL: true });
      for (let i = 0; i < 34; i++) new elbv2.ApplicationLoadBalancer(s, `Alb${i}`, { vpc }).logAccessLogs(bucket, `CheckoutPaymentsReconciliationWebhook${i}`);
    },
    fixed: s => crowdedLogs(s, 17),
  },
];
