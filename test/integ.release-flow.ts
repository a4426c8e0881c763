// Integ test: the release flow. A web service with a canary deployment runs the tag of an
// ImageRelease, and PushToDeploy releases pushed tags. A real deploy must show:
// - nothing released on the first deploy: the output says "none" and the service runs 0 tasks;
// - a release of a tag that was never pushed (started the way the ECR rule starts it) fails: ECS
//   cannot start the tasks, the circuit breaker fails the deployment, CloudFormation rolls the stack
//   back, the state machine reports it to the topic and ends FAILED;
// - afterwards the service still runs 0 tasks: the parameter rolled back with the stack, so
//   CloudFormation and what runs did not drift apart.
// Not known before a real run: whether ECS's circuit breaker fails a canary deployment as fast as a
// rolling one (the wait below allows 40 minutes).
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account: npx integ-runner --directory test --language typescript --force --tests integ.release-flow.ts
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Deployment, ImageRelease, ImageRepository, PlatformCluster, PushToDeploy, WebService } from '../lib';
import { destroyableLogBucket } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'EcsPlatformReleaseFlowInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const repository = new ImageRepository(stack, 'Repository', { removalPolicy: RemovalPolicy.DESTROY, emptyOnDelete: true });
const release = new ImageRelease(stack, 'ImageTag', { repository });
const web = new WebService(stack, 'Web', {
  cluster,
  image: release.image,
  desiredCount: 1,
  deployment: Deployment.canary({ percent: 50, canaryBake: Duration.minutes(1), bake: Duration.minutes(1) }),
  logRemovalPolicy: RemovalPolicy.DESTROY,
  accessLogsBucket: destroyableLogBucket(stack),
});
const push = new PushToDeploy(stack, 'PushToDeploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });

const assertionStack = new Stack(app, 'ReleaseFlowIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'ReleaseFlowInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
const wait = { totalTimeout: Duration.minutes(40), interval: Duration.seconds(30) };

const nothingRuns = integ.assertions.awsApiCall('CloudFormation', 'describeStacks', { StackName: stack.stackName })
  .expect(ExpectedResult.objectLike({ Stacks: Match.arrayWith([Match.objectLike({ Outputs: Match.arrayWith([Match.objectLike({ OutputKey: 'ImageTagRunning', OutputValue: 'none' })]) })]) }));
const zeroTasks = integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: cluster.cluster.clusterName, services: [web.service.serviceName] })
  .assertAtPath('services.0.desiredCount', ExpectedResult.exact(0));
const start = integ.assertions.awsApiCall('SFN', 'startExecution', {
  stateMachineArn: push.stateMachine.stateMachineArn,
  input: JSON.stringify({ tag: 'v0.0.0-never-pushed' }),
});
const failed = integ.assertions.awsApiCall('SFN', 'describeExecution', { executionArn: start.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED' }))
  .waitForAssertions(wait);
// A second describeServices, made distinct by `include`.
const stillNothing = integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: cluster.cluster.clusterName, services: [web.service.serviceName], include: ['TAGS'] })
  .assertAtPath('services.0.desiredCount', ExpectedResult.exact(0));
nothingRuns.next(zeroTasks).next(start).next(failed).next(stillNothing);
