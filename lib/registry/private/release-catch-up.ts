import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** How many images one DescribeImages page holds: small enough for Step Functions' 256 KB result limit. */
const PAGE_SIZE = 100;

/**
 * The catch-up flow of push to deploy, run on a schedule: ECR's push events reach EventBridge on a
 * best-effort basis, so a push whose event never came is released here instead.
 *
 * 1. `since`: the newest start of a release execution, or the release flow's creation if none ran;
 * 2. the repository's tagged images, a page at a time, keep the newest one with a tag matching the
 *    pattern, pushed after `since` and at least `grace` ago (its event may still be on its way);
 * 3. if there is one, it is released: a release execution starts with its tag, as the push would have.
 *
 * A push that did start a release is never released twice (its release started after it), and an
 * older tag deployed by hand is never overridden (no push came after the newest release).
 */
export function catchUpDefinition(scope: Construct, props: {
  releaseStateMachineArn: string;
  repositoryName: string;
  repositoryArn: string;
  tagPattern: string;
  grace: Duration;
}): sfn.IChainable {
  const tag = tagRegex(props.tagPattern);
  const millis = 'function($d) { $type($d) = "number" ? $d * 1000 : $toMillis($d) }';

  const created = tasks.CallAwsService.jsonata(scope, 'DescribeReleaseFlow', {
    service: 'sfn', action: 'describeStateMachine', iamAction: 'states:DescribeStateMachine', iamResources: [props.releaseStateMachineArn],
    parameters: { StateMachineArn: props.releaseStateMachineArn },
    outputs: {
      since: `{% ($ms := ${millis}; $ms($states.result.CreationDate)) %}`,
      cutoff: `{% $toMillis($now()) - ${props.grace.toMilliseconds()} %}`,
    },
  });
  const lastRelease = tasks.CallAwsService.jsonata(scope, 'NewestRelease', {
    service: 'sfn', action: 'listExecutions', iamAction: 'states:ListExecutions', iamResources: [props.releaseStateMachineArn],
    parameters: { StateMachineArn: props.releaseStateMachineArn, MaxResults: 1 },
    outputs: {
      since: `{% ($ms := ${millis}; $max([$states.input.since, $states.result.Executions.$ms(StartDate)])) %}`,
      cutoff: '{% $states.input.cutoff %}',
    },
  });

  // One expression for the whole output: a field whose expression has no value would fail the state,
  // while an object constructor simply leaves such a key out (no `best` yet, no `nextToken` on the last page).
  const pageOutput = `{% ($ms := ${millis};
    $page := $states.result.ImageDetails[$ms(ImagePushedAt) > $states.input.since and $ms(ImagePushedAt) <= $states.input.cutoff
      and $count(ImageTags[$contains($, ${tag})]) > 0];
    $found := $append($exists($states.input.best) ? [$states.input.best] : [],
      [$page.{ "tag": ImageTags[$contains($, ${tag})][0], "digest": ImageDigest, "pushedAt": $ms(ImagePushedAt) }]);
    { "since": $states.input.since, "cutoff": $states.input.cutoff,
      "best": $sort($found, function($a, $b) { $a.pushedAt < $b.pushedAt })[0], "nextToken": $states.result.NextToken }) %}`
    .replace(/\n\s*/g, ' ');
  const describe = (id: string, nextToken?: string) => tasks.CallAwsService.jsonata(scope, id, {
    service: 'ecr', action: 'describeImages', iamAction: 'ecr:DescribeImages',
    iamResources: [props.repositoryArn],
    parameters: { RepositoryName: props.repositoryName, Filter: { TagStatus: 'TAGGED' }, MaxResults: PAGE_SIZE, ...nextToken ? { NextToken: nextToken } : {} },
    outputs: pageOutput,
  });
  const firstPage = describe('PushedImages');
  const nextPage = describe('MorePushedImages', '{% $states.input.nextToken %}');

  const start = tasks.CallAwsService.jsonata(scope, 'ReleaseMissedPush', {
    service: 'sfn', action: 'startExecution', iamAction: 'states:StartExecution', iamResources: [props.releaseStateMachineArn],
    parameters: {
      StateMachineArn: props.releaseStateMachineArn,
      Input: '{% $string({ "tag": $states.input.best.tag, "digest": $states.input.best.digest, "caughtUp": true }) %}',
    },
  });
  const decide = sfn.Choice.jsonata(scope, 'MissedPush')
    .when(sfn.Condition.jsonata('{% $exists($states.input.best) %}'), start)
    .otherwise(new sfn.Succeed(scope, 'NothingMissed'));
  const morePages = (id: string) => sfn.Choice.jsonata(scope, id)
    .when(sfn.Condition.jsonata('{% $exists($states.input.nextToken) %}'), nextPage)
    .otherwise(decide);
  firstPage.next(morePages('MorePages'));
  nextPage.next(morePages('EvenMorePages'));
  return created.next(lastRelease).next(firstPage);
}

/** The tag pattern (letters, digits, `_`, `.`, `-` and the wildcard `*`) as a JSONata regular expression. */
export function tagRegex(pattern: string): string {
  return `/^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$/`;
}
