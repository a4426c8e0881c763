// Integ test: the release flow end to end. A SourceImage builds the sample image in CodeBuild and
// pushes it as v1.0.0 while the stack is created; that push releases itself through PushToDeploy
// (the first UpdateStack meets CREATE_IN_PROGRESS and waits); the web service (canary deployment, an
// EFS volume) runs it. A real deploy must show, in order:
// - the push started a release that SUCCEEDED: the release flow may update the stack, SSM-typed
//   parameters included (BootstrapVersion); the stack output says v1.0.0;
// - the service runs 1 task, with its EFS volume mounted (a failed mount stops the task), and the
//   load balancer answers 200;
// - an ordinary stack update that changes the production listener rule (its priority, from the
//   RulePriority parameter) after that canary release still answers 200: this answers whether
//   CloudFormation writes the rule's weights back to 100/0 when ECS left traffic on the alternate
//   group (aws/aws-cdk#36649; `cdk-ecs-platform report --baseline` refuses such a change meanwhile);
// - a release of a tag that was never pushed fails (the circuit breaker rolls the deployment back,
//   CloudFormation the stack), is reported, and the service still runs v1.0.0.
// Not known before a real run: the three points above, and whether ECS's circuit breaker fails a
// canary deployment as fast as a rolling one (the waits allow 40 minutes each).
// Offline (npm test): integ-runner compares the synthesized template with the committed snapshot.
// Against an account: npx integ-runner --directory test --language typescript --force --tests integ.release-flow.ts
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnParameter, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Deployment, ImageRelease, ImageRepository, PlatformCluster, PushToDeploy, SharedFileSystem, SourceImage, Volume, WebService } from '../lib';
import { destroyableLogBucket } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'EcsPlatformReleaseFlowInteg', { env: { region: 'us-east-1' } });
const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
const repository = new ImageRepository(stack, 'Repository', { removalPolicy: RemovalPolicy.DESTROY, emptyOnDelete: true });
const files = new SharedFileSystem(stack, 'Files', { cluster, removalPolicy: RemovalPolicy.DESTROY, automaticBackups: false });
const release = new ImageRelease(stack, 'ImageTag', { repository });
const web = new WebService(stack, 'Web', {
  cluster,
  image: release.image,
  desiredCount: 1,
  user: '1000:1000',
  volumes: [Volume.efs(files, { containerPath: '/data' })],
  deployment: Deployment.canary({ percent: 50, canaryBake: Duration.minutes(1), bake: Duration.minutes(1) }),
  logRemovalPolicy: RemovalPolicy.DESTROY,
  accessLogsBucket: destroyableLogBucket(stack),
});
const push = new PushToDeploy(stack, 'PushToDeploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
const source = new SourceImage(stack, 'SampleImage', { repository, directory: path.join(__dirname, '..', 'examples', 'sample-image'), tag: 'v1.0.0' });
// The push must find the rule in place, so the build waits for it.
source.node.addDependency(push.rule);
// The production rule's priority as a parameter, so the test can change the rule with an ordinary update.
const rulePriority = new CfnParameter(stack, 'RulePriority', { type: 'Number', default: 1 });
(web.listenerRule!.node.defaultChild as CfnResource).addPropertyOverride('Priority', rulePriority.valueAsNumber);

const assertionStack = new Stack(app, 'ReleaseFlowIntegAssertions', { env: { region: 'us-east-1' } });
const integ = new IntegTest(app, 'ReleaseFlowInteg', { testCases: [stack], regions: ['us-east-1'], assertionStack });
const wait = { totalTimeout: Duration.minutes(40), interval: Duration.seconds(30) };
const stackOutput = (value: string) => ExpectedResult.objectLike({
  Stacks: Match.arrayWith([Match.objectLike({ Outputs: Match.arrayWith([Match.objectLike({ OutputKey: 'ImageTagRunning', OutputValue: value })]) })]),
});

const pushReleased = integ.assertions.awsApiCall('SFN', 'listExecutions', { stateMachineArn: push.stateMachine.stateMachineArn, statusFilter: 'SUCCEEDED' })
  .assertAtPath('executions.0.status', ExpectedResult.exact('SUCCEEDED'))
  .waitForAssertions(wait);
const runsV1 = integ.assertions.awsApiCall('CloudFormation', 'describeStacks', { StackName: stack.stackName })
  .expect(stackOutput('v1.0.0'))
  .waitForAssertions(wait);
const oneTask = integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: cluster.cluster.clusterName, services: [web.service.serviceName] })
  .assertAtPath('services.0.runningCount', ExpectedResult.exact(1))
  .waitForAssertions(wait);
const answers = integ.assertions.httpApiCall(web.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });

// An ordinary update (the previous template, the same release): only the rule's priority changes.
const update = integ.assertions.awsApiCall('CloudFormation', 'updateStack', {
  StackName: stack.stackName,
  UsePreviousTemplate: true,
  Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
  Parameters: [
    { ParameterKey: 'ImageTag', UsePreviousValue: true },
    { ParameterKey: 'BootstrapVersion', UsePreviousValue: true },
    { ParameterKey: 'RulePriority', ParameterValue: '2' },
  ],
});
// UpdateStack runs as the stack's CloudFormation role (the bootstrap's, as integ-runner deployed it).
update.provider.addToRolePolicy({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: [`arn:aws:iam::${stack.account}:role/cdk-*-cfn-exec-role-*`] });
update.provider.addToRolePolicy({ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: ['*'] });
const updated = integ.assertions.awsApiCall('CloudFormation', 'describeStacks', { StackName: stack.stackName })
  .assertAtPath('Stacks.0.StackStatus', ExpectedResult.exact('UPDATE_COMPLETE'))
  .waitForAssertions(wait);
const stillAnswers = integ.assertions.httpApiCall(web.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });

const start = integ.assertions.awsApiCall('SFN', 'startExecution', {
  stateMachineArn: push.stateMachine.stateMachineArn,
  input: JSON.stringify({ tag: 'v0.0.0-never-pushed' }),
});
const failed = integ.assertions.awsApiCall('SFN', 'describeExecution', { executionArn: start.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED' }))
  .waitForAssertions(wait);
const stillV1 = integ.assertions.awsApiCall('CloudFormation', 'describeStacks', { StackName: stack.stackName })
  .expect(stackOutput('v1.0.0'));

pushReleased.next(runsV1).next(oneTask).next(answers).next(update).next(updated).next(stillAnswers).next(start).next(failed).next(stillV1);
