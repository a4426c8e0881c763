import { Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { checkAtSynth, checkIntegerRange, fail, wholeSeconds } from '../../core/errors';
import type { ServiceScaling } from '../service-scaling';
import { BacklogSource, BACKLOG_POLICY, scaleOnBacklog } from './messaging/backlog-scaling';
import { checkScheduleExpression } from './schedule';
import type { WorkloadTask } from './workload-task';

/** Application Auto Scaling's quota of scheduled actions per scalable target. */
const MAX_SCHEDULES = 200;
/** The library's bound on cooldowns (Application Auto Scaling documents none beyond a whole number of seconds). */
const MAX_COOLDOWN_SECONDS = 3600;
/** PutScheduledAction's ScheduledActionName: no ":", "/" or "|", no control characters, no spaces at either end. */
const ACTION_NAME = /^(?! )[^:/|\u0000-\u001f\u007f-\u009f]{1,256}(?<! )$/;
/** The CPU target when CPU is tracked and no `cpuTargetPercent` is given. */
const DEFAULT_CPU_TARGET = 70;

/**
 * The signals a service's task count can follow, each declared once: the prop of `ServiceScaling` that
 * asks for it, the id of its policy, what it reads, and which workloads can give it that. A workload
 * says which ones it cannot follow (`ScalingSupport`); `validateScaling` refuses those, in one place,
 * and `followScalingSignals` attaches the others, in one place.
 */
const SIGNALS = {
  cpu: { prop: 'cpuTargetPercent', policy: 'CpuScaling', where: 'every service' },
  memory: { prop: 'memoryTargetPercent', policy: 'MemoryScaling', where: 'every service' },
  requests: { prop: 'requestsPerTarget', policy: 'RequestScaling', where: 'a WebService with Deployment.rolling()' },
  backlog: { prop: 'backlog', policy: BACKLOG_POLICY, where: 'a WorkerService with a queue' },
} as const;

/** A signal of {@link SIGNALS}. */
export type ScalingSignal = keyof typeof SIGNALS;

/** What a workload says of the signals: how messages name it, and why it cannot follow some of them. */
export interface ScalingSupport {
  /** `a worker`, `a NetworkService`. */
  readonly workload: string;
  /** The signals it cannot follow, each with the reason (the message's problem); the others it follows. */
  readonly refused: { readonly [signal in ScalingSignal]?: string };
}

/** What the signals a workload follows read: the target group of a web service, the queue of a worker. */
export interface ScalingSources {
  readonly requests?: elbv2.ApplicationTargetGroup;
  /** The load balancer of `requests`, named in the request-count policy by its full name when the stack built it. */
  readonly requestsLoadBalancer?: elbv2.IApplicationLoadBalancer;
  readonly backlog?: BacklogSource;
}

/** The signals a scaling names (CPU only when it is tracked: see {@link tracksCpu}). */
function signalsOf(scaling: ServiceScaling): ScalingSignal[] {
  const named: Array<[ScalingSignal, unknown]> = [
    ['cpu', tracksCpu(scaling) ? scaling.cpuTargetPercent ?? DEFAULT_CPU_TARGET : undefined],
    ['memory', scaling.memoryTargetPercent], ['requests', scaling.requestsPerTarget], ['backlog', scaling.backlog],
  ];
  return named.filter(([, value]) => value !== undefined).map(([signal]) => signal);
}

/**
 * CPU is tracked when `cpuTargetPercent` is given, or by default (at 70 %) unless `cpuTracking` is
 * false or the scaling follows a queue's backlog: a queue worker idles on CPU while messages wait.
 */
export function tracksCpu(scaling: ServiceScaling): boolean {
  if (scaling.cpuTracking !== undefined) return scaling.cpuTracking;
  return scaling.cpuTargetPercent !== undefined || scaling.backlog === undefined;
}

/** Checks a service's `scaling`: the signals the workload can follow, bounds, targets, cooldowns and schedules. */
export function validateScaling(scope: IConstruct, scaling: ServiceScaling, support: ScalingSupport): void {
  const given: Record<ScalingSignal, unknown> = {
    cpu: scaling.cpuTargetPercent, memory: scaling.memoryTargetPercent, requests: scaling.requestsPerTarget, backlog: scaling.backlog,
  };
  const followed = (Object.keys(SIGNALS) as ScalingSignal[]).filter(signal => !support.refused[signal]);
  for (const signal of Object.keys(SIGNALS) as ScalingSignal[]) {
    const reason = support.refused[signal];
    if (reason === undefined || given[signal] === undefined) continue;
    const { prop, where } = SIGNALS[signal];
    fail(scope, `scaling.${prop}`, signal === 'backlog' ? 'set' : given[signal], reason,
      `${followed.map(s => SIGNALS[s].prop).join(' and ')} for ${support.workload}; ${prop} for ${where}`);
  }
  if (scaling.cpuTracking === false && scaling.cpuTargetPercent !== undefined) {
    fail(scope, 'scaling.cpuTargetPercent', scaling.cpuTargetPercent, 'is given with cpuTracking: false, which turns CPU tracking off',
      'cpuTargetPercent without cpuTracking (or with cpuTracking: true), or neither');
  }
  if (signalsOf(scaling).length === 0 && (scaling.schedules ?? []).length === 0) {
    fail(scope, 'scaling', 'no signal and no schedule', 'never changes the task count: it stays at minTasks',
      'a signal (cpuTargetPercent, memoryTargetPercent, requestsPerTarget, backlog), schedules, or desiredCount instead of scaling');
  }
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
  validateSchedules(scope, scaling);
}

function validateSchedules(scope: IConstruct, scaling: ServiceScaling): void {
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

/** The cooldowns every target tracking policy of the service gets. */
function scalingCooldowns(scaling: ServiceScaling): { scaleInCooldown?: Duration; scaleOutCooldown?: Duration } {
  return { scaleInCooldown: scaling.scaleInCooldown, scaleOutCooldown: scaling.scaleOutCooldown };
}

/**
 * The scalable target of the service's task count and its scheduled actions; the signals come with
 * `followScalingSignals`, once the workload has built what they read. While an ImageRelease has
 * released nothing, the target and every scheduled action are 0 to 0: a schedule that fired before the
 * first release would otherwise start tasks with no image to run.
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
  for (const s of scaling.schedules ?? []) {
    scalableTaskCount.scaleOnSchedule(s.name, {
      schedule: s.schedule,
      minCapacity: released(s.minTasks),
      maxCapacity: released(s.maxTasks),
      timeZone: s.timeZone,
    });
  }
  checkAtSynth(service, problems => {
    // A service at zero tasks has no CPU, memory or request data, so target tracking on them never starts a task.
    // Every policy of the service sits under its scalable target: the library's, and those added through service.scaling.
    const ours = new Set<string>(['Resource', ...Object.values(SIGNALS).map(s => s.policy)]);
    const own = scalableTaskCount.node.findChild('Target').node.children.some(c => !ours.has(c.node.id));
    const raised = (scaling.schedules ?? []).some(s => Token.isUnresolved(s.minTasks) || s.minTasks > 0);
    if (scaling.minTasks === 0 && scaling.backlog === undefined && !raised && !own) {
      problems.add(service.node.scope!, 'scaling.minTasks', 0,
        'starts from zero tasks, and with no task running there is no CPU, memory or request data, so no policy would ever start one',
        'scaling.backlog on a WorkerService with a queue (it scales from zero), a schedule that raises minTasks, a policy of your own on ' +
        'service.scaling, or minTasks 1 or more');
    }
  });
  return scalableTaskCount;
}

/** Attaches the policy of each signal the scaling names, with the service's cooldowns. */
export function followScalingSignals(scope: IConstruct, scalable: ecs.ScalableTaskCount | undefined, scaling: ServiceScaling | undefined,
  sources: ScalingSources): void {
  if (!scalable || !scaling) return;
  const cooldowns = scalingCooldowns(scaling);
  for (const signal of signalsOf(scaling)) {
    const id = SIGNALS[signal].policy;
    switch (signal) {
      case 'cpu':
        scalable.scaleOnCpuUtilization(id, { targetUtilizationPercent: scaling.cpuTargetPercent ?? DEFAULT_CPU_TARGET, ...cooldowns });
        break;
      case 'memory':
        scalable.scaleOnMemoryUtilization(id, { targetUtilizationPercent: scaling.memoryTargetPercent!, ...cooldowns });
        break;
      case 'requests': {
        const targetGroup = required(scope, signal, sources.requests);
        scalable.scaleOnRequestCount(id, { requestsPerTarget: scaling.requestsPerTarget!, targetGroup, ...cooldowns });
        const own = sources.requestsLoadBalancer;
        if (own instanceof elbv2.ApplicationLoadBalancer && Stack.of(own) === Stack.of(scope)) {
          // aws-cdk-lib splits the listener's ARN for the load balancer's name (three Fn::Select of Fn::Split); the
          // LoadBalancerFullName attribute is the same value at deploy, in one Fn::GetAtt (see deployment/deployment-alarms.ts).
          const policy = scalable.node.findAll().find(c => c instanceof appscaling.TargetTrackingScalingPolicy && c.node.id === id)!;
          (policy.node.defaultChild as appscaling.CfnScalingPolicy).addPropertyOverride(
            'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel', `${own.loadBalancerFullName}/${targetGroup.targetGroupFullName}`);
        }
        break;
      }
      case 'backlog':
        scaleOnBacklog(scalable, scaling, scaling.backlog!, required(scope, signal, sources.backlog));
        break;
    }
  }
}

function required<T>(scope: IConstruct, signal: ScalingSignal, source: T | undefined): T {
  // validateScaling refused the signal for a workload that has nothing for it to read.
  if (source === undefined) throw new Error(`${scope.node.path}: no source for the ${signal} scaling signal`);
  return source;
}
