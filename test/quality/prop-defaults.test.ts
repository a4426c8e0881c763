import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ts from 'typescript';
import {
  ImageRepository, NetworkPort, NetworkService, Placement, PlatformCluster, ScheduledTask, SharedFileSystem, WebService, WorkerQueue, WorkerService,
} from '../../lib';
import { testApp } from '../util';

/**
 * The `@default` of a prop, as its doc comment in lib/ states it, against what a construct built
 * without the prop synthesizes: for the props whose default is a number, a boolean, a duration, a
 * size, a log retention or a removal policy, and whose template value can be read at a fixed place.
 */

/** Every `@default` of an interface member of lib/, by "Interface.prop". */
function documentedDefaults(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) { visit(file); continue; }
      if (!file.endsWith('.ts')) continue;
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      source.forEachChild(node => {
        if (!ts.isInterfaceDeclaration(node)) return;
        for (const member of node.members) {
          const tag = ts.getJSDocTags(member).find(t => t.tagName.text === 'default');
          const text = tag && (typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment));
          if (member.name && text) found.set(`${node.name.text}.${member.name.getText(source)}`, text.replace(/\s+/g, ' ').trim());
        }
      });
    }
  };
  visit(path.join(__dirname, '..', '..', 'lib'));
  return found;
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
const REMOVAL: Record<string, string> = { RETAIN: 'Retain', DESTROY: 'Delete', RETAIN_ON_UPDATE_OR_DELETE: 'RetainExceptOnCreate' };

/** The value a `@default` text states: durations in seconds, sizes in GiB, retentions in days, removal policies as DeletionPolicy. */
function statedValue(text: string): unknown {
  let m: RegExpExecArray | null;
  if ((m = /^Duration\.(seconds|minutes|hours|days)\((\d+)\)/.exec(text))) return Number(m[2]) * UNIT_SECONDS[m[1]];
  if ((m = /^Size\.gibibytes\((\d+)\)/.exec(text))) return Number(m[1]);
  if ((m = /^logs\.RetentionDays\.([A-Z_]+)/.exec(text))) return (logs.RetentionDays as unknown as Record<string, number>)[m[1]];
  if ((m = /^RemovalPolicy\.([A-Z_]+)/.exec(text))) return REMOVAL[m[1]];
  if ((m = /^(true|false)\b/.exec(text))) return m[1] === 'true';
  if ((m = /^(\d+)\b/.exec(text))) return Number(m[1]);
  throw new Error(`cannot read a value from @default "${text}"`);
}

type Resources = Record<string, { Type: string; Properties?: any; DeletionPolicy?: string }>;

/** A prop, the construct built without it, and where its template shows the value. */
interface Case {
  readonly prop: string;
  readonly build: (stack: Stack) => void;
  readonly read: (resources: Resources) => unknown;
  /** The part of the `@default` text that holds the value, when it names several (first group). */
  readonly stated?: RegExp;
}

const image = (s: Stack) => new ImageRepository(s, 'Repo').imageByTag('v1');
const cluster = (s: Stack) => new PlatformCluster(s, 'Cluster');
const worker = (s: Stack) => new WorkerService(s, 'Worker', { cluster: cluster(s), image: image(s) });
const web = (s: Stack) => new WebService(s, 'Web', { cluster: cluster(s), image: image(s) });
const network = (s: Stack) => new NetworkService(s, 'Net', { cluster: cluster(s), image: image(s), listener: NetworkPort.tcp(5432) });
const scaled = (s: Stack) => new WebService(s, 'Web', { cluster: cluster(s), image: image(s), scaling: { minTasks: 1, maxTasks: 2 } });
const spot = (s: Stack) => new WorkerService(s, 'Worker', { cluster: cluster(s), image: image(s), placement: Placement.fargateSpot() });
const pool = (s: Stack) => cluster(s).addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
const job = (s: Stack) => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: image(s), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
const queueWorker = (s: Stack) => new WorkerService(s, 'Worker', { cluster: cluster(s), image: image(s), queue: WorkerQueue.create() });

/** The one resource of a type (whose logical ID starts with `prefix`, when given). */
function one(resources: Resources, type: string, prefix = ''): { Properties: any; DeletionPolicy?: string } {
  const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`${found.length} resources of type ${type} with prefix "${prefix}": ${found.map(([id]) => id).join(', ')}`);
  return { Properties: found[0][1].Properties ?? {}, DeletionPolicy: found[0][1].DeletionPolicy };
}
const props = (r: Resources, type: string, prefix = '') => one(r, type, prefix).Properties;
const attribute = (list: Array<{ Key: string; Value: string }>, key: string) => list.find(a => a.Key === key)?.Value;
/** The state machine's definition, its tokens left out. */
const definition = (r: Resources) => {
  const text = props(r, 'AWS::StepFunctions::StateMachine').DefinitionString;
  return typeof text === 'string' ? text : text['Fn::Join'][1].filter((part: unknown) => typeof part === 'string').join('');
};
/** The target tracking configuration of the scaling policy on a predefined metric. */
const policy = (r: Resources, metric: string) => Object.values(r)
  .filter(x => x.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy')
  .map(x => x.Properties.TargetTrackingScalingPolicyConfiguration)
  .find(c => c?.PredefinedMetricSpecification?.PredefinedMetricType === metric);
/** The service's capacity provider strategy item for a provider. */
const strategy = (r: Resources, provider: string) => props(r, 'AWS::ECS::Service').CapacityProviderStrategy.find((i: any) => i.CapacityProvider === provider);
const container = (r: Resources) => props(r, 'AWS::ECS::TaskDefinition').ContainerDefinitions[0];

const CASES: Case[] = [
  // Workloads (a worker of its own)
  { prop: 'WorkloadOptions.cpu', build: worker, read: r => Number(props(r, 'AWS::ECS::TaskDefinition').Cpu) },
  { prop: 'WorkloadOptions.memoryMiB', build: worker, read: r => Number(props(r, 'AWS::ECS::TaskDefinition').Memory) },
  { prop: 'WorkloadOptions.readonlyRootFilesystem', build: worker, read: r => container(r).ReadonlyRootFilesystem },
  { prop: 'WorkloadOptions.stopTimeout', build: worker, read: r => container(r).StopTimeout },
  { prop: 'WorkloadOptions.logRetention', build: worker, read: r => props(r, 'AWS::Logs::LogGroup', 'Worker').RetentionInDays },
  { prop: 'WorkloadOptions.logRemovalPolicy', build: worker, read: r => one(r, 'AWS::Logs::LogGroup', 'Worker').DeletionPolicy },
  // CloudFormation's default for an absent EnableExecuteCommand is false.
  { prop: 'WorkloadOptions.enableExecuteCommand', build: worker, read: r => props(r, 'AWS::ECS::Service').EnableExecuteCommand ?? false },
  { prop: 'ServiceOptions.minHealthyPercent', build: worker, read: r => props(r, 'AWS::ECS::Service').DeploymentConfiguration.MinimumHealthyPercent },
  { prop: 'ServiceOptions.maxHealthyPercent', build: worker, read: r => props(r, 'AWS::ECS::Service').DeploymentConfiguration.MaximumPercent },
  { prop: 'ServiceOptions.rollbackOnFailure', build: worker, read: r => props(r, 'AWS::ECS::Service').DeploymentConfiguration.DeploymentCircuitBreaker.Rollback },
  { prop: 'ServiceOptions.desiredCount', stated: /(\d+) for a worker/, build: worker, read: r => props(r, 'AWS::ECS::Service').DesiredCount },
  { prop: 'ServiceOptions.desiredCount', stated: /(\d+) for a web/, build: web, read: r => props(r, 'AWS::ECS::Service').DesiredCount },
  // Scaling (a web service with only its task range) and Fargate Spot placement
  { prop: 'ServiceScaling.cpuTargetPercent', build: scaled, read: r => policy(r, 'ECSServiceAverageCPUUtilization').TargetValue },
  // Absent cooldowns are Application Auto Scaling's default for ECS services, 300 seconds
  // (https://docs.aws.amazon.com/cdk/api/latest/python/aws_cdk.aws_applicationautoscaling/BaseTargetTrackingProps.html).
  { prop: 'ServiceScaling.scaleInCooldown', build: scaled, read: r => policy(r, 'ECSServiceAverageCPUUtilization').ScaleInCooldown ?? 300 },
  { prop: 'ServiceScaling.scaleOutCooldown', build: scaled, read: r => policy(r, 'ECSServiceAverageCPUUtilization').ScaleOutCooldown ?? 300 },
  // Without on-demand base or weight the strategy has no FARGATE item: no task runs on demand.
  { prop: 'FargateSpotOptions.onDemandBase', build: spot, read: r => strategy(r, 'FARGATE')?.Base ?? 0 },
  { prop: 'FargateSpotOptions.onDemandWeight', build: spot, read: r => strategy(r, 'FARGATE')?.Weight ?? 0 },
  { prop: 'FargateSpotOptions.spotWeight', build: spot, read: r => strategy(r, 'FARGATE_SPOT').Weight },
  // Web service
  { prop: 'WebServiceProps.containerPort', build: web, read: r => container(r).PortMappings[0].ContainerPort },
  { prop: 'WebServiceProps.internetFacing', build: web, read: r => props(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').Scheme === 'internet-facing' },
  { prop: 'WebServiceProps.healthCheckInterval', build: web, read: r => props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').HealthCheckIntervalSeconds },
  { prop: 'WebServiceProps.healthyThresholdCount', build: web, read: r => props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').HealthyThresholdCount },
  {
    prop: 'WebServiceProps.deregistrationDelay', build: web,
    read: r => Number(attribute(props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').TargetGroupAttributes, 'deregistration_delay.timeout_seconds')),
  },
  { prop: 'WebServiceProps.healthCheckGracePeriod', build: web, read: r => props(r, 'AWS::ECS::Service').HealthCheckGracePeriodSeconds },
  {
    prop: 'WebServiceProps.deletionProtection', build: web,
    read: r => attribute(props(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes, 'deletion_protection.enabled') === 'true',
  },
  // Network service
  { prop: 'NetworkServiceProps.internetFacing', build: network, read: r => props(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').Scheme === 'internet-facing' },
  {
    prop: 'NetworkServiceProps.crossZone', build: network,
    read: r => attribute(props(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes, 'load_balancing.cross_zone.enabled') === 'true',
  },
  {
    prop: 'NetworkServiceProps.preserveClientIp', build: network,
    read: r => attribute(props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').TargetGroupAttributes, 'preserve_client_ip.enabled') === 'true',
  },
  { prop: 'NetworkServiceProps.healthCheckInterval', build: network, read: r => props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').HealthCheckIntervalSeconds },
  { prop: 'NetworkServiceProps.healthyThresholdCount', build: network, read: r => props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').HealthyThresholdCount },
  {
    prop: 'NetworkServiceProps.deregistrationDelay', build: network,
    read: r => Number(attribute(props(r, 'AWS::ElasticLoadBalancingV2::TargetGroup').TargetGroupAttributes, 'deregistration_delay.timeout_seconds')),
  },
  { prop: 'NetworkServiceProps.healthCheckGracePeriod', build: network, read: r => props(r, 'AWS::ECS::Service').HealthCheckGracePeriodSeconds },
  {
    prop: 'NetworkServiceProps.deletionProtection', build: network,
    read: r => attribute(props(r, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes, 'deletion_protection.enabled') === 'true',
  },
  { prop: 'ServiceOptions.desiredCount', stated: /(\d+) for a web or network/, build: network, read: r => props(r, 'AWS::ECS::Service').DesiredCount },
  // Capacity pool
  { prop: 'CapacityPoolOptions.minInstances', build: pool, read: r => Number(props(r, 'AWS::AutoScaling::AutoScalingGroup').MinSize) },
  { prop: 'CapacityPoolOptions.maxInstances', build: pool, read: r => Number(props(r, 'AWS::AutoScaling::AutoScalingGroup').MaxSize) },
  { prop: 'CapacityPoolOptions.maxInstanceLifetime', build: pool, read: r => props(r, 'AWS::AutoScaling::AutoScalingGroup').MaxInstanceLifetime },
  {
    prop: 'CapacityPoolOptions.targetCapacityPercent', build: pool,
    read: r => props(r, 'AWS::ECS::CapacityProvider').AutoScalingGroupProvider.ManagedScaling.TargetCapacity,
  },
  {
    prop: 'CapacityPoolOptions.instanceWarmup', build: pool,
    read: r => props(r, 'AWS::ECS::CapacityProvider').AutoScalingGroupProvider.ManagedScaling.InstanceWarmupPeriod,
  },
  {
    prop: 'CapacityPoolOptions.volumeSize', build: pool,
    read: r => props(r, 'AWS::EC2::LaunchTemplate', 'ClusterPool').LaunchTemplateData.BlockDeviceMappings[0].Ebs.VolumeSize,
  },
  // Cluster and repository
  { prop: 'PlatformClusterProps.removalPolicy', build: cluster, read: r => one(r, 'AWS::KMS::Key').DeletionPolicy },
  { prop: 'ImageRepositoryProps.scanOnPush', build: image, read: r => props(r, 'AWS::ECR::Repository').ImageScanningConfiguration.ScanOnPush },
  { prop: 'ImageRepositoryProps.removalPolicy', build: image, read: r => one(r, 'AWS::ECR::Repository').DeletionPolicy },
  // CloudFormation's default for an absent EmptyOnDelete is false.
  { prop: 'ImageRepositoryProps.emptyOnDelete', build: image, read: r => props(r, 'AWS::ECR::Repository').EmptyOnDelete ?? false },
  // Scheduled task
  // Each run is a state machine whose ECS RunTask step starts Count tasks.
  { prop: 'ScheduledTaskProps.taskCount', build: job, read: r => Number(/"Count":(\d+)/.exec(definition(r))?.[1]) },
  { prop: 'ScheduledTaskProps.retryAttempts', build: job, read: r => props(r, 'AWS::Scheduler::Schedule').Target.RetryPolicy.MaximumRetryAttempts },
  { prop: 'ScheduledTaskProps.maxEventAge', build: job, read: r => props(r, 'AWS::Scheduler::Schedule').Target.RetryPolicy.MaximumEventAgeInSeconds },
  // Worker queue
  { prop: 'WorkerQueueOptions.retention', build: queueWorker, read: r => props(r, 'AWS::SQS::Queue', 'WorkerQueue').MessageRetentionPeriod },
  { prop: 'WorkerQueueOptions.maxReceiveCount', build: queueWorker, read: r => props(r, 'AWS::SQS::Queue', 'WorkerQueue').RedrivePolicy.maxReceiveCount },
  { prop: 'WorkerQueueOptions.deadLetterRetention', build: queueWorker, read: r => props(r, 'AWS::SQS::Queue', 'WorkerDeadLetter').MessageRetentionPeriod },
  { prop: 'WorkerQueueOptions.removalPolicy', build: queueWorker, read: r => one(r, 'AWS::SQS::Queue', 'WorkerQueue').DeletionPolicy },
  // Shared file system
  {
    prop: 'SharedFileSystemProps.automaticBackups', build: s => new SharedFileSystem(s, 'Files', { cluster: cluster(s) }),
    read: r => props(r, 'AWS::EFS::FileSystem').BackupPolicy.Status === 'ENABLED',
  },
  {
    prop: 'SharedFileSystemProps.removalPolicy', build: s => new SharedFileSystem(s, 'Files', { cluster: cluster(s) }),
    read: r => one(r, 'AWS::EFS::FileSystem').DeletionPolicy,
  },
];

describe('each documented default is what a construct built without the prop synthesizes', () => {
  const docs = documentedDefaults();

  test('the table covers at least 25 props of the main constructs', () => {
    expect(new Set(CASES.map(c => c.prop)).size).toBeGreaterThanOrEqual(25);
  });

  test('a stated value is read from the @default text as written', () => {
    expect([
      statedValue('Duration.minutes(3)'), statedValue('Size.gibibytes(30), the image'), statedValue('logs.RetentionDays.ONE_YEAR (a year)'),
      statedValue('RemovalPolicy.RETAIN'), statedValue('false (so `cdk destroy` works)'), statedValue('100 (a deploy never reduces capacity)'),
    ]).toEqual([180, 30, 365, 'Retain', false, 100]);
    expect(() => statedValue('- derived from the route')).toThrow(/cannot read a value/);
  });

  test.each(CASES.map(c => [`${c.prop}${c.stated ? ` (${c.stated.source})` : ''}`, c] as const))('%s', (_title, c) => {
    const text = docs.get(c.prop);
    expect(text).toBeDefined();
    const part = c.stated ? c.stated.exec(text!)?.[1] : text!;
    expect(part).toBeDefined();
    const stack = new Stack(testApp(), 'Stack', { env: { region: 'us-east-1' } });
    c.build(stack);
    expect(c.read(Template.fromStack(stack).toJSON().Resources)).toEqual(statedValue(part!));
  });
});

