import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Placement, PlacementConstraint, PlatformCluster, WorkerQueue, WorkerService } from '../../lib';
import { BadInput, busybox, cluster, plainAsg, plainCluster, plainEc2Service, plainProvider, plainService, plainTask, repo, type, web, worker, x86Pool } from './bad-input-kit';

/**
 * Mistakes with a workload's task and service: Fargate sizes, fit on a pool, container settings, rolling
 * deployment percentages, task counts, auto scaling, service strategies; and scaling signals and queues.
 * Part of the corpus that `bad-inputs.ts` composes: test/quality/bad-input.test.ts requires each case to
 * be refused at synth.
 */

/** Task sizes, fit on a pool, containers, rolling deployments, counts, scaling, strategies. */
export const TASK_BAD_INPUTS: BadInput[] = [
  // ---- workloads ----
  {
    area: 'workloads', mistake: 'a Fargate CPU value Fargate does not have (300)',
    library: s => web(s, { cpu: 300 }),
    message: /Stack\/Web: cpu 300 is not a Fargate task size/,
    fixed: s => web(s, { cpu: 256 }),
    plain: s => plainService(s, {}, { cpu: 300, memoryLimitMiB: 512 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory not offered with the CPU (256 / 4096)',
    library: s => web(s, { cpu: 256, memoryMiB: 4096 }),
    message: /memoryMiB 4096 is not offered by Fargate with cpu 256/,
    fixed: s => web(s, { cpu: 256, memoryMiB: 2048 }),
    plain: s => plainService(s, {}, { cpu: 256, memoryLimitMiB: 4096 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory not offered with the CPU (1024 / 1536)',
    library: s => web(s, { cpu: 1024, memoryMiB: 1536 }),
    message: /memoryMiB 1536 is not offered by Fargate with cpu 1024/,
    fixed: s => web(s, { cpu: 1024, memoryMiB: 2048 }),
    plain: s => plainService(s, {}, { cpu: 1024, memoryLimitMiB: 1536 }),
  },
  {
    area: 'workloads', mistake: 'Fargate memory off the 4 GiB steps of 8 vCPU',
    library: s => web(s, { cpu: 8192, memoryMiB: 18432 }),
    message: /memoryMiB 18432 is not offered by Fargate with cpu 8192/,
    fixed: s => web(s, { cpu: 8192, memoryMiB: 20480 }),
    plain: s => plainService(s, {}, { cpu: 8192, memoryLimitMiB: 18432 }),
  },
  {
    area: 'workloads', mistake: 'an EC2 task larger than every instance of its pool',
    library: s => { const c = cluster(s); new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(c)), cpu: 4096, memoryMiB: 1024 }); },
    message: /Stack\/Worker: cpu and memoryMiB "4096 CPU units, 1024 MiB" do not fit instance type t3.small/,
    fixed: s => { const c = cluster(s); new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(c)), cpu: 2048, memoryMiB: 1024 }); },
    plain: s => {
      const c = plainCluster(s);
      const provider = plainProvider(s, c);
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), cpu: 4096, memoryLimitMiB: 1024 });
      new ecs.Ec2Service(s, 'Service', { cluster: c, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
  {
    area: 'workloads', mistake: 'more awsvpc tasks than the ENIs of the pool\'s instances (t3.micro: 2 ENIs, 1 task)',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.micro')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 6 });
    },
    message: /Stack\/Worker: desiredCount 6 cannot be placed on pool Stack\/Cluster\/Pool: t3.micro runs 1 task \(2 ENIs, 1 for the instance; CPU 2048\/256 = 8, memory 993\/512 = 1\), x 2 instances at most/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.micro')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 1 });
    },
    plain: s => plainEc2Service(s, type('t3.micro'), 2, 6),
  },
  {
    area: 'workloads', mistake: 'a scaling maximum beyond the pool at its managed scaling target',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], maxInstances: 4, targetCapacityPercent: 50 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), scaling: { minTasks: 1, maxTasks: 5 } });
    },
    message: /Stack\/Worker: scaling.maxTasks 5 cannot be placed on pool Stack\/Cluster\/Pool: m5.large runs 2 tasks .* x 4 instances at most \(maxInstances\) x 50 % target capacity = 4\./,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m5.large')], maxInstances: 4, targetCapacityPercent: 50 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), scaling: { minTasks: 1, maxTasks: 4 } });
    },
    plain: s => plainEc2Service(s, type('m5.large'), 4, 5, 50),
  },
  {
    area: 'workloads', mistake: 'one task per instance (distinctInstances) and more tasks than instances',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m6i.large')], maxInstances: 3, awsvpcTrunking: true });
      new WorkerService(s, 'Worker', {
        cluster: c, image: repo(s).imageByTag('v1'), desiredCount: 4,
        placement: Placement.ec2(pool, { constraints: [PlacementConstraint.distinctInstances()] }),
      });
    },
    message: /desiredCount 4 cannot be placed on pool Stack\/Cluster\/Pool: m6i.large runs 1 task \(10 task ENIs with trunking; .*; 1 with PlacementConstraint.distinctInstances\(\)\), x 3 instances/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m6i.large')], maxInstances: 3, awsvpcTrunking: true });
      new WorkerService(s, 'Worker', {
        cluster: c, image: repo(s).imageByTag('v1'), desiredCount: 2,
        placement: Placement.ec2(pool, { constraints: [PlacementConstraint.distinctInstances()] }),
      });
    },
    plain: s => plainEc2Service(s, type('m6i.large'), 3, 4, 100, true),
  },
  {
    area: 'workloads', mistake: 'a rolling deploy at 100 % minimum healthy on a pool with no room for one more task',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 4 });
    },
    message: /Stack\/Worker: minHealthyPercent 100 \(the default\) with desiredCount 4 lets a rolling deploy stop no task before it starts one, so it needs room for 5 tasks, and pool Stack\/Cluster\/Pool holds at most 4 \(maxInstances 2 x 2 per instance; t3.small: 3 ENIs/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('t3.small')], maxInstances: 2 });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 3 });
    },
    // ECS's default minimumHealthyPercent is 100: the deploy waits for a fifth task until the circuit breaker gives up.
    plain: s => plainEc2Service(s, type('t3.small'), 2, 4),
  },
  {
    area: 'workloads', mistake: 'an x86_64 task on an arm64 pool',
    library: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m7g.large')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), architecture: ecs.CpuArchitecture.X86_64 });
    },
    message: /Stack\/Worker: architecture "X86_64" does not match pool Stack\/Cluster\/Pool \(ARM64\)/,
    fixed: s => {
      const c = cluster(s);
      const pool = c.addCapacityPool('Pool', { instanceTypes: [type('m7g.large')] });
      new WorkerService(s, 'Worker', { cluster: c, image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool), architecture: ecs.CpuArchitecture.ARM64 });
    },
    plain: s => {
      const c = plainCluster(s);
      const provider = plainProvider(s, c, {}, plainAsg(s, c, { instanceType: type('m7g.large'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM) }));
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 }); // an x86_64 image: nothing says so
      new ecs.Ec2Service(s, 'Service', { cluster: c, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
  {
    area: 'workloads', mistake: 'a Fargate stop timeout of 121 seconds',
    library: s => web(s, { stopTimeout: Duration.seconds(121) }),
    message: /Stack\/Web: stopTimeout "2 minutes 1 second" is more than Fargate allows/,
    fixed: s => web(s, { stopTimeout: Duration.seconds(120) }),
    plain: s => plainService(s, {}, {}, { stopTimeout: Duration.seconds(121) }),
  },
  {
    area: 'workloads', mistake: 'a container health check every 301 seconds',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(301) } }),
    message: /healthCheck.interval "5 minutes 1 second" is out of range\. Allowed: 5 to 300 seconds/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(300) } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(301) } }),
  },
  {
    area: 'workloads', mistake: 'a container health check timeout of 1 second',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(1) } }),
    message: /healthCheck.timeout "1 second" is out of range/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(2) } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(1) } }),
  },
  {
    area: 'workloads', mistake: '11 container health check retries',
    library: s => web(s, { healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
    message: /healthCheck.retries 11 is out of range/,
    fixed: s => web(s, { healthCheck: { command: ['CMD', 'true'], retries: 10 } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
  },
  {
    area: 'workloads', mistake: 'an empty container health check command',
    library: s => web(s, { healthCheck: { command: [] } }),
    message: /healthCheck.command \[\] is empty/,
    fixed: s => web(s, { healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] } }),
    plain: s => plainService(s, {}, {}, { healthCheck: { command: [] } }),
  },
  {
    area: 'workloads', mistake: 'AWS credentials in an environment variable',
    library: s => web(s, { environment: { AWS_SECRET_ACCESS_KEY: 'x' } }),
    message: /environment "AWS_SECRET_ACCESS_KEY" is a credential variable ECS reserves/,
    fixed: s => web(s, { environment: { APP_MODE: 'x' } }),
    plain: s => plainService(s, {}, {}, { environment: { AWS_SECRET_ACCESS_KEY: 'x' } }),
  },
  {
    area: 'workloads', mistake: 'one name both an environment variable and a secret',
    library: s => web(s, { environment: { TOKEN: 'x' }, secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
    message: /secrets "TOKEN" is also an environment variable/,
    fixed: s => web(s, { secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
    plain: s => plainService(s, {}, {}, { environment: { TOKEN: 'x' }, secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'token')) } }),
  },
  {
    area: 'workloads', mistake: 'a relative writable path',
    library: s => web(s, { writablePaths: ['tmp'] }),
    message: /writablePaths\[0\] "tmp" is not a distinct absolute path/,
    fixed: s => web(s, { writablePaths: ['/tmp'] }),
    plain: s => { const task = plainTask(s); task.addVolume({ name: 'tmp' }); task.defaultContainer!.addMountPoints({ sourceVolume: 'tmp', containerPath: 'tmp', readOnly: false }); },
  },
  {
    area: 'workloads', mistake: 'a minimum healthy percent of 101',
    library: s => web(s, { minHealthyPercent: 101 }),
    message: /minHealthyPercent 101 is out of range/,
    fixed: s => web(s, { minHealthyPercent: 100 }),
    plain: s => plainService(s, { minHealthyPercent: 101 }),
  },
  {
    area: 'workloads', mistake: 'a maximum healthy percent of 90',
    library: s => web(s, { maxHealthyPercent: 90 }),
    message: /maxHealthyPercent 90 is out of range/,
    fixed: s => web(s, { maxHealthyPercent: 101 }),
    plain: s => plainService(s, { maxHealthyPercent: 90 }),
  },
  {
    area: 'workloads', mistake: 'minimum and maximum healthy both 100 (a deploy that cannot move)',
    library: s => web(s, { minHealthyPercent: 100, maxHealthyPercent: 100 }),
    message: /maxHealthyPercent 100 with minHealthyPercent 100 leaves a deploy no room/,
    fixed: s => web(s, { minHealthyPercent: 100, maxHealthyPercent: 200 }),
    plain: s => plainService(s, { minHealthyPercent: 100, maxHealthyPercent: 100 }),
  },
  {
    area: 'workloads', mistake: 'a desired count of -1',
    library: s => web(s, { desiredCount: -1 }),
    message: /desiredCount -1 is out of range/,
    fixed: s => web(s, { desiredCount: 0 }),
    plain: s => plainService(s, { desiredCount: -1 }),
  },
  {
    area: 'workloads', mistake: 'a desired count next to auto scaling (reset on every deploy)',
    library: s => web(s, { desiredCount: 2, scaling: { minTasks: 1, maxTasks: 3 } }),
    message: /desiredCount 2 is set together with scaling, which owns the task count/,
    fixed: s => web(s, { scaling: { minTasks: 1, maxTasks: 3 } }),
    plain: s => plainService(s, { desiredCount: 2 }).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 3 }),
  },
  {
    area: 'workloads', mistake: 'auto scaling with more minimum than maximum tasks',
    library: s => web(s, { scaling: { minTasks: 5, maxTasks: 2 } }),
    message: /scaling.minTasks 5 is more than scaling.maxTasks \(2\)/,
    fixed: s => web(s, { scaling: { minTasks: 2, maxTasks: 5 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 5, maxCapacity: 2 }),
  },
  {
    area: 'workloads', mistake: 'a CPU target of 0 %',
    library: s => web(s, { scaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 0 } }),
    message: /scaling.cpuTargetPercent 0 is out of range/,
    fixed: s => web(s, { scaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 5 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 1, maxCapacity: 2 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 0 }),
  },
  {
    area: 'workloads', mistake: 'a service strategy weight above 1000',
    library: s => web(s, { placement: Placement.fargateSpot({ onDemandWeight: 1001 }) }),
    message: /placement Placement.fargateSpot onDemandWeight 1001 is out of range/,
    fixed: s => web(s, { placement: Placement.fargateSpot({ onDemandWeight: 1000 }) }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1001 }] }),
  },
  {
    area: 'workloads', mistake: 'a service strategy whose weights are all 0',
    library: s => web(s, { placement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 0 }) }),
    message: /placement Placement.fargateSpot spotWeight 0 leaves every weight at 0/,
    fixed: s => web(s, { placement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 1 }) }),
    plain: s => plainService(s, { capacityProviderStrategies: [{ capacityProvider: 'FARGATE', base: 1, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 0 }] }),
  },
  {
    area: 'workloads', mistake: 'a service strategy naming a pool of another cluster',
    library: s => {
      const other = cluster(s);
      const pool = x86Pool(other);
      new WorkerService(s, 'Worker', { cluster: new PlatformCluster(s, 'Mine'), image: repo(s).imageByTag('v1'), placement: Placement.ec2(pool) });
    },
    message: /Stack\/Worker: placement "Placement.ec2\(Stack\/Cluster\/Pool\)" names a pool of another cluster/,
    fixed: s => {
      const mine = new PlatformCluster(s, 'Mine');
      new WorkerService(s, 'Worker', { cluster: mine, image: repo(s).imageByTag('v1'), placement: Placement.ec2(x86Pool(mine)) });
    },
    plain: s => {
      const provider = plainProvider(s, plainCluster(s));
      const mine = new ecs.Cluster(s, 'Mine');
      const mineAsg = new autoscaling.AutoScalingGroup(s, 'MineAsg', { vpc: mine.vpc, instanceType: type('t3.small'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023() });
      mine.addAsgCapacityProvider(new ecs.AsgCapacityProvider(s, 'MineProvider', { autoScalingGroup: mineAsg }));
      const task = new ecs.Ec2TaskDefinition(s, 'Task');
      task.addContainer('app', { image: busybox(), memoryLimitMiB: 512 });
      new ecs.Ec2Service(s, 'Service', { cluster: mine, taskDefinition: task, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    },
  },
];

/** Scaling signals and queues (#20). */
export const SCALING_BAD_INPUTS: BadInput[] = [
  // Scaling signals and queues (#20).
  {
    area: 'workloads', mistake: 'scaling from zero tasks on CPU, which has no data while no task runs (target tracking never starts one)',
    library: s => worker(s, { scaling: { minTasks: 0, maxTasks: 4 } }),
    message: /Stack\/Worker: scaling\.minTasks 0 starts from zero tasks, and with no task running there is no CPU, memory or request data/,
    fixed: s => worker(s, { scaling: { minTasks: 1, maxTasks: 4 } }),
    plain: s => plainService(s).autoScaleTaskCount({ minCapacity: 0, maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 }),
  },
  {
    area: 'workloads', mistake: 'a queue visibility timeout shorter than the time a message takes (another task takes the message meanwhile)',
    library: s => worker(s, {
      queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(10) }),
      scaling: { minTasks: 0, maxTasks: 4, backlog: { acceptableLatency: Duration.minutes(5), timePerMessage: Duration.seconds(40) } },
    }),
    message: /Stack\/Worker: queue visibilityTimeout "10 seconds" is shorter than scaling\.backlog\.timePerMessage \(40 seconds\)/,
    fixed: s => worker(s, {
      queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(40) }),
      scaling: { minTasks: 0, maxTasks: 4, backlog: { acceptableLatency: Duration.minutes(5), timePerMessage: Duration.seconds(40) } },
    }),
    plain: s => new sqs.Queue(s, 'Queue', { visibilityTimeout: Duration.seconds(10) }),
  },
  {
    area: 'workloads', mistake: 'a queue visibility timeout shorter than the container\'s stop timeout (a stopping task\'s message goes to another)',
    library: s => worker(s, { queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(30) }), stopTimeout: Duration.seconds(100) }),
    message: /Stack\/Worker: queue visibilityTimeout "30 seconds" is shorter than the main container's stopTimeout \(1 minute 40 seconds\)/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(100) }), stopTimeout: Duration.seconds(100) }),
    plain: s => {
      new sqs.Queue(s, 'Queue', { visibilityTimeout: Duration.seconds(30) });
      plainTask(s, {}, { stopTimeout: Duration.seconds(100) });
    },
  },
  {
    area: 'workloads', mistake: 'a redrive count of 0 (SQS refuses maxReceiveCount 0)',
    library: s => worker(s, { queue: WorkerQueue.create({ maxReceiveCount: 0 }) }),
    message: /Stack\/Worker: queue maxReceiveCount 0 would move every message to the dead-letter queue before any task received it/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ maxReceiveCount: 1 }) }),
    plain: s => new sqs.Queue(s, 'Queue', { deadLetterQueue: { queue: new sqs.Queue(s, 'Dlq'), maxReceiveCount: 0 } }),
  },
  {
    area: 'workloads', mistake: 'a dead-letter queue that keeps messages for less time than its source queue (SQS counts age from the first send)',
    library: s => worker(s, { queue: WorkerQueue.create({ retention: Duration.days(7), deadLetterRetention: Duration.days(2) }) }),
    message: /Stack\/Worker: queue deadLetterRetention "2 days" is shorter than the queue's retention \(7 days\)/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ retention: Duration.days(7), deadLetterRetention: Duration.days(7) }) }),
    plain: s => new sqs.Queue(s, 'Queue', {
      retentionPeriod: Duration.days(7), deadLetterQueue: { queue: new sqs.Queue(s, 'Dlq', { retentionPeriod: Duration.days(2) }), maxReceiveCount: 3 },
    }),
  },
  {
    area: 'workloads', mistake: 'a FIFO queue subscribed to a standard SNS topic (SNS delivers to FIFO queues from FIFO topics only)',
    library: s => worker(s, { queue: WorkerQueue.create({ fifo: true }), subscriptions: [{ topic: new sns.Topic(s, 'Events') }] }),
    message: /Stack\/Worker: subscriptions\[0\]\.topic "Stack\/Events" is a standard topic, and SNS delivers to a FIFO queue from FIFO topics only/,
    fixed: s => worker(s, { queue: WorkerQueue.create({ fifo: true }), subscriptions: [{ topic: new sns.Topic(s, 'Events', { fifo: true }) }] }),
    plain: s => new sns.Topic(s, 'Events').addSubscription(new snsSubscriptions.SqsSubscription(new sqs.Queue(s, 'Queue', { fifo: true }))),
  },
  {
    area: 'workloads', mistake: 'a worker consuming a queue of another region (its scaling and alarms read metrics of their own region)',
    library: s => worker(s, { queue: WorkerQueue.fromQueue(sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:eu-west-1:111111111111:jobs')) }),
    message: /Stack\/Worker: queue "arn:aws:sqs:eu-west-1:111111111111:jobs" is in eu-west-1, and this worker in us-east-1/,
    fixed: s => worker(s, { queue: WorkerQueue.fromQueue(sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:us-east-1:111111111111:jobs')) }),
    plain: s => sqs.Queue.fromQueueArn(s, 'Remote', 'arn:aws:sqs:eu-west-1:111111111111:jobs').grantConsumeMessages(plainTask(s).taskRole),
  },
];
