import { Duration, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ImageRelease, ServiceScaling, WebService, WorkerService } from '../../lib';
import { fixture, resource } from './fixtures';

const officeHours = (overrides: Record<string, unknown> = {}) => ({
  name: 'office-hours', schedule: appscaling.Schedule.cron({ minute: '0', hour: '8', weekDay: 'MON-FRI' }), minTasks: 2, maxTasks: 8,
  timeZone: TimeZone.EUROPE_BERLIN, ...overrides,
});
const night = { name: 'night', schedule: appscaling.Schedule.cron({ minute: '0', hour: '19', weekDay: 'MON-FRI' }), minTasks: 0, maxTasks: 1 };

function worker(scaling: ServiceScaling, release = false) {
  const f = fixture();
  const image = release ? new ImageRelease(f.stack, 'ImageTag', { repository: f.repository }).image : f.repository.imageByTag('v1');
  new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image, scaling });
  return f;
}

describe('scaling cooldowns and schedules', () => {
  test('cooldowns go on every target tracking policy, the web service\'s request tracking included', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      scaling: {
        minTasks: 1, maxTasks: 4, memoryTargetPercent: 80, requestsPerTarget: 500,
        scaleInCooldown: Duration.minutes(10), scaleOutCooldown: Duration.seconds(30),
      },
    });
    const policies = Object.values(Template.fromStack(f.stack).findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    expect(policies).toHaveLength(3);
    for (const p of policies as Array<{ Properties: { TargetTrackingScalingPolicyConfiguration: unknown } }>) {
      expect(p.Properties.TargetTrackingScalingPolicyConfiguration).toMatchObject({ ScaleInCooldown: 600, ScaleOutCooldown: 30 });
    }
  });

  test('without cooldowns, none is sent (Application Auto Scaling\'s 300 s apply)', () => {
    const f = worker({ minTasks: 1, maxTasks: 2 });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ ScaleInCooldown: Match.absent(), ScaleOutCooldown: Match.absent() }),
    });
  });

  test('schedules become scheduled actions of the scalable target, with their time zone', () => {
    const f = worker({ minTasks: 1, maxTasks: 8, schedules: [officeHours(), night] });
    expect(resource(f.stack, 'AWS::ApplicationAutoScaling::ScalableTarget', 'WorkerServiceTaskCountTarget').Properties).toMatchObject({
      MinCapacity: 1, MaxCapacity: 8,
      ScheduledActions: [
        { ScheduledActionName: 'office-hours', Schedule: 'cron(0 8 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 8 }, Timezone: 'Europe/Berlin' },
        { ScheduledActionName: 'night', Schedule: 'cron(0 19 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 1 } },
      ],
    });
  });

  test('before the first release, every schedule sets 0 to 0 as the target does: no schedule starts a task with nothing to run', () => {
    const f = worker({ minTasks: 1, maxTasks: 8, schedules: [officeHours()] }, true);
    const target = resource(f.stack, 'AWS::ApplicationAutoScaling::ScalableTarget', 'WorkerServiceTaskCountTarget').Properties;
    const condition = expect.stringMatching(/^ImageTag/);
    expect(target.MinCapacity).toEqual({ 'Fn::If': [condition, 0, 1] });
    expect(target.ScheduledActions[0].ScalableTargetAction).toEqual({ MinCapacity: { 'Fn::If': [condition, 0, 2] }, MaxCapacity: { 'Fn::If': [condition, 0, 8] } });
  });

  test('a pending image has no scaling, so no schedule', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imagePendingPush(), scaling: { minTasks: 1, maxTasks: 2, schedules: [officeHours({ maxTasks: 2 })] } });
    Template.fromStack(f.stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});

describe('scaling checks', () => {
  test.each<[string, Partial<ServiceScaling>, RegExp]>([
    ['a cooldown over an hour', { scaleInCooldown: Duration.hours(2) },
      /^Stack\/Worker: scaling\.scaleInCooldown "2 hours" is longer than an hour, during which the service could not scale that way\. Allowed: 0 to 3600 seconds/],
    ['a cooldown in fractions of a second', { scaleOutCooldown: Duration.millis(1500) },
      /^Stack\/Worker: scaling\.scaleOutCooldown "1500 ms" is not a whole number of seconds/],
    ['a schedule above the cost ceiling', { schedules: [officeHours({ maxTasks: 20 })] },
      /^Stack\/Worker: scaling\.schedules\[0\]\.maxTasks 20 is more than scaling\.maxTasks \(8\), the service's cost ceiling\. Allowed: 0 to 8/],
    ['a schedule with min above max', { schedules: [officeHours({ minTasks: 5, maxTasks: 3 })] },
      /^Stack\/Worker: scaling\.schedules\[0\]\.minTasks 5 is more than that schedule's maxTasks \(3\)/],
    ['a negative schedule minimum', { schedules: [officeHours({ minTasks: -1 })] },
      /^Stack\/Worker: scaling\.schedules\[0\]\.minTasks -1 is out of range\. Allowed: a whole number from 0 to 5000/],
    ['two schedules of one name', { schedules: [officeHours(), officeHours()] },
      /^Stack\/Worker: scaling\.schedules\[1\]\.name "office-hours" is the name of another schedule of this service/],
    ['a name with a slash', { schedules: [officeHours({ name: 'office/hours' })] },
      /^Stack\/Worker: scaling\.schedules\[0\]\.name "office\/hours" is not a scheduled action name/],
    ['a cron with five fields', { schedules: [officeHours({ schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI)') })] },
      /^Stack\/Worker: scaling\.schedules\[0\]\.schedule "cron\(0 8 \* \* MON-FRI\)" has 5 fields/],
    ['a cron with both day fields', { schedules: [officeHours({ schedule: appscaling.Schedule.expression('cron(0 8 * * MON-FRI *)') })] },
      /scaling\.schedules\[0\]\.schedule "cron\(0 8 \* \* MON-FRI \*\)" sets day-of-month and day-of-week together, or neither/],
    ['a rate in seconds', { schedules: [officeHours({ schedule: appscaling.Schedule.expression('rate(30 seconds)') })] },
      /scaling\.schedules\[0\]\.schedule "rate\(30 seconds\)" is not a rate/],
    ['201 schedules', { schedules: Array.from({ length: 201 }, (_, i) => officeHours({ name: `s${i}` })) },
      /^Stack\/Worker: scaling\.schedules "201 schedules" are more than Application Auto Scaling keeps for one service\. Allowed: at most 200/],
  ])('refuses %s', (_title, scaling, message) => {
    expect(() => worker({ minTasks: 1, maxTasks: 8, ...scaling })).toThrow(message);
  });
});

describe('scaling signals: one model', () => {
  const policies = (f: ReturnType<typeof fixture>) => Object.values(Template.fromStack(f.stack).findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
    .map((p: any) => p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification?.PredefinedMetricType ?? 'custom').sort();

  test('CPU is tracked at 70 % when a scaling names no other signal, as before', () => {
    expect(policies(worker({ minTasks: 1, maxTasks: 4 }))).toEqual(['ECSServiceAverageCPUUtilization']);
  });

  test('a web service keeps CPU tracking next to requests per target, as before', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 1, maxTasks: 4, requestsPerTarget: 500 } });
    expect(policies(f)).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
  });

  test('cpuTracking: false turns CPU tracking off: requests alone, or schedules alone', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 1, maxTasks: 4, requestsPerTarget: 500, cpuTracking: false } });
    expect(policies(f)).toEqual(['ALBRequestCountPerTarget']);
    const scheduled = worker({ minTasks: 1, maxTasks: 8, cpuTracking: false, schedules: [officeHours()] });
    expect(policies(scheduled)).toEqual([]);
    expect(resource(scheduled.stack, 'AWS::ApplicationAutoScaling::ScalableTarget', 'WorkerServiceTaskCountTarget').Properties.ScheduledActions).toHaveLength(1);
  });

  test.each<[string, Partial<ServiceScaling>, RegExp]>([
    ['a CPU target with CPU tracking off', { cpuTracking: false, cpuTargetPercent: 60 },
      /^Stack\/Worker: scaling\.cpuTargetPercent 60 is given with cpuTracking: false, which turns CPU tracking off/],
    ['a scaling that follows nothing', { cpuTracking: false },
      /^Stack\/Worker: scaling "no signal and no schedule" never changes the task count: it stays at minTasks\. Allowed: a signal/],
    ['backlog scaling on a worker without a queue', { backlog: { acceptableLatency: Duration.minutes(1), timePerMessage: Duration.seconds(1) } },
      /^Stack\/Worker: scaling\.backlog "set" reads the backlog of the worker's queue, and this worker has no queue\. Allowed: cpuTargetPercent and memoryTargetPercent for a worker; backlog for a WorkerService with a queue\./],
  ])('refuses %s', (_title, scaling, message) => {
    expect(() => worker({ minTasks: 1, maxTasks: 8, ...scaling })).toThrow(message);
  });

  test('a web service refuses backlog scaling, and names what it follows', () => {
    const f = fixture();
    expect(() => new WebService(f.stack, 'Web', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      scaling: { minTasks: 1, maxTasks: 2, backlog: { acceptableLatency: Duration.minutes(1), timePerMessage: Duration.seconds(1) } },
    })).toThrow(/^Stack\/Web: scaling\.backlog "set" reads the backlog of a queue, which a web service does not consume\. Allowed: cpuTargetPercent and memoryTargetPercent and requestsPerTarget for a WebService with Deployment\.rolling\(\); backlog for a WorkerService with a queue\./);
  });
});

describe('scaling from zero', () => {
  const synthErrors = (f: ReturnType<typeof fixture>) => {
    try {
      Template.fromStack(f.stack);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };

  test('is refused at synth when nothing could start the first task: CPU, memory and requests have no data at zero tasks', () => {
    expect(synthErrors(worker({ minTasks: 0, maxTasks: 4 }))).toMatch(
      /Stack\/Worker: scaling\.minTasks 0 starts from zero tasks, and with no task running there is no CPU, memory or request data, so no policy would ever start one\. Allowed: scaling\.backlog/);
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 0, maxTasks: 4, requestsPerTarget: 100 } });
    expect(synthErrors(f)).toMatch(/Stack\/Web: scaling\.minTasks 0 starts from zero tasks/);
  });

  test('is accepted with a schedule that raises the minimum (office hours), or with a policy of the user\'s own', () => {
    expect(synthErrors(worker({ minTasks: 0, maxTasks: 8, schedules: [officeHours()] }))).toBe('');
    const f = fixture();
    const own = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), scaling: { minTasks: 0, maxTasks: 4 } });
    own.scaling!.scaleOnMetric('Own', {
      metric: new cloudwatch.Metric({ namespace: 'Custom', metricName: 'Jobs' }),
      scalingSteps: [{ upper: 0, change: -1 }, { lower: 1, change: +1 }],
    });
    expect(synthErrors(f)).toBe('');
  });
});
