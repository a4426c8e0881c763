import { App, CfnParameter, CfnResource, DefaultStackSynthesizer, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ImageRelease, ImageRepository, PlatformCluster, PushToDeploy, WebService } from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testStack } from '../util';
import { resource } from '../workloads/fixtures';

function releaseStack() {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'shop/web' });
  const release = new ImageRelease(stack, 'ImageTag', { repository });
  new WebService(stack, 'Web', { cluster, image: release.image });
  return { stack, cluster, repository, release };
}

describe('PushToDeploy', () => {
  test('an ECR push of a matching tag starts the release state machine with the tag', () => {
    const { stack, cluster, release } = releaseStack();
    new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    const rule = resource(stack, 'AWS::Events::Rule', 'DeployOnPush').Properties;
    expect(rule.EventPattern).toEqual({
      'source': ['aws.ecr'],
      'detail-type': ['ECR Image Action'],
      'detail': { 'action-type': ['PUSH'], 'result': ['SUCCESS'], 'repository-name': [{ Ref: expect.stringMatching(/^Repository/) }], 'image-tag': [{ wildcard: 'v*' }] },
    });
    expect(rule.Targets[0].InputTransformer.InputTemplate).toBe('{"tag":<detail-image-tag>,"digest":<detail-image-digest>}');
  });

  test('updates the stack with the previous template: the release parameter takes the tag, every other parameter keeps its value', () => {
    const { stack, cluster, release } = releaseStack();
    new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'release-*', topic: cluster.notificationTopic });
    const definition = JSON.stringify(Template.fromStack(stack).toJSON().Resources[Object.keys(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))[0]].Properties.DefinitionString);
    expect(definition).toContain('\\"UsePreviousTemplate\\":true');
    expect(definition).toContain('{\\"ParameterKey\\":\\"ImageTag\\",\\"ParameterValue\\":\\"{% $states.input.tag %}\\"}');
    expect(definition).toContain('{\\"ParameterKey\\":\\"BootstrapVersion\\",\\"UsePreviousValue\\":true}');
    expect(definition).toContain('No updates are to be performed');
    expect(definition).toContain('_IN_PROGRESS state');
  });

  test('least privilege: this stack, this state machine, the topic, and passing the bootstrap CloudFormation role only to CloudFormation', () => {
    const { stack, cluster, release } = releaseStack();
    new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    const policy = JSON.stringify(resource(stack, 'AWS::IAM::Policy', 'DeployStateMachineRoleDefaultPolicy').Properties.PolicyDocument);
    expect(policy).toContain(':stack/Stack/*');
    expect(policy).toContain('"Action":"iam:PassRole","Condition":{"StringEquals":{"iam:PassedToService":"cloudformation.amazonaws.com"}}');
    expect(policy).toContain('role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-us-east-1');
    expect(policy).not.toMatch(/"Action":"cloudformation:UpdateStack","Effect":"Allow","Resource":"\*"/);
  });

  test('may read the stack\'s SSM-typed parameters, which CloudFormation resolves with its rights at every UpdateStack', () => {
    const { stack, cluster, release } = releaseStack();
    new CfnParameter(stack, 'Ami', { type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', default: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id' });
    new CfnParameter(stack, 'Own', { type: 'AWS::SSM::Parameter::Value<String>', default: 'team/setting' });
    new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    const template = Template.fromStack(stack).toJSON();
    const policy = resource(stack, 'AWS::IAM::Policy', 'DeployReadStackParameters');
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Sid: 'ReadStackParameters', Effect: 'Allow', Action: 'ssm:GetParameters',
      Resource: [
        'arn:aws:ssm:us-east-1::parameter/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
        { 'Fn::Join': ['', ['arn:aws:ssm:us-east-1:', { Ref: 'AWS::AccountId' }, ':parameter/cdk-bootstrap/hnb659fds/version']] },
        { 'Fn::Join': ['', ['arn:aws:ssm:us-east-1:', { Ref: 'AWS::AccountId' }, ':parameter/team/setting']] },
      ],
    }]);
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^DeployStateMachineRole/) }]);
    // The state machine is created after the policy, and deleted before it.
    const [machineId] = Object.keys(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine')).filter(id => id.startsWith('DeployStateMachine'));
    expect(template.Resources[machineId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DeployReadStackParameters/)]));
  });

  test('a stack with no SSM-typed parameter gets a policy that reads none', () => {
    const { stack, cluster } = releaseStack();
    const noBootstrapRule = new Stack(stack.node.root as App, 'Legacy', {
      env: { region: 'us-east-1' }, synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    const repository = new ImageRepository(noBootstrapRule, 'Repository');
    const legacyRelease = new ImageRelease(noBootstrapRule, 'ImageTag', { repository });
    new PushToDeploy(noBootstrapRule, 'Deploy', { releases: [legacyRelease], tagPattern: 'v*', topic: cluster.notificationTopic });
    expect(resource(noBootstrapRule, 'AWS::IAM::Policy', 'DeployReadStackParameters').Properties.PolicyDocument.Statement)
      .toEqual([{ Sid: 'NoStackParameters', Effect: 'Deny', Action: 'ssm:GetParameters', Resource: '*' }]);
  });

  test('every 10 minutes an Express state machine looks for a push that no release followed', () => {
    const { stack, cluster, release } = releaseStack();
    const push = new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    expect(resource(stack, 'AWS::Events::Rule', 'DeployCatchUpSchedule').Properties.ScheduleExpression).toBe('rate(10 minutes)');
    const machine = push.catchUp.node.defaultChild as CfnResource;
    expect(stack.resolve((machine as unknown as { stateMachineType: string }).stateMachineType)).toBe('EXPRESS');
    const policy = JSON.stringify(resource(stack, 'AWS::IAM::Policy', 'DeployCatchUpRoleDefaultPolicy').Properties.PolicyDocument);
    for (const action of ['states:DescribeStateMachine', 'states:ListExecutions', 'states:StartExecution', 'ecr:DescribeImages']) expect(policy).toContain(action);
    expect(policy).not.toContain('cloudformation:');
  });

  test('has no cdk-nag finding and no CloudFormation validator ERROR or WARN', () => {
    const { stack, cluster, release } = releaseStack();
    new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    expect(nagFindings(stack.node.root as App)).toEqual([]);
    expect(cfnFindings([stack])).toEqual([]);
  });

  test.each([
    ['a character a tag cannot hold', 'v1/*', 'Stack/Deploy: tagPattern "v1/*" is not a tag pattern. Allowed: letters, digits, "_", ".", "-" and the wildcard "*", 1 to 128 characters.'],
    ['an empty pattern', '', 'Stack/Deploy: tagPattern "" is not a tag pattern'],
    ['consecutive wildcards', 'v**', 'Stack/Deploy: tagPattern "v**" has consecutive wildcards'],
    ['a pattern no tag can match', '-rc*', 'Stack/Deploy: tagPattern "-rc*" can never match: a Docker tag starts with a letter, a digit or "_"'],
  ])('rejects %s', (_title, tagPattern, message) => {
    const { stack, cluster, release } = releaseStack();
    expect(() => new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern, topic: cluster.notificationTopic })).toThrow(message);
  });

  test('rejects a release of another stack, which a push could not update', () => {
    const { stack, cluster, release } = releaseStack();
    const other = new Stack(stack.node.root as App, 'Other', { env: { region: 'us-east-1' } });
    expect(() => new PushToDeploy(other, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic })).toThrow(
      'Other/Deploy: releases[0] "Stack/ImageTag" is in stack Stack, and a push updates the stack of this construct (Other). Allowed: releases of the stack PushToDeploy is in.');
  });

  test('rejects a timeout over CloudFormation\'s 36 hours', () => {
    const { stack, cluster, release } = releaseStack();
    expect(() => new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic, timeout: Duration.hours(40) }))
      .toThrow('Stack/Deploy: timeout "1 day 16 hours" is out of range. Allowed: 5 minutes to 36 hours.');
  });

  test('rejects no release at all', () => {
    const { stack, cluster } = releaseStack();
    expect(() => new PushToDeploy(stack, 'Deploy', { releases: [], tagPattern: 'v*', topic: cluster.notificationTopic })).toThrow('Stack/Deploy: releases [] is empty');
  });
});
