// Integ test: a queue worker that scales from zero, and a job that runs through its flow. A real deploy
// must show a message sent to the worker's queue consumed (the queue and its dead-letter queue empty
// again: the first message starts a task from zero, which receives and deletes it), and a run of the job
// started by hand (`start-execution`, as README shows) ending SUCCEEDED.
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account:
//   npx integ-runner --directory test --language typescript --force --tests integ.queue-worker.ts
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Placement, PlatformCluster, ScheduledTask, WorkerQueue, WorkerService } from '../lib';

const app = new App();
const stack = new Stack(app, 'EcsPlatformQueueWorkerInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
// The AWS CLI image consumes the queue without an SDK in the sample image; its entry point is `aws`, so
// the worker's loop runs through `sh -c`.
const cli = ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-cli/aws-cli:2.32.9');
const consume = 'while true; do H=$(aws sqs receive-message --queue-url "$QUEUE_URL" --wait-time-seconds 20 ' +
  '--query "Messages[0].ReceiptHandle" --output text); if [ -n "$H" ] && [ "$H" != None ]; then ' +
  'aws sqs delete-message --queue-url "$QUEUE_URL" --receipt-handle "$H"; echo consumed; fi; done';

const worker = new WorkerService(stack, 'Worker', {
  cluster, image: cli, placement: Placement.fargateSpot({ onDemandBase: 0, onDemandWeight: 1 }), command: [consume],
  user: '1000:1000', environment: { HOME: '/tmp' }, logRemovalPolicy: RemovalPolicy.DESTROY,
  queue: WorkerQueue.create({ removalPolicy: RemovalPolicy.DESTROY }),
  scaling: { minTasks: 0, maxTasks: 2, backlog: { acceptableLatency: Duration.minutes(1), timePerMessage: Duration.seconds(5) } },
});
(worker.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.EntryPoint', ['sh', '-c']);

const job = new ScheduledTask(stack, 'Job', {
  cluster, image: cli, placement: Placement.fargateSpot({ onDemandBase: 0, onDemandWeight: 1 }), command: ['sts', 'get-caller-identity'],
  user: '1000:1000', environment: { HOME: '/tmp' }, logRemovalPolicy: RemovalPolicy.DESTROY,
  schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }), timeout: Duration.minutes(10), retries: 1,
});

const assertionStack = new Stack(app, 'QueueWorkerIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'QueueWorkerInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });

const wait = { totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) };
const emptied = (queueUrl: string) => integ.assertions.awsApiCall('SQS', 'getQueueAttributes', {
  QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
}).expect(ExpectedResult.objectLike({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } }));
integ.assertions.awsApiCall('SQS', 'sendMessage', { QueueUrl: worker.queue!.queueUrl, MessageBody: '{"order":"integ"}' })
  .next(emptied(worker.queue!.queueUrl).waitForAssertions(wait))
  .next(emptied(worker.deadLetterQueue!.queueUrl));

const started = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn: job.stateMachine.stateMachineArn });
started.next(integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: started.getAttString('executionArn') })
  .assertAtPath('status', ExpectedResult.exact('SUCCEEDED'))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) }));
