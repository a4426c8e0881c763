import { ArnFormat, CfnParameter, CfnResource, DefaultStackSynthesizer, Duration, Fn, Lazy, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
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
import { fitText, TEXT_LIMITS } from '../core/text';
import type { ImageRelease } from './image-release';
import { catchUpDefinition } from './private/release-catch-up';
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
   * How long a release may take, waiting for earlier ones included. A release that takes longer is
   * reported to `topic` and its execution fails (a stack update it started goes on).
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
 * ECR delivers push events on a best-effort basis: every 10 minutes a small Express state machine
 * (`catchUp`) releases the newest matching tag pushed after the newest release, if its event never
 * started one.
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
  /** The Express state machine that, every 10 minutes, releases a push whose event never arrived. */
  public readonly catchUp: sfn.StateMachine;

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
      if (release.byDigest) {
        fail(this, `releases[${i}]`, release.node.path, 'releases by digest, and a push releases the pushed tag',
          'releases by tag (a release by digest is given its digest with cdk deploy --parameters, for promotion)');
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
        stateMachineArn, releaseParameters: props.releases.map(r => r.parameter), topic: props.topic, timeout,
      })),
      // The flow reports a release past `timeout` itself; Step Functions' own timeout is the backstop.
      timeout: timeout.plus(Duration.minutes(10)),
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
    (this.stateMachine.node.defaultChild as CfnResource).node.addDependency(readStackParameters(this, this.stateMachine.role));

    this.rule = new events.Rule(this, 'OnPush', {
      description: fitText(`${this.node.path}: a push of a tag matching "${props.tagPattern}" to ${repository.node.path} releases it to ${stack.stackName}`, TEXT_LIMITS.eventBridge),
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

    this.catchUp = new sfn.StateMachine(this, 'CatchUp', {
      stateMachineType: sfn.StateMachineType.EXPRESS,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(catchUpDefinition(this, {
        releaseStateMachineArn: stateMachineArn,
        repositoryName: repository.repository.repositoryName,
        repositoryArn: repository.repository.repositoryArn,
        tagPattern: props.tagPattern,
        grace: CATCH_UP_GRACE,
      })),
      timeout: Duration.minutes(5),
      tracingEnabled: true,
      // Execution data left out: a page of image details per run, every 10 minutes, would be most of the log.
      logs: {
        destination: new logs.LogGroup(this, 'CatchUpLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      comment: `Releases a tag pushed to ${repository.node.path} whose ECR event never started a release of ${stack.stackName}`,
    });
    dropRedundantDependsOn(this.catchUp.node.defaultChild as CfnResource, this.catchUp.role.node.defaultChild as CfnResource);
    acknowledgeFinding(this.catchUp.role, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and log delivery take no resource; the other statements name the release state machine and the repository');
    new events.Rule(this, 'CatchUpSchedule', {
      description: fitText(`${this.node.path}: looks for a push of a tag matching "${props.tagPattern}" that no release followed`, TEXT_LIMITS.eventBridge),
      schedule: events.Schedule.rate(CATCH_UP_INTERVAL),
      targets: [new eventsTargets.SfnStateMachine(this.catchUp)],
    });
  }
}

/** How often the catch-up looks for a missed push. */
const CATCH_UP_INTERVAL = Duration.minutes(10);
/** How old a push must be before the catch-up releases it: its event may still be on its way. */
const CATCH_UP_GRACE = Duration.minutes(5);

/**
 * Lets the release flow read the stack's SSM-typed parameters (the bootstrap version, an AMI):
 * CloudFormation resolves them again at every update, with the rights of the caller of UpdateStack.
 * Rendered when the template is written, because the bootstrap version parameter is added then.
 */
function readStackParameters(scope: Construct, role: iam.IRole): iam.CfnPolicy {
  const stack = Stack.of(scope);
  return new iam.CfnPolicy(scope, 'ReadStackParameters', {
    policyName: 'ReadStackParameters',
    roles: [role.roleName],
    policyDocument: Lazy.uncachedAny({
      produce: () => {
        const arns = ssmParameterNames(stack).map(name => name.startsWith('/aws/')
          // AWS's public parameters belong to no account.
          ? stack.formatArn({ service: 'ssm', account: '', resource: 'parameter', resourceName: name.slice(1) })
          : stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) }));
        return {
          Version: '2012-10-17',
          Statement: [arns.length > 0
            ? { Sid: 'ReadStackParameters', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: arns }
            : { Sid: 'NoStackParameters', Effect: 'Deny', Action: 'ssm:GetParameters', Resource: '*' }],
        };
      },
    }),
  });
}

/** The Parameter Store names behind the stack's SSM-typed parameters (`AWS::SSM::Parameter::Value<...>`). */
function ssmParameterNames(stack: Stack): string[] {
  const names = stack.node.findAll()
    .filter((c): c is CfnParameter => c instanceof CfnParameter && Stack.of(c) === stack && c.type.startsWith('AWS::SSM::Parameter::Value<'))
    .map(parameter => parameter.default)
    .filter((name): name is string => typeof name === 'string' && !Token.isUnresolved(name))
    .map(name => name.startsWith('/') ? name : `/${name}`);
  return [...new Set(names)].sort();
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
