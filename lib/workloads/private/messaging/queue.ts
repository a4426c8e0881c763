import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { fail, wholeSeconds } from '../../../core/errors';
import type { TopicSubscription, WorkerQueue } from '../../worker-queue';

/** SQS's limits (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html). */
const MAX_VISIBILITY = Duration.hours(12);
const MIN_RETENTION = Duration.seconds(60);
const MAX_RETENTION = Duration.days(14);
const MAX_RECEIVE_COUNT = 1000;
/** SQS's longest receive wait. */
const RECEIVE_WAIT = Duration.seconds(20);
/** SQS's own default visibility timeout. */
const DEFAULT_VISIBILITY = Duration.seconds(30);
/**
 * The default visibility timeout covers this many times the average time per message: an average
 * says nothing of the slowest message, and one that outlives its visibility is delivered twice. AWS
 * names six times the function timeout for Lambda consumers; the library applies the same margin.
 */
const VISIBILITY_MARGIN = 6;

/** What the queue's settings are checked against: how long a task takes to finish a message, at worst. */
export interface QueueTiming {
  /** The main container's stop timeout: a task told to stop gets this long to finish its message. */
  readonly stopTimeout: Duration;
  /** `scaling.backlog.timePerMessage`, when the worker scales on its backlog. */
  readonly timePerMessage?: Duration;
}

/** The queue a worker consumes, and the dead-letter queue when the worker owns the queue. */
export interface BuiltQueue {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue?: sqs.Queue;
}

/**
 * Builds (or checks) the worker's queue. A queue the worker owns: SSE-SQS encryption (free, and SNS
 * delivers to it without a key policy), TLS only, a dead-letter queue after `maxReceiveCount` receives,
 * both retained unless `removalPolicy` says otherwise in writing.
 */
export function buildWorkerQueue(scope: Construct, choice: WorkerQueue, timing: QueueTiming): BuiltQueue {
  if (choice.queue) {
    checkRegion(scope, choice.queue);
    const cfn = choice.queue.node.defaultChild;
    // A queue of this app: its visibility timeout is known (SQS's 30 s when the template sets none).
    if (cfn instanceof sqs.CfnQueue && !Token.isUnresolved(cfn.visibilityTimeout ?? 0)) {
      checkVisibility(scope, `queue (${choice.queue.node.path}) visibilityTimeout`, Duration.seconds(cfn.visibilityTimeout ?? 30), timing);
    }
    return { queue: choice.queue };
  }
  const options = choice.options;
  const visibilityTimeout = options.visibilityTimeout ?? defaultVisibility(timing);
  const retention = options.retention ?? Duration.days(4);
  const deadLetterRetention = options.deadLetterRetention ?? MAX_RETENTION;
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  checkSeconds(scope, 'queue visibilityTimeout', visibilityTimeout, Duration.seconds(0), MAX_VISIBILITY);
  checkVisibility(scope, 'queue visibilityTimeout', visibilityTimeout, timing);
  checkSeconds(scope, 'queue retention', retention, MIN_RETENTION, MAX_RETENTION);
  checkSeconds(scope, 'queue deadLetterRetention', deadLetterRetention, MIN_RETENTION, MAX_RETENTION);
  if (!Token.isUnresolved(maxReceiveCount) && (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > MAX_RECEIVE_COUNT)) {
    fail(scope, 'queue maxReceiveCount', maxReceiveCount, maxReceiveCount === 0
      ? 'would move every message to the dead-letter queue before any task received it (SQS refuses a redrive count of 0)'
      : 'is out of range', `a whole number from 1 to ${MAX_RECEIVE_COUNT}`);
  }
  if (!retention.isUnresolved() && !deadLetterRetention.isUnresolved() && deadLetterRetention.toSeconds() < retention.toSeconds()) {
    fail(scope, 'queue deadLetterRetention', deadLetterRetention.toHumanString(),
      `is shorter than the queue's retention (${retention.toHumanString()}): SQS counts a message's age from when it was first sent, ` +
      'so a message that fails late would be deleted from the dead-letter queue soon after it arrives ' +
      '(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html)',
      `at least ${retention.toHumanString()}, up to 14 days`);
  }
  const fifo = options.fifo ?? false;
  const common = {
    fifo: fifo || undefined,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
  };
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    ...common,
    retentionPeriod: deadLetterRetention,
    // SQS's default, written out: Control Tower's CT.SQS.PR.1 tells a dead-letter queue by it.
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
  const queue = new sqs.Queue(scope, 'Queue', {
    ...common,
    // Long polling for every receive that does not ask for a wait itself: fewer empty (billed) receives,
    // and a message is received as soon as it arrives (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html).
    receiveMessageWaitTime: RECEIVE_WAIT,
    visibilityTimeout,
    retentionPeriod: retention,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}

/** The longest of SQS's 30 s, the stop timeout and the margin over the time per message, in whole seconds, at most 12 hours. */
function defaultVisibility(timing: QueueTiming): Duration {
  const perMessage = timing.timePerMessage;
  const seconds = Math.max(
    ...[DEFAULT_VISIBILITY, timing.stopTimeout].filter(d => !d.isUnresolved()).map(d => Math.ceil(d.toMilliseconds() / 1000)),
    ...perMessage && !perMessage.isUnresolved() ? [Math.ceil(VISIBILITY_MARGIN * perMessage.toMilliseconds() / 1000)] : [],
  );
  return Duration.seconds(Math.min(seconds, MAX_VISIBILITY.toSeconds()));
}

/** A message must stay invisible while a task works on it: at least the time per message and the stop timeout. */
function checkVisibility(scope: IConstruct, prop: string, visibility: Duration, timing: QueueTiming): void {
  if (visibility.isUnresolved()) return;
  const millis = visibility.toMilliseconds({ integral: false });
  const perMessage = timing.timePerMessage;
  if (perMessage && !perMessage.isUnresolved() && millis < perMessage.toMilliseconds()) {
    fail(scope, prop, visibility.toHumanString(),
      `is shorter than scaling.backlog.timePerMessage (${perMessage.toHumanString()}): a message becomes visible again while a task still works on it, and another task takes it`,
      `at least ${perMessage.toHumanString()} (the default is ${VISIBILITY_MARGIN} times it)`);
  }
  if (!timing.stopTimeout.isUnresolved() && millis < timing.stopTimeout.toMilliseconds()) {
    fail(scope, prop, visibility.toHumanString(),
      `is shorter than the main container's stopTimeout (${timing.stopTimeout.toHumanString()}): a task stopped by a deploy or a scale-in ` +
      'finishes its message within the stop timeout, and another task would take the message meanwhile',
      `at least ${timing.stopTimeout.toHumanString()}, or a shorter stopTimeout`);
  }
}

function checkSeconds(scope: IConstruct, prop: string, value: Duration, min: Duration, max: Duration): void {
  if (value.isUnresolved()) return;
  const seconds = wholeSeconds(scope, prop, value);
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    fail(scope, prop, value.toHumanString(), 'is out of range', `${min.toHumanString()} to ${max.toHumanString()}`);
  }
}

/** A queue in another region: the worker's scaling and alarms read metrics of its own region only. */
function checkRegion(scope: IConstruct, queue: sqs.IQueue): void {
  const region = queue.env.region;
  const own = Stack.of(scope).region;
  if (Token.isUnresolved(region) || Token.isUnresolved(own) || region === own) return;
  fail(scope, 'queue', queue.queueArn, `is in ${region}, and this worker in ${own}: backlog scaling and alarms read CloudWatch metrics of ` +
    'the worker\'s own region only, and every receive would cross regions', `a queue in ${own} (a worker in ${region} for that queue)`);
}

/**
 * Subscribes the worker's queue to each topic (SNS then delivers to it: aws-cdk-lib's SqsSubscription
 * adds the queue policy statement, scoped to the topic). A standard topic cannot deliver to a FIFO
 * queue; a FIFO topic delivers to a standard queue since 2023, without its order and exactly-once
 * (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
 */
export function subscribeQueue(scope: IConstruct, queue: sqs.IQueue, topics: TopicSubscription[]): sns.Subscription[] {
  const seen = new Set<sns.ITopic>();
  return topics.map((subscription, i) => {
    const { topic } = subscription;
    const prop = `subscriptions[${i}]`;
    if (seen.has(topic)) {
      fail(scope, `${prop}.topic`, topic.node.path, 'is subscribed twice: each message would reach the queue twice', 'each topic once (one filterPolicy per topic)');
    }
    seen.add(topic);
    // A topic imported from a token ARN says nothing of its type.
    const known = topic instanceof sns.Topic || !Token.isUnresolved(topic.topicArn);
    if (known && !topic.fifo && queue.fifo) {
      fail(scope, `${prop}.topic`, topic.node.path, 'is a standard topic, and SNS delivers to a FIFO queue from FIFO topics only',
        'a FIFO topic (fifo: true) for this FIFO queue, or a standard queue (WorkerQueue.create() without fifo)');
    }
    if (known && topic.fifo && !queue.fifo) {
      Annotations.of(scope).addWarningV2('cdk-ecs-platform:fifoTopicStandardQueue',
        `${prop}: FIFO topic ${topic.node.path} delivers to this standard queue, which keeps neither the topic's order nor its exactly-once delivery. ` +
        'Use WorkerQueue.create({ fifo: true }) if the worker relies on them; acknowledge this warning if it does not');
    }
    return topic.addSubscription(new subscriptions.SqsSubscription(queue, {
      filterPolicy: subscription.filterPolicy,
      rawMessageDelivery: subscription.rawMessageDelivery ?? false,
    }));
  });
}
