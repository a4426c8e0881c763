import { AppModel, ResourceRef, sameResource } from './app-model';
import { arr, get, num, obj, str } from './json';

/**
 * Where a service's tasks run: Fargate, Fargate Spot, the Auto Scaling group behind a capacity provider,
 * or ECS Managed Instances (a provider with a ManagedInstancesProvider). A new kind is a new member here:
 * cost.ts's switch then fails to compile until the kind is priced.
 */
export type Capacity = { readonly kind: 'FARGATE' | 'FARGATE_SPOT' } | { readonly kind: 'EC2'; readonly group?: ResourceRef }
  | { readonly kind: 'MANAGED_INSTANCES'; readonly provider: ResourceRef };

/** An ECS service of the app, with what the cost model and the deploy-time analysis need. */
export interface ServiceInfo {
  readonly ref: ResourceRef;
  readonly cluster?: ResourceRef;
  readonly taskDefinition?: ResourceRef;
  /** Tasks assumed running. */
  readonly tasks: number;
  /** Where the task count comes from. */
  readonly tasksFrom: string;
  /** Tasks per capacity (the strategy applied to the task count). */
  readonly placement: Array<{ readonly capacity: Capacity; readonly tasks: number }>;
}

/** Every ECS service of the app. */
export function analyzeServices(app: AppModel): ServiceInfo[] {
  const minimums = scalingMinimums(app);
  return app.ofType('AWS::ECS::Service').map(ref => {
    const cluster = app.resolve(ref.stack, ref.props.Cluster);
    const taskDefinition = app.resolve(ref.stack, ref.props.TaskDefinition);
    const desired = num(ref.props.DesiredCount);
    const minimum = minimums.get(`${ref.stack.id}/${ref.id}`);
    const [tasks, tasksFrom] = desired !== undefined ? [desired, 'DesiredCount']
      : minimum !== undefined ? [minimum, 'scaling MinCapacity'] : [1, 'no DesiredCount: CloudFormation\'s default of 1'];
    const daemon = ref.props.SchedulingStrategy === 'DAEMON';
    return {
      ref, cluster, taskDefinition,
      tasks: daemon ? 0 : tasks,
      tasksFrom: daemon ? 'DAEMON: one task per instance, priced with the instances' : tasksFrom,
      placement: daemon ? [] : place(app, ref, cluster, taskDefinition, tasks),
    };
  });
}

/** MinCapacity of the scalable targets of ECS services, by `stackId/serviceLogicalId`. */
function scalingMinimums(app: AppModel): Map<string, number> {
  const minimums = new Map<string, number>();
  for (const target of app.ofType('AWS::ApplicationAutoScaling::ScalableTarget')) {
    if (target.props.ScalableDimension !== 'ecs:service:DesiredCount') continue;
    const min = num(target.props.MinCapacity);
    if (min === undefined) continue;
    const resourceId = target.props.ResourceId;
    // service/<cluster>/<name>: the name is a GetAtt of the service, or a literal service name.
    const getAtt = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Name"\]/.exec(JSON.stringify(resourceId))?.[1];
    const literal = typeof resourceId === 'string' ? resourceId.split('/')[2] : undefined;
    for (const service of app.ofType('AWS::ECS::Service', target.stack)) {
      if (service.id === getAtt || (literal !== undefined && service.props.ServiceName === literal)) minimums.set(`${service.stack.id}/${service.id}`, min);
    }
  }
  return minimums;
}

interface StrategyItem {
  readonly capacity: Capacity;
  readonly base: number;
  readonly weight: number;
}

/** Applies the service's capacity provider strategy (or launch type, or the cluster's default strategy) to its tasks. */
function place(app: AppModel, service: ResourceRef, cluster: ResourceRef | undefined, taskDefinition: ResourceRef | undefined, tasks: number) {
  let items = strategy(app, service, service.props.CapacityProviderStrategy);
  const launchType = str(service.props.LaunchType);
  if (items.length === 0 && !launchType) items = strategy(app, service, clusterDefaultStrategy(app, cluster));
  if (items.length === 0) {
    const compatibilities = arr(taskDefinition?.props.RequiresCompatibilities);
    const fargate = launchType === 'FARGATE' || (!launchType && compatibilities.includes('FARGATE') && !compatibilities.includes('EC2'));
    items = [{ capacity: fargate ? { kind: 'FARGATE' } : { kind: 'EC2', group: clusterGroup(app, cluster) }, base: 0, weight: 1 }];
  }
  return split(tasks, items);
}

function strategy(app: AppModel, from: ResourceRef, value: unknown): StrategyItem[] {
  return arr(value).map(item => {
    const provider = get(item, 'CapacityProvider');
    const base = num(get(item, 'Base')) ?? 0;
    const weight = num(get(item, 'Weight')) ?? 0;
    if (provider === 'FARGATE' || provider === 'FARGATE_SPOT') return { capacity: { kind: provider }, base, weight };
    const resolved = app.resolve(from.stack, provider) ?? app.ofType('AWS::ECS::CapacityProvider').find(p => typeof provider === 'string' && p.props.Name === provider);
    if (resolved && resolved.props.ManagedInstancesProvider !== undefined) return { capacity: { kind: 'MANAGED_INSTANCES', provider: resolved }, base, weight };
    const group = resolved ? app.resolve(resolved.stack, get(resolved.props, 'AutoScalingGroupProvider', 'AutoScalingGroupArn')) : undefined;
    return { capacity: { kind: 'EC2', group: group ?? onlyGroup(app) }, base, weight };
  });
}

function clusterDefaultStrategy(app: AppModel, cluster: ResourceRef | undefined): unknown {
  if (!cluster) return undefined;
  const association = app.ofType('AWS::ECS::ClusterCapacityProviderAssociations')
    .find(a => sameResource(app.resolve(a.stack, a.props.Cluster), cluster));
  return association?.props.DefaultCapacityProviderStrategy ?? cluster.props.DefaultCapacityProviderStrategy;
}

/** The Auto Scaling group EC2-launch-type tasks of a cluster land on: its only ASG capacity provider, or the app's only group. */
function clusterGroup(app: AppModel, cluster: ResourceRef | undefined): ResourceRef | undefined {
  if (cluster) {
    const association = app.ofType('AWS::ECS::ClusterCapacityProviderAssociations')
      .find(a => sameResource(app.resolve(a.stack, a.props.Cluster), cluster));
    const providers = arr(association?.props.CapacityProviders ?? cluster.props.CapacityProviders)
      .map(p => app.resolve(association?.stack ?? cluster.stack, p))
      .filter((p): p is ResourceRef => p?.resource.Type === 'AWS::ECS::CapacityProvider');
    if (providers.length === 1) {
      const group = app.resolve(providers[0].stack, get(providers[0].props, 'AutoScalingGroupProvider', 'AutoScalingGroupArn'));
      if (group) return group;
    }
  }
  return onlyGroup(app);
}

function onlyGroup(app: AppModel): ResourceRef | undefined {
  const groups = app.ofType('AWS::AutoScaling::AutoScalingGroup');
  return groups.length === 1 ? groups[0] : undefined;
}

/** Base first (on the one item that has it), then the rest by weight, as ECS places tasks. */
function split(tasks: number, items: StrategyItem[]): Array<{ capacity: Capacity; tasks: number }> {
  const counts = items.map(() => 0);
  let rest = tasks;
  items.forEach((item, i) => {
    const base = Math.min(rest, item.base);
    counts[i] += base;
    rest -= base;
  });
  const totalWeight = items.reduce((sum, i) => sum + i.weight, 0);
  if (rest > 0 && totalWeight > 0) {
    const shares = items.map(i => Math.round(rest * i.weight / totalWeight));
    // Rounding leftovers go to the heaviest item.
    const heaviest = items.reduce((best, item, i) => (item.weight > items[best].weight ? i : best), 0);
    shares[heaviest] += rest - shares.reduce((sum, s) => sum + s, 0);
    shares.forEach((s, i) => { counts[i] += s; });
  } else if (rest > 0) {
    counts[0] += rest;
  }
  return items.map((item, i) => ({ capacity: item.capacity, tasks: counts[i] })).filter(p => p.tasks > 0);
}

/** CPU units and memory (MiB) a task reserves: the task's size, or the sum of its containers'. */
export function taskSize(taskDefinition: ResourceRef | undefined): { cpu: number; memoryMiB: number } {
  const props = taskDefinition?.props ?? {};
  const containers = arr(props.ContainerDefinitions).map(obj);
  const cpu = num(props.Cpu) ?? containers.reduce((sum, c) => sum + (num(c.Cpu) ?? 0), 0);
  const memoryMiB = num(props.Memory) ?? containers.reduce((sum, c) => sum + (num(c.Memory) ?? num(c.MemoryReservation) ?? 0), 0);
  return { cpu, memoryMiB };
}
