import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { fail, Problems } from '../../core/errors';
import { taskEniSlots } from '../../data/instance-enis';
import { instanceFit, InstanceFit, instanceOffer, InstanceOffer, TaskSize } from '../../data/instance-fit';

/** What the capacity checks read of a CapacityPool (named by its members, so that this file imports no construct file). */
export interface PoolLimits extends IConstruct {
  readonly instanceTypes: ec2.InstanceType[];
  readonly maxInstances: number;
  readonly targetCapacityPercent: number;
  readonly awsvpcTrunking: boolean;
}

/** What one task of a workload takes of an instance, and whether bridge networking is open to it. */
export interface TaskShape extends TaskSize {
  /** True when the workload could use bridge networking instead (nothing of it needs a security group per task). */
  readonly bridgeable: boolean;
}

/** The ENI count of a task definition's network mode: awsvpc tasks take one each, bridge and host tasks none. */
export function enisPerTask(networkMode: ecs.NetworkMode | undefined): number {
  return networkMode === ecs.NetworkMode.AWS_VPC ? 1 : 0;
}

/**
 * Refuses a task that fits no instance type of the pool (it would wait in PROVISIONING forever); warns
 * about the types whose size the library does not know. `proxy`: the Service Connect proxy's share is in the size.
 */
export function checkTaskFitsPool(scope: IConstruct, pool: PoolLimits, cpu: number, memoryMiB: number, proxy: boolean): void {
  const unknown: string[] = [];
  for (const instanceType of pool.instanceTypes.map(t => t.toString())) {
    const fit = instanceFit(instanceType, { cpu, memoryMiB, enis: 0, distinctInstance: false }, false);
    if (!fit) {
      unknown.push(instanceType);
      continue;
    }
    if (fit.tasks === 0) {
      const { offer } = fit;
      fail(scope, 'cpu and memoryMiB', `${cpu} CPU units, ${memoryMiB} MiB${proxy ? ' (the Service Connect proxy\'s share included)' : ''}`,
        `do not fit instance type ${instanceType} of pool ${pool.node.path}, which registers ${offer.cpu} CPU units and about ${offer.memoryMiB} MiB; ` +
        'a task that fits no instance waits in PROVISIONING forever',
        `at most ${offer.cpu} CPU units and ${offer.memoryMiB} MiB on this pool, or larger instance types`);
    }
  }
  if (unknown.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:unknownInstanceType',
      `cannot check that the task (${cpu} CPU units, ${memoryMiB} MiB) fits instance types ${unknown.join(', ')}: the library does not know their size`);
  }
}

/** What a pool can hold of one workload at its largest. */
export interface PoolCapacity {
  /** The type that runs the fewest tasks: ECS may launch it, so the pool is counted as all of it. */
  readonly fit: InstanceFit;
  /** Tasks per instance x maxInstances x targetCapacityPercent / 100, rounded down. */
  readonly placeable: number;
  /** The arithmetic, for messages. */
  readonly arithmetic: string;
  /** Types whose size or ENIs the library does not know. */
  readonly unknownSize: string[];
  readonly unknownEnis: string[];
}

/** The capacity of a pool for a task shape, or undefined when the library knows none of its types. */
export function poolCapacity(pool: PoolLimits, task: TaskShape): PoolCapacity | undefined {
  const unknownSize: string[] = [];
  const unknownEnis: string[] = [];
  let smallest: InstanceFit | undefined;
  for (const instanceType of pool.instanceTypes.map(t => t.toString())) {
    const fit = instanceFit(instanceType, task, pool.awsvpcTrunking);
    if (!fit) {
      unknownSize.push(instanceType);
      continue;
    }
    if (!fit.enisKnown) unknownEnis.push(instanceType);
    if (!smallest || fit.tasks < smallest.tasks) smallest = fit;
  }
  if (!smallest) return undefined;
  const placeable = Math.floor((smallest.tasks * pool.maxInstances * pool.targetCapacityPercent) / 100);
  const arithmetic = `${smallest.instanceType} runs ${plural(smallest.tasks, 'task')} (${smallest.detail}), ` +
    `x ${pool.maxInstances} instances at most (maxInstances) x ${pool.targetCapacityPercent} % target capacity = ${placeable}`;
  return { fit: smallest, placeable, arithmetic, unknownSize, unknownEnis };
}

/** Room for a workload's tasks on its pool at maxInstances. */
export interface PoolRoom {
  readonly pool: PoolLimits;
  /** Tasks per instance of the pool's largest type. */
  readonly perInstance: number;
  /** perInstance x maxInstances. */
  readonly tasks: number;
  readonly fit: InstanceFit;
  /** True with PlacementConstraint.distinctInstances(). */
  readonly distinct: boolean;
}

/**
 * The most tasks of a shape a pool holds at maxInstances, counted on the pool's largest type (ENIs,
 * CPU and memory): a bound that no mix of the pool's types exceeds, for the checks of room to deploy.
 * Undefined without a pool, with tokens, or when a type is unknown to the library.
 */
export function poolRoom(pool: PoolLimits | undefined, shape: TaskShape, count: number): PoolRoom | undefined {
  if (!pool || [count, pool.maxInstances, shape.cpu, shape.memoryMiB].some(v => Token.isUnresolved(v))) return undefined;
  const fits = pool.instanceTypes.map(t => instanceFit(t.toString(), shape, pool.awsvpcTrunking));
  if (fits.length === 0 || fits.some(f => f === undefined)) return undefined;
  const fit = (fits as InstanceFit[]).reduce((a, b) => (b.tasks > a.tasks ? b : a));
  return { pool, perInstance: fit.tasks, tasks: fit.tasks * pool.maxInstances, fit, distinct: shape.distinctInstance };
}

/**
 * Refuses a service whose task count can never be placed on its pool: with awsvpc networking the
 * instance's ENIs usually run out before its CPU or memory, and the tasks then wait in PROVISIONING
 * while managed scaling, capped at maxInstances, buys nothing more. Managed scaling's target capacity
 * keeps its share of the pool free for tasks that start, so the count is held to the rest.
 */
export function validatePoolPlacement(
  scope: IConstruct, pool: PoolLimits | undefined, task: TaskShape, prop: string, count: number, deployHeadroom = 0,
): void {
  if (!pool || [count, task.cpu, task.memoryMiB, pool.maxInstances, pool.targetCapacityPercent].some(v => Token.isUnresolved(v))) return;
  const capacity = poolCapacity(pool, task);
  if (!capacity) return;
  if (capacity.unknownEnis.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:unknownInstanceEnis',
      `cannot count the task ENIs of instance types ${capacity.unknownEnis.join(', ')} of pool ${pool.node.path}: the library does not know their network interfaces; ` +
      'each awsvpc task takes one, so check that the pool runs the tasks you ask for');
  }
  if (count <= capacity.placeable) return;
  const { fit } = capacity;
  // The count offered must also leave a rolling deploy the room for the tasks it starts first
  // (one at minHealthyPercent 100), or the next check refuses it.
  const atMost = Math.max(0, Math.min(capacity.placeable, fit.tasks * pool.maxInstances - deployHeadroom));
  const remedies = [atMost < capacity.placeable
    ? `at most ${atMost} task${atMost === 1 ? '' : 's'} (a rolling deploy at minHealthyPercent 100 starts one more)` : `at most ${capacity.placeable} tasks`];
  if (fit.tasks > 0) remedies.push(`maxInstances of at least ${Math.ceil((count * 100) / (fit.tasks * pool.targetCapacityPercent))} on this pool`);
  remedies.push('larger instance types');
  remedies.push(...eniRemedies(pool, fit, task));
  if (pool.targetCapacityPercent < 100) remedies.push('a higher targetCapacityPercent');
  fail(scope, prop, count, `cannot be placed on pool ${pool.node.path}: ${capacity.arithmetic}`, remedies.join(', or '));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * What raises the task count when ENIs are the limit: ENI trunking (on the pool, or a type that has
 * it), and bridge networking when CPU and memory would then hold more tasks. None otherwise.
 */
export function eniRemedies(pool: PoolLimits, fit: InstanceFit, task: TaskShape): string[] {
  if (!fit.eniBound) return [];
  const remedies: string[] = [];
  const trunked = instanceOffer(fit.instanceType, true);
  if (!pool.awsvpcTrunking && trunked?.trunked) {
    remedies.push(`awsvpcTrunking: true on the pool once the account setting is on (${fit.instanceType} then has ${trunked.taskEnis} task ENIs)`);
  } else {
    remedies.push('a type that supports ENI trunking (m5, m6i, m6g, c6g, r6i ..., not the burstable t3, t3a, t4g) with awsvpcTrunking');
  }
  if (task.bridgeable && (instanceFit(fit.instanceType, { ...task, enis: 0 }, false)?.tasks ?? 0) > fit.tasks) {
    remedies.push('bridge networking (Placement.ec2(pool, { networking: TaskNetworking.bridge() })), where tasks take no ENI');
  }
  return remedies;
}

/** A pool that declares trunking on types that do not support it gains nothing: said once, as a warning. */
export function warnTrunkingUnsupported(pool: PoolLimits): void {
  if (!pool.awsvpcTrunking) return;
  const types = pool.instanceTypes.map(t => t.toString());
  const without = types.filter(t => taskEniSlots(t, true)?.trunked === false);
  if (without.length === 0) return;
  Annotations.of(pool).addWarningV2('cdk-ecs-platform:trunkingUnsupported',
    `awsvpcTrunking is declared, and instance types ${without.join(', ')} do not support ENI trunking (burstable types never do), ` +
    'so their instances run one awsvpc task per ENI, the instance\'s own excepted; the library counts them so');
}

/** A service placed on a pool, for the check of the pool as a whole. */
export interface PoolWorkload {
  readonly scope: IConstruct;
  readonly task: TaskShape;
  /** Its largest task count (desiredCount, or scaling.maxTasks). */
  readonly count: number;
}

/**
 * The services of a pool together: the ENIs, CPU and memory all their tasks take at their largest
 * counts, against the pool's at maxInstances and the target capacity, each counted on the pool's
 * smallest type. A necessary condition only (tasks of different sizes may fragment the instances),
 * so it never refuses what could be placed. Each service alone is checked when it is built.
 */
export function checkSharedPool(pool: PoolLimits, workloads: PoolWorkload[], problems: Problems): void {
  const known = workloads.filter(w => ![w.count, w.task.cpu, w.task.memoryMiB].some(v => Token.isUnresolved(v)) && w.count > 0);
  if (known.length < 2 || Token.isUnresolved(pool.maxInstances) || Token.isUnresolved(pool.targetCapacityPercent)) return;
  const types = pool.instanceTypes.map(t => t.toString());
  const offers = types.map(t => instanceOffer(t, pool.awsvpcTrunking));
  if (offers.some(offer => !offer)) return;
  const sized = offers as InstanceOffer[];
  const smallest = (value: (s: InstanceOffer) => number | undefined) => {
    const candidates = sized.filter(s => value(s) !== undefined);
    return candidates.length === 0 ? undefined : candidates.reduce((a, b) => (value(b)! < value(a)! ? b : a));
  };
  const scale = (perInstance: number) => Math.floor((perInstance * pool.maxInstances * pool.targetCapacityPercent) / 100);
  const tail = `x ${pool.maxInstances} instances at most (maxInstances) x ${pool.targetCapacityPercent} % target capacity`;
  const resources: Array<{ name: string; need: number; perInstance: (s: InstanceOffer) => number | undefined; unit: string }> = [
    { name: 'task ENIs', need: sum(known, w => w.count * w.task.enis), unit: 'task ENIs', perInstance: s => s.taskEnis },
    { name: 'CPU units', need: sum(known, w => w.count * w.task.cpu), unit: 'CPU units', perInstance: s => s.cpu },
    { name: 'MiB of memory', need: sum(known, w => w.count * w.task.memoryMiB), unit: 'MiB', perInstance: s => s.memoryMiB },
  ];
  const list = known.map(w => `${w.scope.node.path} (${w.count} x ${w.task.cpu} CPU units, ${w.task.memoryMiB} MiB)`);
  const short = resources.filter(resource => {
    const type = smallest(resource.perInstance);
    return type !== undefined && resource.need > scale(resource.perInstance(type)!);
  });
  // Bridge tasks take no ENI: worth saying when ENIs are all that is short, and some awsvpc workload could move.
  const onlyEnis = short.length === 1 && short[0].name === 'task ENIs' && known.some(w => w.task.enis > 0 && w.task.bridgeable);
  const resource = short[0];
  if (!resource) return;
  const type = smallest(resource.perInstance)!;
  const perInstance = resource.perInstance(type)!;
  problems.add(pool, 'workloads', list,
    `need ${resource.need} ${resource.name} together at their largest task counts, and the pool offers at most ${scale(perInstance)}: ` +
    `${type.instanceType} ${perInstance} ${resource.unit} ${tail}`,
    'fewer or smaller tasks across these services, maxInstances of at least ' +
    `${Math.ceil((resource.need * 100) / (perInstance * pool.targetCapacityPercent))}, larger instance types, ` +
    `${onlyEnis ? 'bridge networking for some of them (TaskNetworking.bridge(): no task ENI), ' : ''}or a pool per service`);
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
