import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Placement, ScheduledTask, WorkerService } from '../../lib';
import { BadInput, busybox, cluster, plainAsg, plainCluster, plainProvider, plainService, plainTask, repo, type, web, worker } from './bad-input-kit';

/**
 * Mistakes with a service's ports, health checks, sidecars and container security, scheduled tasks,
 * secrets, log retention, and the size of its stack and template. Part of the corpus that `bad-inputs.ts`
 * composes: test/quality/bad-input.test.ts requires each case to be refused at synth.
 */

const plainTargetGroup = (s: Stack, healthCheck: elbv2.HealthCheck = {}, props: Partial<elbv2.ApplicationTargetGroupProps> = {}) =>
  new elbv2.ApplicationTargetGroup(s, 'Targets', { vpc: new ec2.Vpc(s, 'Vpc'), port: 8080, targetType: elbv2.TargetType.IP, healthCheck, ...props });

/** Ports, health checks, sidecars, container security, scheduled tasks, stack and template size. */
export const SERVICE_BAD_INPUTS: BadInput[] = [
  {
    area: 'workloads', mistake: 'container port 0',
    library: s => web(s, { containerPort: 0 }),
    message: /Stack\/Web: containerPort 0 is out of range/,
    fixed: s => web(s, { containerPort: 8080 }),
    plain: s => plainService(s, {}, {}, { portMappings: [{ containerPort: 0 }] }),
  },
  {
    area: 'workloads', mistake: 'a load balancer health check path without a leading slash',
    library: s => web(s, { healthCheckPath: 'health' }),
    message: /healthCheckPath "health" is not a path/,
    fixed: s => web(s, { healthCheckPath: '/health' }),
    plain: s => plainTargetGroup(s, { path: 'health' }),
  },
  {
    area: 'workloads', mistake: 'a load balancer health check every 4 seconds',
    library: s => web(s, { healthCheckInterval: Duration.seconds(4) }),
    message: /healthCheckInterval \(seconds\) 4 is out of range/,
    fixed: s => web(s, { healthCheckInterval: Duration.seconds(5) }),
    plain: s => plainTargetGroup(s, { interval: Duration.seconds(4), timeout: Duration.seconds(2) }),
  },
  {
    area: 'workloads', mistake: 'a healthy threshold of 1',
    library: s => web(s, { healthyThresholdCount: 1 }),
    message: /healthyThresholdCount 1 is out of range/,
    fixed: s => web(s, { healthyThresholdCount: 2 }),
    plain: s => plainTargetGroup(s, { healthyThresholdCount: 1 }),
  },
  {
    area: 'workloads', mistake: 'a deregistration delay over an hour',
    library: s => web(s, { deregistrationDelay: Duration.seconds(3601) }),
    message: /deregistrationDelay \(seconds\) 3601 is out of range/,
    fixed: s => web(s, { deregistrationDelay: Duration.seconds(3600) }),
    plain: s => plainTargetGroup(s, {}, { deregistrationDelay: Duration.seconds(3601) }),
  },
  {
    area: 'workloads', mistake: 'sidecars that take all of the task\'s memory',
    library: s => web(s, { memoryMiB: 512 }).addSidecar('agent', { image: busybox(), memoryMiB: 512 }),
    message: /addSidecar\(agent\) memoryMiB 512 brings the sidecars to 512 MiB, which leaves the main container nothing/,
    fixed: s => web(s, { memoryMiB: 512 }).addSidecar('agent', { image: busybox(), memoryMiB: 256 }),
    plain: s => plainTask(s, { cpu: 256, memoryLimitMiB: 512 }, { memoryLimitMiB: 256 }).addContainer('agent', { image: busybox(), memoryLimitMiB: 512 }),
  },
  {
    area: 'workloads', mistake: 'sidecars that reserve more CPU than the task has',
    library: s => web(s, { cpu: 256 }).addSidecar('agent', { image: busybox(), memoryMiB: 64, cpu: 512 }),
    message: /addSidecar\(agent\) cpu 512 brings the sidecars to 512 CPU units, more than the task's 256/,
    fixed: s => web(s, { cpu: 256 }).addSidecar('agent', { image: busybox(), memoryMiB: 64, cpu: 128 }),
    plain: s => plainTask(s, { cpu: 256, memoryLimitMiB: 512 }).addContainer('agent', { image: busybox(), memoryLimitMiB: 64, cpu: 512 }),
  },
  {
    area: 'workloads', mistake: 'a sidecar named like the main container',
    library: s => web(s).addSidecar('app', { image: busybox(), memoryMiB: 64 }),
    message: /addSidecar\(app\) name "app" is not a free container name/,
    fixed: s => web(s).addSidecar('agent', { image: busybox(), memoryMiB: 64 }),
    plain: s => plainTask(s).addContainer('app', { image: busybox(), memoryLimitMiB: 64 }),
  },
  {
    area: 'workloads', mistake: 'a privileged container',
    library: s => worker(s).taskDefinition.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: true }),
    message: /container debug privileged true gives the container root on the host/,
    fixed: s => worker(s).taskDefinition.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: false }),
    plain: s => {
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('debug', { image: busybox(), memoryLimitMiB: 64, privileged: true });
    },
  },
  {
    area: 'workloads', mistake: 'the host\'s PID namespace',
    library: s => { (worker(s).taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).pidMode = 'host'; },
    message: /taskDefinition pidMode "host" shares the host's process namespace/,
    fixed: s => { (worker(s).taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).pidMode = 'task'; },
    plain: s => {
      const task = new ecs.Ec2TaskDefinition(s, 'Task', { pidMode: ecs.PidMode.HOST });
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 64 });
    },
  },
  ...([
    ['a cron expression with four fields', 'cron(0 3 * *)', /schedule "cron\(0 3 \* \*\)" has 4 fields/, 'cron(0 3 * * ? *)'],
    ['a cron expression with day-of-month and day-of-week both set', 'cron(0 3 1 * MON *)', /sets day-of-month and day-of-week together, or neither/, 'cron(0 3 ? * MON *)'],
    ['a cron minute of 61', 'cron(61 3 * * ? *)', /has "61" as its minutes/, 'cron(59 3 * * ? *)'],
    ['a rate in seconds', 'rate(30 seconds)', /schedule "rate\(30 seconds\)" is not a rate/, 'rate(1 minute)'],
    ['a rate of 1 in a plural unit', 'rate(1 hours)', /uses "hours" with 1/, 'rate(1 hour)'],
  ] as const).map(([mistake, expression, message, fix]): BadInput => ({
    area: 'workloads', mistake: `a schedule: ${mistake}`,
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.expression(expression) }),
    message,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.expression(fix) }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.expression(expression),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }) }) });
    },
  })),
  {
    area: 'workloads', mistake: 'a scheduled task\'s maxEventAge in fractions of a second',
    library: s => new ScheduledTask(s, 'Job', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), maxEventAge: Duration.millis(90500),
    }),
    message: /Stack\/Job: maxEventAge "90500 ms" is not a whole number of seconds/,
    fixed: s => new ScheduledTask(s, 'Job', {
      cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), maxEventAge: Duration.seconds(90),
    }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, {
          taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), maxEventAge: Duration.millis(90500),
        }) });
    },
  },
  {
    area: 'workloads', mistake: 'a secret from another region',
    library: s => worker(s, { secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')) } }),
    message: /Stack\/Worker: secrets\.DB ".*" is in eu-west-1, and the stack deploys to us-east-1/,
    fixed: s => worker(s, { secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf')) } }),
    plain: s => plainTask(s, {}, {
      secrets: { DB: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')) },
    }),
  },
  {
    area: 'workloads', mistake: 'a workload log retention computed to 42 days',
    library: s => worker(s, { logRetention: 42 as logs.RetentionDays }),
    message: /Stack\/Worker: logRetention 42 is not a retention CloudWatch Logs offers/,
    fixed: s => worker(s, { logRetention: logs.RetentionDays.ONE_YEAR }),
    plain: s => plainTask(s, {}, { logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logRetention: 42 as logs.RetentionDays }) }),
  },
  {
    area: 'workloads', mistake: 'a health check interval in fractions of a second',
    library: s => web(s, { healthCheckInterval: Duration.millis(10500) }),
    message: /Stack\/Web: healthCheckInterval "10500 ms" is not a whole number of seconds/,
    fixed: s => web(s, { healthCheckInterval: Duration.seconds(10) }),
    plain: s => plainTargetGroup(s, { interval: Duration.millis(10500) }),
  },
  {
    area: 'workloads', mistake: 'a scheduled task that starts 0 tasks',
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), taskCount: 0 }),
    message: /Stack\/Job: taskCount 0 is out of range/,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), taskCount: 1 }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), taskCount: 0 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a scheduled task retried 200 times',
    library: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), retryAttempts: 200 }),
    message: /Stack\/Job: retryAttempts 200 is out of range/,
    fixed: s => new ScheduledTask(s, 'Job', { cluster: cluster(s), image: repo(s).imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), retryAttempts: 185 }),
    plain: s => {
      const c = plainCluster(s);
      new scheduler.Schedule(s, 'Job', { schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
        target: new targets.EcsRunFargateTask(c, { taskDefinition: plainTask(s, {}, { memoryLimitMiB: 512 }), retryAttempts: 200 }) });
    },
  },
  {
    area: 'workloads', mistake: 'a stack of 456 resources (CloudFormation refuses more than 500)',
    library: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 57; i++) new WorkerService(s, `Worker${i}`, { cluster: c, image: r.imageByTag('v1') });
    },
    message: /Stack: resource count 456 is close to CloudFormation's limit of 500 per stack/,
    fixed: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const team = new Stack(s.node.root, 'Team', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 57; i++) new WorkerService(i < 29 ? s : team, `Worker${i}`, { cluster: c, image: r.imageByTag('v1') });
    },
    plain: s => { for (let i = 0; i < 456; i++) new ecr.Repository(s, `Repo${i}`); },
  },
  {
    area: 'workloads', mistake: 'a 1.2 MB template from 25 workers with 45 KB of environment each (CloudFormation refuses over 1 MB)',
    library: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 25; i++) new WorkerService(s, `Worker${i}`, { cluster: c, image: r.imageByTag('v1'), environment: { CONFIG: 'x'.repeat(45_000) } });
    },
    message: /Stack: template size \d+ bytes is close to CloudFormation's limit of 1000000/,
    fixed: s => {
      const platform = new Stack(s.node.root, 'Platform', { env: { region: 'us-east-1' } });
      const team = new Stack(s.node.root, 'Team', { env: { region: 'us-east-1' } });
      const c = cluster(platform);
      const r = repo(platform);
      for (let i = 0; i < 25; i++) new WorkerService(i < 13 ? s : team, `Worker${i}`, { cluster: c, image: r.imageByTag('v1'), environment: { CONFIG: 'x'.repeat(45_000) } });
    },
    plain: s => { for (let i = 0; i < 25; i++) new ecs.FargateTaskDefinition(s, `Task${i}`).addContainer('app', { image: busybox(), environment: { CONFIG: 'x'.repeat(45_000) } }); },
  },
  {
    // aws-cdk-lib only warns (@aws-cdk/core:Stack.templateSize); CloudFormation refuses a template over 1 MB at deploy.
    area: 'workloads', mistake: 'a template over 1 MB from an escape hatch on one worker\'s task definition (CloudFormation refuses over 1 MB)',
    library: s => {
      const w = worker(s);
      (w.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)
        .addPropertyOverride('ContainerDefinitions.0.Environment', [{ Name: 'CONFIG', Value: 'x'.repeat(1_000_000) }]);
    },
    message: /Stack: template size \d+ bytes is close to CloudFormation's limit of 1000000/,
    fixed: s => worker(s, { secrets: { CONFIG: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(s, 'Config', '/app/config')) } }),
    plain: s => {
      const task = new ecs.FargateTaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox() });
      (task.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Environment', [{ Name: 'CONFIG', Value: 'x'.repeat(1_000_000) }]);
    },
  },
  {
    area: 'workloads', mistake: 'an ARM64 task on Fargate Spot (Fargate Spot runs X86_64 only)',
    library: s => worker(s, { architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargateSpot() }),
    message: /Stack\/Worker: architecture "ARM64" cannot run on Fargate Spot/,
    fixed: s => worker(s, { architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargate() }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
      { runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } }),
  },
  {
    area: 'workloads', mistake: 'a writable path given twice, once with a trailing slash (a duplicate mount point)',
    library: s => worker(s, { writablePaths: ['/tmp', '/tmp/'] }),
    message: /Stack\/Worker: writablePaths\[1\] "\/tmp\/" is not a distinct absolute path/,
    fixed: s => worker(s, { writablePaths: ['/tmp'] }),
    plain: s => {
      const task = plainTask(s, {}, { readonlyRootFilesystem: true });
      task.addVolume({ name: 'tmp' });
      task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }, { sourceVolume: 'tmp', containerPath: '/tmp/', readOnly: false });
    },
  },
  {
    area: 'workloads', mistake: 'a privileged container written as a property override',
    library: s => {
      const w = worker(s);
      (w.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Privileged', true);
    },
    message: /Stack\/Worker: container app privileged true gives the container root on the host/,
    fixed: s => worker(s),
    plain: s => (plainTask(s).node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Privileged', true),
  },
  {
    area: 'workloads', mistake: 'a task larger than a g5g.xlarge (Graviton GPU: 8 GiB, not 16) on a pool of them',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('g5g.xlarge')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 12288 });
    },
    message: /Stack\/Worker: cpu and memoryMiB "1024 CPU units, 12288 MiB" do not fit instance type g5g.xlarge/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('g5g.xlarge')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 7946 });
    },
    plain: s => {
      const c = plainCluster(s);
      plainProvider(s, c, {}, plainAsg(s, c, { instanceType: type('g5g.xlarge'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM) }));
      new ecs.Ec2TaskDefinition(s, 'Task').addContainer('app', { image: busybox(), cpu: 1024, memoryLimitMiB: 12288 });
    },
  },
  {
    area: 'workloads', mistake: 'load balancer access logs to a KMS-encrypted bucket (log delivery writes SSE-S3 only)',
    library: s => web(s, { accessLogsBucket: new s3.Bucket(s, 'Logs', { encryptionKey: new kms.Key(s, 'Key') }) }),
    message: /Stack\/Web: accessLogsBucket "Stack\/Logs" is encrypted with a KMS key/,
    plain: s => new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: new ec2.Vpc(s, 'Vpc') })
      .logAccessLogs(new s3.Bucket(s, 'Logs', { encryptionKey: new kms.Key(s, 'Key') })),
    fixed: s => web(s, { accessLogsBucket: new s3.Bucket(s, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED }) }),
  },
];
