import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';

/**
 * Checks an EventBridge Scheduler expression the way the service would at deploy: `rate(...)`,
 * `cron(...)` with its six fields, or `at(...)`. aws-cdk-lib passes `ScheduleExpression.expression()`
 * and the fields of `ScheduleExpression.cron()` on unchecked.
 *
 * Sources: EventBridge Scheduler User Guide, "Schedule types" (rate, cron and one-time expressions);
 * EventBridge User Guide, "Rate expressions reference" (a value of 1 takes a singular unit, more a
 * plural one: Scheduler's reference lists the same units but does not restate the rule).
 * Application Auto Scaling's scheduled actions take the same three forms with the same grammar
 * (Application Auto Scaling User Guide, "Scheduled scaling"), so `appscaling.Schedule` is checked here too.
 */
export function checkScheduleExpression(scope: IConstruct, prop: string, schedule: { readonly expressionString: string }): void {
  const text = schedule.expressionString;
  if (Token.isUnresolved(text)) return;
  const bad = (problem: string, allowed: string): never => fail(scope, prop, text, problem, allowed);

  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return checkRate(rate[1], bad);
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return checkCron(cron[1], bad);
  const at = /^at\((.*)\)$/.exec(text);
  if (at) {
    if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(at[1])) {
      bad('is not a one-time schedule', 'at(yyyy-mm-ddThh:mm:ss), for example at(2026-12-24T18:00:00)');
    }
    return;
  }
  bad('is not a schedule expression', 'rate(<value> <unit>), cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) or at(<date>T<time>)');
}

type Bad = (problem: string, allowed: string) => never;

function checkRate(body: string, bad: Bad): void {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim() === body ? body : '');
  const allowed = 'rate(1 minute), rate(5 minutes), rate(1 hour), rate(2 hours), rate(1 day), rate(3 days): a whole number of ' +
    'minutes, hours or days, singular for 1 (Scheduler has no rate in seconds)';
  if (!match) bad('is not a rate', allowed);
  const value = Number(match![1]);
  const unit = match![2];
  if (value < 1) bad('is not a rate of 1 or more', allowed);
  if ((value === 1) !== !unit.endsWith('s')) bad(`uses "${unit}" with ${value}`, allowed);
}

/** Each cron field: its name, its range, the names it accepts, and its special characters. */
const CRON_FIELDS: Array<{ name: string; min: number; max: number; names?: string[]; special: RegExp }> = [
  { name: 'minutes', min: 0, max: 59, special: /^$/ },
  { name: 'hours', min: 0, max: 23, special: /^$/ },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|\d{1,2}W|LW)$/ },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], special: /^$/ },
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], special: /^(\?|\d?L|[1-7]#[1-5]|[A-Z]{3}#[1-5])$/ },
  { name: 'year', min: 1970, max: 2199, special: /^$/ },
];

function checkCron(body: string, bad: Bad): void {
  const fields = body.split(' ');
  if (fields.length !== 6) {
    bad(`has ${fields.length} fields`, 'six fields: minutes hours day-of-month month day-of-week year, for example cron(0 3 * * ? *)');
  }
  fields.forEach((field, i) => checkCronField(field, CRON_FIELDS[i], bad));
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    bad('sets day-of-month and day-of-week together, or neither',
      'a ? in exactly one of them: cron(0 3 * * ? *) runs daily, cron(0 3 ? * MON *) on Mondays, cron(0 3 1 * ? *) on the first of the month');
  }
}

function checkCronField(field: string, spec: typeof CRON_FIELDS[number], bad: Bad): void {
  const allowed = `for ${spec.name}: *, or values from ${spec.min} to ${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}` +
    ', as a list (a,b), a range (a-b) or an increment (a/n)';
  if (spec.special.test(field) && field !== '') {
    checkSpecial(field, spec, bad, allowed);
    return;
  }
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === '') bad(`has "${part}" as its ${spec.name}`, allowed);
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= spec.max)) {
      bad(`has the increment "${step}" in its ${spec.name}`, allowed);
    }
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) bad(`has "${part}" as its ${spec.name}`, allowed);
    const values = bounds.map(b => cronValue(b, spec));
    if (values.some(v => v === undefined)) bad(`has "${part}" as its ${spec.name}`, allowed);
  }
}

function checkSpecial(field: string, spec: typeof CRON_FIELDS[number], bad: Bad, allowed: string): void {
  const number = /^(\d+)/.exec(field);
  if (number && spec.name === 'day-of-month' && (Number(number[1]) < 1 || Number(number[1]) > 31)) bad(`has "${field}" as its ${spec.name}`, allowed);
  const weekday = /^(\w{1,3})#/.exec(field);
  if (weekday && cronValue(weekday[1], spec) === undefined) bad(`has "${field}" as its ${spec.name}`, allowed);
}

function cronValue(text: string, spec: typeof CRON_FIELDS[number]): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + spec.min : undefined;
}
