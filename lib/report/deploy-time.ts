import { AppModel, ResourceRef } from './app-model';
import { arr, get, num, obj, str } from './json';
import { ServiceInfo } from './services';

/** What a target group makes a deploy wait for, from its settings or Elastic Load Balancing's defaults. */
export interface TargetGroupWait {
  readonly id: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly deregistrationDelaySeconds: number;
}

/** How long one deploy of a service waits, and on what. */
export interface DeployTime {
  readonly stackId: string;
  readonly service: string;
  /** ROLLING, CANARY, LINEAR, BLUE_GREEN, or the deployment controller (CODE_DEPLOY, EXTERNAL) when ECS does not run the deploy. */
  readonly strategy: string;
  /** Seconds of modelled waiting: load balancer health checks and draining, bake times. Undefined when not modelled. */
  readonly seconds?: number;
  /** Rolling: batches of tasks replaced one after the other. */
  readonly batches?: number;
  readonly waitsOn: string[];
  readonly targetGroups: TargetGroupWait[];
  /** Problems seen on the way (a deploy that cannot progress, a bake time CloudFormation refuses). */
  readonly problems: string[];
}

/** Elastic Load Balancing's defaults for HTTP, HTTPS, TCP and TLS target groups. */
const DEFAULT_INTERVAL = 30;
const DEFAULT_HEALTHY_THRESHOLD = 5;
const DEFAULT_DEREGISTRATION_DELAY = 300;
/** ECS's defaults when a strategy's settings are not in the template. */
const DEFAULT_CANARY_BAKE_MINUTES = 10;
const DEFAULT_LINEAR_STEP_PERCENT = 10;
const DEFAULT_LINEAR_STEP_BAKE_MINUTES = 6;
/** CloudFormation refuses canary and linear deployments whose bake times add up to more than this. */
const CFN_MAX_BAKE_MINUTES = 33 * 60;

/** The deploy time of every ECS service of the app. */
export function analyzeDeploys(app: AppModel, services: ServiceInfo[]): DeployTime[] {
  return services.map(s => deployTime(app, s));
}

function deployTime(app: AppModel, service: ServiceInfo): DeployTime {
  const props = service.ref.props;
  const base = { stackId: service.ref.stack.id, service: service.ref.id, problems: [] as string[] };
  const controller = str(get(props, 'DeploymentController', 'Type')) ?? 'ECS';
  const targetGroups = arr(props.LoadBalancers)
    .map(lb => app.resolve(service.ref.stack, get(lb, 'TargetGroupArn')))
    .filter((t): t is ResourceRef => t?.resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')
    .map(targetGroupWait);
  if (controller !== 'ECS') {
    return { ...base, strategy: controller, targetGroups, waitsOn: [`the ${controller} deployment controller: not modelled`] };
  }
  const config = obj(props.DeploymentConfiguration);
  const strategy = str(config.Strategy) ?? 'ROLLING';
  const health = Math.max(0, ...targetGroups.map(t => t.healthCheckIntervalSeconds * t.healthyThresholdCount));
  const drain = Math.max(0, ...targetGroups.map(t => t.deregistrationDelaySeconds));
  const lbWaits = targetGroups.map(t => `${t.id}: ${t.healthyThresholdCount} x ${t.healthCheckIntervalSeconds} s health checks + ${t.deregistrationDelaySeconds} s deregistration delay`);
  const tasksWait = targetGroups.length === 0 ? [`new tasks reaching RUNNING${hasContainerHealthCheck(service) ? ' and HEALTHY (container health check)' : ''} (not modelled)`] : [];
  const stopTimeout = Math.max(30, ...arr(service.taskDefinition?.props.ContainerDefinitions).map(c => num(get(c, 'StopTimeout')) ?? 30));
  const stopping = `old tasks stopping: up to ${stopTimeout} s after SIGTERM (not counted)`;

  if (strategy === 'ROLLING') {
    if (service.tasks === 0) return { ...base, strategy, seconds: 0, batches: 0, targetGroups, waitsOn: [`no running tasks (${service.tasksFrom})`] };
    const min = num(config.MinimumHealthyPercent) ?? 100;
    const max = num(config.MaximumPercent) ?? 200;
    const surge = Math.floor(service.tasks * max / 100) - service.tasks;
    const early = service.tasks - Math.ceil(service.tasks * min / 100);
    const perBatch = Math.max(0, surge) + Math.max(0, early);
    if (perBatch <= 0) {
      base.problems.push(`MinimumHealthyPercent ${min} and MaximumPercent ${max} with ${service.tasks} task(s) leave no room to replace a task: the deploy cannot progress`);
      return { ...base, strategy, targetGroups, waitsOn: ['nothing: no task can be replaced'] };
    }
    const batches = Math.ceil(service.tasks / perBatch);
    return {
      ...base, strategy, batches, targetGroups,
      seconds: batches * (health + drain),
      waitsOn: [`${batches} batch(es) of up to ${perBatch} task(s) (${service.tasks} task(s) from ${service.tasksFrom}; ${min} % minimum healthy, ${max} % maximum)`, ...lbWaits, ...tasksWait, stopping],
    };
  }

  const bakeMinutes = num(config.BakeTimeInMinutes);
  const bake = bakeMinutes ?? 0;
  const waitsOn = [`a full new set of ${service.tasks} task(s) next to the old one`, ...lbWaits.map(w => `${w} (new set healthy, then old set drained)`), ...tasksWait];
  let shiftMinutes = 0;
  if (strategy === 'CANARY') {
    const canary = obj(config.CanaryConfiguration);
    const percent = num(canary.CanaryPercent) ?? 5;
    shiftMinutes = num(canary.CanaryBakeTimeInMinutes) ?? DEFAULT_CANARY_BAKE_MINUTES;
    waitsOn.push(`${percent} % of traffic for ${shiftMinutes} min (canary bake), then the rest`);
  } else if (strategy === 'LINEAR') {
    const linear = obj(config.LinearConfiguration);
    const step = num(linear.StepPercent) ?? DEFAULT_LINEAR_STEP_PERCENT;
    const stepBake = num(linear.StepBakeTimeInMinutes) ?? DEFAULT_LINEAR_STEP_BAKE_MINUTES;
    const steps = linearSteps(step);
    shiftMinutes = steps * stepBake;
    waitsOn.push(`${steps} step(s) of ${step} % of traffic, ${stepBake} min each (no wait after the last)`);
  } else if (strategy === 'BLUE_GREEN') {
    waitsOn.push('all traffic at once');
  } else {
    return { ...base, strategy, targetGroups, waitsOn: [`strategy ${strategy}: not modelled`] };
  }
  waitsOn.push(bakeMinutes === undefined
    ? 'BakeTimeInMinutes not set: ECS\'s default applies (counted as 0 here; set it in the template)'
    : `${bake} min bake time with both sets running`);
  const hooks = arr(config.LifecycleHooks).length;
  if (hooks > 0) waitsOn.push(`${hooks} lifecycle hook(s): as long as they take (not counted)`);
  if (bake + shiftMinutes > CFN_MAX_BAKE_MINUTES) {
    base.problems.push(`bake times add up to ${bake + shiftMinutes} min: CloudFormation refuses ${strategy} deployments over ${CFN_MAX_BAKE_MINUTES} min (33 hours)`);
  }
  return { ...base, strategy, targetGroups, waitsOn, seconds: health + (shiftMinutes + bake) * 60 + drain };
}

/** CloudFormation's count of linear steps: 100 / step - 1 when it divides evenly, else its floor (no bake after the last). */
export function linearSteps(stepPercent: number): number {
  const ratio = 100 / stepPercent;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9 ? Math.round(ratio) - 1 : Math.floor(ratio);
}

function targetGroupWait(tg: ResourceRef): TargetGroupWait {
  const attributes = arr(tg.props.TargetGroupAttributes);
  const delay = attributes.find(a => get(a, 'Key') === 'deregistration_delay.timeout_seconds');
  return {
    id: tg.id,
    healthCheckIntervalSeconds: num(tg.props.HealthCheckIntervalSeconds) ?? DEFAULT_INTERVAL,
    healthyThresholdCount: num(tg.props.HealthyThresholdCount) ?? DEFAULT_HEALTHY_THRESHOLD,
    deregistrationDelaySeconds: num(get(delay, 'Value')) ?? DEFAULT_DEREGISTRATION_DELAY,
  };
}

function hasContainerHealthCheck(service: ServiceInfo): boolean {
  return arr(service.taskDefinition?.props.ContainerDefinitions).some(c => get(c, 'HealthCheck') !== undefined);
}
