import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ImageRelease, ImageRepository, PlatformCluster, PushToDeploy, WebService } from '../../lib';
import { testStack } from '../util';
import { AwsError, Call, definitionOf, run } from './state-machine-runner';

/** A stack with a release and PushToDeploy, and the synthesized definitions of its two state machines. */
function flows(timeout?: Duration) {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'shop/web' });
  const release = new ImageRelease(stack, 'ImageTag', { repository });
  new WebService(stack, 'Web', { cluster, image: release.image });
  new PushToDeploy(stack, 'Deploy', { releases: [release], tagPattern: 'v1.*', topic: cluster.notificationTopic, timeout });
  const template = Template.fromStack(stack).toJSON() as Parameters<typeof definitionOf>[0];
  return { release: definitionOf(template, 'DeployStateMachine'), catchUp: definitionOf(template, 'DeployCatchUp') };
}

/** Answers of a quiet account: no other execution runs, UpdateStack starts, SNS accepts. */
function account(stackStatus: (call: Call) => string, overrides: Record<string, (call: Call) => unknown> = {}) {
  return (call: Call) => {
    if (overrides[call.action]) return overrides[call.action](call);
    switch (call.action) {
      case 'sfn:listExecutions': return { Executions: [] };
      case 'cloudformation:updateStack': return { StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/1' };
      case 'cloudformation:describeStacks': {
        const status = stackStatus(call);
        return { Stacks: [{ StackName: 'Stack', StackStatus: status, ...status.includes('ROLLBACK') ? { StackStatusReason: 'The following resource(s) failed to update: [Web]' } : {} }] };
      }
      case 'sns:publish': return { MessageId: '1' };
      default: throw new Error(`unexpected call ${call.action}`);
    }
  };
}

describe('the release flow, run offline', () => {
  test('a release that completes updates the stack once, with the tag, and succeeds', async () => {
    const { release } = flows();
    let polls = 0;
    const outcome = await run(release, { tag: 'v1.2.3' }, account(() => ++polls < 3 ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE'));
    expect(outcome.status).toBe('SUCCEEDED');
    const updates = outcome.calls.filter(c => c.action === 'cloudformation:updateStack');
    expect(updates).toHaveLength(1);
    expect(updates[0].args.Parameters).toContainEqual({ ParameterKey: 'ImageTag', ParameterValue: 'v1.2.3' });
    expect(outcome.calls.some(c => c.action === 'sns:publish')).toBe(false);
  });

  test('a release that rolls back is reported with the stack status and reason, and fails with that status as its cause', async () => {
    const { release } = flows();
    const outcome = await run(release, { tag: 'v1.2.4' }, account(() => 'UPDATE_ROLLBACK_COMPLETE'));
    expect(outcome.status).toBe('FAILED');
    const published = outcome.calls.find(c => c.action === 'sns:publish')!;
    expect(published.args.Message).toBe('Release of tag v1.2.4 to stack Stack did not complete: UPDATE_ROLLBACK_COMPLETE The following resource(s) failed to update: [Web]');
    // Before the fix the Fail state read the status from SNS's answer: "Stack Stack: undefined".
    expect(outcome.cause).toBe('Stack Stack: UPDATE_ROLLBACK_COMPLETE The following resource(s) failed to update: [Web]');
  });

  test('a release refused by CloudFormation is reported with the refusal', async () => {
    const { release } = flows();
    const outcome = await run(release, { tag: 'v1.2.5' }, account(() => 'UPDATE_COMPLETE', {
      'cloudformation:updateStack': () => { throw new AwsError('CloudFormation.CloudFormationException', 'User is not authorized to perform: ssm:GetParameters'); },
    }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.cause).toContain('UPDATE_REFUSED User is not authorized to perform: ssm:GetParameters');
  });

  test('"no updates" is a success, and "in progress" waits and tries again', async () => {
    const { release } = flows();
    let attempts = 0;
    const outcome = await run(release, { tag: 'v1.2.6' }, account(() => 'UPDATE_COMPLETE', {
      'cloudformation:updateStack': () => {
        attempts++;
        throw new AwsError('CloudFormation.CloudFormationException', attempts === 1
          ? 'Stack:arn is in UPDATE_IN_PROGRESS state and can not be updated.' : 'No updates are to be performed.');
      },
    }));
    expect(outcome.status).toBe('SUCCEEDED');
    expect(attempts).toBe(2);
  });

  test('a release that outlives its timeout is reported to the topic and fails, before Step Functions\' own timeout', async () => {
    const { release } = flows(Duration.hours(1));
    const outcome = await run(release, { tag: 'v1.3.0' }, account(() => 'UPDATE_IN_PROGRESS'));
    expect(outcome.status).toBe('FAILED');
    const published = outcome.calls.find(c => c.action === 'sns:publish')!;
    expect(published.args.Message).toContain('did not complete: RELEASE_TIMED_OUT the release took longer than 1 hour; the stack was UPDATE_IN_PROGRESS');
    expect(outcome.seconds).toBeGreaterThan(3600);
    // The backstop is 10 minutes later: the flow reported within one poll of its deadline.
    expect(outcome.seconds).toBeLessThanOrEqual(3600 + 60);
  });

  test('a release waiting behind an earlier one times out too, and never updates the stack', async () => {
    const { release } = flows(Duration.minutes(30));
    const outcome = await run(release, { tag: 'v1.3.1' }, account(() => 'UPDATE_COMPLETE', {
      'sfn:listExecutions': () => ({ Executions: [{ StartDate: '2026-12-01T11:00:00Z' }] }),
    }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.cause).toContain('RELEASE_TIMED_OUT');
    expect(outcome.calls.some(c => c.action === 'cloudformation:updateStack')).toBe(false);
  });
});

describe('the catch-up of missed pushes, run offline', () => {
  const created = '2026-11-01T00:00:00Z';
  const image = (tag: string, pushedAt: string, digest = `sha256:${tag}`) => ({ ImageTags: [tag], ImageDigest: digest, ImagePushedAt: pushedAt });
  function registry(pages: Array<ReturnType<typeof image>[]>, executions: Array<{ StartDate: string | number }>) {
    return (call: Call) => {
      switch (call.action) {
        case 'sfn:describeStateMachine': return { CreationDate: created };
        case 'sfn:listExecutions': return { Executions: executions };
        case 'ecr:describeImages': {
          const page = call.args.NextToken === undefined ? 0 : Number(call.args.NextToken);
          return { ImageDetails: pages[page], ...page + 1 < pages.length ? { NextToken: String(page + 1) } : {} };
        }
        case 'sfn:startExecution': return { ExecutionArn: 'arn:execution' };
        default: throw new Error(`unexpected call ${call.action}`);
      }
    };
  }
  const startedWith = (calls: Call[]) => calls.filter(c => c.action === 'sfn:startExecution').map(c => JSON.parse(c.args.Input as string));

  test('releases the newest matching tag pushed after the newest release, when its event never started one', async () => {
    const { catchUp } = flows();
    const outcome = await run(catchUp, {}, registry([[
      image('v1.0.0', '2026-12-01T09:00:00Z'),
      image('v1.0.2', '2026-12-01T11:30:00Z'),
      image('v1.0.1', '2026-12-01T11:00:00Z'),
      image('v2.0.0', '2026-12-01T11:40:00Z'),
      image('latest', '2026-12-01T11:45:00Z'),
    ]], [{ StartDate: '2026-12-01T10:00:00Z' }]));
    expect(outcome.status).toBe('SUCCEEDED');
    expect(startedWith(outcome.calls)).toEqual([{ tag: 'v1.0.2', digest: 'sha256:v1.0.2', caughtUp: true }]);
  });

  test('releases nothing when the newest push already started a release (no release twice)', async () => {
    const { catchUp } = flows();
    const outcome = await run(catchUp, {}, registry([[image('v1.0.2', '2026-12-01T11:30:00Z')]], [{ StartDate: '2026-12-01T11:30:05Z' }]));
    expect(outcome.path).toContain('NothingMissed');
    expect(startedWith(outcome.calls)).toEqual([]);
  });

  test('leaves a push of the last 5 minutes to its own event', async () => {
    const { catchUp } = flows();
    const outcome = await run(catchUp, {}, registry([[image('v1.0.3', '2026-12-01T11:57:00Z')]], []));
    expect(startedWith(outcome.calls)).toEqual([]);
  });

  test('never releases a push older than push to deploy itself (it was not set up yet)', async () => {
    const { catchUp } = flows();
    const outcome = await run(catchUp, {}, registry([[image('v1.0.0', '2026-10-01T00:00:00Z')]], []));
    expect(startedWith(outcome.calls)).toEqual([]);
  });

  test('reads every page of a large repository and takes epoch-second dates too', async () => {
    const { catchUp } = flows();
    const epoch = (iso: string) => new Date(iso).getTime() / 1000;
    const outcome = await run(catchUp, {}, registry([
      [image('v1.0.5', '2026-12-01T11:10:00Z'), image('v0.9.0', '2026-12-01T11:50:00Z')],
      [{ ...image('v1.0.6', '2026-12-01T11:20:00Z'), ImagePushedAt: epoch('2026-12-01T11:20:00Z') as unknown as string }],
      [image('v1.0.4', '2026-12-01T11:05:00Z')],
    ], [{ StartDate: epoch('2026-12-01T11:00:00Z') }]));
    expect(outcome.calls.filter(c => c.action === 'ecr:describeImages')).toHaveLength(3);
    expect(startedWith(outcome.calls)).toEqual([{ tag: 'v1.0.6', digest: 'sha256:v1.0.6', caughtUp: true }]);
  });
});
