import { Duration } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ScheduledTask } from '../../lib';
import { fixture } from './fixtures';

function job(schedule: scheduler.ScheduleExpression, maxEventAge?: Duration) {
  const f = fixture();
  return () => new ScheduledTask(f.stack, 'Job', { cluster: f.cluster, image: f.repository.imageByTag('v1'), schedule, maxEventAge });
}
const expression = (text: string) => scheduler.ScheduleExpression.expression(text);

describe('ScheduledTask schedule', () => {
  test.each([
    ['cron(0 3 * * ? *)'],
    ['cron(0/15 8-18 ? * MON-FRI *)'],
    ['cron(30 2 1,15 * ? 2027)'],
    ['cron(0 12 L * ? *)'],
    ['cron(0 9 ? * 2#1 *)'],
    ['cron(0 9 ? JAN-MAR 6L *)'],
    ['rate(1 minute)'],
    ['rate(5 minutes)'],
    ['rate(1 day)'],
    ['at(2026-12-24T18:00:00)'],
  ])('accepts %s', text => {
    expect(job(expression(text))).not.toThrow();
  });

  test('accepts what aws-cdk-lib\'s cron() and rate() write', () => {
    expect(job(scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }))).not.toThrow();
    expect(job(scheduler.ScheduleExpression.rate(Duration.hours(1)))).not.toThrow();
    expect(job(scheduler.ScheduleExpression.rate(Duration.days(2)))).not.toThrow();
  });

  test.each([
    ['cron(0 3 * *)', /has 4 fields\. Allowed: six fields: minutes hours day-of-month month day-of-week year/],
    ['cron(0 3 * * * *)', /sets day-of-month and day-of-week together, or neither\. Allowed: a \? in exactly one of them/],
    ['cron(0 3 ? * ? *)', /sets day-of-month and day-of-week together, or neither/],
    ['cron(61 3 * * ? *)', /has "61" as its minutes\. Allowed: for minutes: \*, or values from 0 to 59/],
    ['cron(0 24 * * ? *)', /has "24" as its hours/],
    ['cron(0 3 32 * ? *)', /has "32" as its day-of-month/],
    ['cron(0 3 ? 13 MON *)', /has "13" as its month/],
    ['cron(0 3 ? * MOO *)', /has "MOO" as its day-of-week/],
    ['cron(0 3 * * ? 1969)', /has "1969" as its year/],
    ['cron(0/0 3 * * ? *)', /has the increment "0" in its minutes/],
    ['rate(30 seconds)', /is not a rate\. Allowed: .*Scheduler has no rate in seconds/],
    ['rate(1 hours)', /uses "hours" with 1\. Allowed: rate\(1 minute\)/],
    ['rate(5 minute)', /uses "minute" with 5/],
    ['rate(0 minutes)', /is not a rate of 1 or more/],
    ['at(2026-13-01T00:00:00)', /is not a one-time schedule\. Allowed: at\(yyyy-mm-ddThh:mm:ss\)/],
    ['every day', /is not a schedule expression\. Allowed: rate\(<value> <unit>\), cron\(/],
  ])('refuses %s at synth', (text, message) => {
    const quoted = JSON.stringify(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(job(expression(text))).toThrow(new RegExp(`^Stack/Job: schedule ${quoted} ${message.source}`));
  });

  test('refuses what aws-cdk-lib\'s cron() lets through: a minute of 61', () => {
    expect(job(scheduler.ScheduleExpression.cron({ minute: '61', hour: '3' }))).toThrow(/^Stack\/Job: schedule "cron\(61 3 \* \* \? \*\)" has "61" as its minutes/);
  });

  test('refuses a maxEventAge that is not whole seconds, in the library\'s words', () => {
    expect(job(expression('rate(1 day)'), Duration.millis(90500)))
      .toThrow(/^Stack\/Job: maxEventAge "90500 ms" is not a whole number of seconds\. Allowed: a duration of whole seconds/);
  });
});
