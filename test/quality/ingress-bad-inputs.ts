import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Domain, Ingress, NetworkPort, NetworkService, Placement, PoolImage, Route, SharedFileSystem, Volume, WebService, WorkerService } from '../../lib';
import { BadInput, busybox, cluster, filesWorker, plainCluster, plainEfsTask, plainListener, plainProvider, plainService, repo, shared, type, web, weekdays8, worker, zone } from './bad-input-kit';

/**
 * Mistakes with load balancers: a shared ingress and its routes, domains and certificates, Network Load
 * Balancers, EFS volumes, scaling schedules; and an existing listener as an ingress (issue 26). Part of
 * the corpus that `bad-inputs.ts` composes: test/quality/bad-input.test.ts requires each case to be
 * refused at synth.
 */

function plainRule(s: Stack, id: string, listener: elbv2.ApplicationListener, priority: number, paths: string[]): void {
  new elbv2.ApplicationListenerRule(s, id, {
    listener, priority, conditions: [elbv2.ListenerCondition.pathPatterns(paths)], action: elbv2.ListenerAction.fixedResponse(200),
  });
}
const scheduledWorker = (s: Stack, schedule: Record<string, unknown>) =>
  worker(s, { scaling: { minTasks: 1, maxTasks: 8, schedules: [{ name: 'office-hours', schedule: weekdays8(), minTasks: 2, maxTasks: 8, ...schedule }] } });
const plainScheduled = (s: Stack, action: Partial<appscaling.ScalingSchedule>) =>
  plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 8 }).scaleOnSchedule('OfficeHours', { schedule: weekdays8(), minCapacity: 2, maxCapacity: 8, ...action });

/** The attributes of an existing HTTPS listener of a load balancer in the VPC `vpc` (the cluster's unless given). */
function existingListener(s: Stack, vpc?: ec2.IVpc) {
  const c = cluster(s);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(s, 'AlbGroup', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: true });
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(s, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/0123456789abcdef/0123456789abcdef', securityGroup,
  });
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'Alb', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod/0123456789abcdef',
    securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'prod-1.us-east-1.elb.amazonaws.com', vpc: vpc ?? c.vpc,
  });
  return { c, attributes: { cluster: c, listener, loadBalancer, securityGroup, protocol: elbv2.ApplicationProtocol.HTTPS } };
}
const otherVpc = (s: Stack) => ec2.Vpc.fromVpcAttributes(s, 'OtherVpc', { vpcId: 'vpc-0ffffffffffffffff', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-x'] });
/** A plain target group of the tasks of a plain service, on an existing listener, with a rule of `priority`. */
function plainOnListener(s: Stack, vpc: ec2.IVpc, priority: number): void {
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(s, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/0123456789abcdef/0123456789abcdef',
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(s, 'AlbGroup', 'sg-0123456789abcdef0'),
  });
  const group = new elbv2.ApplicationTargetGroup(s, 'Targets', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  new elbv2.ApplicationListenerRule(s, 'Rule', { listener, priority, conditions: [elbv2.ListenerCondition.pathPatterns(['/a/*'])], action: elbv2.ListenerAction.forward([group]) });
}

/** Load balancers (shared ingress, domains, Network Load Balancers), EFS volumes, scaling schedules. */
export const INGRESS_BAD_INPUTS: BadInput[] = [
  // ---- workloads: load balancers (shared ingress, domains, Network Load Balancers) ----
  {
    area: 'workloads', mistake: 'two services on a shared load balancer with the same route',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*') });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/shop/*') });
    },
    message: /Stack\/Web: route "Route.path\(\\"\/shop\/\*\\"\)" has the same conditions as the route of Stack\/Shop/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Shop', listener, 10, ['/shop/*']);
      plainRule(s, 'Web', listener, 20, ['/shop/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*') });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*') });
    },
  },
  {
    area: 'workloads', mistake: 'two rules of a shared listener with one priority',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*', { priority: 10 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*', { priority: 10 }) });
    },
    message: /Stack\/Web: route priority 10 is also the priority of the route of Stack\/Shop/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Shop', listener, 10, ['/shop/*']);
      plainRule(s, 'Web', listener, 10, ['/web/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Shop', { cluster: c, image, ingress, route: Route.path('/shop/*', { priority: 10 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/web/*', { priority: 11 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a route an earlier catch-all rule always takes',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Site', { cluster: c, image, ingress, route: Route.path('/*', { priority: 1 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*', { priority: 2 }) });
    },
    message: /Stack\/Web: route .* can never match: the route of Stack\/Site/,
    plain: s => {
      const listener = plainListener(s);
      plainRule(s, 'Site', listener, 1, ['/*']);
      plainRule(s, 'Web', listener, 2, ['/api/*']);
    },
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Site', { cluster: c, image, ingress, route: Route.path('/*', { priority: 2 }) });
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*', { priority: 1 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a route path without the leading slash',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('api/*') });
    },
    message: /Stack\/Web: route path "api\/\*" can never match/,
    plain: s => plainRule(s, 'Web', plainListener(s), 10, ['api/*']),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.path('/api/*') });
    },
  },
  {
    area: 'workloads', mistake: 'a route host with a port',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.host('shop.example.com:443') });
    },
    message: /Stack\/Web: route host "shop.example.com:443" is not a host name a listener rule can match/,
    plain: s => new elbv2.ApplicationListenerRule(s, 'Rule', {
      listener: plainListener(s), priority: 10, conditions: [elbv2.ListenerCondition.hostHeaders(['shop.example.com:443'])],
      action: elbv2.ListenerAction.fixedResponse(200),
    }),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.host('shop.example.com') });
    },
  },
  {
    area: 'workloads', mistake: 'four path patterns in one listener rule condition',
    library: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.match({ hosts: ['a.example.com', 'b.example.com'], paths: ['/a', '/b', '/c', '/d'] }) });
    },
    message: /Stack\/Web: route paths .* has 4 values, and a listener rule condition takes at most 3/,
    plain: s => new elbv2.ApplicationListenerRule(s, 'Rule', {
      listener: plainListener(s), priority: 10, action: elbv2.ListenerAction.fixedResponse(200),
      conditions: [elbv2.ListenerCondition.hostHeaders(['a.example.com', 'b.example.com']), elbv2.ListenerCondition.pathPatterns(['/a', '/b', '/c', '/d'])],
    }),
    fixed: s => {
      const { c, ingress, image } = shared(s);
      new WebService(s, 'Web', { cluster: c, image, ingress, route: Route.match({ hosts: ['a.example.com', 'b.example.com'], paths: ['/a', '/b', '/c'] }) });
    },
  },
  {
    area: 'workloads', mistake: 'a load balancer certificate of another region (a CloudFront one from us-east-1)',
    library: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      web(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc') });
    },
    message: /EuStack\/Web: certificate ".*" is a certificate of us-east-1, and a load balancer in eu-west-1 can only use certificates of its own region/,
    plain: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: new ec2.Vpc(stack, 'Vpc') }).addListener('Https', {
        port: 443, certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc')],
        defaultAction: elbv2.ListenerAction.fixedResponse(404),
      });
    },
    fixed: s => {
      const stack = new Stack(s.node.root as Construct, 'EuStack', { env: { region: 'eu-west-1' } });
      web(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111122223333:certificate/abc') });
    },
  },
  {
    area: 'workloads', mistake: 'a domain name outside its hosted zone',
    library: s => web(s, { domain: Domain.fromHostedZone({ zone: zone(s), name: 'shop.example.org' }) }),
    message: /Stack\/Web: domain.name "shop.example.org" is not in hosted zone example.com/,
    plain: s => new acm.Certificate(s, 'Cert', { domainName: 'shop.example.org', validation: acm.CertificateValidation.fromDns(zone(s)) }),
    fixed: s => web(s, { domain: Domain.fromHostedZone({ zone: zone(s), name: 'shop.example.com' }) }),
  },
  {
    area: 'workloads', mistake: 'Network Load Balancer access logs for a TCP listener (only TLS is logged)',
    library: s => new NetworkService(s, 'Net', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), listener: NetworkPort.tcp(5432), accessLogsBucket: new s3.Bucket(s, 'Logs'),
    }),
    message: /Stack\/Net: accessLogsBucket "Stack\/Logs" is given for a TCP listener, and Network Load Balancers write access logs only for TLS connections/,
    plain: s => new elbv2.NetworkLoadBalancer(s, 'Nlb', { vpc: new ec2.Vpc(s, 'Vpc') }).logAccessLogs(new s3.Bucket(s, 'Logs')),
    fixed: s => new NetworkService(s, 'Net', { cluster: cluster(s), image: repo(s).imageByTag('v1'), listener: NetworkPort.tcp(5432) }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on a workload with no numeric user (the access point cannot match it)',
    library: s => filesWorker(s, { containerPath: '/data' }, { user: undefined }),
    message: /Stack\/Worker: user \(not set\) does not say which numeric user owns the files of the volumes/,
    plain: s => plainEfsTask(s, { containerPath: '/data' }),
    fixed: s => filesWorker(s, { containerPath: '/data' }, { user: '1000:1000' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume mounted on / (over the whole root filesystem)',
    library: s => filesWorker(s, { containerPath: '/' }),
    message: /Stack\/Worker: volumes\[0\]\.containerPath "\/" is not a path a volume can be mounted on/,
    plain: s => plainEfsTask(s, { containerPath: '/' }),
    fixed: s => filesWorker(s, { containerPath: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on /tmp, which a writable task volume already takes',
    library: s => filesWorker(s, { containerPath: '/tmp' }),
    message: /Stack\/Worker: volumes\[0\]\.containerPath "\/tmp" is also one of writablePaths/,
    plain: s => {
      const task = plainEfsTask(s, { containerPath: '/tmp' });
      task.addVolume({ name: 'tmp' });
      task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
    },
    fixed: s => filesWorker(s, { containerPath: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an access point rooted at / (every workload sees every file)',
    library: s => filesWorker(s, { containerPath: '/data', path: '/' }),
    message: /Stack\/Worker: volumes\[0\]\.path "\/" is the file system's root directory, which EFS creates owned by root and writable by root only/,
    plain: s => plainEfsTask(s, { containerPath: '/data', path: '/' }),
    fixed: s => filesWorker(s, { containerPath: '/data', path: '/data' }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume with TLS and IAM on a Bottlerocket pool, whose ECS variant cannot mount it',
    library: s => {
      const c = cluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster: c });
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], image: PoolImage.bottlerocket() });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', placement: Placement.ec2(pool), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    },
    message: /Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on pool Stack\/Cluster\/Pool: Bottlerocket/,
    plain: s => {
      const c = plainCluster(s);
      plainProvider(s, c, { machineImageType: ecs.MachineImageType.BOTTLEROCKET });
      const fileSystem = new efs.FileSystem(s, 'Files', { vpc: c.vpc });
      const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 256 });
      task.addVolume({ name: 'files', efsVolumeConfiguration: { fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } });
    },
    fixed: s => {
      const c = cluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster: c });
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], image: PoolImage.amazonLinux2023() });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', placement: Placement.ec2(pool), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    },
  },
  {
    area: 'workloads', mistake: 'a scheduled scaling maximum above the service\'s cost ceiling',
    library: s => scheduledWorker(s, { maxTasks: 20 }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.maxTasks 20 is more than scaling\.maxTasks \(8\)/,
    plain: s => plainScheduled(s, { maxCapacity: 20 }),
    fixed: s => scheduledWorker(s, { maxTasks: 8 }),
  },
  {
    area: 'workloads', mistake: 'a scheduled scaling minimum above its maximum',
    library: s => scheduledWorker(s, { minTasks: 5, maxTasks: 3 }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.minTasks 5 is more than that schedule's maxTasks \(3\)/,
    plain: s => plainScheduled(s, { minCapacity: 5, maxCapacity: 3 }),
    fixed: s => scheduledWorker(s, { minTasks: 3, maxTasks: 5 }),
  },
  {
    area: 'workloads', mistake: 'a scaling schedule in five-field cron (Application Auto Scaling wants six)',
    library: s => scheduledWorker(s, { schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI)') }),
    message: /Stack\/Worker: scaling\.schedules\[0\]\.schedule "cron\(0 8 \* \* MON-FRI\)" has 5 fields/,
    plain: s => plainScheduled(s, { schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI)') }),
    fixed: s => scheduledWorker(s, { schedule: appscaling.Schedule.expression('cron(0 8 ? * MON-FRI *)') }),
  },
];

/** Issue 26: an existing Application Load Balancer listener as an ingress (Ingress.fromListener). */
export const EXISTING_LISTENER_BAD_INPUTS: BadInput[] = [
  {
    area: 'workloads', mistake: 'an existing listener whose load balancer is in another VPC than the cluster (a target group registers targets of its load balancer\'s VPC only: "The target group ... is not in the same VPC")',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, otherVpc(s)).attributes }),
    message: /Stack\/Ingress: loadBalancer "?Stack\/Alb"? is in VPC Stack\/OtherVpc, and the tasks of Stack\/Cluster run in VPC Stack\/Cluster\/Vpc/,
    plain: s => plainOnListener(s, otherVpc(s), 10),
    fixed: s => Ingress.fromListener(s, 'Ingress', existingListener(s).attributes),
  },
  {
    area: 'workloads', mistake: 'certificate names stated for an existing HTTP listener (an HTTP listener serves no certificate; browsers get no TLS)',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s).attributes, protocol: elbv2.ApplicationProtocol.HTTP, certificateNames: ['shop.example.com'] }),
    message: /Stack\/Ingress: certificateNames \["shop\.example\.com"\] are given for an HTTP listener, which serves no certificate/,
    plain: s => plainOnListener(s, new ec2.Vpc(s, 'Vpc'), 10),
    fixed: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s).attributes, certificateNames: ['shop.example.com'] }),
  },
  {
    area: 'workloads', mistake: 'a route given the priority of a rule the existing listener has already (ELB: "Priority \'10\' is currently in use")',
    library: s => {
      const { c, attributes } = existingListener(s);
      const ingress = Ingress.fromListener(s, 'Ingress', { ...attributes, reservedPriorities: [10] });
      new WebService(s, 'Web', { cluster: c, image: repo(s).imageByTag('v1'), ingress, route: Route.path('/a/*', { priority: 10 }) });
    },
    message: /Stack\/Web: route priority 10 is also the priority of a rule the listener has already \(reservedPriorities of Stack\/Ingress\)/,
    plain: s => plainOnListener(s, new ec2.Vpc(s, 'Vpc'), 10),
    fixed: s => {
      const { c, attributes } = existingListener(s);
      const ingress = Ingress.fromListener(s, 'Ingress', { ...attributes, reservedPriorities: [10] });
      new WebService(s, 'Web', { cluster: c, image: repo(s).imageByTag('v1'), ingress, route: Route.path('/a/*') });
    },
  },
];
