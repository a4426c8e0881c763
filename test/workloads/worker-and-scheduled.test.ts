import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ImageRepository, Placement, PlatformCluster, ScheduledTask, WorkerService } from '../../lib';
import { definitionOf } from '../registry/state-machine-runner';
import { testStack } from '../util';
import { fixture, mainContainer, resource, runTaskArgs } from './fixtures';

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
  test('a schedule starts a run of the job flow, which runs the task with a capacity provider strategy, never a launch type', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      placement: Placement.fargateSpot(), schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
    });
    const schedule = resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties;
    expect(schedule.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.Target.Arn).toEqual({ Ref: expect.stringMatching(/^NightlyRuns/) });
    expect(schedule.Target.EcsParameters).toBeUndefined();
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 });
    const args = runTaskArgs(f.stack, 'Nightly');
    expect(args).toMatchObject({
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      Count: 1,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      PropagateTags: 'TASK_DEFINITION',
    });
    expect(args.LaunchType).toBeUndefined();
    // Created after the capacity provider association, which registers FARGATE_SPOT with the cluster.
    expect(resource(f.stack, 'AWS::StepFunctions::StateMachine', 'NightlyRuns').DependsOn).toEqual(expect.arrayContaining(['Cluster3D72770B']));
  });

  test('runs on an EC2 pool', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Hourly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      placement: Placement.ec2(f.pool), schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
    });
    const schedule = resource(f.stack, 'AWS::Scheduler::Schedule', 'HourlySchedule').Properties;
    expect(schedule.ScheduleExpression).toBe('rate(1 hour)');
    const args = runTaskArgs(f.stack, 'Hourly');
    expect(args.CapacityProviderStrategy).toEqual([{ CapacityProvider: expect.stringMatching(/^<ClusterPoolCapacityProvider/), Weight: 1 }]);
    expect(args.LaunchType).toBeUndefined();
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
    expect(runTaskArgs(stack, 'Nightly').EnableExecuteCommand).toBe(true);
  });

  test.each([
    ['taskCount 0', { taskCount: 0 }, /Stack\/Nightly: taskCount 0 is out of range\. Allowed: a whole number from 1 to 10\./],
    ['retryAttempts 200', { retryAttempts: 200 }, /Stack\/Nightly: retryAttempts 200 is out of range\. Allowed: a whole number from 0 to 185\./],
    ['a maximum event age under a minute', { maxEventAge: Duration.seconds(30) }, /Stack\/Nightly: maxEventAge \(seconds\) 30 is out of range\. Allowed: a whole number from 60 to 86400\./],
    ['a timeout under a minute', { timeout: Duration.seconds(30) }, /Stack\/Nightly: timeout "30 seconds" is out of range\. Allowed: 1 minute to 7 days/],
    ['a timeout over a week', { timeout: Duration.days(8) }, /Stack\/Nightly: timeout "8 days" is out of range\. Allowed: 1 minute to 7 days/],
    ['a timeout in fractions of a second', { timeout: Duration.millis(90500) }, /Stack\/Nightly: timeout "90500 ms" is not a whole number of seconds/],
    ['11 retries', { retries: 11 }, /Stack\/Nightly: retries 11 is out of range\. Allowed: a whole number from 0 to 10\./],
    ['-1 retries', { retries: -1 }, /Stack\/Nightly: retries -1 is out of range\. Allowed: a whole number from 0 to 10\./],
  ])('rejects %s', (_title, options, message) => {
    const f = fixture();
    expect(() => new ScheduledTask(f.stack, 'Nightly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...options,
    })).toThrow(message);
  });

  test.each([
    ['a timeout of a minute and no retries', { timeout: Duration.minutes(1), retries: 0 }],
    ['a timeout of 7 days and 10 retries', { timeout: Duration.days(7), retries: 10 }],
  ])('accepts %s, and bounds the execution with Step Functions\' own timeout', (_title, options) => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...options });
    const definition = definitionOf(Template.fromStack(f.stack).toJSON() as Parameters<typeof definitionOf>[0], 'NightlyRuns') as any;
    // Every run and wait, with ten minutes' slack per run: the backstop past the flow's own stop (a Standard execution may last a year).
    const runs = options.retries + 1;
    expect(definition.TimeoutSeconds).toBe(runs * (options.timeout.toSeconds() + 60 + 600) + options.retries * 60);
  });

  test('publishes the state machine\'s ARN as an output, saying how to start a run and list the last ones', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    const outputs = Template.fromStack(f.stack).findOutputs('*');
    const [id, output] = Object.entries(outputs).find(([k]) => k.startsWith('NightlyRunsArn'))!;
    expect(id).toMatch(/^NightlyRunsArn/);
    expect(output.Value).toEqual({ Ref: expect.stringMatching(/^NightlyRuns/) });
    expect(output.Description).toContain('aws stepfunctions start-execution --state-machine-arn');
  });

  test('the state machine\'s role may run only this task definition, pass only its roles, and publish only to the notification topic', () => {
    const f = fixture();
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    const statements = resource(f.stack, 'AWS::IAM::Policy', 'NightlyRunsRole').Properties.PolicyDocument.Statement;
    const find = (action: string) => statements.find((st: any) => [].concat(st.Action).includes(action as never));
    expect(find('ecs:RunTask').Resource).toEqual({ Ref: expect.stringMatching(/^NightlyTaskDefinition/) });
    expect(find('sns:Publish').Resource).toEqual({ Ref: expect.stringMatching(/^ClusterNotifications/) });
    expect(find('iam:PassRole').Condition).toEqual({ StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    expect(find('ecs:TagResource').Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RunTask' } });
    expect(resource(f.stack, 'AWS::IAM::Role', 'NightlyRunsRole').Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }]);
    // The schedule's role may only start this state machine.
    const scheduleStatements = resource(f.stack, 'AWS::IAM::Policy', 'NightlyScheduleRole').Properties.PolicyDocument.Statement;
    expect(scheduleStatements).toEqual([expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: expect.stringMatching(/^NightlyRuns/) } })]);
  });
});
