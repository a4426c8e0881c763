import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, CustomResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { dropRedundantDependsOn } from '../core/dependencies';
import { fail } from '../core/errors';
import { acknowledgeFinding, acknowledgeWildcardResources } from '../core/nag';
import { fitText, TEXT_LIMITS } from '../core/text';
import { ImageReference } from './image-reference';
import type { IImageRepository } from './image-repository';
import { IS_COMPLETE, ON_EVENT } from './private/source-build-handler';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** The longest build: CloudFormation waits an hour for the custom resource, and the build may be queued first. */
const MAX_BUILD_MINUTES = 50;
/** Queue and build together, leaving the custom resource's polling a few minutes of the hour. */
const WAIT_MINUTES = 55;

/** Properties of a {@link SourceImage}. */
export interface SourceImageProps {
  /** The repository the image is pushed to: yours, with its lifecycle rules and tag policy. */
  readonly repository: IImageRepository;

  /** The build context: a directory with a `Dockerfile`. Zipped at synth (no Docker needed) and built at deploy. */
  readonly directory: string;

  /**
   * The tag the image is pushed under. A tag that already exists in the repository is not built
   * again (tags are immutable by default), so give a new tag when the source changes.
   *
   * @default `src-` and the first 12 characters of the build context's hash: a new tag whenever the source changes
   */
  readonly tag?: string;

  /**
   * The architecture to build for: the tasks' (`linux/amd64` or `linux/arm64`). The build runs on a
   * CodeBuild machine of that architecture, so no emulation is involved.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly architecture?: ecs.CpuArchitecture;

  /**
   * How long the build may take, in whole minutes from 5 to 50. CloudFormation waits at most an hour
   * for the image: what is left of the hour after the build's time (at least 5 minutes) is how long
   * the build may wait in CodeBuild's queue.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;
}

/**
 * An image built from a local Dockerfile into your own repository, under a tag you control, during
 * `cdk deploy`: the directory is staged as a file asset at synth (offline, no Docker engine), and a
 * CodeBuild project builds and pushes it before the workloads that use `image` are deployed. Unlike
 * `ecs.ContainerImage.fromAsset`, the image lands in your repository (its lifecycle rules and
 * scanning apply), not in the CDK bootstrap's.
 *
 * @example
 * const web = new SourceImage(this, 'WebImage', { repository, directory: path.join(__dirname, 'app') });
 * new WebService(this, 'Web', { cluster, image: web.image });
 */
export class SourceImage extends Construct {
  /** The tag the image is pushed under. */
  public readonly tag: string;
  /** The image, for workloads: they are deployed after the build. */
  public readonly image: ImageReference;
  /** The CodeBuild project that builds and pushes the image. */
  public readonly project: codebuild.Project;
  /** The staged build context. */
  public readonly source: s3assets.Asset;

  constructor(scope: Construct, id: string, props: SourceImageProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.directory) && !fs.existsSync(path.join(props.directory, 'Dockerfile'))) {
      fail(this, 'directory', props.directory, 'has no Dockerfile', 'a directory that holds a Dockerfile (the build context)');
    }
    if (props.tag !== undefined && !Token.isUnresolved(props.tag) && !TAG.test(props.tag)) {
      fail(this, 'tag', props.tag, 'is not a Docker image tag', 'letters, digits, _, . and -, starting with a letter, digit or _, at most 128 characters');
    }
    const timeout = props.timeout ?? Duration.minutes(30);
    const minutes = timeout.toMinutes({ integral: false });
    if (!timeout.isUnresolved() && (!Number.isInteger(minutes) || minutes < 5 || minutes > MAX_BUILD_MINUTES)) {
      fail(this, 'timeout', timeout.toHumanString(), 'is out of range',
        `whole minutes from 5 to ${MAX_BUILD_MINUTES} (CloudFormation waits at most an hour for the image, and the build may wait in CodeBuild's queue first)`);
    }
    const arm = props.architecture === ecs.CpuArchitecture.ARM64;

    this.source = new s3assets.Asset(this, 'Source', { path: props.directory });
    this.tag = props.tag ?? `src-${this.source.assetHash.slice(0, 12)}`;
    const repository = props.repository.repository;

    this.project = new codebuild.Project(this, 'Build', {
      // No local path: it would differ per machine, and CodeBuild allows 255 characters.
      description: fitText(`${this.node.path}: builds the directory ${path.basename(props.directory)} and pushes it to ${props.repository.node.path}`, TEXT_LIMITS.codeBuildProject),
      source: codebuild.Source.s3({ bucket: this.source.bucket, path: this.source.s3ObjectKey }),
      environment: {
        buildImage: arm ? codebuild.LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0 : codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: true,
      },
      environmentVariables: {
        REPOSITORY_URI: { value: repository.repositoryUri },
        REPOSITORY: { value: repository.repositoryName },
        TAG: { value: this.tag },
        PLATFORM: { value: arm ? 'linux/arm64' : 'linux/amd64' },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          build: {
            commands: [
              // An immutable tag that exists is never pushed again: the build has nothing to do.
              'if aws ecr describe-images --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" > /dev/null 2>&1; then echo "$TAG exists"; exit 0; fi; ' +
              'aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}" && ' +
              'docker build --platform "$PLATFORM" -t "$REPOSITORY_URI:$TAG" . && docker push "$REPOSITORY_URI:$TAG"',
            ],
          },
        },
      }),
      timeout,
      // The hour CloudFormation waits holds the queue and the build.
      queuedTimeout: timeout.isUnresolved() ? undefined : Duration.minutes(Math.max(5, WAIT_MINUTES - minutes)),
      logging: { cloudWatch: { logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR }) } },
    });
    repository.grantPullPush(this.project);
    repository.grant(this.project, 'ecr:DescribeImages');

    const handler = (name: string, code: string) => new lambda.Function(this, name, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(code),
      timeout: Duration.minutes(1),
      description: fitText(`${this.node.path}: ${name === 'OnEvent' ? 'starts' : 'waits for'} the image build`, TEXT_LIMITS.lambdaFunction),
    });
    const onEvent = handler('OnEvent', ON_EVENT);
    const isComplete = handler('IsComplete', IS_COMPLETE);
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:StartBuild'], resources: [this.project.projectArn] }));
    isComplete.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:BatchGetBuilds'], resources: [this.project.projectArn] }));
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent, isCompleteHandler: isComplete, queryInterval: Duration.seconds(20), totalTimeout: Duration.hours(1),
    });
    const build = new CustomResource(this, 'Image', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SourceImage',
      properties: { ProjectName: this.project.projectName, Tag: this.tag, SourceHash: this.source.assetHash },
    });
    // The build runs as the project's role from its first minute (reading the source, pushing to ECR):
    // the image is built after that role's permissions exist.
    const buildPolicy = this.project.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (buildPolicy instanceof CfnResource) (build.node.defaultChild as CfnResource).node.addDependency(buildPolicy);
    this.image = ImageReference._fromSource(props.repository, this.tag, build);
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

  /** The findings of aws-cdk-lib's own building blocks (CodeBuild, the custom resource provider framework), each with its reason. */
  private acknowledgeFindings(functions: IConstruct[]): void {
    Validations.of(this.project).acknowledge(
      { id: 'AwsSolutions-CB3', reason: 'docker build needs a privileged build container; the project builds one directory and pushes to one repository' },
      { id: 'AwsSolutions-CB4', reason: 'The project has no artifacts (NO_ARTIFACTS): its one output is the image, stored and encrypted by the repository' },
    );
    Validations.of(this.project.role!).acknowledge(...['s3:GetBucket*', 's3:GetObject*', 's3:List*'].map(action => ({
      id: `AwsSolutions-IAM5[Action::${action}]`, reason: 'aws-cdk-lib\'s read grant on the one source asset object and its bucket',
    })));
    for (const role of this.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role)) {
      acknowledgeWildcardResources(role, WILDCARD_ACTIONS,
        'CodeBuild\'s own log group and report groups (named after the project), ecr:GetAuthorizationToken (no resource), and the provider framework invoking versions of its handlers (<function arn>:*)');
      if (role.assumeRolePolicy && JSON.stringify(Stack.of(this).resolve(role.assumeRolePolicy.toJSON())).includes('lambda.amazonaws.com')) {
        acknowledgeFinding(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          'AWSLambdaBasicExecutionRole: a custom resource function writes to its own log group');
      }
    }
    for (const fn of functions) {
      Validations.of(fn).acknowledge(
        { id: 'AwsSolutions-L1', reason: 'Node.js 22, the newest runtime aws-cdk-lib 2.257 offers; the provider framework picks its own' },
        { id: 'AwsSolutions-SF1', reason: 'The provider framework\'s waiter state machine only polls the build; aws-cdk-lib does not expose its logging' },
        { id: 'AwsSolutions-SF2', reason: 'The provider framework\'s waiter state machine only polls the build; aws-cdk-lib does not expose its tracing' },
      );
    }
  }
}

/** The actions whose wildcard resources aws-cdk-lib's CodeBuild project and provider framework need. */
const WILDCARD_ACTIONS = [
  'lambda:InvokeFunction', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ecr:GetAuthorizationToken',
  'codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases', 'codebuild:BatchPutCodeCoverages',
];
