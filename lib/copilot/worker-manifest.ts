import type { Fields } from './manifest-fields';
import type { QueueModel, SubscriptionModel, WorkloadModel } from './model';
import { readNetwork } from './web-manifest';
import { readCommon, type CommonOptions } from './workload-manifest';

/**
 * A Worker Service: a `WorkerService` that owns its queue (`WorkerQueue.create`), subscribed to the
 * topics of other services, scaling on its backlog. https://aws.github.io/copilot-cli/docs/manifest/worker-service/
 */
export function readWorker(m: Fields, options: CommonOptions): WorkloadModel {
  const common = readCommon(m, 'Worker Service', { ...options, hasCount: true });
  const subscribe = m.map('subscribe');
  const subscriptions: SubscriptionModel[] = [];
  let queue: QueueModel = {};
  if (subscribe) {
    for (const t of subscribe.mapList('topics')) {
      const topic = t.requiredString('name', 'the topic\'s name');
      const service = t.requiredString('service', 'the name of the service that publishes the topic');
      t.carry('name', 'subscriptions[].topic');
      t.carry('service', 'subscriptions[].topic (the publishing service\'s addTopic)');
      const filters = readFilterPolicy(t);
      t.listIfPresent('queue', 'a queue per topic: the library gives the worker one queue for all its topics');
      t.finish();
      subscriptions.push({ topic, service, filters });
    }
    subscribe.carry('topics', 'subscriptions');
    queue = readQueue(subscribe);
    subscribe.finish();
  }
  const connect = readNetwork(m);
  m.finish();
  return { ...common, connect, queue, subscriptions };
}

function readQueue(s: Fields): QueueModel {
  const q = s.map('queue');
  if (!q) return {};
  const retentionMs = q.duration('retention');
  if (retentionMs !== undefined && (retentionMs < 60_000 || retentionMs > 1_209_600_000)) q.fail('retention', 'from 60s to 336h (14 days), SQS\'s limits');
  q.carry('retention', 'WorkerQueue.create({ retention })');
  const timeoutMs = q.duration('timeout');
  if (timeoutMs !== undefined && timeoutMs > 43_200_000) q.fail('timeout', 'at most 12h, SQS\'s visibility timeout limit');
  q.carry('timeout', 'WorkerQueue.create({ visibilityTimeout })');
  const dlq = q.map('dead_letter');
  const deadLetterTries = dlq?.integer('tries', 1, 1000);
  dlq?.carry('tries', 'WorkerQueue.create({ maxReceiveCount })');
  dlq?.finish();
  q.carry('dead_letter', 'the dead-letter queue');
  const fifoRaw = q.raw('fifo');
  const fifo = fifoRaw === true || (typeof fifoRaw === 'object' && fifoRaw !== null);
  if (typeof fifoRaw === 'object' && fifoRaw !== null) {
    q.ledger.list(q.file, q.field('fifo'), 'FIFO throughput and deduplication settings: the library\'s FIFO queue keeps SQS\'s defaults');
  } else {
    q.carry('fifo', 'WorkerQueue.create({ fifo })');
  }
  q.listIfPresent('delay', 'a delivery delay: not imported (set `deliveryDelay` on `service.queue` by hand)');
  q.finish();
  return { retentionMs, timeoutMs, deadLetterTries, fifo: fifo || undefined };
}

/** `{ event: ['placed'] }` allows strings; `{ event: [{ anything-but: 'x' }] }` denies them. Other policies are listed. */
function readFilterPolicy(t: Fields): SubscriptionModel['filters'] {
  const policy = t.map('filter_policy');
  if (!policy) return [];
  const filters: SubscriptionModel['filters'] = [];
  for (const attribute of policy.keys()) {
    const values = policy.raw(attribute);
    const list = Array.isArray(values) ? values : [values];
    if (list.every(v => typeof v === 'string')) {
      filters.push({ attribute, allow: list as string[] });
      policy.carry(attribute, 'filterPolicy (sns.SubscriptionFilter.stringFilter allowlist)');
      continue;
    }
    const but = list.length === 1 && typeof list[0] === 'object' && list[0] !== null ? (list[0] as Record<string, unknown>)['anything-but'] : undefined;
    const deny = typeof but === 'string' ? [but] : Array.isArray(but) && but.every(v => typeof v === 'string') ? but as string[] : undefined;
    if (deny) {
      filters.push({ attribute, deny });
      policy.carry(attribute, 'filterPolicy (sns.SubscriptionFilter.stringFilter denylist)');
    } else {
      policy.ledger.list(policy.file, policy.field(attribute), 'a filter other than strings allowed or `anything-but` strings: write it with sns.SubscriptionFilter by hand');
    }
  }
  return filters;
}
