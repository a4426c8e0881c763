import { Annotations, CfnCondition, Fn, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct, IDependable } from 'constructs';
import { fail } from '../core/errors';
import type { IImageRepository } from './image-repository';
import { pullRepository, pullSourceOf } from './private/pull-source';

/** Docker's tag grammar: ECR refuses a push with any other tag, so a deploy would pull nothing. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * An image of an ECR repository, by tag or by digest, for an ECS container.
 *
 * When a container uses it, the task's execution role is granted pull on that repository, and on
 * nothing else. Get one from `IImageRepository.imageByTag()`, `imageByDigest()` or
 * `imagePendingPush()`.
 */
export class ImageReference extends ecs.ContainerImage {
  /** The tag a pending or unreleased image points at; nothing runs it, because its workload runs zero tasks. */
  public static readonly PENDING_TAG = 'pending-first-push';
  /** The id of the warning given for `imagePendingPush()`; acknowledge it where zero tasks is what you mean. */
  public static readonly PENDING_IMAGE_WARNING = 'cdk-ecs-platform:pendingImage';
  /** The id of the warning given for a tag that can be pushed again; acknowledge it to silence it. */
  public static readonly MUTABLE_TAG_WARNING = 'cdk-ecs-platform:mutableImageTag';

  /**
   * The image with this tag. A tag that can be pushed again (`latest`, or one the repository's tag
   * policy leaves mutable) gets a warning, because a re-push redeploys nothing.
   */
  public static fromTag(repository: IImageRepository, tag: string): ImageReference {
    if (!Token.isUnresolved(tag) && !TAG_PATTERN.test(tag)) {
      fail(repository, 'imageByTag tag', tag, 'is not a Docker image tag',
        'letters, digits, _, . and -, starting with a letter, digit or _, at most 128 characters');
    }
    // A cached upstream tag: only `latest` is known to move (the upstream decides the others).
    const cached = pullSourceOf(repository)?.firstPullActions !== undefined;
    const mutable = !Token.isUnresolved(tag) && (tag === 'latest' || (!cached && (repository.tagPolicy?.isMutableTag(tag) ?? false)));
    return new ImageReference(repository, tag, undefined, mutable, false);
  }

  /**
   * The image of an `ImageRelease`: its tag is the release parameter, and `unreleased` is true while
   * the parameter is empty.
   *
   * @internal
   */
  public static _fromRelease(repository: IImageRepository, tag: string, unreleased: CfnCondition, stack: Stack): ImageReference {
    return new ImageReference(repository, tag, undefined, false, false, { unreleased, stack });
  }

  /**
   * The image of an `ImageRelease` by digest: its digest is the release parameter (empty while `unreleased`).
   *
   * @internal
   */
  public static _fromDigestRelease(repository: IImageRepository, digest: string, unreleased: CfnCondition, stack: Stack): ImageReference {
    return new ImageReference(repository, undefined, digest, false, false, { unreleased, stack });
  }

  /**
   * The image a `SourceImage` builds: containers that use it are deployed after the build.
   *
   * @internal
   */
  public static _fromSource(repository: IImageRepository, tag: string, build: IDependable): ImageReference {
    return new ImageReference(repository, tag, undefined, false, false, { build });
  }

  /** The image with this digest: `sha256:` and 64 lowercase hex digits, as `docker push` prints it. */
  public static fromDigest(repository: IImageRepository, digest: string): ImageReference {
    if (!Token.isUnresolved(digest) && !DIGEST_PATTERN.test(digest)) {
      fail(repository, 'imageByDigest digest', digest, 'is not an image digest', '"sha256:" followed by 64 lowercase hexadecimal digits');
    }
    return new ImageReference(repository, undefined, digest, false, false);
  }

  /**
   * A placeholder for a repository that has no image yet. A workload given it deploys with zero
   * tasks, so the first deploy does not wait for an image that is not there; give it a tag or a
   * digest once you have pushed one.
   */
  public static forPendingPush(repository: IImageRepository): ImageReference {
    return new ImageReference(repository, ImageReference.PENDING_TAG, undefined, false, true);
  }

  /** The repository the image is pulled from. */
  public readonly repository: IImageRepository;
  /** The tag, for an image by tag. */
  public readonly tag?: string;
  /** The digest, for an image by digest. */
  public readonly digest?: string;
  /** True when the tag can be moved to another image after a deploy. */
  public readonly mutableTag: boolean;
  /** True for the placeholder of a repository with no image yet: its workloads run zero tasks. */
  public readonly pendingPush: boolean;
  /**
   * For the image of an `ImageRelease`: the condition that is true in the deployed stack while
   * nothing is released. Workloads then run zero tasks.
   */
  public readonly unreleased?: CfnCondition;
  /** For the image of an `ImageRelease`: the stack that holds the release parameter. */
  public readonly releaseStack?: Stack;

  private readonly build?: IDependable;

  private constructor(repository: IImageRepository, tag: string | undefined, digest: string | undefined, mutableTag: boolean, pendingPush: boolean,
    extra?: { unreleased?: CfnCondition; stack?: Stack; build?: IDependable }) {
    super();
    this.unreleased = extra?.unreleased;
    this.releaseStack = extra?.stack;
    this.build = extra?.build;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    this.mutableTag = mutableTag;
    this.pendingPush = pendingPush;
  }

  /** Called when a container uses the image: grants pull to the execution role and renders the image name. */
  public bind(_scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    if (this.releaseStack && Stack.of(containerDefinition) !== this.releaseStack) {
      // A parameter crosses stacks as an export, and an export in use cannot change: the next release would fail.
      fail(containerDefinition, 'image', `release of ${this.releaseStack.stackName}`,
        `comes from an ImageRelease of stack ${this.releaseStack.stackName}, but the container is in stack ${Stack.of(containerDefinition).stackName}; ` +
        'a release parameter would cross stacks as an export, which cannot change while it is imported',
        'an ImageRelease in the stack of the workloads that run it (one per stack; several workloads of a stack may share one)');
    }
    // The task definition names the tag only once the build pushed it.
    if (this.build) containerDefinition.taskDefinition.node.addDependency(this.build);
    if (this.mutableTag) {
      Annotations.of(containerDefinition).addWarningV2(ImageReference.MUTABLE_TAG_WARNING, pullSourceOf(this.repository)?.firstPullActions
        ? `upstream image tag "${this.tag}" moves upstream, and the cache follows it (at most daily, or never when the cache's tags are immutable): ` +
          'running tasks keep the image they started with and tasks started later may get another one. Deploy a version tag or a digest instead.'
        : `image tag "${this.tag}" can be pushed again. Pushing a new image under the same tag redeploys nothing: ` +
          'running tasks keep the image they started with and tasks started later may get the new one. ' +
          'Deploy an immutable tag (a version or a commit id) or a digest instead.');
    }
    const repository = pullRepository(containerDefinition, containerDefinition.taskDefinition.obtainExecutionRole(), this.repository);
    // A release by digest holds the digest in a parameter: a token, which repositoryUriForTagOrDigest cannot tell from a tag.
    const imageName = this.digest !== undefined && this.unreleased
      ? Fn.conditionIf(this.unreleased.logicalId, repository.repositoryUriForTag(ImageReference.PENDING_TAG),
        repository.repositoryUriForDigest(this.digest)).toString()
      : repository.repositoryUriForTagOrDigest(this.digest ?? this.tag);
    return { imageName };
  }
}
