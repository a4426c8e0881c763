import { CfnCondition, CfnOutput, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { ImageReference } from './image-reference';
import type { IImageRepository } from './image-repository';

/** CloudFormation's parameter name rule: letters and digits, at most 255. */
const PARAMETER_NAME = /^[A-Za-z0-9]{1,255}$/;
/** An empty value (nothing released yet) or a Docker tag, which is all ECR accepts on a push. */
const TAG_OR_EMPTY = '^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';
/** An empty value or an image digest, as `docker push` and `aws ecr describe-images` print it. */
const DIGEST_OR_EMPTY = '^$|^sha256:[0-9a-f]{64}$';

/** Properties of an {@link ImageRelease}. */
export interface ImageReleaseProps {
  /** The repository the released tags are pulled from. */
  readonly repository: IImageRepository;

  /**
   * The name of the stack parameter that holds the released tag: what you pass to
   * `cdk deploy <Stack> --parameters <Stack>:<parameterName>=v1.2.3`, and the output
   * `<parameterName>Running` that shows what runs.
   *
   * @default - the construct id without characters other than letters and digits
   */
  readonly parameterName?: string;

  /**
   * The tag a stack starts with when the parameter has no value yet: its first deploy, or the first
   * deploy after moving from `repository.imageByTag(tag)` to a release (give the tag that runs, so
   * that deploy keeps it). Later deploys keep the parameter's previous value; this is never
   * applied again.
   *
   * @default '' (nothing released: the workloads run no task and schedules stay disabled)
   */
  readonly initialTag?: string;

  /**
   * Release by digest: the parameter holds an image digest (`sha256:` and 64 hex digits) instead of a tag,
   * and tasks run exactly those bytes, whatever happens to tags later. What staging runs (its
   * `<parameterName>Running` output) is then what production can be given: promotion by digest.
   *
   * @default false (the parameter holds a tag)
   */
  readonly byDigest?: boolean;

  /**
   * For a release by digest: the digest a stack starts with when the parameter has no value yet (as
   * `initialTag` does for tags).
   *
   * @default '' (nothing released)
   */
  readonly initialDigest?: string;
}

/**
 * The one source of truth for the version a stack runs: a CloudFormation parameter holding the
 * released image tag.
 *
 * `cdk deploy` keeps a parameter's previous value unless you pass a new one (`--previous-parameters`
 * is on by default), so a deploy that names no version keeps what runs, and rolling back is
 * deploying the previous tag. While the parameter is empty (a new stack, before the first push),
 * workloads given `release.image` run zero tasks and their schedules stay disabled, without a
 * conditional in your code; the stack output `<parameterName>Running` shows what runs.
 *
 * @example
 * const release = new ImageRelease(this, 'ImageTag', { repository });
 * new WebService(this, 'Web', { cluster, image: release.image });
 * // cdk deploy Shop --parameters Shop:ImageTag=v1.4.2   (later deploys without --parameters keep v1.4.2)
 */
export class ImageRelease extends Construct {
  /** The repository the released tags are pulled from. */
  public readonly repository: IImageRepository;
  /** The stack parameter that holds the released tag. */
  public readonly parameter: CfnParameter;
  /** The parameter's name (its logical ID), as `cdk deploy --parameters` takes it. */
  public readonly parameterName: string;
  /** True in the deployed stack while nothing is released (the parameter is empty). */
  public readonly unreleased: CfnCondition;
  /** The released tag (or digest, for a release by digest), as a token that CloudFormation resolves at deploy. */
  public readonly tag: string;
  /** True when the parameter holds a digest rather than a tag. */
  public readonly byDigest: boolean;
  /** The stack output that shows the released tag (`none` before the first release). */
  public readonly output: CfnOutput;
  /**
   * The image to give workloads: the released tag of the repository. They run zero tasks, and
   * schedules stay disabled, while nothing is released.
   */
  public readonly image: ImageReference;

  constructor(scope: Construct, id: string, props: ImageReleaseProps) {
    super(scope, id);
    const parameterName = props.parameterName ?? id.replace(/[^A-Za-z0-9]/g, '');
    if (!Token.isUnresolved(parameterName) && !PARAMETER_NAME.test(parameterName)) {
      fail(this, 'parameterName', parameterName, 'is not a CloudFormation parameter name', '1 to 255 letters and digits');
    }
    const byDigest = props.byDigest ?? false;
    if (byDigest && props.initialTag !== undefined) {
      fail(this, 'initialTag', props.initialTag, 'is a tag, and this release holds a digest (byDigest: true)', 'initialDigest: "sha256:<64 hex digits>"');
    }
    if (!byDigest && props.initialDigest !== undefined) {
      fail(this, 'initialDigest', props.initialDigest, 'is only for a release by digest', 'byDigest: true with it, or initialTag for a release by tag');
    }
    const initial = (byDigest ? props.initialDigest : props.initialTag) ?? '';
    if (!Token.isUnresolved(initial) && !new RegExp(byDigest ? DIGEST_OR_EMPTY : TAG_OR_EMPTY).test(initial)) {
      if (byDigest) fail(this, 'initialDigest', initial, 'is not an image digest', '"sha256:" followed by 64 lowercase hexadecimal digits; or "" for nothing released');
      fail(this, 'initialTag', initial, 'is not a Docker image tag',
        'letters, digits, _, . and -, starting with a letter, digit or _, at most 128 characters; or "" for nothing released');
    }
    this.repository = props.repository;
    this.parameterName = parameterName;
    this.byDigest = byDigest;

    const stack = Stack.of(this);
    this.parameter = new CfnParameter(this, 'Tag', {
      type: 'String',
      default: initial,
      allowedPattern: byDigest ? DIGEST_OR_EMPTY : TAG_OR_EMPTY,
      constraintDescription: byDigest ? 'an image digest: sha256: and 64 lowercase hexadecimal digits; or empty for nothing released'
        : 'an image tag: letters, digits, _, . and -, starting with a letter, digit or _, at most 128 characters; or empty for nothing released',
      description: `The image ${byDigest ? 'digest' : 'tag'} of ${props.repository.node.path} that ${this.node.path} runs; empty runs no task. ` +
        'cdk deploy keeps the previous value unless given --parameters',
    });
    // A readable, stable name: users type it on the command line.
    this.parameter.overrideLogicalId(parameterName);
    this.tag = this.parameter.valueAsString;
    this.unreleased = new CfnCondition(this, 'Unreleased', { expression: Fn.conditionEquals(this.parameter.valueAsString, '') });
    this.unreleased.overrideLogicalId(`${parameterName}Unreleased`);
    // The pending tag keeps the task definition valid while nothing is released; no task runs it.
    const imageTag = Fn.conditionIf(this.unreleased.logicalId, ImageReference.PENDING_TAG, this.parameter.valueAsString).toString();
    this.image = byDigest ? ImageReference._fromDigestRelease(props.repository, this.parameter.valueAsString, this.unreleased, stack)
      : ImageReference._fromRelease(props.repository, imageTag, this.unreleased, stack);
    this.output = new CfnOutput(this, 'Running', {
      value: Fn.conditionIf(this.unreleased.logicalId, 'none', this.parameter.valueAsString).toString(),
      description: `The image ${byDigest ? 'digest' : 'tag'} ${this.node.path} runs (parameter ${parameterName})`,
    });
    this.output.overrideLogicalId(`${parameterName}Running`);
  }
}
