import { taskEniSlots } from './instance-enis';
import { instanceResources, registeredMemoryMiB } from './sizes';

/**
 * What one instance of a type offers tasks, from the tables of this folder: the one place where its
 * CPU, the memory it registers with ECS and its ENIs for awsvpc tasks are put together.
 */
export interface InstanceOffer {
  readonly instanceType: string;
  /** CPU units. */
  readonly cpu: number;
  /** The memory the instance registers with ECS, in MiB (less than installed). */
  readonly memoryMiB: number;
  /** ENIs for awsvpc tasks (the trunk's task ENIs when trunked); undefined when the library does not know the type's ENIs. */
  readonly taskEnis?: number;
  /** True when `taskEnis` are the trunk's (trunking asked for, and the type supports it). */
  readonly trunked: boolean;
}

/** What an instance of the type offers tasks, or undefined when the library does not know the type's size. */
export function instanceOffer(instanceType: string, trunking: boolean): InstanceOffer | undefined {
  const resources = instanceResources(instanceType);
  if (!resources) return undefined;
  const eni = taskEniSlots(instanceType, trunking);
  return {
    instanceType, cpu: resources.cpu, memoryMiB: registeredMemoryMiB(resources.memoryMiB), taskEnis: eni?.slots, trunked: eni?.trunked ?? false,
  };
}

/** What one task takes of an instance. */
export interface TaskSize {
  readonly cpu: number;
  readonly memoryMiB: number;
  /** ENIs per task: 1 in awsvpc network mode, 0 in bridge or host mode. */
  readonly enis: number;
  /** True with PlacementConstraint.distinctInstances(): at most one task of the workload per instance. */
  readonly distinctInstance: boolean;
}

/** How many tasks of a size one instance of a type runs, and why. */
export interface InstanceFit {
  readonly instanceType: string;
  readonly tasks: number;
  /** True when the ENIs, not CPU or memory, are the limit. */
  readonly eniBound: boolean;
  /** The figures behind `tasks`, for messages: `2 ENIs, 1 for the instance; CPU 2048/256 = 8, memory 993/512 = 1`. */
  readonly detail: string;
  /** False when the library does not know the type's ENIs (they are then not counted). */
  readonly enisKnown: boolean;
  /** What the instance offers. */
  readonly offer: InstanceOffer;
}

/**
 * How many tasks of a size an instance of the type runs, counting ENIs, CPU and memory: the one answer
 * to "does the task fit" (at least one), "how many per instance" and "is there room" on an EC2 pool.
 * Undefined when the library does not know the type's size.
 */
export function instanceFit(instanceType: string, task: TaskSize, trunking: boolean): InstanceFit | undefined {
  const offer = instanceOffer(instanceType, trunking);
  if (!offer) return undefined;
  const byCpu = Math.floor(offer.cpu / task.cpu);
  const byMemory = Math.floor(offer.memoryMiB / task.memoryMiB);
  const byEni = task.enis === 0 || offer.taskEnis === undefined ? Infinity : Math.floor(offer.taskEnis / task.enis);
  let enis: string;
  if (task.enis === 0) enis = 'no task ENI (not awsvpc)';
  else if (offer.taskEnis === undefined) enis = 'ENIs unknown to the library';
  else if (offer.trunked) enis = `${offer.taskEnis} task ENIs with trunking`;
  else enis = `${offer.taskEnis + 1} ENIs, 1 for the instance${trunking ? ', no trunking on this type' : ''}`;
  const fit = Math.min(byEni, byCpu, byMemory);
  const tasks = task.distinctInstance ? Math.min(fit, 1) : fit;
  const detail = `${enis}; CPU ${offer.cpu}/${task.cpu} = ${byCpu}, memory ${offer.memoryMiB}/${task.memoryMiB} = ${byMemory}` +
    (task.distinctInstance && fit > 1 ? '; 1 with PlacementConstraint.distinctInstances()' : '');
  const eniBound = byEni <= Math.min(byCpu, byMemory) && tasks === byEni;
  return { instanceType, tasks, eniBound, detail, enisKnown: task.enis === 0 || offer.taskEnis !== undefined, offer };
}

/** One task's share of an instance, as a fleet is sized from it: `enis` is 1 for an awsvpc task, 0 otherwise. */
export interface TaskNeed {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly enis: number;
}

/** How many instances of a type some tasks need, by CPU, by memory and by task ENIs (0 when no task takes one or the type's ENIs are unknown). */
export interface InstancesNeeded {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly taskEnis: number;
  readonly byCpu: number;
  readonly byMemory: number;
  readonly byEni: number;
}

/** The instances of `offer`'s type the tasks need, counted by each resource: a fleet is the most of the three. */
export function instancesNeeded(offer: InstanceOffer, tasks: readonly TaskNeed[]): InstancesNeeded {
  const cpu = tasks.reduce((sum, t) => sum + t.cpu, 0);
  const memoryMiB = tasks.reduce((sum, t) => sum + t.memoryMiB, 0);
  const taskEnis = tasks.reduce((sum, t) => sum + t.enis, 0);
  const slots = offer.taskEnis;
  return {
    cpu, memoryMiB, taskEnis,
    byCpu: Math.ceil(cpu / offer.cpu),
    byMemory: Math.ceil(memoryMiB / offer.memoryMiB),
    byEni: taskEnis > 0 && slots !== undefined ? Math.ceil(taskEnis / Math.max(1, slots)) : 0,
  };
}
