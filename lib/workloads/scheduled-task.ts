import { Annotations, CfnResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { PlatformCluster } from '../cluster/platform-cluster';
import { dropRedundantDependsOn } from '../core/dependencies';
import { checkIntegerRange, wholeSeconds } from '../core/errors';
import { acknowledgeWildcardResources } from '../core/nag';
import { fitText, TEXT_LIMITS } from '../core/text';
import { ImageReference } from '../registry/image-reference';
import { refuseBridgeFor } from './private/bridge';
import { checkScheduleExpression } from './private/schedule';
import { addWorkloadTopic } from './private/topics';
import { admitToFileSystems } from './private/volumes';
import { taskShape, WorkloadTask } from './private/workload-task';
import { ServiceTopicOptions, SidecarOptions, WorkloadOptions } from './workload-options';

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
   * How many times EventBridge Scheduler retries a run that RunTask refused (for example while
   * capacity is short).
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * How long a run may be retried before it is dropped, so a late retry never runs a stale job.
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
}

/**
 * A task that runs on a schedule (cron or rate) through EventBridge Scheduler, with a capacity
 * provider strategy, so it can run on Fargate Spot or an EC2 pool (aws-cdk-lib's scheduled task
 * patterns cannot). An image pending its first push leaves the schedule disabled.
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
  /** The role EventBridge Scheduler assumes to run the task. */
  public readonly role: iam.Role;

  private readonly task: WorkloadTask;
  private readonly cluster: PlatformCluster;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);

    this.cluster = props.cluster;    const taskCount = props.taskCount ?? 1;
    const retryAttempts = props.retryAttempts ?? 3;
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);
    checkIntegerRange(this, 'taskCount', taskCount, 1, 10);
    checkIntegerRange(this, 'retryAttempts', retryAttempts, 0, 185);
    checkIntegerRange(this, 'maxEventAge (seconds)', wholeSeconds(this, 'maxEventAge', maxEventAge), 60, 86400);
    checkScheduleExpression(this, 'schedule', props.schedule);

    refuseBridgeFor(this, props, 'a ScheduledTask',
      'its tasks run with a security group of their own (its securityGroup), which bridge tasks cannot have; they take an ENI only while they run',
      'Placement.ec2(pool) (awsvpc, the default networking) for the scheduled task; bridge networking for web and worker services');
    this.task = new WorkloadTask(this, props, undefined, false);
    // Each run starts taskCount tasks at once; they are not counted with the pool's services, which they may follow.
    this.task.placement._capacity.checkCount(this, taskShape(this.task), 'taskCount', taskCount);
    // A service would grant ECS Exec to the task role; a schedule starts tasks directly, so the task does.
    if (props.enableExecuteCommand) this.task.grantExecuteCommand();
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;

    const { cluster } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: fitText(`${this.node.path}: scheduled tasks (no inbound)`, TEXT_LIMITS.securityGroup),
      allowAllOutbound: true,
    });
    // A role of its own (aws-cdk-lib would share one across the stack), so its findings can be acknowledged.
    this.role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: fitText(`${this.node.path}: EventBridge Scheduler runs the task`, TEXT_LIMITS.iamRole),
    });
    const targetProps = {
      role: this.role,
      taskDefinition: this.taskDefinition,
      capacityProviderStrategies: this.task.strategies,
      vpcSubnets: cluster.workloadSubnets,
      securityGroups: [this.securityGroup],
      taskCount,
      propagateTags: true,
      enableEcsManagedTags: true,
      enableExecuteCommand: props.enableExecuteCommand,
      retryAttempts,
      maxEventAge,
    };
    const target = this.task.placement._capacity.scheduleTarget(cluster.cluster, targetProps);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: props.schedule,
      target,
      description: fitText(`${this.node.path}: runs ${taskCount} task(s) of ${this.node.path}/TaskDefinition`, TEXT_LIMITS.eventBridge),
      enabled: !this.task.pendingImage,
    });
    admitToFileSystems(this, this.task.fileSystems, this.securityGroup.connections, this.task.placement, [this.schedule]);
    acknowledgeWildcardResources(this.role, ['ecs:TagResource'],
      'Tags are propagated to tasks whose ids are not known in advance: task/<cluster>/* is the narrowest resource');
    if (this.task.pendingImage) {
      Annotations.of(this).addWarningV2(ImageReference.PENDING_IMAGE_WARNING,
        `${this.node.path}: the image is pending its first push, so this deploy disables the schedule, also when it is running ` +
        '(a deploy that forgot a -c imageTag flag stops the job). Use an ImageRelease (`new ImageRelease(stack, id, { repository })` and ' +
        '`image: release.image`): a deploy that names no version keeps what runs. If a disabled schedule is what you mean, acknowledge this warning');
    }
    if (this.task.unreleased) {
      (this.schedule.node.defaultChild as scheduler.CfnSchedule).state = Fn.conditionIf(this.task.unreleased.logicalId, 'DISABLED', 'ENABLED').toString();
    }
    // The association registers the capacity providers the strategy names (the schedule references the
    // cluster itself, so that part of the dependency is dropped again).
    const cfnSchedule = this.schedule.node.defaultChild as CfnResource;
    cfnSchedule.node.addDependency(cluster.cluster);
    dropRedundantDependsOn(cfnSchedule, cluster.cluster.node.defaultChild as CfnResource);
  }

  /** Adds a sidecar container; the main container's memory limit shrinks by the sidecar's. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    return this.task.addSidecar(name, options);
  }

  /**
   * Adds an SNS topic the workload owns and publishes to (Copilot's `publish.topics`): encrypted with the
   * platform key, TLS only; the task role may publish to it, and the container finds its ARN in
   * `<NAME>_TOPIC_ARN` (`order-events` gives `ORDER_EVENTS_TOPIC_ARN`). Workers subscribe their queues to it.
   */
  public addTopic(name: string, options: ServiceTopicOptions = {}): sns.Topic {
    return addWorkloadTopic(this, this.task, this.cluster, name, options);
  }
}
