import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ImageRepository, PlatformCluster, WebService, WorkerQueue, WorkerService, WorkerServiceProps } from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testApp } from '../util';
import { fixture, mainContainer, resource } from './fixtures';

const backlog = (timePerMessage = Duration.seconds(2), acceptableLatency = Duration.minutes(1)) => ({ acceptableLatency, timePerMessage });

function worker(props: Partial<WorkerServiceProps> = {}) {
  const f = fixture();
  const service = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.create(), ...props });
  return { ...f, service, get template() { return Template.fromStack(f.stack); } };
}

const statementsOf = (stack: Stack, prefix: string) => resource(stack, 'AWS::IAM::Policy', prefix).Properties.PolicyDocument.Statement;

describe('a worker that owns its queue', () => {
  test('gets a standard queue (long polling) and a dead-letter queue, both SSE-SQS encrypted, TLS only and retained, with the redrive count', () => {
    const { stack } = worker();
    const queue = resource(stack, 'AWS::SQS::Queue', 'WorkerQueue');
    const dlq = resource(stack, 'AWS::SQS::Queue', 'WorkerDeadLetterQueue');
    expect(queue.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 345600,
      ReceiveMessageWaitTimeSeconds: 20,
      VisibilityTimeout: 30,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkerDeadLetterQueue/), 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(dlq.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600, RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
    for (const q of [queue, dlq]) expect([q.DeletionPolicy, q.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies as any[]) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  test('the task role may consume the queue and nothing more, and the container finds its URL in QUEUE_URL', () => {
    const { stack } = worker();
    expect(statementsOf(stack, 'WorkerTaskDefinitionTaskRoleDefaultPolicy')).toEqual([{
      Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^WorkerQueue/), 'Arn'] },
    }]);
    expect(mainContainer(stack, 'WorkerTaskDefinition').Environment).toEqual([{ Name: 'QUEUE_URL', Value: { Ref: expect.stringMatching(/^WorkerQueue/) } }]);
  });

  test('takes its settings: FIFO, visibility, retention, redrive count, the dead-letter queue\'s retention, DESTROY in writing', () => {
    const { stack } = worker({
      queue: WorkerQueue.create({
        fifo: true, visibilityTimeout: Duration.minutes(5), retention: Duration.days(7), maxReceiveCount: 10,
        deadLetterRetention: Duration.days(10), removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const queue = resource(stack, 'AWS::SQS::Queue', 'WorkerQueue');
    expect(queue.Properties).toMatchObject({
      FifoQueue: true, VisibilityTimeout: 300, MessageRetentionPeriod: 604800, RedrivePolicy: { maxReceiveCount: 10 },
    });
    expect(queue.DeletionPolicy).toBe('Delete');
    expect(resource(stack, 'AWS::SQS::Queue', 'WorkerDeadLetterQueue').Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 864000 });
  });

  test.each([
    ['SQS\'s 30 s by default', {}, 30],
    ['the container\'s stop timeout when it is longer', { stopTimeout: Duration.seconds(90) }, 90],
    ['six times the time per message when the worker scales on its backlog', { scaling: { minTasks: 0, maxTasks: 4, backlog: backlog(Duration.seconds(20)) } }, 120],
    ['at most 12 hours', { scaling: { minTasks: 0, maxTasks: 4, backlog: backlog(Duration.hours(3), Duration.hours(6)) } }, 43200],
  ])('a message stays invisible for %s', (_title, props, seconds) => {
    expect(resource(worker(props).stack, 'AWS::SQS::Queue', 'WorkerQueue').Properties.VisibilityTimeout).toBe(seconds);
  });

  test.each<[string, Partial<WorkerServiceProps>, RegExp]>([
    ['a visibility timeout shorter than the time per message',
      {
        queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(10) }),
        scaling: { minTasks: 0, maxTasks: 2, backlog: backlog(Duration.seconds(20)) },
      },
      /^Stack\/Worker: queue visibilityTimeout "10 seconds" is shorter than scaling\.backlog\.timePerMessage \(20 seconds\): a message becomes visible again while a task still works on it, and another task takes it\. Allowed: at least 20 seconds/],
    ['a visibility timeout shorter than the container\'s stop timeout', { queue: WorkerQueue.create({ visibilityTimeout: Duration.seconds(30) }), stopTimeout: Duration.seconds(60) },
      /^Stack\/Worker: queue visibilityTimeout "30 seconds" is shorter than the main container's stopTimeout \(1 minute\): a task stopped by a deploy or a scale-in finishes its message/],
    ['a redrive count of 0', { queue: WorkerQueue.create({ maxReceiveCount: 0 }) },
      /^Stack\/Worker: queue maxReceiveCount 0 would move every message to the dead-letter queue before any task received it \(SQS refuses a redrive count of 0\)\. Allowed: a whole number from 1 to 1000\./],
    ['a redrive count over 1000', { queue: WorkerQueue.create({ maxReceiveCount: 1001 }) }, /^Stack\/Worker: queue maxReceiveCount 1001 is out of range\. Allowed: a whole number from 1 to 1000\./],
    ['a dead-letter queue that keeps messages for less time than the queue', { queue: WorkerQueue.create({ retention: Duration.days(7), deadLetterRetention: Duration.days(3) }) },
      /^Stack\/Worker: queue deadLetterRetention "3 days" is shorter than the queue's retention \(7 days\): SQS counts a message's age from when it was first sent/],
    ['a retention over 14 days', { queue: WorkerQueue.create({ retention: Duration.days(15) }) }, /^Stack\/Worker: queue retention "15 days" is out of range\. Allowed: 1 minute to 14 days\./],
    ['a visibility timeout over 12 hours', { queue: WorkerQueue.create({ visibilityTimeout: Duration.hours(13) }) }, /^Stack\/Worker: queue visibilityTimeout "13 hours" is out of range\. Allowed: 0 seconds to 12 hours\./],
    ['QUEUE_URL in the environment, which the library sets', { environment: { QUEUE_URL: 'x' } },
      /^Stack\/Worker: environment "QUEUE_URL" is the variable the library sets to the URL of the worker's queue \(queue\)\. Allowed: other names in environment\./],
    ['an acceptable latency shorter than the time per message', { scaling: { minTasks: 0, maxTasks: 2, backlog: backlog(Duration.minutes(2), Duration.minutes(1)) } },
      /^Stack\/Worker: scaling\.backlog\.acceptableLatency "1 minute" is shorter than timePerMessage \(2 minutes\): no number of tasks processes a message that fast/],
  ])('refuses %s', (_title, props, message) => {
    expect(() => worker(props)).toThrow(message);
  });

  test('refuses backlog scaling on a cluster without Container Insights, which counts the running tasks', () => {
    const stack = new Stack(testApp(), 'Stack', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster', { containerInsights: ecs.ContainerInsights.DISABLED });
    expect(() => new WorkerService(stack, 'Worker', {
      cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1'), queue: WorkerQueue.create(),
      scaling: { minTasks: 0, maxTasks: 2, backlog: backlog() },
    })).toThrow(/^Stack\/Worker: scaling\.backlog "set" divides the backlog by the running tasks, which Container Insights counts, and cluster Stack\/Cluster has it disabled/);
  });

  test('passes cdk-nag and AWS\'s CloudFormation validator, the QUEUE_URL variable acknowledged for the library (it is no secret)', () => {
    const { stack } = worker({ scaling: { minTasks: 0, maxTasks: 4, backlog: backlog() } });
    expect(nagFindings(stack.node.root as App)).toEqual([]);
    expect(cfnFindings([stack])).toEqual([]);
  });

  test('with variables of the user\'s, AwsSolutions-ECS2 is theirs to acknowledge, as before', () => {
    const { stack } = worker({ environment: { MODE: 'batch' } });
    expect(nagFindings(stack.node.root as App)).toEqual(['AwsSolutions-ECS2 @ Stack/Worker/TaskDefinition/Resource']);
  });
});

describe('a worker given a queue', () => {
  test('consumes it, and creates no dead-letter queue of its own', () => {
    const f = fixture();
    const queue = new sqs.Queue(f.stack, 'Jobs', { visibilityTimeout: Duration.minutes(2) });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.fromQueue(queue) });
    Template.fromStack(f.stack).resourceCountIs('AWS::SQS::Queue', 1);
    expect(mainContainer(f.stack, 'WorkerTaskDefinition').Environment).toEqual([{ Name: 'QUEUE_URL', Value: { Ref: expect.stringMatching(/^Jobs/) } }]);
  });

  test('refuses a queue of this app whose visibility timeout is shorter than the stop timeout', () => {
    const f = fixture();
    const queue = new sqs.Queue(f.stack, 'Jobs');
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.fromQueue(queue), stopTimeout: Duration.seconds(45) }))
      .toThrow(/^Stack\/Worker: queue \(Stack\/Jobs\) visibilityTimeout "30 seconds" is shorter than the main container's stopTimeout \(45 seconds\)/);
  });

  test('refuses a queue in another region', () => {
    const f = fixture();
    const queue = sqs.Queue.fromQueueArn(f.stack, 'Remote', 'arn:aws:sqs:eu-west-1:111111111111:jobs');
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.fromQueue(queue) }))
      .toThrow(/^Stack\/Worker: queue "arn:aws:sqs:eu-west-1:111111111111:jobs" is in eu-west-1, and this worker in us-east-1: backlog scaling and alarms read CloudWatch metrics of the worker's own region only/);
  });
});

describe('topics', () => {
  test('a service owns a topic: encrypted with the platform key, TLS only, published to by its task role, its ARN in <NAME>_TOPIC_ARN', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    const topic = web.addTopic('order-events');
    expect(topic.node.id).toBe('OrderEventsTopic');
    expect(resource(f.stack, 'AWS::SNS::Topic', 'WebOrderEventsTopic').Properties).toEqual({ KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterKey/), 'Arn'] } });
    expect(resource(f.stack, 'AWS::SNS::TopicPolicy', 'WebOrderEventsTopicPolicy').Properties.PolicyDocument.Statement)
      .toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statementsOf(f.stack, 'WebTaskDefinitionTaskRoleDefaultPolicy')).toEqual([
      { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^WebOrderEventsTopic/) } },
      { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterKey/), 'Arn'] } },
    ]);
    expect(mainContainer(f.stack, 'WebTaskDefinition').Environment).toEqual([{ Name: 'ORDER_EVENTS_TOPIC_ARN', Value: { Ref: expect.stringMatching(/^WebOrderEventsTopic/) } }]);
  });

  test('a worker subscribes its queue to a topic with a filter policy, in its own stack; SNS may send to the queue from that topic only', () => {
    const app = testApp();
    const shop = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(shop, 'Cluster');
    const repository = new ImageRepository(shop, 'Repo');
    const web = new WebService(shop, 'Web', { cluster, image: repository.imageByTag('v1') });
    const orders = web.addTopic('orders');
    const jobs = new Stack(app, 'Jobs', { env: { region: 'us-east-1' } });
    const subscriber = new WorkerService(jobs, 'Worker', {
      cluster, image: repository.imageByTag('v1'), queue: WorkerQueue.create(),
      subscriptions: [{ topic: orders, filterPolicy: { event: sns.SubscriptionFilter.stringFilter({ allowlist: ['placed'] }) } }],
    });
    expect(subscriber.subscriptions).toHaveLength(1);
    const template = Template.fromStack(jobs);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs', TopicArn: { 'Fn::ImportValue': Match.stringLikeRegexp('WebOrdersTopic') }, FilterPolicy: { event: ['placed'] }, RawMessageDelivery: false,
    });
    Template.fromStack(shop).resourceCountIs('AWS::SNS::Subscription', 0);
    const queuePolicy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find((p: any) => JSON.stringify(p).includes('sqs:SendMessage')) as any;
    expect(queuePolicy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
      Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::ImportValue': expect.stringMatching(/WebOrdersTopic/) } } },
    }));
  });

  test('a FIFO queue subscribed to a standard topic is refused: SNS delivers to FIFO queues from FIFO topics only', () => {
    const f = fixture();
    const topic = new sns.Topic(f.stack, 'Events');
    expect(() => new WorkerService(f.stack, 'Worker', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.create({ fifo: true }), subscriptions: [{ topic }],
    })).toThrow(/^Stack\/Worker: subscriptions\[0\]\.topic "Stack\/Events" is a standard topic, and SNS delivers to a FIFO queue from FIFO topics only/);
  });

  test('a standard queue on a FIFO topic is a warning: it keeps neither the order nor exactly-once delivery', () => {
    const f = fixture();
    const topic = new sns.Topic(f.stack, 'Events', { fifo: true });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.create(), subscriptions: [{ topic }] });
    Annotations.fromStack(f.stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('FIFO topic Stack/Events delivers to this standard queue'));
  });

  test.each<[string, (f: ReturnType<typeof fixture>) => void, RegExp]>([
    ['subscriptions without a queue', f => new WorkerService(f.stack, 'Worker', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), subscriptions: [{ topic: new sns.Topic(f.stack, 'Events') }],
    }), /^Stack\/Worker: subscriptions \["Stack\/Events"\] deliver to the worker's queue, and it has none/],
    ['a topic subscribed twice', f => {
      const topic = new sns.Topic(f.stack, 'Events');
      new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), queue: WorkerQueue.create(), subscriptions: [{ topic }, { topic }] });
    }, /^Stack\/Worker: subscriptions\[1\]\.topic "Stack\/Events" is subscribed twice/],
    ['a topic name with capitals', f => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') }).addTopic('Orders'),
      /^Stack\/Web: addTopic\(Orders\) name "Orders" is not a topic name/],
    ['two topics of one name', f => {
      const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
      web.addTopic('orders');
      web.addTopic('orders');
    }, /^Stack\/Web: addTopic\(orders\) name "orders" is the name of another topic of this workload/],
  ])('refuses %s', (_title, build, message) => {
    expect(() => build(fixture())).toThrow(message);
  });
});

describe('scaling on the backlog', () => {
  test('tracks messages per running task (metric math over the queue and Container Insights), with no CPU tracking', () => {
    const { template } = worker({ scaling: { minTasks: 0, maxTasks: 10, backlog: backlog(Duration.millis(250), Duration.minutes(1)) } });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 10 });
    const policy = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))[0] as any;
    const config = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    expect(config.TargetValue).toBe(240);
    expect([config.ScaleOutCooldown, config.ScaleInCooldown]).toEqual([60, 300]);
    expect(config.CustomizedMetricSpecification.Metrics).toEqual([
      { Id: 'visible', ReturnData: false, MetricStat: { Metric: {
        Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^WorkerQueue/), 'QueueName'] } }],
      }, Stat: 'Sum' } },
      { Id: 'running', ReturnData: false, MetricStat: { Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Dimensions: [
        { Name: 'ClusterName', Value: { Ref: expect.stringMatching(/^Cluster/) } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^WorkerService/), 'Name'] } },
      ] }, Stat: 'Average' } },
      { Id: 'messages', Expression: 'FILL(visible, 0)', ReturnData: false },
      { Id: 'tasks', Expression: 'FILL(running, 0)', ReturnData: false },
      {
        Id: 'backlog', Expression: 'IF(tasks >= 1, messages / tasks, IF(messages > 0, messages + 240, 0))', Label: 'messages waiting per running task', ReturnData: true,
      },
    ]);
  });

  test('scales from zero: minTasks 0 synthesizes with backlog scaling, where CPU alone is refused (no data at zero tasks)', () => {
    const synth = (props: Partial<WorkerServiceProps>) => () => worker(props).template;
    expect(synth({ scaling: { minTasks: 0, maxTasks: 2, backlog: backlog() } })).not.toThrow();
    expect(synth({ scaling: { minTasks: 0, maxTasks: 2, cpuTargetPercent: 50 } })).toThrow(/scaling\.minTasks 0 starts from zero tasks/);
  });

  test('tracks CPU too when asked, and takes the service\'s cooldowns', () => {
    const { template } = worker({
      scaling: { minTasks: 1, maxTasks: 4, cpuTargetPercent: 60, scaleOutCooldown: Duration.seconds(30), backlog: backlog() },
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        CustomizedMetricSpecification: Match.anyValue(), ScaleOutCooldown: 30, ScaleInCooldown: 300,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 60 }) });
  });
});
