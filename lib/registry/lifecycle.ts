import { Duration } from 'aws-cdk-lib';

/**
 * Which images a lifecycle rule looks at.
 *
 * One selection is one of: untagged images, every image, or tagged images whose tags start with
 * given prefixes or match given patterns. A selection cannot name both prefixes and patterns,
 * which ECR refuses.
 */
export class ImageSelection {
  /** Images without a tag (for example the previous image after a mutable tag moved). */
  public static untagged(): ImageSelection {
    return new ImageSelection('untagged');
  }

  /**
   * Every image, tagged or not. A rule on every image is evaluated last, so it must have the highest
   * priority of the repository's rules; only one such rule is allowed.
   */
  public static anyImage(): ImageSelection {
    return new ImageSelection('any');
  }

  /**
   * Tagged images with a tag that starts with each of these prefixes.
   *
   * ECR selects an image only when it has a tag for every prefix of the list, so one prefix per rule
   * is the common case.
   */
  public static tagPrefixes(prefixes: string[]): ImageSelection {
    return new ImageSelection('tagged', prefixes, undefined);
  }

  /**
   * Tagged images with a tag that matches each of these patterns. `*` matches any characters; a
   * pattern has at most four of them.
   *
   * ECR selects an image only when it has a tag matching every pattern of the list.
   */
  public static tagPatterns(patterns: string[]): ImageSelection {
    return new ImageSelection('tagged', undefined, patterns);
  }

  /** `any`, `untagged` or `tagged`, as ECR names it. */
  public readonly tagStatus: string;
  /** The tag prefixes, for a selection by prefix. */
  public readonly tagPrefixList?: string[];
  /** The tag patterns, for a selection by pattern. */
  public readonly tagPatternList?: string[];

  private constructor(tagStatus: string, tagPrefixList?: string[], tagPatternList?: string[]) {
    this.tagStatus = tagStatus;
    this.tagPrefixList = tagPrefixList;
    this.tagPatternList = tagPatternList;
  }
}

/** Options common to every lifecycle rule. */
export interface LifecycleRuleOptions {
  /**
   * The rule's priority: ECR evaluates lower numbers first. Priorities are unique within a repository.
   *
   * @default - the next free number in the order rules were added; a rule on every image comes last
   */
  readonly priority?: number;

  /**
   * What the rule is for, shown in the ECR console.
   *
   * @default - a description generated from the rule
   */
  readonly description?: string;
}

/**
 * An ECR lifecycle rule: expire the images of a selection beyond a count or after an age.
 */
export class LifecycleRule {
  /** Keeps the newest `count` images of the selection and expires older ones. */
  public static keepLast(count: number, selection: ImageSelection, options: LifecycleRuleOptions = {}): LifecycleRule {
    return new LifecycleRule(selection, count, undefined, options);
  }

  /** Expires the images of the selection once they were pushed longer ago than `age` (whole days). */
  public static expireAfter(age: Duration, selection: ImageSelection, options: LifecycleRuleOptions = {}): LifecycleRule {
    return new LifecycleRule(selection, undefined, age, options);
  }

  /** The images the rule looks at. */
  public readonly selection: ImageSelection;
  /** For a count rule, how many images are kept. */
  public readonly count?: number;
  /** For an age rule, the age after which images expire. */
  public readonly age?: Duration;
  /** The priority given, if any. */
  public readonly priority?: number;
  /** The description given, if any. */
  public readonly description?: string;

  private constructor(selection: ImageSelection, count: number | undefined, age: Duration | undefined, options: LifecycleRuleOptions) {
    this.selection = selection;
    this.count = count;
    this.age = age;
    this.priority = options.priority;
    this.description = options.description;
  }
}
