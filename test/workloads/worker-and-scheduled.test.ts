import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ImageRepository, Placement, PlatformCluster, ScheduledTask, WorkerService } from '../../lib';
import { testStack } from '../util';
import { fixture, mainContainer, resource } from './fixtures';

describe('WorkerService', () => {
  test('runs one task with no load balancer and no inbound rule, with the same safe deploy settings', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), command: ['node', 'worker.js'] });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 1,
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      LaunchType: Match.absent(),
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 },
      HealthCheckGracePeriodSeconds: Match.absent(),
    });
    expect(resource(f.stack, 'AWS::EC2::SecurityGroup', 'WorkerServiceSecurityGroup').Properties.SecurityGroupIngress).toBeUndefined();
    expect(mainContainer(f.stack, 'WorkerTaskDefinition')).toMatchObject({ Command: ['node', 'worker.js'], ReadonlyRootFilesystem: true });
    expect(mainContainer(f.stack, 'WorkerTaskDefinition').PortMappings).toBeUndefined();
  });

  test('on an EC2 pool takes the pool\'s architecture and sends the pool\'s capacity provider', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.armPool), memoryMiB: 2048, cpu: 1024 });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties;
    expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/^ClusterArmPoolCapacityProvider/) }, Weight: 1 }]);
    expect(resource(f.stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').Properties).toMatchObject({ Cpu: '1024', Memory: '2048', RequiresCompatibilities: ['EC2'] });
  });

  test('scales on CPU and memory, without a desired count', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 1, maxTasks: 5, cpuTargetPercent: 60, memoryTargetPercent: 75 } });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: Match.absent() });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 60 }) });
  });

  test('a pending image runs zero tasks', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imagePendingPush() });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
  });

  test('rejects request-count scaling, which needs a load balancer', () => {
    const f = fixture();
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 1, maxTasks: 2, requestsPerTarget: 100 } }))
      .toThrow(/^Stack\/Worker: scaling.requestsPerTarget 100 needs a load balancer, which a worker has not\. Allowed: cpuTargetPercent and memoryTargetPercent for a worker/);
  });
});

describe('ScheduledTask', () => {
  test('runs through EventBridge Scheduler with a capacity provider strategy, never a launch type', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      placement: Placement.fargateSpot(), schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
    });
    const schedule = resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties;
    expect(schedule.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.Target.EcsParameters).toMatchObject({
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      TaskCount: 1,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    expect(schedule.Target.EcsParameters.LaunchType).toBeUndefined();
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 });
    // Created after the capacity provider association, which registers FARGATE_SPOT with the cluster.
    expect(resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').DependsOn).toEqual(['Cluster3D72770B']);
  });

  test('runs on an EC2 pool', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Hourly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      placement: Placement.ec2(f.pool), schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
    });
    const schedule = resource(f.stack, 'AWS::Scheduler::Schedule', 'HourlySchedule').Properties;
    expect(schedule.ScheduleExpression).toBe('rate(1 hour)');
    expect(schedule.Target.EcsParameters.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/^ClusterPoolCapacityProvider/) }, Weight: 1 }]);
    expect(schedule.Target.EcsParameters.LaunchType).toBeUndefined();
  });

  test('EventBridge Scheduler assumes a role of the task\'s own, only for this account', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    const role = resource(f.stack, 'AWS::IAM::Role', 'NightlyScheduleRole').Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }]);
    expect(resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties.Target.RoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^NightlyScheduleRole/), 'Arn'] });
  });

  test('a pending image leaves the schedule disabled', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imagePendingPush(), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    expect(resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties.State).toBe('DISABLED');
  });

  test('its tasks accept no inbound connection and log to a retained group', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    expect(resource(f.stack, 'AWS::EC2::SecurityGroup', 'NightlySecurityGroup').Properties.SecurityGroupIngress).toBeUndefined();
    expect(resource(f.stack, 'AWS::Logs::LogGroup', 'NightlyLogs').DeletionPolicy).toBe('Retain');
  });

  test('with ECS Exec, the task role gets what a service\'s gets: Session Manager channels, the platform key, the exec log group', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { executeCommand: true });
    const repository = new ImageRepository(stack, 'Repo');
    new ScheduledTask(stack, 'Nightly', { cluster, image: repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), enableExecuteCommand: true });
    new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), enableExecuteCommand: true });
    const statements = (prefix: string) => resource(stack, 'AWS::IAM::Policy', prefix).Properties.PolicyDocument.Statement
      .map((st: any) => [[].concat(st.Action).sort().join(','), JSON.stringify(st.Resource).replace(/Nightly|Worker/g, '<task>')]);
    const scheduled = statements('NightlyTaskDefinitionTaskRole');
    expect(scheduled).toEqual(statements('WorkerTaskDefinitionTaskRole'));
    expect(scheduled.map(([actions]: string[]) => actions)).toEqual([
      // Statements on "*" are merged by aws-cdk-lib's policy minimization.
      'logs:DescribeLogGroups,ssmmessages:CreateControlChannel,ssmmessages:CreateDataChannel,ssmmessages:OpenControlChannel,ssmmessages:OpenDataChannel',
      'kms:Decrypt,kms:GenerateDataKey',
      'logs:CreateLogStream,logs:DescribeLogStreams,logs:PutLogEvents',
    ]);
    expect(resource(stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties.Target.EcsParameters.EnableExecuteCommand).toBe(true);
  });

  test.each([
    ['taskCount 0', { taskCount: 0 }, /Stack\/Nightly: taskCount 0 is out of range\. Allowed: a whole number from 1 to 10\./],
    ['retryAttempts 200', { retryAttempts: 200 }, /Stack\/Nightly: retryAttempts 200 is out of range\. Allowed: a whole number from 0 to 185\./],
    ['a maximum event age under a minute', { maxEventAge: Duration.seconds(30) }, /Stack\/Nightly: maxEventAge \(seconds\) 30 is out of range\. Allowed: a whole number from 60 to 86400\./],
  ])('rejects %s', (_title, options, message) => {
    const f = fixture();
    expect(() => new ScheduledTask(f.stack, 'Nightly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...options,
    })).toThrow(message);
  });
});
