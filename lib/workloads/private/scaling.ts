import { Duration, Fn, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { checkIntegerRange, fail, wholeSeconds } from '../../core/errors';
import type { ServiceScaling } from '../workload-options';
import { checkScheduleExpression } from './schedule';
import type { WorkloadTask } from './workload-task';

/** Application Auto Scaling's quota of scheduled actions per scalable target. */
const MAX_SCHEDULES = 200;
/** The library's bound on cooldowns (Application Auto Scaling documents none beyond a whole number of seconds). */
const MAX_COOLDOWN_SECONDS = 3600;
/** PutScheduledAction's ScheduledActionName: no ":", "/" or "|", no control characters, no spaces at either end. */
const ACTION_NAME = /^(?! )[^:/|\u0000-\u001f\u007f-\u009f]{1,256}(?<! )$/;

/** Checks a service's `scaling`: bounds, targets, cooldowns and schedules. */
export function validateScaling(scope: IConstruct, scaling: ServiceScaling): void {
  checkIntegerRange(scope, 'scaling.minTasks', scaling.minTasks, 0, 5000);
  checkIntegerRange(scope, 'scaling.maxTasks', scaling.maxTasks, 1, 5000);
  if (!Token.isUnresolved(scaling.minTasks) && !Token.isUnresolved(scaling.maxTasks) && scaling.minTasks > scaling.maxTasks) {
    fail(scope, 'scaling.minTasks', scaling.minTasks, `is more than scaling.maxTasks (${scaling.maxTasks})`, 'minTasks <= maxTasks');
  }
  checkIntegerRange(scope, 'scaling.cpuTargetPercent', scaling.cpuTargetPercent, 5, 95);
  checkIntegerRange(scope, 'scaling.memoryTargetPercent', scaling.memoryTargetPercent, 5, 95);
  checkIntegerRange(scope, 'scaling.requestsPerTarget', scaling.requestsPerTarget, 1, 1000000);
  for (const prop of ['scaleInCooldown', 'scaleOutCooldown'] as const) {
    const cooldown = scaling[prop];
    if (!cooldown || cooldown.isUnresolved()) continue;
    const seconds = wholeSeconds(scope, `scaling.${prop}`, cooldown);
    if (seconds > MAX_COOLDOWN_SECONDS) {
      fail(scope, `scaling.${prop}`, cooldown.toHumanString(), 'is longer than an hour, during which the service could not scale that way',
        `0 to ${MAX_COOLDOWN_SECONDS} seconds; scheduled changes of the bounds go in scaling.schedules`);
    }
  }
  const schedules = scaling.schedules ?? [];
  if (schedules.length > MAX_SCHEDULES) {
    fail(scope, 'scaling.schedules', `${schedules.length} schedules`, 'are more than Application Auto Scaling keeps for one service', `at most ${MAX_SCHEDULES}`);
  }
  const names = new Set<string>();
  schedules.forEach((s, i) => {
    const prop = `scaling.schedules[${i}]`;
    if (!Token.isUnresolved(s.name) && (!ACTION_NAME.test(s.name) || names.has(s.name))) {
      fail(scope, `${prop}.name`, s.name, names.has(s.name) ? 'is the name of another schedule of this service' : 'is not a scheduled action name',
        '1 to 256 characters, unique in the service, without ":", "/", "|" or spaces at either end');
    }
    names.add(s.name);
    checkScheduleExpression(scope, `${prop}.schedule`, s.schedule);
    checkIntegerRange(scope, `${prop}.minTasks`, s.minTasks, 0, 5000);
    checkIntegerRange(scope, `${prop}.maxTasks`, s.maxTasks, 0, 5000);
    const known = [s.minTasks, s.maxTasks, scaling.maxTasks].every(n => !Token.isUnresolved(n));
    if (known && s.minTasks > s.maxTasks) {
      fail(scope, `${prop}.minTasks`, s.minTasks, `is more than that schedule's maxTasks (${s.maxTasks})`, 'minTasks <= maxTasks');
    }
    if (known && s.maxTasks > scaling.maxTasks) {
      fail(scope, `${prop}.maxTasks`, s.maxTasks, `is more than scaling.maxTasks (${scaling.maxTasks}), the service's cost ceiling`,
        `0 to ${scaling.maxTasks}, or a higher scaling.maxTasks`);
    }
  });
}

/** The cooldowns every target tracking policy of the service gets (the web service's request tracking too). */
export function scalingCooldowns(scaling: ServiceScaling | undefined): { scaleInCooldown?: Duration; scaleOutCooldown?: Duration } {
  return { scaleInCooldown: scaling?.scaleInCooldown, scaleOutCooldown: scaling?.scaleOutCooldown };
}

/**
 * Attaches target tracking on CPU (and memory) and the scheduled actions. While an ImageRelease has
 * released nothing, the target and every scheduled action are 0 to 0: a schedule that fired before
 * the first release would otherwise start tasks with no image to run.
 */
export function scaleTaskCount(service: ecs.BaseService, task: WorkloadTask, scaling: ServiceScaling): ecs.ScalableTaskCount {
  const scalableTaskCount = service.autoScaleTaskCount({ minCapacity: scaling.minTasks, maxCapacity: scaling.maxTasks });
  const condition = task.unreleased?.logicalId;
  const released = (n: number) => condition ? Token.asNumber(Fn.conditionIf(condition, 0, n)) : n;
  if (condition) {
    // Nothing released: 0 to 0. The first release raises the minimum, and Application Auto Scaling starts that many.
    const target = scalableTaskCount.node.findAll().find((c): c is appscaling.CfnScalableTarget => c instanceof appscaling.CfnScalableTarget)!;
    target.minCapacity = released(scaling.minTasks);
    target.maxCapacity = released(scaling.maxTasks);
  }
  const cooldowns = scalingCooldowns(scaling);
  scalableTaskCount.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: scaling.cpuTargetPercent ?? 70, ...cooldowns });
  if (scaling.memoryTargetPercent !== undefined) {
    scalableTaskCount.scaleOnMemoryUtilization('MemoryScaling', { targetUtilizationPercent: scaling.memoryTargetPercent, ...cooldowns });
  }
  for (const s of scaling.schedules ?? []) {
    scalableTaskCount.scaleOnSchedule(s.name, {
      schedule: s.schedule,
      minCapacity: released(s.minTasks),
      maxCapacity: released(s.maxTasks),
      timeZone: s.timeZone,
    });
  }
  return scalableTaskCount;
}
