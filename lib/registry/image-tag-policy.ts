import * as ecr from 'aws-cdk-lib/aws-ecr';

/**
 * Whether tags of a repository can be moved to another image once pushed.
 *
 * Immutable tags are the default: a deployed tag then always means the same image, a rollback
 * really goes back, and ECR refuses a push that would silently replace a release.
 */
export class ImageTagPolicy {
  /** No tag can be pushed twice. */
  public static immutable(): ImageTagPolicy {
    return new ImageTagPolicy(ecr.TagMutability.IMMUTABLE, []);
  }

  /**
   * Tags are immutable except those matching these patterns (for a moving tag such as `dev-latest`).
   * 1 to 5 patterns of letters, digits, `.`, `_`, `-` and the wildcard `*`, each at most 128 characters.
   */
  public static immutableExcept(patterns: string[]): ImageTagPolicy {
    return new ImageTagPolicy(ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, patterns);
  }

  /**
   * Every tag can be pushed again. A re-pushed tag does not redeploy anything: prefer immutable tags.
   */
  public static mutable(): ImageTagPolicy {
    return new ImageTagPolicy(ecr.TagMutability.MUTABLE, []);
  }

  /** The ECR tag mutability setting. */
  public readonly mutability: ecr.TagMutability;
  /** The patterns of tags that stay mutable, for `immutableExcept`. */
  public readonly exclusions: string[];

  private constructor(mutability: ecr.TagMutability, exclusions: string[]) {
    this.mutability = mutability;
    this.exclusions = exclusions;
  }

  /** True when a tag of this repository can be moved to another image. */
  public isMutableTag(tag: string): boolean {
    if (this.mutability === ecr.TagMutability.MUTABLE) return true;
    return this.exclusions.some(pattern => wildcardToRegExp(pattern).test(tag));
  }
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('.*');
  return new RegExp(`^${escaped}$`);
}
