import { ArnFormat, CfnResource, DefaultStackSynthesizer, Duration, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { dropRedundantDependsOn } from '../core/dependencies';
import { fail } from '../core/errors';
import { acknowledgeFinding, acknowledgeWildcardResources } from '../core/nag';
import type { ImageRelease } from './image-release';
import { releaseDefinition } from './private/release-flow';

/** Docker tag characters and EventBridge's wildcard `*`. */
const TAG_PATTERN = /^[A-Za-z0-9_.*-]{1,128}$/;

/** Properties of a {@link PushToDeploy}. */
export interface PushToDeployProps {
  /**
   * The releases a matching push sets: each is a parameter of the stack this construct is in, and
   * every workload given `release.image` runs the pushed tag. All of one repository.
   */
  readonly releases: ImageRelease[];

  /**
   * The tags that deploy when pushed, as an EventBridge wildcard: `*` matches any characters
   * (`v*`, `release-*`, `*-prod`). Letters, digits, `_`, `.`, `-` and `*`, at most 128 characters.
   */
  readonly tagPattern: string;

  /** Where a failed release is reported (for example `platform.notificationTopic`). */
  readonly topic: sns.ITopic;

  /**
   * The role CloudFormation uses for the stack. A release is a stack update with the previous
   * template; CloudFormation makes it with the role associated with the stack, which the state
   * machine may pass.
   *
   * @default - the CDK bootstrap's CloudFormation execution role, for stacks with the default synthesizer
   */
  readonly cloudFormationRole?: iam.IRole;

  /**
   * How long a release may take, waiting for earlier ones included.
   *
   * @default Duration.hours(36) (CloudFormation's own limit for a stack update)
   */
  readonly timeout?: Duration;
}

/**
 * Push to deploy: pushing a tag that matches `tagPattern` to the releases' repository releases it
 * through CloudFormation (a stack update that changes only the release parameters), one release at a
 * time in push order. A release that fails rolls back (the circuit breaker or a rollback alarm fails
 * the ECS deployment, and CloudFormation the stack update) and is reported to `topic`.
 *
 * An EventBridge rule on ECR's "Image Action" events starts a Step Functions state machine; both
 * live in the stack they update. The stack must have been deployed with a CloudFormation service
 * role (`cdk deploy` uses the bootstrap's), because CloudFormation makes the update with it.
 *
 * @example
 * const release = new ImageRelease(this, 'ImageTag', { repository });
 * new PushToDeploy(this, 'Deploy', { releases: [release], tagPattern: 'v*', topic: platform.notificationTopic });
 */
export class PushToDeploy extends Construct {
  /** The EventBridge rule on pushes of matching tags. */
  public readonly rule: events.Rule;
  /** The state machine that makes each release. */
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: PushToDeployProps) {
    super(scope, id);
    const stack = Stack.of(this);
    validateTagPattern(this, props.tagPattern);
    if (props.releases.length === 0) {
      fail(this, 'releases', [], 'is empty', 'one or more ImageRelease of this stack');
    }
    props.releases.forEach((release, i) => {
      if (Stack.of(release) !== stack) {
        fail(this, `releases[${i}]`, release.node.path, `is in stack ${Stack.of(release).stackName}, and a push updates the stack of this construct (${stack.stackName})`,
          'releases of the stack PushToDeploy is in');
      }
      if (release.repository !== props.releases[0].repository) {
        fail(this, `releases[${i}]`, release.node.path, `pulls from ${release.repository.node.path}, and releases[0] from ${props.releases[0].repository.node.path}`,
          'releases of one repository (a PushToDeploy per repository)');
      }
    });
    const timeout = props.timeout ?? Duration.hours(36);
    const timeoutMinutes = timeout.toMinutes({ integral: false });
    if (!timeout.isUnresolved() && (timeoutMinutes < 5 || timeoutMinutes > 36 * 60)) {
      fail(this, 'timeout', timeout.toHumanString(), 'is out of range', '5 minutes to 36 hours');
    }
    const repository = props.releases[0].repository;

    // A literal name, so the role may list the state machine's executions without a circular reference.
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const stateMachineArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(releaseDefinition(this, {
        stateMachineArn, releaseParameters: props.releases.map(r => r.parameter), topic: props.topic,
      })),
      timeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: `Releases tags of ${repository.node.path} matching "${props.tagPattern}" to stack ${stack.stackName}, one at a time`,
    });
    props.topic.grantPublish(this.stateMachine);
    // The state machine names its role through Fn::GetAtt already (W3005 otherwise).
    dropRedundantDependsOn(this.stateMachine.node.defaultChild as CfnResource, this.stateMachine.role.node.defaultChild as CfnResource);

    // CloudFormation updates the stack with the role associated with it; allow passing that one only.
    const cfnRoleArn = props.cloudFormationRole?.roleArn ?? bootstrapCloudFormationRoleArn(stack);
    if (cfnRoleArn) {
      this.stateMachine.addToRolePolicy(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [cfnRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }));
    }
    acknowledgeFinding(this.stateMachine.role, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and log delivery take no resource; every other statement names this stack, this state machine, the topic and its key');
    acknowledgeWildcardResources(this.stateMachine.role, ['cloudformation:DescribeStacks', 'cloudformation:UpdateStack'],
      'A stack ARN ends with an id CloudFormation generates; the name part pins this stack');
    acknowledgeFinding(this.stateMachine.role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Publishing to a KMS-encrypted topic: aws-cdk-lib\'s grantPublish, on the topic\'s key only');

    this.rule = new events.Rule(this, 'OnPush', {
      description: `${this.node.path}: a push of a tag matching "${props.tagPattern}" to ${repository.node.path} releases it to ${stack.stackName}`,
      eventPattern: {
        source: ['aws.ecr'],
        detailType: ['ECR Image Action'],
        detail: {
          'action-type': ['PUSH'],
          'result': ['SUCCESS'],
          'repository-name': [repository.repository.repositoryName],
          'image-tag': props.tagPattern.includes('*') ? events.Match.wildcard(props.tagPattern) : [props.tagPattern],
        },
      },
      targets: [new eventsTargets.SfnStateMachine(this.stateMachine, {
        input: events.RuleTargetInput.fromObject({ tag: events.EventField.fromPath('$.detail.image-tag'), digest: events.EventField.fromPath('$.detail.image-digest') }),
      })],
    });
  }
}

/** The bootstrap's CloudFormation execution role of a stack with the default synthesizer. */
function bootstrapCloudFormationRoleArn(stack: Stack): string | undefined {
  const synthesizer = stack.synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer)) return undefined;
  return Fn.sub(synthesizer.cloudFormationExecutionRoleArn);
}

function validateTagPattern(scope: Construct, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (!TAG_PATTERN.test(pattern)) {
    fail(scope, 'tagPattern', pattern, 'is not a tag pattern', 'letters, digits, "_", ".", "-" and the wildcard "*", 1 to 128 characters');
  }
  if (pattern.includes('**')) {
    fail(scope, 'tagPattern', pattern, 'has consecutive wildcards', 'a single "*" where any characters may be (it already matches any number)');
  }
  if (/^[.-]/.test(pattern)) {
    fail(scope, 'tagPattern', pattern, 'can never match: a Docker tag starts with a letter, a digit or "_"', 'a pattern starting with a letter, a digit, "_" or "*"');
  }
}
