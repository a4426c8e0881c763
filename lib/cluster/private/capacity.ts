import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct, IConstruct } from 'constructs';
import { fail, Problems } from '../../core/errors';
import { sharedValue } from '../../core/shared-values';
import { describeMemoryOptions, FARGATE_CPU_VALUES, fargateMemoryOptions } from '../../data/sizes';
import { PlacementConstraint, PlacementStrategy } from '../placement-rules';
import { checkTaskFitsPool, PoolLimits, PoolRoom, poolRoom, PoolWorkload, TaskShape, validatePoolPlacement } from './pool-capacity';

/** What a capacity kind builds an ECS service from: the options every kind shares. */
export interface CapacityServiceProps extends ecs.BaseServiceOptions {
  readonly taskDefinition: ecs.TaskDefinition;
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * Where a workload's tasks run: one class per kind of capacity, held by Placement. Every answer that
 * depends on the kind is a member of this class (strategy, checks, task definition, does the task fit,
 * how many fit, room to roll, which service and schedule target), so a new kind is one more class here
 * and the compiler lists each member it must answer. Nothing else tests the kind.
 */
export abstract class Capacity {
  /** How Placement names the kind (Placement.kind): `fargate`, `fargateSpot`, `ec2`. */
  public abstract readonly kind: string;
  /** True when AWS Fargate runs the tasks (Placement.isFargate). */
  public abstract readonly onFargate: boolean;
  /** The longest stop timeout the capacity allows, when it limits it. */
  public abstract readonly maxStopTimeout?: { readonly seconds: number; readonly on: string };

  /** The capacity provider strategy the workload sends, as `consumer`'s stack names its providers (the cluster's own when not given). */
  public abstract strategies(consumer?: IConstruct): ecs.CapacityProviderStrategy[];
  /** Records what ECS would refuse in the placement's own options; `prop` names the placement under `scope`. */
  public abstract check(scope: IConstruct, prop: string, problems: Problems): void;
  /** Throws when a cluster cannot have this capacity as its default placement. */
  public abstract checkClusterDefault(scope: IConstruct): void;
  /** Throws when a workload of `cluster` cannot run on this capacity. */
  public abstract checkCluster(scope: IConstruct, cluster: IConstruct): void;
  /**
   * The tasks' CPU architecture: the one asked for, or the capacity's own; throws when the capacity
   * cannot run it. `where` names the prop that chose the capacity, for messages.
   */
  public abstract architecture(scope: IConstruct, requested: ecs.CpuArchitecture | undefined, where: string): ecs.CpuArchitecture;
  /** The task definition's compatibility and runtime platform. */
  public abstract taskDefinition(architecture: ecs.CpuArchitecture): { compatibility: ecs.Compatibility; runtimePlatform?: ecs.RuntimePlatform };
  /** Does the task fit: throws for a size that never runs here. `proxy`: the size includes the Service Connect proxy's share. */
  public abstract checkTaskSize(scope: IConstruct, cpu: number, memoryMiB: number, proxy: boolean): void;
  /** How many fit: throws for a task count (`prop`) the capacity can never place at once. */
  public abstract checkCount(scope: IConstruct, task: TaskShape, prop: string, count: number, deployHeadroom?: number): void;
  /** Counts a service's tasks at their largest count with the other services of the same capacity. */
  public abstract recordService(workload: PoolWorkload): void;
  /** Room to roll: the most tasks the capacity holds at its largest, or undefined when it has no limit the library counts. */
  public abstract room(task: TaskShape, count: number): PoolRoom | undefined;
  /** The ECS service of a web, worker or network service. */
  public abstract createService(scope: Construct, id: string, props: CapacityServiceProps): ecs.BaseService;
  /** What an EventBridge Scheduler schedule runs for a scheduled task. */
  public abstract scheduleTarget(cluster: ecs.ICluster, props: targets.EcsRunTaskBaseProps): scheduler.IScheduleTarget;
}

/** Regular (on-demand) Fargate: AWS sizes, places and runs each task. */
export class FargateCapacity extends Capacity {
  public readonly kind: string = 'fargate';
  public readonly onFargate = true;
  /** Fargate stops a task at most 120 s after SIGTERM. */
  public readonly maxStopTimeout = { seconds: 120, on: 'Fargate' };

  public strategies(): ecs.CapacityProviderStrategy[] {
    return [{ capacityProvider: 'FARGATE', weight: 1 }];
  }

  public check(_scope: IConstruct, _prop: string, _problems: Problems): void {
    // Nothing to choose beyond the kind (Fargate Spot has its split).
  }

  public checkClusterDefault(): void {
    // Fargate's capacity providers come with the cluster.
  }

  public checkCluster(): void {
    // Every cluster of the library has the Fargate providers.
  }

  public architecture(_scope: IConstruct, requested: ecs.CpuArchitecture | undefined, _where: string): ecs.CpuArchitecture {
    return requested ?? ecs.CpuArchitecture.X86_64;
  }

  public taskDefinition(architecture: ecs.CpuArchitecture): { compatibility: ecs.Compatibility; runtimePlatform?: ecs.RuntimePlatform } {
    // ECS takes a runtime platform for Fargate tasks only.
    return {
      compatibility: ecs.Compatibility.FARGATE,
      runtimePlatform: { cpuArchitecture: architecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    };
  }

  /** Fargate's size table. */
  public checkTaskSize(scope: IConstruct, cpu: number, memoryMiB: number): void {
    const options = fargateMemoryOptions(cpu);
    if (!options) {
      fail(scope, 'cpu', cpu, 'is not a Fargate task size', `one of ${FARGATE_CPU_VALUES.join(', ')}`);
    }
    if (!options.includes(memoryMiB)) {
      fail(scope, 'memoryMiB', memoryMiB, `is not offered by Fargate with cpu ${cpu}`, `with cpu ${cpu}: ${describeMemoryOptions(cpu)}`);
    }
  }

  public checkCount(): void {
    // Fargate's quotas are the account's, not the library's to count.
  }

  public recordService(): void {
    // Fargate tasks share no instance.
  }

  public room(): PoolRoom | undefined {
    return undefined;
  }

  public createService(scope: Construct, id: string, props: CapacityServiceProps): ecs.BaseService {
    return new ecs.FargateService(scope, id, { ...props, assignPublicIp: false });
  }

  public scheduleTarget(cluster: ecs.ICluster, props: targets.EcsRunTaskBaseProps): scheduler.IScheduleTarget {
    return new targets.EcsRunFargateTask(cluster, { ...props, assignPublicIp: false });
  }
}

/** The split between regular Fargate and Fargate Spot (Placement.fargateSpot's options). */
export interface SpotSplit {
  readonly onDemandBase?: number;
  readonly onDemandWeight?: number;
  readonly spotWeight?: number;
}

/** Fargate Spot, with an optional base and share on regular Fargate; X86_64 only. */
export class FargateSpotCapacity extends FargateCapacity {
  public readonly kind: string = 'fargateSpot';

  constructor(private readonly spot: SpotSplit) {
    super();
  }

  public strategies(): ecs.CapacityProviderStrategy[] {
    const base = this.spot.onDemandBase ?? 0;
    const onDemandWeight = this.spot.onDemandWeight ?? 0;
    const spotWeight = this.spot.spotWeight ?? 1;
    const strategies: ecs.CapacityProviderStrategy[] = [];
    if (base > 0 || onDemandWeight > 0) {
      strategies.push({ capacityProvider: 'FARGATE', base: base > 0 ? base : undefined, weight: onDemandWeight });
    }
    strategies.push({ capacityProvider: 'FARGATE_SPOT', weight: spotWeight });
    return strategies;
  }

  /** The numbers ECS limits: base 0 to 100000, weights 0 to 1000, one weight above 0. */
  public check(scope: IConstruct, prop: string, problems: Problems): void {
    const check = (name: string, value: number | undefined, max: number) => {
      if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > max)) {
        problems.add(scope, `${prop} Placement.fargateSpot ${name}`, value, 'is out of range', `a whole number from 0 to ${max}`);
      }
    };
    check('onDemandBase', this.spot.onDemandBase, 100000);
    check('onDemandWeight', this.spot.onDemandWeight, 1000);
    check('spotWeight', this.spot.spotWeight, 1000);
    if ((this.spot.onDemandWeight ?? 0) === 0 && (this.spot.spotWeight ?? 1) === 0) {
      problems.add(scope, `${prop} Placement.fargateSpot spotWeight`, 0,
        'leaves every weight at 0, so ECS cannot place tasks beyond the base', 'onDemandWeight or spotWeight above 0');
    }
  }

  public architecture(scope: IConstruct, requested: ecs.CpuArchitecture | undefined, where: string): ecs.CpuArchitecture {
    if (requested === ecs.CpuArchitecture.ARM64) {
      fail(scope, 'architecture', 'ARM64', `cannot run on Fargate Spot, where ${where} puts the tasks: Fargate Spot runs X86_64 Linux tasks only`,
        'X86_64 on Fargate Spot, or ARM64 with Placement.fargate() or an ARM64 pool');
    }
    return super.architecture(scope, requested, where);
  }
}

/** What a pool placement reads of a CapacityPool (named by its members, so that this file imports no construct file). */
export interface PlacementPool extends PoolLimits, IConstruct {
  readonly cluster: IConstruct;
  readonly architecture: ec2.InstanceArchitecture;
  readonly capacityProviderName: string;
  /** @internal */
  _registerWorkload(workload: PoolWorkload): void;
}

/** An EC2 capacity pool of the cluster, with the placement strategies and constraints ECS applies on it. */
export class PoolCapacity extends Capacity {
  public readonly kind: string = 'ec2';
  public readonly onFargate = false;
  public readonly maxStopTimeout = undefined;

  /** `custom`: the strategies or constraints were given, not defaulted. */
  constructor(private readonly pool: PlacementPool, private readonly placementStrategies: PlacementStrategy[],
    private readonly placementConstraints: PlacementConstraint[], private readonly custom: boolean) {
    super();
  }

  public strategies(consumer?: IConstruct): ecs.CapacityProviderStrategy[] {
    const name = this.pool.capacityProviderName;
    return [{ capacityProvider: consumer ? sharedValue(consumer, this.pool, 'CapacityProviderName', name) : name, weight: 1 }];
  }

  public check(scope: IConstruct, prop: string, problems: Problems): void {
    PlacementStrategy._check(scope, `${prop} Placement.ec2 strategies`, this.placementStrategies, problems);
    // An imported pool that did not state its instance types: nothing to match the constraints against.
    PlacementConstraint._check(scope, `${prop} Placement.ec2 constraints`, this.placementConstraints, problems, this.pool.instanceTypes.length === 0 ? undefined : {
      path: this.pool.node.path,
      instanceTypes: this.pool.instanceTypes.map(t => t.toString()),
      architecture: this.pool.architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'x86_64',
      region: Token.isUnresolved(Stack.of(this.pool).region) ? undefined : Stack.of(this.pool).region,
    });
  }

  public checkClusterDefault(scope: IConstruct): void {
    fail(scope, 'defaultPlacement', 'Placement.ec2(...)', 'names an EC2 pool, which does not exist before the cluster',
      'Placement.fargate() or Placement.fargateSpot(...); give EC2 placements to each workload');
  }

  public checkCluster(scope: IConstruct, cluster: IConstruct): void {
    const pool = this.pool;
    if (pool.cluster !== cluster) {
      fail(scope, 'placement', `Placement.ec2(${pool.node.path})`, `names a pool of another cluster (${pool.cluster.node.path})`,
        `a pool of this workload's cluster (${cluster.node.path}), whose capacity providers are associated with it`);
    }
  }

  /** The pool's architecture, which a requested one must match. */
  public architecture(scope: IConstruct, requested: ecs.CpuArchitecture | undefined): ecs.CpuArchitecture {
    const pool = this.pool;
    const poolArchitecture = pool.architecture === ec2.InstanceArchitecture.ARM_64 ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64;
    if (requested && requested !== poolArchitecture) {
      fail(scope, 'architecture', architectureName(requested),
        `does not match pool ${pool.node.path} (${architectureName(poolArchitecture)}); the container would fail with "exec format error"`,
        `${architectureName(poolArchitecture)} on this pool, or a pool of ${architectureName(requested)} instance types`);
    }
    return poolArchitecture;
  }

  public taskDefinition(): { compatibility: ecs.Compatibility; runtimePlatform?: ecs.RuntimePlatform } {
    // On EC2 the pool's instances decide the platform (and the architecture must match them).
    return { compatibility: ecs.Compatibility.EC2, runtimePlatform: undefined };
  }

  /** Each instance type of the pool must run the task. */
  public checkTaskSize(scope: IConstruct, cpu: number, memoryMiB: number, proxy: boolean): void {
    if (!Number.isInteger(cpu) || cpu < 128) fail(scope, 'cpu', cpu, 'is too small for a task', 'a whole number of CPU units, 128 or more');
    if (!Number.isInteger(memoryMiB) || memoryMiB < 128) fail(scope, 'memoryMiB', memoryMiB, 'is too small for a task', 'a whole number of MiB, 128 or more');
    checkTaskFitsPool(scope, this.pool, cpu, memoryMiB, proxy);
  }

  public checkCount(scope: IConstruct, task: TaskShape, prop: string, count: number, deployHeadroom = 0): void {
    validatePoolPlacement(scope, this.pool, task, prop, count, deployHeadroom);
  }

  public recordService(workload: PoolWorkload): void {
    this.pool._registerWorkload(workload);
  }

  public room(task: TaskShape, count: number): PoolRoom | undefined {
    return poolRoom(this.pool, task, count);
  }

  public createService(scope: Construct, id: string, props: CapacityServiceProps): ecs.BaseService {
    // By default spread across zones for availability, then pack by memory so the pool scales in.
    return new ecs.Ec2Service(scope, id, { ...props, ...this.renderPlacement() });
  }

  public scheduleTarget(cluster: ecs.ICluster, props: targets.EcsRunTaskBaseProps): scheduler.IScheduleTarget {
    // Strategies and constraints only when given: a schedule's tasks had none before they could be set.
    return new targets.EcsRunEc2Task(cluster, { ...props, ...this.custom ? this.renderPlacement() : {} });
  }

  private renderPlacement(): { placementStrategies: ecs.PlacementStrategy[]; placementConstraints?: ecs.PlacementConstraint[] } {
    return {
      placementStrategies: this.placementStrategies.map(strategy => strategy._render()),
      placementConstraints: this.placementConstraints.length > 0 ? this.placementConstraints.map(constraint => constraint._render()) : undefined,
    };
  }
}

function architectureName(architecture: ecs.CpuArchitecture): string {
  return architecture === ecs.CpuArchitecture.ARM64 ? 'ARM64' : 'X86_64';
}
