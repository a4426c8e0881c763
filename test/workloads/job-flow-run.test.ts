import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ScheduledTask, ScheduledTaskProps } from '../../lib';
import { PRICES } from '../../lib/report/prices';
import { AwsError, Call, definitionOf, run } from '../registry/state-machine-runner';
import { fixture } from './fixtures';

/** The synthesized job flow of a ScheduledTask. */
function flow(options: Partial<ScheduledTaskProps> = {}) {
  const f = fixture();
  new ScheduledTask(f.stack, 'Nightly', {
    cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...options,
  });
  return definitionOf(Template.fromStack(f.stack).toJSON() as Parameters<typeof definitionOf>[0], 'NightlyRuns');
}

const arn = (id: number) => `arn:aws:ecs:us-east-1:111111111111:task/cluster/task${id}`;

/** A task as DescribeTasks shows it: running, or stopped with the main container's exit code (and a sidecar's). */
function task(id: number, state: { running: true } | { exitCode: number; sidecarExitCode?: number; stoppedReason?: string }) {
  if ('running' in state) return { TaskArn: arn(id), LastStatus: 'RUNNING', Containers: [{ Name: 'app' }] };
  return {
    TaskArn: arn(id), LastStatus: 'STOPPED', StoppedReason: state.stoppedReason ?? 'Essential container in task exited',
    Containers: [{ Name: 'app', ExitCode: state.exitCode }, ...state.sidecarExitCode === undefined ? [] : [{ Name: 'log-router', ExitCode: state.sidecarExitCode }]],
  };
}

/**
 * An ECS that places each run's tasks and answers DescribeTasks with `describe(run, secondsSinceStart)`;
 * `runTask` may answer a run itself (a refusal, an unplaceable run). SNS accepts.
 */
function ecs(describe: (run: number, seconds: number, taskArns: string[]) => unknown[], runTask?: (run: number, call: Call) => unknown) {
  let runs = 0;
  let startedAt = 0;
  let nextId = 1;
  return (call: Call, now: Date) => {
    switch (call.action) {
      case 'ecs:runTask': {
        runs++;
        startedAt = now.getTime();
        const answer = runTask?.(runs, call);
        if (answer) return answer;
        return { Tasks: Array.from({ length: call.args.Count as number }, () => ({ TaskArn: arn(nextId++) })), Failures: [] };
      }
      case 'ecs:describeTasks': return { Tasks: describe(runs, (now.getTime() - startedAt) / 1000, call.args.Tasks as string[]) };
      case 'ecs:stopTask': return { Task: { TaskArn: call.args.Task } };
      case 'sns:publish': return { MessageId: '1' };
      default: throw new Error(`unexpected call ${call.action}`);
    }
  };
}

const idOf = (taskArn: string) => Number(taskArn.split('task').pop());
const actions = (calls: Call[], action: string) => calls.filter(c => c.action === action);

describe('the job flow of a ScheduledTask, run offline', () => {
  test('a run whose main container exits with 0 succeeds, reports nothing, and is watched once a minute', async () => {
    const outcome = await run(flow({ timeout: Duration.hours(1) }), { startedBy: 'schedule' },
      ecs((_run, seconds, tasks) => tasks.map(t => seconds < 300 ? task(idOf(t), { running: true }) : task(idOf(t), { exitCode: 0 }))));
    expect(outcome.status).toBe('SUCCEEDED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(1);
    expect(actions(outcome.calls, 'ecs:describeTasks')).toHaveLength(5);
    expect(actions(outcome.calls, 'ecs:stopTask')).toHaveLength(0);
    expect(actions(outcome.calls, 'sns:publish')).toHaveLength(0);
    // 3 states to start, 3 per minute of run, 1 to end: what the README and the report price (PRICES.jobRunTransitions).
    expect(outcome.path).toHaveLength(PRICES.jobRunTransitions.fixed + PRICES.jobRunTransitions.perMinute * 5);
  });

  test('a sidecar that exits with another code than 0 does not fail the run', async () => {
    const outcome = await run(flow(), {}, ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { exitCode: 0, sidecarExitCode: 137 }))));
    expect(outcome.status).toBe('SUCCEEDED');
  });

  test('a failed run is run again a minute later, up to retries times, then reported to the topic with every run', async () => {
    const outcome = await run(flow({ retries: 2 }), {}, ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { exitCode: 3 }))));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('JobFailed');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(3);
    const published = actions(outcome.calls, 'sns:publish');
    expect(published).toHaveLength(1);
    expect(published[0].args.TopicArn).toMatch(/^<ClusterNotifications/);
    expect(published[0].args.Subject).toBe('Job failed: Stack/Nightly');
    expect(published[0].args.Message).toBe('Job Stack/Nightly failed after 3 run(s): ' +
      'run 1 FAILED: task task1: app exited with 3 (Essential container in task exited); ' +
      'run 2 FAILED: task task2: app exited with 3 (Essential container in task exited); ' +
      'run 3 FAILED: task task3: app exited with 3 (Essential container in task exited). ' +
      'Execution: arn:aws:states:us-east-1:111111111111:execution:flow:test');
    expect(outcome.cause).toContain('run 3 FAILED');
  });

  test('with no retries, a failed run is reported at once', async () => {
    const outcome = await run(flow(), {}, ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { exitCode: 1 }))));
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(1);
    expect(actions(outcome.calls, 'sns:publish')).toHaveLength(1);
  });

  test('a run that fails and then succeeds on a retry ends in success, with no report', async () => {
    const outcome = await run(flow({ retries: 3 }), {}, ecs((r, _s, tasks) => tasks.map(t => task(idOf(t), { exitCode: r === 1 ? 1 : 0 }))));
    expect(outcome.status).toBe('SUCCEEDED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(2);
    expect(actions(outcome.calls, 'sns:publish')).toHaveLength(0);
  });

  test('a run past its timeout is stopped, reported as timed out, and not run again', async () => {
    const outcome = await run(flow({ timeout: Duration.hours(1), retries: 3, taskCount: 2 }), {},
      ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { running: true }))));
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(1);
    expect(actions(outcome.calls, 'ecs:stopTask').map(c => c.args.Task)).toEqual([arn(1), arn(2)]);
    // Stopped within a minute of the timeout.
    expect(outcome.seconds).toBeGreaterThan(3600);
    expect(outcome.seconds).toBeLessThanOrEqual(3660);
    expect(actions(outcome.calls, 'sns:publish')[0].args.Message).toContain('run 1 TIMED_OUT: ran longer than its timeout of 1 hour, and was stopped');
  });

  test('without a timeout, a long run is watched until it ends', async () => {
    const outcome = await run(flow(), {},
      ecs((_run, seconds, tasks) => tasks.map(t => seconds < 5 * 3600 ? task(idOf(t), { running: true }) : task(idOf(t), { exitCode: 0 }))));
    expect(outcome.status).toBe('SUCCEEDED');
    expect(actions(outcome.calls, 'ecs:stopTask')).toHaveLength(0);
  });

  test('a run ECS cannot place (RunTask Failures) is run again, then reported as unplaceable with ECS\'s reasons', async () => {
    const outcome = await run(flow({ retries: 1 }), {}, ecs(() => [], () => ({
      Tasks: [], Failures: [{ Arn: 'arn:aws:ecs:us-east-1:111111111111:container-instance/cluster/i1', Reason: 'RESOURCE:MEMORY' }],
    })));
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(2);
    expect(actions(outcome.calls, 'ecs:describeTasks')).toHaveLength(0);
    expect(actions(outcome.calls, 'sns:publish')[0].args.Message).toContain(
      'run 2 UNPLACEABLE: ECS could not place the run: RESOURCE:MEMORY arn:aws:ecs:us-east-1:111111111111:container-instance/cluster/i1');
  });

  test('a run ECS placed only in part has its placed tasks stopped, and counts as unplaceable', async () => {
    const outcome = await run(flow({ taskCount: 2 }), {}, ecs(() => [], () => ({
      Tasks: [{ TaskArn: arn(7) }], Failures: [{ Reason: 'RESOURCE:ENI', Detail: 'no free ENI' }],
    })));
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:stopTask').map(c => c.args.Task)).toEqual([arn(7)]);
    expect(outcome.cause).toBe('run 1 UNPLACEABLE: ECS could not place the run: RESOURCE:ENI (no free ENI)');
  });

  test('a RunTask that fails (throttled, access denied) is run again, then reported with the error', async () => {
    const outcome = await run(flow({ retries: 1 }), {}, ecs(() => [], () => { throw new AwsError('Ecs.AccessDeniedException', 'not authorized to perform ecs:RunTask'); }));
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(2);
    expect(outcome.cause).toContain('run 2 NOT_STARTED: RunTask refused the run: Ecs.AccessDeniedException not authorized to perform ecs:RunTask');
  });

  test('a StopTask that fails does not keep the other tasks running, and the report says so', async () => {
    const answer = ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { running: true })));
    const outcome = await run(flow({ timeout: Duration.minutes(5), taskCount: 2 }), {}, (call, now) => {
      if (call.action === 'ecs:stopTask' && call.args.Task === arn(1)) throw new AwsError('Ecs.InvalidParameterException', 'The referenced task was not found.');
      return answer(call, now);
    });
    expect(actions(outcome.calls, 'ecs:stopTask').map(c => c.args.Task)).toEqual([arn(1), arn(2)]);
    expect(outcome.cause).toContain('(a StopTask failed: The referenced task was not found.)');
  });

  test('a run that can no longer be watched is reported as unknown, and not run again', async () => {
    const outcome = await run(flow({ retries: 2 }), {}, (call, now) => {
      if (call.action === 'ecs:describeTasks') throw new AwsError('Ecs.ServerException', 'Service unavailable');
      return ecs(() => [])(call, now);
    });
    expect(outcome.status).toBe('FAILED');
    expect(actions(outcome.calls, 'ecs:runTask')).toHaveLength(1);
    expect(outcome.cause).toContain('run 1 UNKNOWN: DescribeTasks failed');
  });

  test('a report that cannot be published still fails the execution, with the runs as its cause', async () => {
    const answer = ecs((_run, _s, tasks) => tasks.map(t => task(idOf(t), { exitCode: 2 })));
    const outcome = await run(flow(), {}, (call, now) => {
      if (call.action === 'sns:publish') throw new AwsError('SNS.AuthorizationErrorException', 'KMS key disabled');
      return answer(call, now);
    });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.cause).toContain('run 1 FAILED: task task1: app exited with 2');
  });
});
