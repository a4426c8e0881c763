import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { Problems } from '../core/errors';
import { PlacementConstraint, PlacementStrategy } from './placement-rules';
import type { ManagedInstancesPool } from './pools/managed-instances-pool';
import type { ICapacityPool } from './pools/pool-reference';
import { Capacity, FargateCapacity, FargateSpotCapacity, PoolCapacity } from './private/capacity';
import { ManagedInstancesCapacity } from './private/managed-capacity';
import { poolContextOf } from './private/pool-registry';
import { TaskNetworking } from './task-networking';

/** Options for {@link Placement.ec2}. */
export interface Ec2PlacementOptions {
  /**
   * How ECS picks an instance for each task, in order: each strategy narrows the instances the next
   * one chooses from. At most five.
   *
   * @default [PlacementStrategy.spreadAcrossZones(), PlacementStrategy.binpackMemory()] (a zone failure
   * takes a share of the tasks; the pool packs, so it scales in)
   */
  readonly strategies?: PlacementStrategy[];

  /**
   * Which instances a task may run on at all. At most ten.
   *
   * @default - none
   */
  readonly constraints?: PlacementConstraint[];

  /**
   * How the tasks reach the network: `TaskNetworking.awsvpc()` (an ENI and a security group per task)
   * or `TaskNetworking.bridge()` (the instance's ENI, dynamic host ports behind the load balancer, for
   * dense packing; see its trade-offs).
   *
   * @default TaskNetworking.awsvpc() (each workload admits and is admitted by its own security group)
   */
  readonly networking?: TaskNetworking;
}

/** Options for {@link Placement.managedInstances}. */
export interface ManagedInstancesPlacementOptions {
  /**
   * How the tasks reach the network. ECS Managed Instances runs awsvpc tasks (a trunk ENI on the types
   * that support it) and host tasks, not bridge ones: `TaskNetworking.bridge()` is refused.
   *
   * @default TaskNetworking.awsvpc() (each workload admits and is admitted by its own security group)
   */
  readonly networking?: TaskNetworking;
}

/** Options for {@link Placement.fargateSpot}. */
export interface FargateSpotOptions {
  /**
   * How many tasks always run on regular (on-demand) Fargate before any goes to Spot, so that a Spot
   * interruption never takes the whole service down.
   *
   * @default 0
   */
  readonly onDemandBase?: number;

  /**
   * Beyond the base, the relative share of tasks placed on regular Fargate.
   *
   * @default 0 (every task beyond the base runs on Spot)
   */
  readonly onDemandWeight?: number;

  /**
   * Beyond the base, the relative share of tasks placed on Fargate Spot.
   *
   * @default 1
   */
  readonly spotWeight?: number;
}

/**
 * Where a workload's tasks run: on Fargate, on Fargate Spot, on one EC2 capacity pool of the cluster, or
 * on its ECS Managed Instances.
 *
 * Each choice renders a capacity provider strategy that ECS accepts: Fargate and EC2 providers are
 * never mixed and at most one provider has a base, because nothing else can be written.
 */
export class Placement {
  /** Regular (on-demand) Fargate. */
  public static fargate(): Placement {
    return new Placement(new FargateCapacity());
  }

  /**
   * Fargate Spot, up to 70% cheaper, with tasks interrupted on two minutes' notice when AWS needs the
   * capacity back; `onDemandBase` keeps some tasks on regular Fargate.
   */
  public static fargateSpot(options: FargateSpotOptions = {}): Placement {
    return new Placement(new FargateSpotCapacity(options));
  }

  /**
   * An EC2 capacity pool of the workload's cluster (a `CapacityPool`, or an existing capacity provider
   * imported with `CapacityPool.fromCapacityProvider()`), with the order in which ECS picks instances and
   * the instances it may pick. (Fargate places tasks itself: it takes neither.)
   */
  public static ec2(pool: ICapacityPool, options: Ec2PlacementOptions = {}): Placement {
    const strategies = options.strategies ?? [PlacementStrategy.spreadAcrossZones(), PlacementStrategy.binpackMemory()];
    const constraints = options.constraints ?? [];
    const custom = options.strategies !== undefined || options.constraints !== undefined;
    const capacity = new PoolCapacity(poolContextOf(pool), strategies, constraints, custom);
    return new Placement(capacity, { pool, strategies, constraints, custom, networking: options.networking });
  }

  /**
   * ECS Managed Instances of the workload's cluster: EC2 instances that ECS launches from the pool's
   * instance requirements, patches, replaces and packs. Tasks run in awsvpc mode; ECS places them
   * itself (no placement strategies or constraints).
   */
  public static managedInstances(pool: ManagedInstancesPool, options: ManagedInstancesPlacementOptions = {}): Placement {
    const capacity = new ManagedInstancesCapacity(pool, options.networking ?? TaskNetworking.awsvpc());
    // The networking asked for is checked by the capacity; the workload's tasks are awsvpc ones.
    return new Placement(capacity, { managedInstances: pool });
  }

  /** `fargate`, `fargateSpot`, `ec2` or `managedInstances`. */
  public readonly kind: string;
  /** The pool, for an EC2 placement: a `CapacityPool`, or a capacity provider imported with `CapacityPool.fromCapacityProvider()`. */
  public readonly pool?: ICapacityPool;
  /** The Managed Instances pool, for a Managed Instances placement. */
  public readonly managedInstancesPool?: ManagedInstancesPool;
  /** For an EC2 placement: the placement strategies, in order (the default when none were given). */
  public readonly placementStrategies: PlacementStrategy[];
  /** For an EC2 placement: the placement constraints. */
  public readonly placementConstraints: PlacementConstraint[];
  /** True when the placement strategies or constraints were given, not defaulted. */
  public readonly customPlacement: boolean;
  /** How the tasks reach the network (always awsvpc on Fargate). */
  public readonly networking: TaskNetworking;
  /** The kind of capacity, which answers every question that depends on it. */
  private readonly capacity: Capacity;

  private constructor(capacity: Capacity, ec2?: {
    pool?: ICapacityPool; managedInstances?: ManagedInstancesPool; strategies?: PlacementStrategy[]; constraints?: PlacementConstraint[];
    custom?: boolean; networking?: TaskNetworking;
  }) {
    this.capacity = capacity;
    this.kind = capacity.kind;
    this.pool = ec2?.pool;
    this.managedInstancesPool = ec2?.managedInstances;
    this.placementStrategies = ec2?.strategies ?? [];
    this.placementConstraints = ec2?.constraints ?? [];
    this.customPlacement = ec2?.custom ?? false;
    this.networking = ec2?.networking ?? TaskNetworking.awsvpc();
  }

  /** True when tasks run on Fargate (regular or Spot), false on EC2 (pools and Managed Instances). */
  public get isFargate(): boolean {
    return this.capacity.onFargate;
  }

  /** The capacity provider strategy this placement renders. */
  public get strategies(): ecs.CapacityProviderStrategy[] {
    return this.capacity.strategies();
  }

  /** The kind of capacity the tasks run on, for the library's workloads. @internal */
  public get _capacity(): Capacity {
    return this.capacity;
  }

  /**
   * Checks what ECS limits (Fargate Spot: base 0 to 100000, weights 0 to 1000, one weight above 0; EC2:
   * strategies and constraints) and throws every problem together, naming `prop` under the given construct.
   *
   * @internal
   */
  public _check(scope: IConstruct, prop: string): void {
    const problems = new Problems();
    this.capacity.check(scope, prop, problems);
    problems.throwIfAny();
  }
}
