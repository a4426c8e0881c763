/**
 * A shop whose orders are fulfilled by a queue worker, and a reconciliation job that must end: what AWS
 * Copilot's Worker Service and Scheduled Job do, with this library.
 *
 * - The storefront (`WebService`) owns an SNS topic, `order-events` (`addTopic`): encrypted, TLS only;
 *   its task role may publish to it, and the container finds its ARN in `ORDER_EVENTS_TOPIC_ARN`.
 * - The fulfilment worker owns its queue (`WorkerQueue.create()`): an SQS queue and a dead-letter queue,
 *   encrypted, TLS only, retained; a message received 5 times moves to the dead-letter queue. The queue
 *   subscribes to the topic with a filter policy (only `event = placed`); the task role may consume it
 *   and nothing more, and the container finds its URL in `QUEUE_URL`.
 * - The worker scales on its backlog, from zero: no task while the queue is empty, the first message
 *   starts one, and it keeps the messages waiting per task near 5 minutes / 10 seconds = 30. No CPU tracking.
 * - The nightly reconciliation (`ScheduledTask`) runs through a Step Functions flow: a run past 1 hour is
 *   stopped and reported as timed out, a failed run is run again up to 3 times, and the last failure goes to
 *   the cluster's notification topic. The stack's output `ReconcileRunsArn...` names the state machine:
 *   `aws stepfunctions start-execution --state-machine-arn <it>` runs the job now, and
 *   `aws stepfunctions list-executions --state-machine-arn <it> --max-items 10` shows how the last runs ended.
 *
 * Deploy `QueueRegistry`, `QueuePlatform` and `QueueServices` (nothing runs before the first release),
 * push `v1.0.0`, then `npx cdk deploy QueueServices --parameters QueueServices:ImageTag=v1.0.0`.
 *
 * Run: npx cdk synth --app "npx tsx examples/queue-worker.ts"
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ImageRelease, ImageRepository, Placement, PlatformCluster, ScheduledTask, WebService, WorkerQueue, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'QueueRegistry', { env, description: 'cdk-ecs-platform example: the shop image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/shop' });

const platformStack = new Stack(app, 'QueuePlatform', { env, description: 'cdk-ecs-platform example: a cluster' });
const platform = new PlatformCluster(platformStack, 'Cluster');

const stack = new Stack(app, 'QueueServices', { env, description: 'cdk-ecs-platform example: a storefront, its fulfilment worker and a nightly job' });
const release = new ImageRelease(stack, 'ImageTag', { repository });

const shop = new WebService(stack, 'Shop', {
  cluster: platform,
  image: release.image,
  containerPort: 8080,
  healthCheckPath: '/health',
  user: '1000:1000',
});
const orderEvents = shop.addTopic('order-events');

new WorkerService(stack, 'Fulfilment', {
  cluster: platform,
  image: release.image,
  placement: Placement.fargateSpot(),
  command: ['node', 'fulfil.js'],
  user: '1000:1000',
  queue: WorkerQueue.create({ maxReceiveCount: 5 }),
  subscriptions: [{ topic: orderEvents, filterPolicy: { event: sns.SubscriptionFilter.stringFilter({ allowlist: ['placed'] }) } }],
  scaling: {
    minTasks: 0,
    maxTasks: 10,
    backlog: { acceptableLatency: Duration.minutes(5), timePerMessage: Duration.seconds(10) },
  },
});

new ScheduledTask(stack, 'Reconcile', {
  cluster: platform,
  image: release.image,
  placement: Placement.fargateSpot(),
  command: ['node', 'reconcile.js'],
  user: '1000:1000',
  schedule: scheduler.ScheduleExpression.cron({ minute: '15', hour: '3', timeZone: TimeZone.EUROPE_BERLIN }),
  timeout: Duration.hours(1),
  retries: 3,
});

app.synth();
