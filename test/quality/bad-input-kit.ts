import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ImageRepository, Ingress, PlatformCluster, SharedFileSystem, Volume, WebService, WorkerService } from '../../lib';

/**
 * What the bad-input corpus is made of: the shape of a case (`BadInput`) and the builders its files share,
 * with this library and with aws-cdk-lib alone. The cases are in one file per concept
 * (`<concept>-bad-inputs.ts`), composed in `bad-inputs.ts`.
 */

/**
 * Mistakes users make, each written twice: with this library (which must refuse it at synth with a
 * message naming the construct path, the prop, the value and what is allowed) and with aws-cdk-lib
 * alone (to count how many of them reach a deploy there). Sources: the AWS API and service references
 * quoted in the library's messages, and the issue trackers of aws-cdk and its peers.
 */
export interface BadInput {
  readonly area: string;
  readonly mistake: string;
  /** Builds the mistake with this library in a stack (region us-east-1); it must throw, now or at synth. */
  readonly library: (stack: Stack) => void;
  /** What the library must say. */
  readonly message: RegExp;
  /** The same mistake with aws-cdk-lib alone. */
  readonly plain: (stack: Stack) => void;
  /**
   * The app with the fix the message suggests applied (its "Allowed:"), which must synthesize: a remedy
   * that does not work is a message that is not true.
   */
  readonly fixed?: (stack: Stack) => void;
  /** Why the message offers no remedy to apply, for a case without `fixed` (the test requires one or the other). */
  readonly noRemedy?: string;
}

export const type = (name: string) => new ec2.InstanceType(name);
export const busybox = () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');
export const cluster = (s: Stack, props = {}) => new PlatformCluster(s, 'Cluster', props);
export const repo = (s: Stack) => new ImageRepository(s, 'Repo');
export const x86Pool = (c: PlatformCluster, options = {}) => c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], ...options });
export const web = (s: Stack, props: Record<string, unknown> = {}) => new WebService(s, 'Web', { cluster: cluster(s), image: repo(s).imageByTag('v1'), ...props });
export const worker = (s: Stack, props: Record<string, unknown> = {}) => new WorkerService(s, 'Worker', { cluster: cluster(s), image: repo(s).imageByTag('v1'), ...props });

// aws-cdk-lib alone
export const plainCluster = (s: Stack) => new ecs.Cluster(s, 'Cluster', { enableFargateCapacityProviders: true });
export const plainAsg = (s: Stack, c: ecs.Cluster, props: Partial<autoscaling.AutoScalingGroupProps> = {}) => new autoscaling.AutoScalingGroup(s, 'Asg', {
  vpc: c.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(), ...props,
});
export const plainProvider = (s: Stack, c: ecs.Cluster, props: Partial<ecs.AsgCapacityProviderProps> = {}, asg?: autoscaling.AutoScalingGroup) => {
  const provider = new ecs.AsgCapacityProvider(s, 'Provider', { autoScalingGroup: asg ?? plainAsg(s, c), ...props });
  c.addAsgCapacityProvider(provider);
  return provider;
};
export const plainTask = (s: Stack, props: Partial<ecs.FargateTaskDefinitionProps> = {}, container: Partial<ecs.ContainerDefinitionOptions> = {}) => {
  const task = new ecs.FargateTaskDefinition(s, 'Task', props);
  task.addContainer('app', { image: busybox(), ...container });
  return task;
};
/** An EC2 service of `count` awsvpc tasks (256 CPU units, 512 MiB) on an Auto Scaling group capacity provider. */
export const plainEc2Service = (
  s: Stack, instanceType: ec2.InstanceType, maxCapacity: number, count: number, targetCapacityPercent = 100, distinct = false,
) => {
  const c = plainCluster(s);
  const provider = plainProvider(s, c, { targetCapacityPercent }, plainAsg(s, c, { instanceType, maxCapacity }));
  const task = new ecs.Ec2TaskDefinition(s, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC });
  task.addContainer('app', { image: busybox(), cpu: 256, memoryLimitMiB: 512 });
  new ecs.Ec2Service(s, 'Service', {
    cluster: c, taskDefinition: task, desiredCount: count,
    capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
    placementConstraints: distinct ? [ecs.PlacementConstraint.distinctInstances()] : undefined,
  });
};
export const plainService = (s: Stack, props: Partial<ecs.FargateServiceProps> = {}, taskProps = {}, container = {}) =>
  new ecs.FargateService(s, 'Service', { cluster: plainCluster(s), taskDefinition: plainTask(s, taskProps, container), ...props });

// Storage and scaling (#13): a worker with a volume, and its plain counterparts.
export const filesWorker = (s: Stack, volume: { containerPath: string; path?: string }, props: Record<string, unknown> = {}) => {
  const c = cluster(s);
  const files = new SharedFileSystem(s, 'Files', { cluster: c });
  return new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(files, volume)], ...props });
};
export const plainEfsTask = (s: Stack, mount: { containerPath: string; path?: string }, container: Partial<ecs.ContainerDefinitionOptions> = {}) => {
  const fileSystem = new efs.FileSystem(s, 'Files', { vpc: new ec2.Vpc(s, 'Vpc') });
  const accessPoint = fileSystem.addAccessPoint('AccessPoint', { path: mount.path ?? '/app' });
  const task = plainTask(s, {}, container);
  task.addVolume({
    name: 'files',
    efsVolumeConfiguration: {
      fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
    },
  });
  task.defaultContainer!.addMountPoints({ sourceVolume: 'files', containerPath: mount.containerPath, readOnly: false });
  return task;
};
export const weekdays8 = () => appscaling.Schedule.cron({ minute: '0', hour: '8', weekDay: 'MON-FRI' });

/** A cluster, a shared ingress and an image. */
export function shared(s: Stack) {
  const c = cluster(s);
  return { c, ingress: new Ingress(s, 'Ingress', { cluster: c }), image: repo(s).imageByTag('v1') };
}

export function zone(s: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

/** A plain ALB's listener, and a rule forwarding some paths to a target group of its own. */
export function plainListener(s: Stack): elbv2.ApplicationListener {
  const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: new ec2.Vpc(s, 'Vpc') });
  return alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
}

