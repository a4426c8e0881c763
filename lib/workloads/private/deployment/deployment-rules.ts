import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { eniRemedies } from '../../../cluster/private/pool-capacity';
import { checkIntegerRange, fail } from '../../../core/errors';
import type { Deployment, RollbackAlarmOptions } from '../../deployment';
import type { ServiceOptions } from '../../workload-options';
import { taskShape, type WorkloadTask } from '../workload-task';

/** CloudFormation refuses a linear deployment whose bake times add up to more than 33 hours. */
const LINEAR_LIMIT_MINUTES = 33 * 60;

/**
 * The checks of a deployment strategy against the service it deploys (ECS's ranges, what needs a
 * load balancer, and on an EC2 pool, room for the second set of tasks a progressive release runs,
 * or for the one extra task a rolling deploy starts before it may stop one).
 */
export function validateDeployment(scope: IConstruct, deployment: Deployment, props: ServiceOptions, task: WorkloadTask, context: {
  loadBalanced: boolean;
  desiredCount: number;
}): void {
  const name = `deployment (${deployment.kind})`;
  if (!deployment.isProgressive) {
    validateRollingRoom(scope, props, task, props.scaling ? 'scaling.maxTasks' : 'desiredCount', props.scaling?.maxTasks ?? context.desiredCount);
    return;
  }
  if (deployment.shiftsTraffic && !context.loadBalanced) {
    fail(scope, 'deployment', `Deployment.${deployment.kind}()`, 'moves a share of the traffic, which needs a load balancer, and a worker has none',
      'Deployment.rolling() or Deployment.blueGreen() for a WorkerService; canary and linear for a WebService');
  }
  for (const [prop, value] of [['minHealthyPercent', props.minHealthyPercent], ['maxHealthyPercent', props.maxHealthyPercent]] as const) {
    if (value !== undefined) {
      fail(scope, prop, value, `applies to rolling deployments, and ${name} starts a full second set of tasks instead`,
        `no ${prop} with Deployment.${deployment.kind}(), or Deployment.rolling()`);
    }
  }
  if (deployment.percent !== undefined && !Token.isUnresolved(deployment.percent)) {
    const [min, prop] = deployment.kind === 'canary' ? [0.1, 'percent'] : [3, 'stepPercent'];
    const tenths = deployment.percent * 10;
    if (deployment.percent < min || deployment.percent > 100 || Math.abs(tenths - Math.round(tenths)) > 1e-9) {
      fail(scope, `${name} ${prop}`, deployment.percent, 'is not a share ECS accepts', `${min} to 100, in steps of 0.1`);
    }
  }
  checkMinutes(scope, `${name} ${deployment.kind === 'canary' ? 'canaryBake' : 'stepBake'}`, deployment.stepBake);
  checkMinutes(scope, `${name} bake`, deployment.bake);
  if (deployment.kind === 'linear' && deployment.percent !== undefined && deployment.stepBake && deployment.bake) {
    const total = deployment.bake.toMinutes() + deployment.stepBake.toMinutes() * linearSteps(deployment.percent);
    if (total > LINEAR_LIMIT_MINUTES) {
      fail(scope, name, `${linearSteps(deployment.percent)} steps x ${deployment.stepBake.toMinutes()} min + ${deployment.bake.toMinutes()} min bake`,
        `adds up to ${total} minutes, and CloudFormation refuses a linear deployment over 33 hours (${LINEAR_LIMIT_MINUTES} minutes)`,
        'a larger stepPercent, or a shorter stepBake or bake');
    }
  }
  if (deployment.kind === 'canary' && deployment.stepBake && deployment.bake) {
    // CanaryConfiguration: CloudFormation refuses BakeTimeInMinutes + CanaryBakeTimeInMinutes over 33 hours.
    const total = deployment.bake.toMinutes() + deployment.stepBake.toMinutes();
    if (total > LINEAR_LIMIT_MINUTES) {
      fail(scope, name, `${deployment.stepBake.toMinutes()} min canary bake + ${deployment.bake.toMinutes()} min bake`,
        `adds up to ${total} minutes, and CloudFormation refuses a canary deployment over 33 hours (${LINEAR_LIMIT_MINUTES} minutes)`,
        'a shorter canaryBake or bake');
    }
  }
  validatePoolRoom(scope, name, task, props.scaling?.maxTasks ?? context.desiredCount);
}

/** An EC2 pool must hold two full sets of tasks at its largest: the old revision keeps running until the bake ends. */
function validatePoolRoom(scope: IConstruct, name: string, task: WorkloadTask, tasks: number): void {
  const room = task.placement._capacity.room(taskShape(task), tasks);
  if (!room) return;
  const { pool, perInstance } = room;
  if (room.tasks < 2 * tasks) {
    fail(scope, name, `${tasks} task(s) on pool ${pool.node.path}`,
      `runs two full sets (${2 * tasks} tasks) during a release, and the pool holds at most ${room.tasks} (maxInstances ${pool.maxInstances} x ${perInstance} per instance); ` +
      'the new set would wait for capacity until the deploy times out',
      `maxInstances of at least ${Math.ceil((2 * tasks) / Math.max(1, perInstance))} on this pool, fewer tasks, or Deployment.rolling()`);
  }
}

/**
 * A rolling deploy that may stop no task first must start one more than the count: ECS keeps
 * ceil(count x minHealthyPercent / 100) tasks running, so at 100 % (the default) the new task needs
 * room next to all the old ones, and a pool full at maxInstances leaves the deploy waiting until the
 * circuit breaker rolls it back. A count the pool cannot hold at all is left to the placement check.
 */
function validateRollingRoom(scope: IConstruct, props: ServiceOptions, task: WorkloadTask, countProp: string, count: number): void {
  const minHealthy = props.minHealthyPercent ?? 100;
  // Out of range is refused by its own check; a token is not known.
  if (Token.isUnresolved(minHealthy) || !Number.isInteger(minHealthy) || minHealthy < 0 || minHealthy > 100 || count < 1) return;
  const room = task.placement._capacity.room(taskShape(task), count);
  if (!room || room.tasks < count) return;
  const stopFirst = count - Math.ceil((count * minHealthy) / 100);
  if (stopFirst > 0 || room.tasks >= count + 1) return;
  const { pool, perInstance, fit, distinct } = room;
  const remedies = [
    ...(count > 1 ? [`${countProp} of at most ${count - 1}`] : []),
    `maxInstances of at least ${Math.ceil((count + 1) / Math.max(1, perInstance))} on this pool`,
    count > 1 ? `minHealthyPercent of at most ${Math.floor((100 * (count - 1)) / count)} (ECS then stops a task first)`
      : 'minHealthyPercent 0 (ECS then stops the only task first: a gap in service)',
    // distinctInstances() holds one task per instance, however large.
    ...(distinct ? [] : ['larger instance types']),
  ];
  remedies.push(...eniRemedies(pool, fit, taskShape(task)));
  fail(scope, 'minHealthyPercent', minHealthy,
    `${props.minHealthyPercent === undefined ? '(the default) ' : ''}with ${countProp} ${count} lets a rolling deploy stop no task before it starts one, ` +
    `so it needs room for ${count + 1} tasks, and pool ${pool.node.path} holds at most ${room.tasks} ` +
    `(maxInstances ${pool.maxInstances} x ${perInstance} per instance; ${fit.instanceType}: ${fit.detail}); ` +
    'the new task would wait for capacity and the deploy never progresses',
    remedies.join(', or '));
}

/** The checks of the rollback alarm options. */
export function validateRollbackAlarms(scope: IConstruct, options: RollbackAlarmOptions | undefined): void {
  if (!options) return;
  checkIntegerRange(scope, 'rollbackAlarms.errorRatePercent', options.errorRatePercent, 1, 100);
  checkIntegerRange(scope, 'rollbackAlarms.periods', options.periods, 1, 10);
  const seconds = options.responseTime?.toMilliseconds();
  if (seconds !== undefined && !Token.isUnresolved(seconds) && (seconds < 100 || seconds > 60000)) {
    fail(scope, 'rollbackAlarms.responseTime', options.responseTime!.toHumanString(), 'is out of range', '0.1 to 60 seconds');
  }
}

/**
 * How long a release waits, after the new tasks started, on the load balancer and the strategy's
 * bake times: the table README shows. A new task gets traffic after `healthyWait`; an old one stops
 * `deregistrationDelay` after its traffic moved.
 */
export function releaseWait(deployment: Deployment, healthyWait: Duration, deregistrationDelay: Duration): Duration {
  const seconds = healthyWait.toSeconds() + deregistrationDelay.toSeconds();
  if (!deployment.isProgressive) return Duration.seconds(seconds);
  const bake = deployment.bake?.toSeconds() ?? 0;
  const steps = deployment.kind === 'canary' ? 1 : deployment.kind === 'linear' ? linearSteps(deployment.percent!) : 0;
  return Duration.seconds(seconds + bake + steps * (deployment.stepBake?.toSeconds() ?? 0));
}

/** The number of waits of a linear deployment, as CloudFormation counts them: none after the shift that reaches 100 %. */
export function linearSteps(stepPercent: number): number {
  const steps = 100 / stepPercent;
  return Number.isInteger(steps) ? steps - 1 : Math.floor(steps);
}

function checkMinutes(scope: IConstruct, prop: string, value: Duration | undefined): void {
  if (!value || value.isUnresolved()) return;
  const minutes = value.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    fail(scope, prop, value.toHumanString(), 'is not a bake time ECS accepts', 'whole minutes from 0 to 1440 (24 hours)');
  }
}
