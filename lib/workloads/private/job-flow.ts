import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { fitText, TEXT_LIMITS } from '../../core/text';

/** How often the flow looks at a run's tasks: a run that outlives its timeout is stopped within this much of it. */
export const JOB_POLL = Duration.seconds(60);
/** How long the flow waits before it runs a failed job again: capacity may free, a dependency may return. */
export const JOB_RETRY_WAIT = Duration.seconds(60);
/** The name of the main container, whose exit code says how a run ended (a sidecar's does not). */
const MAIN = 'app';

/** What the flow runs, and where it reports. */
export interface JobFlowProps {
  /** The job's construct path, for messages. */
  readonly path: string;
  readonly clusterArn: string;
  /** The ARN of the job's tasks (`task/<cluster>/*`), for the role. */
  readonly taskArns: string;
  readonly taskDefinitionArn: string;
  /** The rest of RunTask's arguments: count, capacity provider strategy, network, placement, tags. */
  readonly runTask: Record<string, unknown>;
  readonly topic: sns.ITopic;
  readonly timeout?: Duration;
  readonly retries: number;
}

/**
 * A scheduled job's run, one execution per run (Standard workflow: a run may take hours, and Express's
 * at-least-once start could run a job twice):
 * 1. RunTask. A non-empty `Failures` list is an unplaceable run (no capacity, no ENI, an unknown
 *    capacity provider: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Failure.html); a task
 *    it did place is stopped;
 * 2. every minute, DescribeTasks: once every task stopped, the run succeeded when each task's main
 *    container exited with 0 (a sidecar killed at the end does not fail it, as `ecs:runTask.sync` would);
 *    a run older than `timeout` is stopped (StopTask, task by task) and is a timed-out run;
 * 3. a failed, unplaceable or refused run is run again, up to `retries` times, a minute later; a timed-out
 *    run is not (it used its whole window, and a job that hangs would hang again);
 * 4. the last run's failure, with every run's outcome, is published to the topic, and the execution fails.
 */
export function jobDefinition(scope: Construct, props: JobFlowProps): sfn.IChainable {
  const cluster = props.clusterArn;
  // The record of the runs so far travels with every state's output.
  const carried = '"attempt": $states.input.attempt, "runs": $states.input.runs';
  const oneLine = (expression: string) => expression.replace(/\n\s*/g, ' ');

  const recordRun = sfn.Pass.jsonata(scope, 'RecordRun', {
    outputs: '{% { "attempt": $states.input.attempt, "outcome": $states.input.outcome, ' +
      '"runs": $append($states.input.runs, [{ "run": $states.input.attempt, "outcome": $states.input.outcome, "reason": $states.input.reason }]) } %}',
  });

  // Stopping a run's tasks, one StopTask each: a timed-out run, or the part of a run ECS could place.
  const stopTask = tasks.CallAwsService.jsonata(scope, 'StopTask', {
    service: 'ecs', action: 'stopTask', iamAction: 'ecs:StopTask', iamResources: [props.taskArns],
    parameters: {
      Cluster: cluster,
      Task: '{% $states.input.toStop[0] %}',
      Reason: fitText(`Stopped by the job flow of ${props.path}: it timed out, or ECS could not place the whole run`, 255),
    },
    outputs: `{% { ${carried}, "outcome": $states.input.outcome, "reason": $states.input.reason, "toStop": [$states.input.toStop[[1..$count($states.input.toStop)]]] } %}`,
  });
  const stopNext = (id: string) => sfn.Choice.jsonata(scope, id)
    .when(sfn.Condition.jsonata('{% $count($states.input.toStop) > 0 %}'), stopTask)
    .otherwise(recordRun);
  stopTask.next(stopNext('StopNext'));
  // A task that stopped meanwhile, or an API error: the next one is stopped all the same, and the reason says so.
  stopTask.addCatch(sfn.Pass.jsonata(scope, 'StopFailed', {
    outputs: oneLine(`{% { ${carried}, "outcome": $states.input.outcome,
      "reason": $states.input.reason & " (a StopTask failed: " & $states.input.error.Cause & ")",
      "toStop": [$states.input.toStop[[1..$count($states.input.toStop)]]] } %}`),
  }).next(stopNext('StopNextAfterError')), {
    errors: ['States.ALL'],
    outputs: `{% { ${carried}, "outcome": $states.input.outcome, "reason": $states.input.reason, "toStop": $states.input.toStop, "error": $states.errorOutput } %}`,
  });

  const runTask = tasks.CallAwsService.jsonata(scope, 'RunJob', {
    service: 'ecs', action: 'runTask', iamAction: 'ecs:RunTask', iamResources: [props.taskDefinitionArn],
    parameters: { Cluster: cluster, TaskDefinition: props.taskDefinitionArn, ...props.runTask },
    outputs: oneLine(`{% { ${carried}, "tasks": [$states.result.Tasks.TaskArn], "startedAt": $now(),
      "failures": [$states.result.Failures.(Reason & ($exists(Detail) ? " (" & Detail & ")" : "") & ($exists(Arn) ? " " & Arn : ""))] } %}`),
  });
  runTask.addCatch(sfn.Pass.jsonata(scope, 'RunRefused', {
    outputs: `{% { ${carried}, "outcome": "NOT_STARTED", "reason": "RunTask refused the run: " & $states.input.error.Error & " " & $states.input.error.Cause } %}`,
  }).next(recordRun), { errors: ['States.ALL'], outputs: `{% { ${carried}, "error": $states.errorOutput } %}` });
  const unplaceable = sfn.Pass.jsonata(scope, 'RunNotPlaced', {
    outputs: oneLine(`{% { ${carried}, "outcome": "UNPLACEABLE", "toStop": $states.input.tasks,
      "reason": $count($states.input.failures) > 0 ? "ECS could not place the run: " & $join($states.input.failures, "; ") : "ECS started no task" } %}`),
  }).next(stopNext('StopPlacedTasks'));

  const wait = sfn.Wait.jsonata(scope, 'WaitForRun', { time: sfn.WaitTime.duration(JOB_POLL), outputs: '{% $states.input %}' });
  const main = `Containers[Name = "${MAIN}"]`;
  const describe = tasks.CallAwsService.jsonata(scope, 'DescribeRun', {
    service: 'ecs', action: 'describeTasks', iamAction: 'ecs:DescribeTasks', iamResources: [props.taskArns],
    parameters: { Cluster: cluster, Tasks: '{% $states.input.tasks %}' },
    outputs: oneLine(`{% { ${carried}, "tasks": $states.input.tasks, "startedAt": $states.input.startedAt,
      "stopped": $count($states.result.Tasks) = $count($states.input.tasks) and $count($states.result.Tasks[LastStatus != "STOPPED"]) = 0,
      "succeeded": $count($states.result.Tasks[$not(${main}.ExitCode = 0)]) = 0,
      "reason": $join($states.result.Tasks.("task " & $split(TaskArn, "/")[-1] & ": " &
        ($exists(${main}.ExitCode) ? "${MAIN} exited with " & $string(${main}.ExitCode) : "${MAIN} has no exit code") &
        ($exists(StoppedReason) ? " (" & StoppedReason & ")" : "") & ($exists(${main}.Reason) ? " " & ${main}.Reason : "")), "; ") } %}`),
  });
  describe.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 5, backoffRate: 2 });
  // The run can no longer be watched: it is reported, and its tasks are left as they are.
  describe.addCatch(sfn.Pass.jsonata(scope, 'RunUnwatched', {
    outputs: `{% { ${carried}, "outcome": "UNKNOWN", "reason": "DescribeTasks failed, so the run's end is not known: " & $states.input.error.Cause } %}`,
  }).next(recordRun), { errors: ['States.ALL'], outputs: `{% { ${carried}, "error": $states.errorOutput } %}` });

  const runEnded = sfn.Choice.jsonata(scope, 'RunEnded')
    .when(sfn.Condition.jsonata('{% $states.input.stopped and $states.input.succeeded %}'), new sfn.Succeed(scope, 'JobSucceeded'))
    .when(sfn.Condition.jsonata('{% $states.input.stopped %}'), sfn.Pass.jsonata(scope, 'RunFailed', {
      outputs: `{% { ${carried}, "outcome": "FAILED", "reason": $states.input.reason } %}`,
    }).next(recordRun));
  if (props.timeout) {
    runEnded.when(sfn.Condition.jsonata(`{% $toMillis($now()) - $toMillis($states.input.startedAt) > ${props.timeout.toMilliseconds()} %}`),
      sfn.Pass.jsonata(scope, 'RunTimedOut', {
        outputs: oneLine(`{% { ${carried}, "outcome": "TIMED_OUT", "toStop": $states.input.tasks,
          "reason": "ran longer than its timeout of ${props.timeout.toHumanString()}, and was stopped; " & $states.input.reason } %}`),
      }).next(stopNext('StopTimedOutTasks')));
  }
  runEnded.otherwise(wait);
  wait.next(describe).next(runEnded);

  const jobFailed = sfn.Fail.jsonata(scope, 'JobFailed', {
    error: 'JobFailed',
    cause: '{% $join($states.input.runs.("run " & $string(run) & " " & outcome & ": " & reason), "; ") %}',
  });
  const report = tasks.CallAwsService.jsonata(scope, 'ReportFailure', {
    service: 'sns', action: 'publish', iamAction: 'sns:Publish', iamResources: [props.topic.topicArn],
    parameters: {
      TopicArn: props.topic.topicArn,
      Subject: fitText(`Job failed: ${props.path}`, TEXT_LIMITS.snsSubject),
      Message: `{% "Job ${props.path} failed after " & $string($count($states.input.runs)) & " run(s): " & ` +
        '$join($states.input.runs.("run " & $string(run) & " " & outcome & ": " & reason), "; ") & ". Execution: " & $states.context.Execution.Id %}',
    },
    outputs: '{% $states.input %}',
  });
  // A report that cannot be published still ends in a failed execution, which the console and list-executions show.
  report.addCatch(jobFailed, { errors: ['States.ALL'], outputs: '{% $states.input %}' });
  report.next(jobFailed);

  const retryWait = sfn.Wait.jsonata(scope, 'WaitBeforeRetry', {
    time: sfn.WaitTime.duration(JOB_RETRY_WAIT),
    outputs: '{% { "attempt": $states.input.attempt + 1, "runs": $states.input.runs } %}',
  });
  retryWait.next(runTask);
  recordRun.next(sfn.Choice.jsonata(scope, 'RunAgain')
    .when(sfn.Condition.jsonata(`{% $states.input.outcome in ["FAILED", "UNPLACEABLE", "NOT_STARTED"] and $states.input.attempt <= ${props.retries} %}`), retryWait)
    .otherwise(report));

  runTask.next(sfn.Choice.jsonata(scope, 'RunPlaced')
    .when(sfn.Condition.jsonata('{% $count($states.input.failures) > 0 or $count($states.input.tasks) = 0 %}'), unplaceable)
    .otherwise(wait));
  return sfn.Pass.jsonata(scope, 'StartJob', { outputs: { attempt: 1, runs: [] } }).next(runTask);
}
