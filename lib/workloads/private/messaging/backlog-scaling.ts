import { Duration, Names } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { fail } from '../../../core/errors';
import type { ServiceScaling } from '../../service-scaling';
import type { BacklogScaling } from '../../worker-queue';

/** The id of the backlog policy under the service's scalable task count. */
export const BACKLOG_POLICY = 'BacklogScaling';
/** Cooldowns of the backlog policy when the scaling gives none: a backlog is met fast, and tasks leave after 5 minutes. */
const BACKLOG_SCALE_OUT_COOLDOWN = Duration.seconds(60);
const BACKLOG_SCALE_IN_COOLDOWN = Duration.seconds(300);
/** SQS keeps a message at most 14 days: a latency beyond it is never met. */
const MAX_LATENCY = Duration.days(14);
/** SQS's longest visibility timeout: a message that takes longer is delivered again while it is processed. */
const MAX_TIME_PER_MESSAGE = Duration.hours(12);

/** What the backlog signal reads: the queue, and the cluster and service whose running tasks share it. */
export interface BacklogSource {
  readonly queue: sqs.IQueue;
  readonly clusterName: string;
  readonly serviceName: string;
}

/**
 * The messages each task may have waiting for it: AWS's "acceptable backlog per task", the acceptable
 * latency over the time one message takes (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html).
 */
export function backlogPerTask(backlog: BacklogScaling): number {
  const per = backlog.acceptableLatency.toMilliseconds() / backlog.timePerMessage.toMilliseconds();
  return Math.round(per * 100) / 100;
}

/** Checks the backlog signal's two durations. */
export function validateBacklog(scope: IConstruct, backlog: BacklogScaling): void {
  const check = (prop: string, value: Duration, max: Duration) => {
    if (value.isUnresolved()) return;
    const millis = value.toMilliseconds({ integral: false });
    if (!Number.isInteger(millis) || millis < 1 || millis > max.toMilliseconds()) {
      fail(scope, `scaling.backlog.${prop}`, value.toHumanString(), 'is out of range', `whole milliseconds from 1 ms to ${max.toHumanString()}`);
    }
  };
  check('acceptableLatency', backlog.acceptableLatency, MAX_LATENCY);
  check('timePerMessage', backlog.timePerMessage, MAX_TIME_PER_MESSAGE);
  if (!backlog.acceptableLatency.isUnresolved() && !backlog.timePerMessage.isUnresolved() &&
    backlog.acceptableLatency.toMilliseconds() < backlog.timePerMessage.toMilliseconds()) {
    fail(scope, 'scaling.backlog.acceptableLatency', backlog.acceptableLatency.toHumanString(),
      `is shorter than timePerMessage (${backlog.timePerMessage.toHumanString()}): no number of tasks processes a message that fast`,
      'an acceptableLatency of at least timePerMessage');
  }
}

/**
 * Target tracking on the backlog per task, in metric math (as AWS's example for ECS does, with Container
 * Insights' RunningTaskCount: https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 * With no task running the backlog is not divided: any waiting message puts the metric above the
 * target (target tracking scales out only when the metric is above it, and from zero tasks ECS adds the
 * smallest step first: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-stepscaling.html),
 * so one message starts a task; an empty queue reads 0, and target tracking scales in to minTasks.
 */
export function scaleOnBacklog(scalable: ecs.ScalableTaskCount, scaling: ServiceScaling, backlog: BacklogScaling,
  source: BacklogSource): appscaling.CfnScalingPolicy {
  const target = scalable.node.findChild('Target') as appscaling.ScalableTarget;
  const perTask = backlogPerTask(backlog);
  const stat = (id: string, namespace: string, metricName: string, dimensions: Record<string, string>, statistic: string) => ({
    id,
    returnData: false,
    metricStat: {
      metric: { namespace, metricName, dimensions: Object.entries(dimensions).map(([name, value]) => ({ name, value })) },
      stat: statistic,
    },
  });
  const policy = new appscaling.CfnScalingPolicy(target, BACKLOG_POLICY, {
    policyName: 'placeholder',
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: perTask,
      scaleOutCooldown: (scaling.scaleOutCooldown ?? BACKLOG_SCALE_OUT_COOLDOWN).toSeconds(),
      scaleInCooldown: (scaling.scaleInCooldown ?? BACKLOG_SCALE_IN_COOLDOWN).toSeconds(),
      customizedMetricSpecification: {
        metrics: [
          stat('visible', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: source.queue.queueName }, 'Sum'),
          stat('running', 'ECS/ContainerInsights', 'RunningTaskCount', { ClusterName: source.clusterName, ServiceName: source.serviceName }, 'Average'),
          { id: 'messages', expression: 'FILL(visible, 0)', returnData: false },
          { id: 'tasks', expression: 'FILL(running, 0)', returnData: false },
          {
            id: 'backlog',
            expression: `IF(tasks >= 1, messages / tasks, IF(messages > 0, messages + ${perTask}, 0))`,
            label: 'messages waiting per running task',
            returnData: true,
          },
        ],
      },
    },
  });
  policy.policyName = Names.uniqueResourceName(policy, { maxLength: 255 });
  return policy;
}
