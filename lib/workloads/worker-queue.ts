import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/** Options of a queue a worker owns ({@link WorkerQueue.create}). */
export interface WorkerQueueOptions {
  /**
   * A FIFO queue (and dead-letter queue): messages of one group in order, each once. A FIFO queue takes
   * messages from FIFO topics only.
   *
   * @default false (a standard queue: any order, at least once, nearly unlimited throughput)
   */
  readonly fifo?: boolean;

  /**
   * How long a message stays invisible to other tasks once a task received it: at least the time one
   * message takes (`scaling.backlog.timePerMessage`) and the main container's `stopTimeout` (a task told
   * to stop finishes its message first), or the message is delivered again while it is processed.
   * 0 to 12 hours.
   *
   * @default - the longest of 30 seconds (SQS's default), the container's stopTimeout and six times scaling.backlog.timePerMessage
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How long SQS keeps a message nobody deleted. 60 seconds to 14 days.
   *
   * @default Duration.days(4) (SQS's default)
   */
  readonly retention?: Duration;

  /**
   * How many times a message is received before it moves to the dead-letter queue (the redrive count):
   * a message that fails this often (its task crashed, or never deleted it) stops being retried. 1 to 1000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the dead-letter queue keeps a message. At least `retention`: SQS counts a standard queue's
   * message age from when it was first sent, so a shorter one deletes messages as they arrive.
   *
   * @default Duration.days(14) (the most SQS keeps a message: time to look at it and redrive it)
   */
  readonly deadLetterRetention?: Duration;

  /**
   * What happens to both queues, and the messages in them, when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SQS queue a `WorkerService` consumes: one it owns, with a dead-letter queue
 * (`WorkerQueue.create()`), or one it is given (`WorkerQueue.fromQueue(queue)`). The task role may
 * receive, delete and change the visibility of its messages, nothing more, and the queue's URL reaches
 * the container as `QUEUE_URL`.
 *
 * @example
 * new WorkerService(this, 'Worker', { cluster, image, queue: WorkerQueue.create({ maxReceiveCount: 5 }) });
 */
export class WorkerQueue {
  /** A queue and a dead-letter queue the worker owns: encrypted (SSE-SQS), TLS only, retained. */
  public static create(options: WorkerQueueOptions = {}): WorkerQueue {
    return new WorkerQueue(options, undefined);
  }

  /**
   * A queue of your own: the worker consumes from it and may scale on its backlog; its dead-letter queue,
   * encryption and retention are yours. It must be in the worker's region.
   */
  public static fromQueue(queue: sqs.IQueue): WorkerQueue {
    return new WorkerQueue({}, queue);
  }

  /** The options of a queue the worker owns (empty for a given queue). */
  public readonly options: WorkerQueueOptions;
  /** The queue given to `fromQueue`, if it is one. */
  public readonly queue?: sqs.IQueue;

  private constructor(options: WorkerQueueOptions, queue: sqs.IQueue | undefined) {
    this.options = options;
    this.queue = queue;
  }
}

/** An SNS topic a worker's queue subscribes to (Copilot's `subscribe.topics`). */
export interface TopicSubscription {
  /** The topic: one a service owns (`service.addTopic('orders')`) or any `sns.ITopic`. */
  readonly topic: sns.ITopic;

  /**
   * Which messages reach the queue, by message attribute: `{ event: sns.SubscriptionFilter.stringFilter({ allowlist: ['placed'] }) }`.
   *
   * @default - every message of the topic
   */
  readonly filterPolicy?: { [attribute: string]: sns.SubscriptionFilter };

  /**
   * Deliver the message as it was published, without SNS's JSON envelope (attributes become SQS message
   * attributes).
   *
   * @default false: the envelope names the topic, so a worker subscribed to several topics can tell them apart
   */
  readonly rawMessageDelivery?: boolean;
}

/**
 * Scaling on a queue's backlog: AWS's "acceptable backlog per task" is `acceptableLatency /
 * timePerMessage` messages, and target tracking keeps the messages waiting per running task near it.
 */
export interface BacklogScaling {
  /** How long a message may wait before a task takes it, at most: Copilot's `queue_delay.acceptable_latency`. */
  readonly acceptableLatency: Duration;

  /**
   * How long a task takes to process one message, on average: Copilot's `queue_delay.msg_processing_time`.
   * A queue the worker owns keeps a message invisible for at least this long.
   */
  readonly timePerMessage: Duration;
}

/** Options of a topic a workload owns and publishes to (`addTopic`). */
export interface ServiceTopicOptions {
  /**
   * A FIFO topic: messages of one group in order, each once. FIFO and standard queues may subscribe.
   *
   * @default false (a standard topic)
   */
  readonly fifo?: boolean;
}
