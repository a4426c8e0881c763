import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Problems } from '../../core/errors';
import type { LifecycleRule } from '../lifecycle';

/** At most four `*` per tag pattern (ECR lifecycle policy parameters). */
const MAX_WILDCARDS_PER_PATTERN = 4;

/**
 * Checks a repository's lifecycle rules and records one problem each, naming the construct, the prop
 * (`lifecycleRules[i]...`), the value and what is allowed.
 */
export function checkLifecycleRules(scope: IConstruct, rules: LifecycleRule[], problems: Problems): void {
  const before = problems.messages.length;
  const prop = (i: number, field: string) => `lifecycleRules[${i}]${field}`;

  rules.forEach((rule, i) => {
    if (rule.count !== undefined && !Token.isUnresolved(rule.count) && (!Number.isInteger(rule.count) || rule.count < 1)) {
      problems.add(scope, prop(i, '.count'), rule.count, 'would keep no image', 'a whole number of images, 1 or more');
    }
    if (rule.age !== undefined && !rule.age.isUnresolved()) {
      // Milliseconds never throw: toHours() would, in aws-cdk-lib's words, for 90 minutes.
      const days = rule.age.toMilliseconds({ integral: false }) / 86_400_000;
      if (!Number.isInteger(days) || days < 1) {
        problems.add(scope, prop(i, '.age'), rule.age.toHumanString(), 'is not a whole number of days', 'whole days, 1 or more (ECR counts image age in days)');
      }
    }
    const { tagPrefixList, tagPatternList } = rule.selection;
    if (tagPrefixList !== undefined && (tagPrefixList.length === 0 || tagPrefixList.some(p => p.length === 0))) {
      problems.add(scope, prop(i, '.selection.tagPrefixes'), tagPrefixList, 'selects nothing', 'one or more non-empty prefixes');
    }
    if (tagPatternList !== undefined) {
      if (tagPatternList.length === 0 || tagPatternList.some(p => p.length === 0)) {
        problems.add(scope, prop(i, '.selection.tagPatterns'), tagPatternList, 'selects nothing', 'one or more non-empty patterns');
      }
      tagPatternList.forEach((pattern, j) => {
        const wildcards = pattern.split('*').length - 1;
        if (wildcards > MAX_WILDCARDS_PER_PATTERN) {
          problems.add(scope, prop(i, `.selection.tagPatterns[${j}]`), pattern, `has ${wildcards} wildcards`,
            `at most ${MAX_WILDCARDS_PER_PATTERN} '*' per pattern`);
        }
      });
    }
  });

  const anyRules = rules.map((rule, i) => ({ rule, i })).filter(({ rule }) => rule.selection.tagStatus === 'any');
  if (anyRules.length > 1) {
    problems.add(scope, prop(anyRules[1].i, '.selection'), 'anyImage', `is the second rule on every image (the first is lifecycleRules[${anyRules[0].i}])`,
      'one rule on every image per repository');
  }

  const seen = new Map<number, number>();
  rules.forEach((rule, i) => {
    if (rule.priority === undefined || Token.isUnresolved(rule.priority)) return;
    if (!Number.isInteger(rule.priority) || rule.priority < 1) {
      problems.add(scope, prop(i, '.priority'), rule.priority, 'is not a valid priority', 'a whole number, 1 or more');
      return;
    }
    const other = seen.get(rule.priority);
    if (other !== undefined) {
      problems.add(scope, prop(i, '.priority'), rule.priority, `is already the priority of lifecycleRules[${other}]`,
        'a priority no other rule of this repository has');
    } else {
      seen.set(rule.priority, i);
    }
  });

  if (problems.messages.length === before && anyRules.length === 1) {
    const priorities = assignPriorities(rules);
    const anyIndex = anyRules[0].i;
    const higher = priorities.findIndex((p, i) => i !== anyIndex && p >= priorities[anyIndex]);
    if (higher !== -1) {
      problems.add(scope, prop(anyIndex, '.priority'), priorities[anyIndex],
        `puts the rule on every image before lifecycleRules[${higher}] (priority ${priorities[higher]})`,
        'the rule on every image has the highest priority of the repository, because ECR evaluates it last');
    }
  }
}

/**
 * Gives every rule a priority: the ones given are kept; the others take the next free number in
 * the order the rules were added, except the rule on every image, which comes after all others.
 */
export function assignPriorities(rules: LifecycleRule[]): number[] {
  const used = new Set(rules.map(r => r.priority).filter((p): p is number => p !== undefined));
  let next = 1;
  const result = rules.map(rule => {
    if (rule.priority !== undefined) return rule.priority;
    if (rule.selection.tagStatus === 'any') return -1;
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
  const highest = Math.max(0, ...result);
  return result.map(p => (p === -1 ? highest + 1 : p));
}

/** Renders the rules as ECR's lifecycle policy text. */
export function renderLifecyclePolicy(rules: LifecycleRule[]): string {
  const priorities = assignPriorities(rules);
  const rendered = rules.map((rule, i) => ({
    rulePriority: priorities[i],
    description: rule.description ?? describeRule(rule),
    selection: {
      tagStatus: rule.selection.tagStatus,
      tagPrefixList: rule.selection.tagPrefixList,
      tagPatternList: rule.selection.tagPatternList,
      ...(rule.count !== undefined
        ? { countType: 'imageCountMoreThan', countNumber: rule.count }
        : { countType: 'sinceImagePushed', countUnit: 'days', countNumber: rule.age!.toDays() }),
    },
    action: { type: 'expire' },
  }));
  rendered.sort((a, b) => a.rulePriority - b.rulePriority);
  return JSON.stringify({ rules: rendered });
}

function describeRule(rule: LifecycleRule): string {
  const { tagStatus, tagPrefixList, tagPatternList } = rule.selection;
  const what = tagStatus === 'any' ? 'images'
    : tagStatus === 'untagged' ? 'untagged images'
      : tagPrefixList ? `images tagged ${tagPrefixList.map(p => `${p}*`).join(' and ')}`
        : `images tagged ${tagPatternList!.join(' and ')}`;
  return rule.count !== undefined
    ? `Keep the newest ${rule.count} ${what}`
    : `Expire ${what} after ${rule.age!.toDays()} days`;
}
