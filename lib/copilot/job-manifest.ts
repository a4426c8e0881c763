import { parseDuration, type Fields } from './manifest-fields';
import type { ScheduleModel, WorkloadModel } from './model';
import { readNetwork } from './web-manifest';
import { readCommon, type CommonOptions } from './workload-manifest';

/**
 * A Scheduled Job: a `ScheduledTask` run by EventBridge Scheduler through a Step Functions flow that
 * stops it at `timeout` and runs it again up to `retries` times.
 * https://aws.github.io/copilot-cli/docs/manifest/scheduled-job/
 */
export function readJob(m: Fields, options: CommonOptions): WorkloadModel {
  const common = readCommon(m, 'Scheduled Job', { ...options, hasCount: false });
  // Copilot's current form is `on.schedule`; early manifests (and Copilot's own test data) put `schedule` at the top.
  const on = m.map('on');
  const holder = on ?? m;
  const text = holder.string('schedule');
  if (text === undefined) return holder.fail('schedule', 'a schedule: a cron expression ("0 */2 * * *"), "@daily"-style, "@every 1h30m" or "rate(2 hours)"');
  const schedule = parseSchedule(holder, text);
  holder.carry('schedule', 'schedule');
  on?.finish();
  const timeoutMs = m.duration('timeout');
  if (timeoutMs !== undefined && timeoutMs < 1000) m.fail('timeout', 'at least 1s');
  m.carry('timeout', 'timeout');
  const retries = m.integer('retries', 0, 10);
  m.carry('retries', 'retries');
  const connect = readNetwork(m);
  m.finish();
  return { ...common, connect, subscriptions: [], schedule, timeoutMs, retries };
}

const NAMED: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Copilot's schedule forms, as EventBridge Scheduler reads them (UTC). */
export function parseSchedule(f: Fields, text: string): ScheduleModel {
  const expected = 'a cron expression of five fields ("0 */2 * * *"), @yearly, @monthly, @weekly, @daily, @hourly, "@every <duration>" or "rate(<n> <unit>)"';
  const trimmed = text.trim();
  if (trimmed === 'none') f.fail('schedule', 'a schedule: a job with "none" runs only by hand, and a ScheduledTask always has one (run it by hand from its state machine too)', text);
  const every = /^@every\s+(\S+)$/.exec(trimmed);
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(trimmed);
  if (every || rate) {
    const ms = every ? parseDuration(every[1]) : Number(rate![1]) * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[rate![2].replace(/s$/, '')]!;
    if (ms === undefined || ms < 60_000 || ms % 60_000 !== 0) f.fail('schedule', 'a rate of whole minutes, at least one (EventBridge Scheduler\'s smallest)', text);
    return { rateMs: ms, text };
  }
  const fields = (NAMED[trimmed] ?? trimmed).split(/\s+/);
  if (fields.length !== 5 || trimmed.startsWith('@') && !NAMED[trimmed]) f.fail('schedule', expected, text);
  const [minute, hour, day, month, weekDayRaw] = fields.map((part, i) => step(part, i < 2 ? '0' : '1'));
  const weekDay = weekDayRaw.replace(/\b([0-7])\b/g, (_m, d: string) => DAYS[Number(d) % 7]);
  if (day !== '*' && weekDay !== '*') f.fail('schedule', 'a day of the month or a day of the week, not both (EventBridge cron takes one, with "?" in the other)', text);
  if (fields.some(part => !/^[0-9A-Za-z*/,\-]+$/.test(part))) f.fail('schedule', expected, text);
  return { cron: { minute, hour, day, month, weekDay }, text };
}

/** `*\/5` is written `0/5` (minutes, hours) or `1/5` (days, months) in EventBridge's cron. */
function step(field: string, first: string): string {
  return field.replace(/^\*\/(\d+)$/, `${first}/$1`);
}
