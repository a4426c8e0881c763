import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type { BacklogScaling } from './worker-queue';

/** Target tracking auto scaling of a service's task count. */
export interface ServiceScaling {
  /** The fewest tasks. */
  readonly minTasks: number;

  /** The most tasks: the cost ceiling. */
  readonly maxTasks: number;

  /**
   * Keep average CPU utilization near this percentage.
   *
   * @default 70, when CPU is tracked (see `cpuTracking`)
   */
  readonly cpuTargetPercent?: number;

  /**
   * Track CPU utilization. Turn it off for scaling on other signals alone (requests, memory) or on
   * schedules alone.
   *
   * @default - true, unless `backlog` is set: a queue worker tracks CPU only when `cpuTargetPercent` is given
   */
  readonly cpuTracking?: boolean;

  /**
   * Keep average memory utilization near this percentage.
   *
   * @default - no memory tracking
   */
  readonly memoryTargetPercent?: number;

  /**
   * For a web service: keep requests per task (ALB RequestCountPerTarget, per minute) near this value.
   *
   * @default - no request tracking
   */
  readonly requestsPerTarget?: number;

  /**
   * For a worker with a `queue`: keep the messages waiting per running task near what the tasks clear
   * within `acceptableLatency` (AWS's "backlog per task"). With `minTasks: 0` the worker runs no task
   * while the queue is empty, and the first message starts one. Needs Container Insights on the cluster
   * (it counts the running tasks).
   *
   * @default - no backlog tracking
   */
  readonly backlog?: BacklogScaling;

  /**
   * How long after a scale-in activity before target tracking may remove tasks again. Longer keeps
   * capacity through short dips. 0 to 3600 seconds (the library's bound: Application Auto Scaling
   * documents no maximum, and a service that may not scale for over an hour is a typo).
   *
   * @default Duration.seconds(300) (Application Auto Scaling's default for ECS services)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * How long after a scale-out activity before target tracking may add tasks again (the tasks added
   * meanwhile count towards the next one). 0 to 3600 seconds.
   *
   * @default Duration.seconds(300) (Application Auto Scaling's default for ECS services)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Scheduled changes of the bounds, for example more tasks during office hours: at each time the
   * schedule names, `minTasks` and `maxTasks` become the schedule's, until the next schedule. Each keeps
   * within 0 and the `maxTasks` above (the cost ceiling). Before the first release of an `ImageRelease`
   * they set 0 to 0 too, so no schedule starts a task with nothing to run. At most 200.
   *
   * @default - none: the bounds are always minTasks and maxTasks
   */
  readonly schedules?: ScheduledScaling[];
}

/** A scheduled change of a service's scaling bounds. */
export interface ScheduledScaling {
  /** The action's name, unique in the service: 1 to 256 characters, no ":", "/" or "|", no spaces at either end. */
  readonly name: string;

  /**
   * When: `appscaling.Schedule.cron({ minute: '0', hour: '8', weekDay: 'MON-FRI' })`, `rate(...)` or
   * `at(...)`; checked as Application Auto Scaling checks it (six cron fields, a `?` in day-of-month or
   * day-of-week).
   */
  readonly schedule: appscaling.Schedule;

  /** The fewest tasks from then on. */
  readonly minTasks: number;

  /** The most tasks from then on: at most the scaling's `maxTasks`. */
  readonly maxTasks: number;

  /**
   * The time zone the cron expression is read in.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}
