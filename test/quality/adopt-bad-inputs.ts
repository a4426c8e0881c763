import { Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import {
  CapacityPool, Domain, ImageRepository, Ingress, IPlatformCluster, NetworkPort, NetworkService, Placement,
  PlatformCluster, SharedFileSystem, TaskNetworking, Volume, WebService, WorkerService,
} from '../../lib';
import { BadInput } from './bad-input-kit';

/**
 * Mistakes of adopting existing capacity and listeners (issue #26: `CapacityPool.fromCapacityProvider`,
 * `Ingress.fromListener` with a domain), each with the fix its message suggests. Kept apart from the earlier
 * rounds' files; test/quality/bad-input.test.ts and `npm run bad-inputs` run all of them.
 */
const m6iLarge = new ec2.InstanceType('m6i.large');
const busybox = () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');
const image = (s: Stack) => ImageRepository.fromRepositoryName(s, 'Repo', 'shop/web').imageByTag('v1');

/** An existing cluster (`name`) of an imported VPC. */
function existingCluster(s: Stack, id = 'Cluster', name = 'production'): IPlatformCluster {
  const vpc = s.node.tryFindChild('Vpc') as ec2.IVpc | undefined ?? ec2.Vpc.fromVpcAttributes(s, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-pub1', 'subnet-pub2'], privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
  });
  return PlatformCluster.fromClusterAttributes(s, id, { cluster: ecs.Cluster.fromClusterAttributes(s, `${id}Ecs`, { clusterName: name, vpc, securityGroups: [] }) });
}
const importPool = (s: Stack, cluster: IPlatformCluster, props: Record<string, unknown> = {}) =>
  CapacityPool.fromCapacityProvider(s, 'Pool', { cluster, capacityProviderName: 'production-workers', instanceTypes: [m6iLarge], maxInstances: 4, ...props });

/** aws-cdk-lib alone: an EC2 service of `cluster` naming a capacity provider by name in its strategy. */
function plainEc2Service(s: Stack, cluster: ecs.ICluster, capacityProvider: string, networkMode = ecs.NetworkMode.AWS_VPC): ecs.Ec2Service {
  const taskDefinition = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode });
  taskDefinition.addContainer('app', { image: busybox(), memoryLimitMiB: 512, portMappings: [{ containerPort: 8080 }] });
  return new ecs.Ec2Service(s, 'Service', { cluster, taskDefinition, capacityProviderStrategies: [{ capacityProvider, weight: 1 }] });
}
const plainImportedCluster = (s: Stack) =>
  ecs.Cluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'production', vpc: new ec2.Vpc(s, 'Vpc'), securityGroups: [] });

const zone = (s: Stack) => route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
const reports = (s: Stack) => Domain.fromHostedZone({ zone: zone(s), name: 'reports.example.com' });
/** An existing HTTPS listener of the cluster's VPC; `aliased`: its load balancer imported with what an alias record needs. */
function existingListener(s: Stack, aliased: boolean) {
  const cluster = existingCluster(s);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(s, 'AlbGroup', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: true });
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(s, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/0123456789abcdef/0123456789abcdef', securityGroup,
  });
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'Alb', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod/0123456789abcdef', securityGroupId: 'sg-0123456789abcdef0',
    loadBalancerDnsName: 'prod-1.us-east-1.elb.amazonaws.com', loadBalancerCanonicalHostedZoneId: aliased ? 'Z35SXDOTRQ7X7K' : undefined,
  });
  return { cluster, listener, loadBalancer, securityGroup, protocol: elbv2.ApplicationProtocol.HTTPS };
}

export const ADOPT_BAD_INPUTS: BadInput[] = [
  {
    area: 'capacity', mistake: 'an existing capacity provider imported for a cluster the app creates (its ClusterCapacityProviderAssociations lists every provider, so one associated elsewhere is dropped; ECS: "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster")',
    library: s => CapacityPool.fromCapacityProvider(s, 'Pool', { cluster: new PlatformCluster(s, 'Cluster'), capacityProviderName: 'workers', maxInstances: 2 }),
    message: /Stack\/Pool: cluster "Stack\/Cluster" is a cluster this app creates, whose capacity providers are all listed in its one association resource/,
    plain: s => {
      const cluster = new ecs.Cluster(s, 'Cluster');
      const autoScalingGroup = new autoscaling.AutoScalingGroup(s, 'Asg', { vpc: cluster.vpc, instanceType: m6iLarge, machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
      cluster.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup }));
      plainEc2Service(s, cluster, 'workers');
    },
    fixed: s => new PlatformCluster(s, 'Cluster').addCapacityPool('Pool', { instanceTypes: [m6iLarge] }),
  },
  {
    area: 'capacity', mistake: 'the capacity provider of a pool the app creates, imported again as an existing one (two views of one pool: the imported one knows nothing of its instances and adds no dependency on it)',
    library: s => {
      new PlatformCluster(new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } }), 'Cluster').addCapacityPool('Workers', { instanceTypes: [m6iLarge], capacityProviderName: 'production-workers' });
      importPool(s, existingCluster(s));
    },
    message: /Stack\/Pool: capacityProviderName "production-workers" is the capacity provider of pool Platform\/Cluster\/Workers, which this app creates/,
    plain: s => plainEc2Service(s, plainImportedCluster(s), 'production-workers'),
    fixed: s => {
      const cluster = new PlatformCluster(s, 'Cluster');
      const pool = cluster.addCapacityPool('Workers', { instanceTypes: [m6iLarge], capacityProviderName: 'production-workers' });
      new WorkerService(s, 'Worker', { cluster, image: image(s), placement: Placement.ec2(pool) });
    },
  },
  {
    area: 'capacity', mistake: 'a workload placed on a capacity provider imported for another cluster (ECS: "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster")',
    library: s => {
      const pool = importPool(s, existingCluster(s, 'Staging', 'staging'));
      new WorkerService(s, 'Worker', { cluster: existingCluster(s), image: image(s), placement: Placement.ec2(pool) });
    },
    message: /Stack\/Worker: placement "Placement\.ec2\(Stack\/Pool\)" names a pool of another cluster \(Stack\/Staging\)/,
    plain: s => plainEc2Service(s, plainImportedCluster(s), 'staging-workers'),
    fixed: s => {
      const cluster = existingCluster(s);
      new WorkerService(s, 'Worker', { cluster, image: image(s), placement: Placement.ec2(importPool(s, cluster)) });
    },
  },
  {
    area: 'capacity', mistake: 'bridge tasks behind a load balancer on an imported capacity provider whose instances\' security group is not stated (no rule admits the load balancer to the dynamic host ports: targets fail their health checks)',
    library: s => {
      const cluster = existingCluster(s);
      new WebService(s, 'Web', { cluster, image: image(s), placement: Placement.ec2(importPool(s, cluster), { networking: TaskNetworking.bridge() }) });
    },
    message: /Stack\/Web: placement "Placement\.ec2\(Stack\/Pool, \{ networking: TaskNetworking\.bridge\(\) \}\)" puts the tasks behind a load balancer on the instances of Stack\/Pool, whose security group is not known/,
    plain: s => {
      const cluster = plainImportedCluster(s);
      const service = plainEc2Service(s, cluster, 'production-workers', ecs.NetworkMode.BRIDGE);
      const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: cluster.vpc });
      alb.addListener('Http', { port: 80 }).addTargets('Tasks', { port: 8080, targets: [service] });
    },
    fixed: s => {
      const cluster = existingCluster(s);
      const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(s, 'Instances', 'sg-0instances', { mutable: true, allowAllOutbound: false });
      new WebService(s, 'Web', { cluster, image: image(s), placement: Placement.ec2(importPool(s, cluster, { securityGroup }), { networking: TaskNetworking.bridge() }) });
    },
  },
  {
    area: 'workloads', mistake: 'a domain for an existing listener whose load balancer is imported without its canonical hosted zone id (an alias record names the zone id and DNS name of its target)',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, false), domain: reports(s) }),
    message: /Stack\/Ingress: loadBalancer "Stack\/Alb" has no loadBalancerCanonicalHostedZoneId, which an alias record of the domain points at/,
    plain: s => {
      const { loadBalancer } = existingListener(s, false);
      new route53.ARecord(s, 'Record', { zone: zone(s), recordName: 'reports.example.com', target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer)) });
    },
    fixed: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, true), domain: reports(s) }),
  },
  {
    area: 'workloads', mistake: 'a domain for an existing HTTP listener (its alias records send clients to a listener that serves no certificate: https:// fails)',
    library: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, true), protocol: elbv2.ApplicationProtocol.HTTP, domain: reports(s) }),
    message: /Stack\/Ingress: domain "reports.example.com" is given for an HTTP listener, which serves no certificate for it/,
    plain: s => {
      const { loadBalancer } = existingListener(s, true);
      new route53.ARecord(s, 'Record', { zone: zone(s), recordName: 'reports.example.com', target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer)) });
    },
    fixed: s => Ingress.fromListener(s, 'Ingress', { ...existingListener(s, true), domain: reports(s) }),
  },
  {
    area: 'workloads', mistake: 'an EFS volume on an imported capacity provider whose instances\' security group is not stated (EFS on EC2 needs NFS from the container instances too: the mount times out)',
    library: s => {
      const cluster = existingCluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster });
      new WorkerService(s, 'Worker', { cluster, image: image(s), user: '1000:1000', placement: Placement.ec2(importPool(s, cluster)), volumes: [Volume.efs(files, { containerPath: '/data' })] });
    },
    message: /Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on pool Stack\/Pool, whose instances' security group is not known/,
    plain: s => {
      const cluster = plainImportedCluster(s);
      const fileSystem = new efs.FileSystem(s, 'Files', { vpc: cluster.vpc });
      const service = plainEc2Service(s, cluster, 'production-workers');
      service.taskDefinition.addVolume({ name: 'data', efsVolumeConfiguration: { fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED' } });
      fileSystem.connections.allowDefaultPortFrom(service);
    },
    fixed: s => {
      const cluster = existingCluster(s);
      const files = new SharedFileSystem(s, 'Files', { cluster });
      const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(s, 'Instances', 'sg-0instances', { mutable: true, allowAllOutbound: false });
      new WorkerService(s, 'Worker', {
        cluster, image: image(s), user: '1000:1000', placement: Placement.ec2(importPool(s, cluster, { securityGroup })), volumes: [Volume.efs(files, { containerPath: '/data' })],
      });
    },
  },
  {
    area: 'workloads', mistake: 'an sslPolicy on a NetworkService with a TCP listener (a security policy applies to TLS listeners only: CreateListener takes SslPolicy for HTTPS and TLS)',
    library: s => new NetworkService(s, 'Net', { cluster: existingCluster(s), image: image(s), listener: NetworkPort.tcp(5432), sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }),
    message: /Stack\/Net: sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" applies to a TLS listener, and the listener is TCP, so it would be ignored/,
    plain: s => {
      const nlb = new elbv2.NetworkLoadBalancer(s, 'Nlb', { vpc: new ec2.Vpc(s, 'Vpc') });
      nlb.addListener('Tcp', { port: 5432, protocol: elbv2.Protocol.TCP, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, defaultAction: elbv2.NetworkListenerAction.forward([
        new elbv2.NetworkTargetGroup(s, 'Targets', { vpc: nlb.vpc, port: 5432, targetType: elbv2.TargetType.IP }),
      ]) });
    },
    fixed: s => new NetworkService(s, 'Net', { cluster: existingCluster(s), image: image(s), listener: NetworkPort.tcp(5432) }),
  },
];
