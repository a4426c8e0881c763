import { Annotations, Aws, CfnOutput, CfnResource, Duration, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ClusterContext } from '../cluster/cluster-reference';
import { dropRedundantDependsOn } from '../core/dependencies';
import { checkIntegerRange, fail, wholeSeconds } from '../core/errors';
import { acknowledgeFinding, acknowledgeWildcardResources } from '../core/nag';
import { fitText, TEXT_LIMITS } from '../core/text';
import { ImageReference } from '../registry/image-reference';
import { resolveWorkload } from './private/app-environment';
import { refuseBridgeFor } from './private/bridge';
import { JOB_POLL, JOB_RETRY_WAIT, jobDefinition } from './private/job-flow';
import { addWorkloadTopic } from './private/messaging/topics';
import { addWorkloadOutputs } from './private/outputs';
import { checkScheduleExpression } from './private/schedule';
import { admitToFileSystems } from './private/volumes';
import { taskShape, WorkloadTask } from './private/workload-task';
import { ServiceTopicOptions } from './worker-queue';
import { SidecarOptions, WorkloadOptions } from './workload-options';

/** The longest `timeout`: a job that runs for more than a week is a service. */
const MAX_TIMEOUT = Duration.days(7);
const MAX_RETRIES = 10;

/** Properties of a {@link ScheduledTask}. */
export interface ScheduledTaskProps extends WorkloadOptions {
  /**
   * When the task runs: `scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' })`,
   * `scheduler.ScheduleExpression.rate(Duration.hours(1))`, with an optional time zone.
   */
  readonly schedule: scheduler.ScheduleExpression;

  /**
   * How many tasks each run starts.
   *
   * @default 1
   */
  readonly taskCount?: number;

  /**
   * How long a run may take, from RunTask (placement and image pull included) to the end of its last
   * task. A run still going then is stopped (StopTask, within a minute of the timeout), reported to the
   * cluster's notification topic as timed out, and not run again. 1 minute to 7 days.
   *
   * @default - no limit: a run ends when its tasks do
   */
  readonly timeout?: Duration;

  /**
   * How many times a failed run is run again, a minute later: a main container that exited with
   * another code than 0, a run ECS could not place (RunTask's `Failures`), or a RunTask that failed.
   * A timed-out run is not run again. The report names every run. 0 to 10.
   *
   * @default 0
   */
  readonly retries?: number;

  /**
   * How many times EventBridge Scheduler tries again to start a run when Step Functions refuses it
   * (throttled, for example). Failed runs are `retries`' business.
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge Scheduler may keep trying to start a run, so a late start never runs a stale job.
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
}

/**
 * A task that runs on a schedule (cron or rate): EventBridge Scheduler starts a run of a Step Functions
 * flow, which runs the task with a capacity provider strategy (so it can run on Fargate Spot or an EC2
 * pool), stops a run that outlives `timeout`, runs a failed one again (`retries`) and reports a failed,
 * timed-out or unplaceable run to the cluster's notification topic. An image pending its first push
 * leaves the schedule disabled. `aws stepfunctions start-execution --state-machine-arn <stateMachine's ARN>`
 * starts a run by hand; the stack's output names it.
 */
export class ScheduledTask extends Construct {
  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;
  /** The main container. */
  public readonly container: ecs.ContainerDefinition;
  /** The log group of every container of the task. */
  public readonly logGroup: logs.LogGroup;
  /** The EventBridge Scheduler schedule. */
  public readonly schedule: scheduler.Schedule;
  /** The tasks' security group (no inbound rule). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The role EventBridge Scheduler assumes to start a run. */
  public readonly role: iam.Role;
  /** The Step Functions state machine of the job's runs (Standard): one execution per run. */
  public readonly stateMachine: sfn.StateMachine;

  private readonly task: WorkloadTask;
  private readonly cluster: ClusterContext;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    const resolved = resolveWorkload(this, props, { countProp: 'taskCount', services: false });
    this.cluster = resolved.cluster;
    const taskCount = resolved.taskCount ?? 1;
    const retryAttempts = resolved.retryAttempts ?? 3;
    const maxEventAge = resolved.maxEventAge ?? Duration.hours(1);
    const retries = resolved.retries ?? 0;
    checkIntegerRange(this, 'taskCount', taskCount, 1, 10);
    checkIntegerRange(this, 'retryAttempts', retryAttempts, 0, 185);
    checkIntegerRange(this, 'maxEventAge (seconds)', wholeSeconds(this, 'maxEventAge', maxEventAge), 60, 86400);
    checkIntegerRange(this, 'retries', retries, 0, MAX_RETRIES);
    if (resolved.timeout && !resolved.timeout.isUnresolved()) {
      const seconds = wholeSeconds(this, 'timeout', resolved.timeout);
      if (seconds < 60 || seconds > MAX_TIMEOUT.toSeconds()) {
        fail(this, 'timeout', resolved.timeout.toHumanString(), 'is out of range',
          `1 minute to ${MAX_TIMEOUT.toHumanString()} (the flow looks at a run once a minute; a job longer than a week is a service)`);
      }
    }
    checkScheduleExpression(this, 'schedule', resolved.schedule);

    refuseBridgeFor(this, resolved, 'a ScheduledTask',
      'its tasks run with a security group of their own (its securityGroup), which bridge tasks cannot have; they take an ENI only while they run',
      'Placement.ec2(pool) (awsvpc, the default networking) for the scheduled task; bridge networking for web and worker services');
    this.task = new WorkloadTask(this, resolved, undefined, false);
    // Each run starts taskCount tasks at once; they are not counted with the pool's services, which they may follow.
    this.task.placement._capacity.checkCount(this, taskShape(this.task), 'taskCount', taskCount);
    // A service would grant ECS Exec to the task role; a run starts tasks directly, so the task does.
    if (resolved.enableExecuteCommand) this.task.grantExecuteCommand();
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;

    const { cluster } = resolved;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: fitText(`${this.node.path}: scheduled tasks (no inbound)`, TEXT_LIMITS.securityGroup),
      allowAllOutbound: true,
    });
    this.stateMachine = this.createRuns(resolved, resolved.cluster, taskCount, retries);

    // A role of its own (aws-cdk-lib would share one across the stack), so its findings can be acknowledged.
    this.role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: fitText(`${this.node.path}: EventBridge Scheduler starts a run of the job`, TEXT_LIMITS.iamRole),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: resolved.schedule,
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        role: this.role, retryAttempts, maxEventAge, input: scheduler.ScheduleTargetInput.fromObject({ startedBy: 'schedule' }),
      }),
      description: fitText(`${this.node.path}: starts a run of ${taskCount} task(s) of ${this.node.path}/TaskDefinition`, TEXT_LIMITS.eventBridge),
      enabled: !this.task.pendingImage,
    });
    admitToFileSystems(this, this.task.fileSystems, this.securityGroup.connections, this.task.placement, [this.stateMachine, this.schedule]);
    if (props.appEnvironment) {
      addWorkloadOutputs(this, { cluster, logGroup: this.logGroup, container: this.container, taskDefinition: this.taskDefinition });
    }
    if (this.task.pendingImage) {
      Annotations.of(this).addWarningV2(ImageReference.PENDING_IMAGE_WARNING,
        `${this.node.path}: the image is pending its first push, so this deploy disables the schedule, also when it is running ` +
        '(a deploy that forgot a -c imageTag flag stops the job). Use an ImageRelease (`new ImageRelease(stack, id, { repository })` and ' +
        '`image: release.image`): a deploy that names no version keeps what runs. If a disabled schedule is what you mean, acknowledge this warning');
    }
    if (this.task.unreleased) {
      (this.schedule.node.defaultChild as scheduler.CfnSchedule).state = Fn.conditionIf(this.task.unreleased.logicalId, 'DISABLED', 'ENABLED').toString();
    }
    new CfnOutput(this, 'RunsArn', {
      value: this.stateMachine.stateMachineArn,
      description: fitText(`${this.node.path}: start a run now with aws stepfunctions start-execution --state-machine-arn <this value>; ` +
        'list-executions --state-machine-arn <this value> shows how the last runs ended', 1024),
    });
  }

  /** Adds a sidecar container; the main container's memory limit shrinks by the sidecar's. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    return this.task.addSidecar(name, options);
  }

  /**
   * Adds an SNS topic the job owns and publishes to (Copilot's `publish.topics`): encrypted with the
   * platform key, TLS only; the task role may publish to it, and the container finds its ARN in
   * `<NAME>_TOPIC_ARN` (`order-events` gives `ORDER_EVENTS_TOPIC_ARN`). Workers subscribe their queues to it.
   */
  public addTopic(name: string, options: ServiceTopicOptions = {}): sns.Topic {
    return addWorkloadTopic(this, this.task, this.cluster, name, options);
  }

  /**
   * The job's flow (private/job-flow.ts): a Standard state machine that runs, watches, stops, retries
   * and reports. Its history goes to a log group of its own under /aws/vendedlogs/ (Step Functions adds
   * every other log group to the account's CloudWatch Logs resource policy, which holds 5120 characters:
   * https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html), encrypted and kept as the task's.
   */
  private createRuns(props: ScheduledTaskProps, cluster: ClusterContext, taskCount: number, retries: number): sfn.StateMachine {
    const stack = Stack.of(this);
    const clusterName = cluster.cluster.clusterName;
    const taskArns = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${clusterName}/*` });
    const placement = this.task.placement;
    const runTask: Record<string, unknown> = {
      Count: taskCount,
      CapacityProviderStrategy: this.task.strategies.map(s => ({
        CapacityProvider: s.capacityProvider, Weight: s.weight, ...s.base === undefined ? {} : { Base: s.base },
      })),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: cluster.vpc.selectSubnets(cluster.workloadSubnets).subnetIds,
          SecurityGroups: [this.securityGroup.securityGroupId],
          AssignPublicIp: 'DISABLED',
        },
      },
      // As the schedule target sent them: strategies and constraints only when given.
      ...placement.customPlacement ? {
        PlacementStrategy: placement.placementStrategies.map(s => ({ Type: s.type, ...s.field ? { Field: s.field } : {} })),
        PlacementConstraints: placement.placementConstraints.map(c => ({ Type: c.type, ...c.expression ? { Expression: c.expression } : {} })),
      } : {},
      PropagateTags: 'TASK_DEFINITION',
      EnableECSManagedTags: true,
      EnableExecuteCommand: props.enableExecuteCommand ?? false,
    };
    const logGroup = new logs.LogGroup(this, 'RunLogs', {
      logGroupName: Fn.join('', [`/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-`,
        // The stack's id: a retained group of a deleted stack never blocks a new one.
        Fn.select(2, Fn.split('/', Aws.STACK_ID))]),
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: cluster.key,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const timeout = props.timeout;
    // A role of its own, assumable by Step Functions for this account only (aws-cdk-lib's has no condition).
    const role = new iam.Role(this, 'RunsRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: fitText(`${this.node.path}: the job flow runs, watches, stops and reports the task`, TEXT_LIMITS.iamRole),
    });
    const stateMachine = new sfn.StateMachine(this, 'Runs', {
      role,
      stateMachineName: Names.uniqueResourceName(this, { maxLength: 80, separator: '-' }),
      queryLanguage: sfn.QueryLanguage.JSONATA,
      // The states are constructs of their own scope, apart from the job's resources.
      definitionBody: sfn.DefinitionBody.fromChainable(jobDefinition(new Construct(this, 'Flow'), {
        path: this.node.path,
        clusterArn: cluster.cluster.clusterArn,
        taskArns,
        taskDefinitionArn: this.taskDefinition.taskDefinitionArn,
        runTask,
        topic: cluster.notificationTopic,
        timeout,
        retries,
      })),
      // The flow stops a run past `timeout` itself; Step Functions' own timeout is the backstop for every run and wait.
      timeout: timeout && Duration.seconds((retries + 1) * (timeout.toSeconds() + JOB_POLL.toSeconds() + 600) + retries * JOB_RETRY_WAIT.toSeconds()),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: `Runs ${taskCount} task(s) of ${this.node.path}: stops a run past its timeout, runs a failed one again, reports failures`,
    });
    cluster.notificationTopic.grantPublish(stateMachine);
    stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.taskDefinition.taskRole.roleArn, this.taskDefinition.obtainExecutionRole().roleArn],
      conditions: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }));
    // RunTask tags the tasks it starts (PropagateTags, managed tags).
    stateMachine.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ecs:TagResource'], resources: [taskArns], conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    }));
    // The state machine names its role through Fn::GetAtt already (W3005 otherwise).
    dropRedundantDependsOn(stateMachine.node.defaultChild as CfnResource, stateMachine.role.node.defaultChild as CfnResource);
    // The strategy names capacity providers the cluster registers through its association.
    (stateMachine.node.defaultChild as CfnResource).node.addDependency(cluster.cluster);
    dropRedundantDependsOn(stateMachine.node.defaultChild as CfnResource, cluster.cluster.node.defaultChild as CfnResource);
    acknowledgeFinding(stateMachine.role, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and log delivery take no resource; every other statement names this task definition, its roles, the cluster\'s tasks, the topic and its key');
    acknowledgeWildcardResources(stateMachine.role, ['ecs:DescribeTasks', 'ecs:StopTask', 'ecs:TagResource'],
      'A run\'s tasks have ids ECS generates: task/<cluster>/* is the narrowest resource');
    acknowledgeFinding(stateMachine.role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Publishing to the KMS-encrypted notification topic: aws-cdk-lib\'s grantPublish, on the topic\'s key only');
    return stateMachine;
  }
}
