import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { checkRetention } from '../core/checks';
import { fail } from '../core/errors';
import { ImageReference } from './image-reference';
import type { IImageRepository } from './image-repository';
import { buildEnvironment, SourceBuildProvider } from './private/source-build-provider';

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

  /**
   * How long the logs of the stack's image builds are kept: CodeBuild's, and those of the functions and
   * state machine that start and wait for the builds. Every SourceImage of a stack shares one log group, so
   * give it on one of them, or the same on each. A finite retention only.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * An image built from a local Dockerfile into your own repository, under a tag you control, during
 * `cdk deploy`: the directory is staged as a file asset at synth (offline, no Docker engine), and the
 * stack's CodeBuild project builds and pushes it before the workloads that use `image` are deployed. Every
 * SourceImage of a stack shares that project, its custom resource provider and its log group: the first
 * image brings them, each further one is a single custom resource. Unlike
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
  /** The CodeBuild project that builds and pushes the image: one per stack, shared by its SourceImages. */
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
    checkRetention(this, 'logRetention', props.logRetention);
    if (props.logRetention === logs.RetentionDays.INFINITE) {
      fail(this, 'logRetention', 'INFINITE', 'keeps build logs forever', 'a finite logs.RetentionDays (default ONE_YEAR)');
    }
    const environment = buildEnvironment(props.architecture === ecs.CpuArchitecture.ARM64);

    this.source = new s3assets.Asset(this, 'Source', { path: props.directory });
    this.tag = props.tag ?? `src-${this.source.assetHash.slice(0, 12)}`;
    const repository = props.repository.repository;
    const builds = SourceBuildProvider.of(this, props.logRetention);
    this.project = builds.project;
    repository.grantPullPush(this.project);
    repository.grant(this.project, 'ecr:DescribeImages');
    // The one object of this image (CodeBuild reads the source it is given with StartBuild's override).
    this.source.bucket.grantRead(this.project, this.source.s3ObjectKey);

    // A construct id of its own ('Push', not the 'Image' of the per-image provider it replaces): CloudFormation
    // refuses to move a custom resource to another service token, so upgrading creates this one (its build finds
    // the tag and pushes nothing) and deletes the old one (whose handler deletes nothing).
    const build = new CustomResource(this, 'Push', {
      serviceToken: builds.serviceToken,
      resourceType: 'Custom::SourceImage',
      properties: {
        ProjectName: this.project.projectName,
        SourceLocation: `${this.source.s3BucketName}/${this.source.s3ObjectKey}`,
        SourceHash: this.source.assetHash,
        BuildImage: environment.image.imageId,
        EnvironmentType: environment.image.type,
        TimeoutMinutes: minutes,
        // The hour CloudFormation waits holds the queue and the build.
        QueuedTimeoutMinutes: timeout.isUnresolved() ? undefined : Math.max(5, WAIT_MINUTES - minutes),
        Variables: { REPOSITORY_URI: repository.repositoryUri, REPOSITORY: repository.repositoryName, TAG: this.tag, PLATFORM: environment.platform },
      },
    });
    // The build runs as the project's role from its first minute (reading the source, pushing to ECR):
    // the image is built after that role's permissions exist.
    if (builds.buildPolicy) (build.node.defaultChild as CfnResource).node.addDependency(builds.buildPolicy);
    this.image = ImageReference._fromSource(props.repository, this.tag, build);
  }
}
