import { CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { fitText, TEXT_LIMITS } from '../../core/text';

/** How often the flow looks at the stack, and at the executions ahead of it. */
const POLL = Duration.seconds(30);
/** What CloudFormation may need to update a stack the CDK deployed (IAM resources, nested macros). */
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/**
 * The release flow, one execution per pushed tag:
 * 1. wait while an execution that started earlier still runs (releases go out one at a time, in push order);
 * 2. UpdateStack with the previous template, the release parameters set to the tag and every other
 *    parameter kept (retried while another update of the stack is in progress; "no updates" is success);
 * 3. poll DescribeStacks until the update ends: UPDATE_COMPLETE succeeds; a rollback publishes to the
 *    topic and fails the execution.
 * Before each wait, a release older than `timeout` is reported to the topic and fails.
 */
export function releaseDefinition(scope: Construct, props: {
  stateMachineArn: string;
  releaseParameters: CfnParameter[];
  topic: sns.ITopic;
  /** How long a release may take: past it, the next wait reports the release as timed out instead. */
  timeout: Duration;
}): sfn.IChainable {
  const stack = Stack.of(scope);
  const stackArn = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` });

  const listRunning = tasks.CallAwsService.jsonata(scope, 'ListRunningReleases', {
    service: 'sfn', action: 'listExecutions', iamAction: 'states:ListExecutions', iamResources: [props.stateMachineArn],
    parameters: { StateMachineArn: props.stateMachineArn, StatusFilter: 'RUNNING', MaxResults: 100 },
    outputs: {
      // StartDate may come back as an ISO string or as epoch seconds: both are handled.
      ahead: '{% $count($states.result.Executions[($type(StartDate) = "number" ? StartDate * 1000 : $toMillis(StartDate)) ' +
        '< $toMillis($states.context.Execution.StartTime)]) %}',
      tag: '{% $states.input.tag %}',
    },
  });
  const waitTurn = sfn.Wait.jsonata(scope, 'WaitForEarlierReleases', { time: sfn.WaitTime.duration(POLL), outputs: '{% $states.input %}' });

  const update = tasks.CallAwsService.jsonata(scope, 'UpdateStack', {
    service: 'cloudformation', action: 'updateStack', iamAction: 'cloudformation:UpdateStack', iamResources: [stackArn],
    parameters: {
      StackName: stack.stackName,
      UsePreviousTemplate: true,
      Capabilities: CAPABILITIES,
      // Uncached: the bootstrap version parameter is added at synthesis, after the first look at the template.
      Parameters: Lazy.uncachedAny({ produce: () => renderParameters(stack, props.releaseParameters) }),
    },
    outputs: { tag: '{% $states.input.tag %}' },
  });
  const waitBusy = sfn.Wait.jsonata(scope, 'WaitWhileStackBusy', { time: sfn.WaitTime.duration(POLL.plus(POLL)), outputs: '{% $states.input %}' });
  const waitUpdate = sfn.Wait.jsonata(scope, 'WaitForUpdate', { time: sfn.WaitTime.duration(POLL), outputs: '{% $states.input %}' });
  const describe = tasks.CallAwsService.jsonata(scope, 'DescribeStack', {
    service: 'cloudformation', action: 'describeStacks', iamAction: 'cloudformation:DescribeStacks', iamResources: [stackArn],
    parameters: { StackName: stack.stackName },
    outputs: {
      tag: '{% $states.input.tag %}',
      status: '{% $states.result.Stacks[0].StackStatus %}',
      // DescribeStacks leaves StackStatusReason out of most completed states; JSONata throws on a missing field.
      reason: '{% $exists($states.result.Stacks[0].StackStatusReason) ? $states.result.Stacks[0].StackStatusReason : "" %}',
    },
  });
  const notify = tasks.CallAwsService.jsonata(scope, 'NotifyFailure', {
    service: 'sns', action: 'publish', iamAction: 'sns:Publish', iamResources: [props.topic.topicArn],
    parameters: {
      TopicArn: props.topic.topicArn,
      Subject: fitText(`Release failed: ${stack.stackName}`, TEXT_LIMITS.snsSubject),
      Message: `{% 'Release of tag ' & $states.input.tag & ' to stack ${stack.stackName} did not complete: ' & $string($states.input.status) & ' ' & $string($states.input.reason) %}`,
    },
    // The state after it reports the status: keep the input, not SNS's answer.
    outputs: '{% $states.input %}',
  });
  const failed = sfn.Fail.jsonata(scope, 'ReleaseFailed', {
    error: 'ReleaseFailed',
    cause: `{% 'Stack ${stack.stackName}: ' & $string($states.input.status) & ' ' & $string($states.input.reason) %}`,
  });
  const released = new sfn.Succeed(scope, 'Released');

  // A release that outlives its timeout is reported from inside the flow, before Step Functions'
  // own timeout (a TIMED_OUT execution runs no state, so it could not report itself).
  const timedOut = sfn.Pass.jsonata(scope, 'ReleaseTimedOut', {
    outputs: {
      tag: '{% $states.input.tag %}',
      status: 'RELEASE_TIMED_OUT',
      reason: `{% 'the release took longer than ${props.timeout.toHumanString()}' & ($exists($states.input.status) ? '; the stack was ' & $states.input.status & ' (an update already started goes on)' : '') %}`,
    },
  }).next(notify);
  const timeoutMillis = props.timeout.toMilliseconds();
  const beforeWaiting = (id: string, wait: sfn.Wait) => sfn.Choice.jsonata(scope, id, { outputs: '{% $states.input %}' })
    .when(sfn.Condition.jsonata(`{% $toMillis($now()) - $toMillis($states.context.Execution.StartTime) > ${timeoutMillis} %}`), timedOut)
    .otherwise(wait);

  // UpdateStack answers with a ValidationError for "in progress" and "no updates": told apart by message.
  const updateError = sfn.Choice.jsonata(scope, 'WhyUpdateFailed', { outputs: '{% $states.input %}' })
    .when(sfn.Condition.jsonata('{% $contains($string($states.input.error.Cause), "No updates are to be performed") %}'), released)
    .when(sfn.Condition.jsonata('{% $contains($string($states.input.error.Cause), "_IN_PROGRESS state") %}'), beforeWaiting('StackStillBusy', waitBusy))
    .otherwise(sfn.Pass.jsonata(scope, 'UpdateRefused', {
      outputs: { tag: '{% $states.input.tag %}', status: 'UPDATE_REFUSED', reason: '{% $states.input.error.Cause %}' },
    }).next(notify));
  update.addCatch(updateError, { errors: ['States.ALL'], outputs: { tag: '{% $states.input.tag %}', error: '{% $states.errorOutput %}' } });
  waitBusy.next(update);

  describe.addRetry({ errors: ['States.ALL'], interval: POLL, maxAttempts: 5, backoffRate: 2 });
  // Whatever else goes wrong in the flow (an API error that outlasts the retries) still reaches the topic.
  const flowError = sfn.Pass.jsonata(scope, 'ReleaseFlowError', {
    outputs: { tag: '{% $states.input.tag %}', status: 'RELEASE_FLOW_ERROR', reason: '{% $string($states.input.error) %}' },
  }).next(notify);
  for (const state of [listRunning, describe]) {
    state.addCatch(flowError, { errors: ['States.ALL'], outputs: { tag: '{% $states.input.tag %}', error: '{% $states.errorOutput %}' } });
  }
  const outcome = sfn.Choice.jsonata(scope, 'UpdateDone')
    .when(sfn.Condition.jsonata('{% $states.input.status = "UPDATE_COMPLETE" %}'), released)
    .when(sfn.Condition.jsonata('{% $contains($states.input.status, "_IN_PROGRESS") %}'), beforeWaiting('StillUpdating', waitUpdate))
    .otherwise(notify);
  notify.next(failed);
  waitUpdate.next(describe).next(outcome);
  waitTurn.next(listRunning);

  return listRunning.next(sfn.Choice.jsonata(scope, 'EarlierReleaseRunning')
    .when(sfn.Condition.jsonata('{% $states.input.ahead > 0 %}'), beforeWaiting('StillWaitingForTurn', waitTurn))
    .otherwise(update.next(beforeWaiting('UpdateStarted', waitUpdate))));
}

/** The release parameters take the pushed tag; every other parameter of the stack keeps its value. */
function renderParameters(stack: Stack, releaseParameters: CfnParameter[]): Array<Record<string, unknown>> {
  const parameters = stack.node.findAll().filter((c): c is CfnParameter => c instanceof CfnParameter && Stack.of(c) === stack);
  return parameters.map(parameter => {
    const key = stack.resolve(parameter.logicalId);
    return releaseParameters.includes(parameter)
      ? { ParameterKey: key, ParameterValue: '{% $states.input.tag %}' }
      : { ParameterKey: key, UsePreviousValue: true };
  });
}
