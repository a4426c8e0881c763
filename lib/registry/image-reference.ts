import { Annotations, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { fail } from '../private/errors';
import type { IImageRepository } from './image-repository';

/** The tag a pending image points at; nothing runs it, because its workload runs zero tasks. */
const PENDING_TAG = 'pending-first-push';

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
    const mutable = !Token.isUnresolved(tag) && (tag === 'latest' || (repository.tagPolicy?.isMutableTag(tag) ?? false));
    return new ImageReference(repository, tag, undefined, mutable, false);
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
    return new ImageReference(repository, PENDING_TAG, undefined, false, true);
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

  private readonly inner: ecs.EcrImage;

  private constructor(repository: IImageRepository, tag: string | undefined, digest: string | undefined, mutableTag: boolean, pendingPush: boolean) {
    super();
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    this.mutableTag = mutableTag;
    this.pendingPush = pendingPush;
    this.inner = ecs.ContainerImage.fromEcrRepository(repository.repository, digest ?? tag);
  }

  /** Called when a container uses the image: grants pull to the execution role and renders the image name. */
  public bind(scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    if (this.mutableTag) {
      Annotations.of(containerDefinition).addWarningV2(ImageReference.MUTABLE_TAG_WARNING,
        `image tag "${this.tag}" can be pushed again. Pushing a new image under the same tag redeploys nothing: ` +
        'running tasks keep the image they started with and tasks started later may get the new one. ' +
        'Deploy an immutable tag (a version or a commit id) or a digest instead.');
    }
    return this.inner.bind(scope, containerDefinition);
  }
}
