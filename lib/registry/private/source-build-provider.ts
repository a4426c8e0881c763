import { CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { dropRedundantDependsOn } from '../../core/dependencies';
import { fail } from '../../core/errors';
import { acknowledgeFinding, acknowledgeWildcardResources } from '../../core/nag';
import { fitText, TEXT_LIMITS } from '../../core/text';
import { IS_COMPLETE, ON_EVENT } from './source-build-handler';

/** The construct id of the one build provider of a stack, a child of the stack. */
const ID = 'SourceImageBuilds';

/**
 * The build environment of a SourceImage's architecture: CodeBuild's curated image and the platform it
 * builds for. A function, so importing the library reads none of aws-codebuild.
 */
export function buildEnvironment(arm: boolean): { image: codebuild.IBuildImage; platform: string } {
  return arm
    ? { image: codebuild.LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0, platform: 'linux/arm64' }
    : { image: codebuild.LinuxBuildImage.STANDARD_7_0, platform: 'linux/amd64' };
}

/**
 * What every SourceImage of a stack shares: one CodeBuild project, the two functions of the custom
 * resource and aws-cdk-lib's provider framework (three functions and a state machine that polls), and one
 * log group for all of them. Each image is then one custom resource that starts a build of the shared
 * project with its own source, repository, tag and architecture (StartBuild's overrides).
 */
export class SourceBuildProvider extends Construct {
  /** The stack's provider, created by its first SourceImage. `logRetention` must agree with an earlier image's. */
  public static of(requester: IConstruct, logRetention: logs.RetentionDays | undefined): SourceBuildProvider {
    const stack = Stack.of(requester);
    const existing = stack.node.tryFindChild(ID) as SourceBuildProvider | undefined;
    if (!existing) return new SourceBuildProvider(stack, ID, requester, logRetention);
    if (logRetention !== undefined && existing.explicitRetention !== undefined && logRetention !== existing.logRetention) {
      fail(requester, 'logRetention', logRetention,
        `differs from ${existing.retentionFrom}'s ${existing.logRetention} days: every SourceImage of a stack shares one build log group`,
        `${existing.logRetention} (or leave it out), or give the same retention on every SourceImage of the stack`);
    }
    if (logRetention !== undefined && existing.explicitRetention === undefined && logRetention !== existing.logRetention) {
      fail(requester, 'logRetention', logRetention,
        `differs from the ${existing.logRetention} days the stack's builds already keep logs (${existing.retentionFrom} gave none, so the default applies)`,
        'the same retention on the first SourceImage of the stack, or none on this one');
    }
    return existing;
  }

  /** The CodeBuild project that builds and pushes every SourceImage of the stack. */
  public readonly project: codebuild.Project;
  /** The custom resource provider's service token. */
  public readonly serviceToken: string;
  /** The log group of the builds, the functions and the state machine. */
  public readonly logGroup: logs.LogGroup;
  /** How long the logs are kept, in days. */
  public readonly logRetention: logs.RetentionDays;
  private readonly explicitRetention?: logs.RetentionDays;
  private readonly retentionFrom: string;

  private constructor(scope: Stack, id: string, requester: IConstruct, logRetention: logs.RetentionDays | undefined) {
    super(scope, id);
    this.explicitRetention = logRetention;
    this.logRetention = logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.retentionFrom = requester.node.path;
    // Kept when the last image leaves: logs are data, as everywhere in this library.
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: this.logRetention, removalPolicy: RemovalPolicy.RETAIN });

    this.project = new codebuild.Project(this, 'Project', {
      description: fitText(`${scope.node.path}: builds each SourceImage of the stack (its source, repository, tag and architecture come with each build)`,
        TEXT_LIMITS.codeBuildProject),
      environment: { buildImage: buildEnvironment(false).image, computeType: codebuild.ComputeType.SMALL, privileged: true },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          build: {
            commands: [
              // An immutable tag that exists is never pushed again: an update or a replaced custom resource builds nothing.
              'if aws ecr describe-images --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" > /dev/null 2>&1; then echo "$TAG exists"; exit 0; fi; ' +
              'aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}" && ' +
              'docker build --platform "$PLATFORM" -t "$REPOSITORY_URI:$TAG" . && docker push "$REPOSITORY_URI:$TAG"',
            ],
          },
        },
      }),
      logging: { cloudWatch: { logGroup: this.logGroup, prefix: 'build' } },
    });

    const handler = (name: string, code: string, verb: string) => new lambda.Function(this, name, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(code),
      timeout: Duration.minutes(1),
      logGroup: this.logGroup,
      description: fitText(`${scope.node.path}: ${verb} the image builds of the stack's SourceImages`, TEXT_LIMITS.lambdaFunction),
    });
    const onEvent = handler('OnEvent', ON_EVENT, 'starts');
    const isComplete = handler('IsComplete', IS_COMPLETE, 'waits for');
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:StartBuild'], resources: [this.project.projectArn] }));
    isComplete.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:BatchGetBuilds'], resources: [this.project.projectArn] }));
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent, isCompleteHandler: isComplete, queryInterval: Duration.seconds(20), totalTimeout: Duration.hours(1),
      logGroup: this.logGroup,
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFindings([onEvent, isComplete, provider]);
    // Functions and the waiter state machine name their roles through Fn::GetAtt already (W3005 otherwise).
    for (const child of this.node.findAll()) {
      const role = child instanceof lambda.Function ? child.role
        : child instanceof CfnResource && child.cfnResourceType === 'AWS::StepFunctions::StateMachine' ? child.node.scope?.node.tryFindChild('Role') as iam.IRole | undefined
          : undefined;
      const resource = child instanceof lambda.Function ? child.node.defaultChild : child;
      if (role?.node.defaultChild instanceof CfnResource && resource instanceof CfnResource) dropRedundantDependsOn(resource, role.node.defaultChild);
    }
  }

  /** The policy of the project's role: an image is built after it exists, with the grants of every image in it. */
  public get buildPolicy(): CfnResource | undefined {
    const policy = this.project.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    return policy instanceof CfnResource ? policy : undefined;
  }

  /** The findings of aws-cdk-lib's own building blocks (CodeBuild, the custom resource provider framework), each with its reason. */
  private acknowledgeFindings(functions: IConstruct[]): void {
    Validations.of(this.project).acknowledge(
      { id: 'AwsSolutions-CB4', reason: 'The project has no artifacts (NO_ARTIFACTS): its one output is the image, stored and encrypted by the repository' },
    );
    Validations.of(this.project.role!).acknowledge(...['s3:GetBucket*', 's3:GetObject*', 's3:List*'].map(action => ({
      id: `AwsSolutions-IAM5[Action::${action}]`, reason: 'aws-cdk-lib\'s read grant on the source asset objects of the stack\'s images and their bucket',
    })));
    for (const role of this.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role)) {
      acknowledgeWildcardResources(role, WILDCARD_ACTIONS,
        'CodeBuild\'s report groups (named after the project), its log streams, ecr:GetAuthorizationToken (no resource), the provider framework ' +
        'invoking versions of its handlers (<function arn>:*), and Step Functions\' log delivery (CloudWatch Logs takes no resource for it)');
      if (role.assumeRolePolicy && JSON.stringify(Stack.of(this).resolve(role.assumeRolePolicy.toJSON())).includes('lambda.amazonaws.com')) {
        acknowledgeFinding(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          'AWSLambdaBasicExecutionRole: a custom resource function writes to the build log group (logs:CreateLogStream and PutLogEvents)');
      }
    }
    for (const fn of functions) {
      Validations.of(fn).acknowledge(
        { id: 'AwsSolutions-L1', reason: 'Node.js 22, the newest runtime aws-cdk-lib 2.257 offers; the provider framework picks its own' },
        { id: 'AwsSolutions-SF2', reason: 'The provider framework\'s waiter state machine only polls the build; aws-cdk-lib does not expose its tracing' },
      );
    }
  }
}

/** The actions whose wildcard resources aws-cdk-lib's CodeBuild project, provider framework and state machine logging need. */
const WILDCARD_ACTIONS = [
  'lambda:InvokeFunction', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ecr:GetAuthorizationToken',
  'codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases', 'codebuild:BatchPutCodeCoverages',
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
  'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
];
