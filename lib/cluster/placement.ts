import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { Problems } from '../core/errors';
import type { CapacityPool } from './capacity-pool';
import { PlacementConstraint, PlacementStrategy } from './placement-rules';
import { TaskNetworking } from './task-networking';

/** ECS's limits: strategies and constraints per service or task (PlacementStrategy, PlacementConstraint). */
const MAX_STRATEGIES = 5;
const MAX_CONSTRAINTS = 10;
const MAX_EXPRESSION = 2000;

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
 * Where a workload's tasks run: on Fargate, on Fargate Spot, or on one EC2 capacity pool of the cluster.
 *
 * Each choice renders a capacity provider strategy that ECS accepts: Fargate and EC2 providers are
 * never mixed and at most one provider has a base, because nothing else can be written.
 */
export class Placement {
  /** Regular (on-demand) Fargate. */
  public static fargate(): Placement {
    return new Placement('fargate', undefined, {});
  }

  /**
   * Fargate Spot, up to 70% cheaper, with tasks interrupted on two minutes' notice when AWS needs the
   * capacity back; `onDemandBase` keeps some tasks on regular Fargate.
   */
  public static fargateSpot(options: FargateSpotOptions = {}): Placement {
    return new Placement('fargateSpot', undefined, options);
  }

  /**
   * An EC2 capacity pool of the workload's cluster, with the order in which ECS picks instances and
   * the instances it may pick. (Fargate places tasks itself: it takes neither.)
   */
  public static ec2(pool: CapacityPool, options: Ec2PlacementOptions = {}): Placement {
    return new Placement('ec2', pool, {}, options);
  }

  /** `fargate`, `fargateSpot` or `ec2`. */
  public readonly kind: string;
  /** The pool, for an EC2 placement. */
  public readonly pool?: CapacityPool;
  /** For an EC2 placement: the placement strategies, in order (the default when none were given). */
  public readonly placementStrategies: PlacementStrategy[];
  /** For an EC2 placement: the placement constraints. */
  public readonly placementConstraints: PlacementConstraint[];
  /** True when the placement strategies or constraints were given, not defaulted. */
  public readonly customPlacement: boolean;
  /** How the tasks reach the network (always awsvpc on Fargate). */
  public readonly networking: TaskNetworking;
  private readonly spot: FargateSpotOptions;

  private constructor(kind: string, pool: CapacityPool | undefined, spot: FargateSpotOptions, ec2: Ec2PlacementOptions = {}) {
    this.kind = kind;
    this.pool = pool;
    this.spot = spot;
    this.customPlacement = ec2.strategies !== undefined || ec2.constraints !== undefined;
    this.placementStrategies = kind === 'ec2' ? ec2.strategies ?? [PlacementStrategy.spreadAcrossZones(), PlacementStrategy.binpackMemory()] : [];
    this.placementConstraints = ec2.constraints ?? [];
    this.networking = ec2.networking ?? TaskNetworking.awsvpc();
  }

  /** True when tasks run on Fargate (regular or Spot), false on EC2. */
  public get isFargate(): boolean {
    return this.kind !== 'ec2';
  }

  /** The capacity provider strategy this placement renders. */
  public get strategies(): ecs.CapacityProviderStrategy[] {
    switch (this.kind) {
      case 'fargate':
        return [{ capacityProvider: 'FARGATE', weight: 1 }];
      case 'fargateSpot': {
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
      default:
        return [{ capacityProvider: this.pool!.capacityProvider.capacityProviderName, weight: 1 }];
    }
  }

  /**
   * Checks what ECS limits (Fargate Spot: base 0 to 100000, weights 0 to 1000, one weight above 0; EC2:
   * strategies and constraints) and throws every problem together, naming `prop` under the given construct.
   *
   * @internal
   */
  public _check(scope: IConstruct, prop: string): void {
    const problems = new Problems();
    if (this.kind === 'ec2') this.checkEc2(scope, prop, problems);
    if (this.kind === 'fargateSpot') this.checkSpot(scope, prop, problems);
    problems.throwIfAny();
  }

  /** The aws-cdk-lib strategies and constraints, for a service or a scheduled task. @internal */
  public _renderEc2(): { placementStrategies: ecs.PlacementStrategy[]; placementConstraints?: ecs.PlacementConstraint[] } {
    return {
      placementStrategies: this.placementStrategies.map(strategy => strategy._render()),
      placementConstraints: this.placementConstraints.length > 0 ? this.placementConstraints.map(constraint => constraint._render()) : undefined,
    };
  }

  private checkSpot(scope: IConstruct, prop: string, problems: Problems): void {
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

  private checkEc2(scope: IConstruct, prop: string, problems: Problems): void {
    const strategies = this.placementStrategies;
    const named = `${prop} Placement.ec2 strategies`;
    const list = strategies.map(strategy => strategy.description);
    if (strategies.length === 0) {
      problems.add(scope, named, [], 'is empty', 'one to five strategies, or no strategies option for the default (spread across zones, then binpack on memory)');
    }
    if (strategies.length > MAX_STRATEGIES) problems.add(scope, named, list, `has ${strategies.length} strategies`, `at most ${MAX_STRATEGIES} (ECS's limit)`);
    const seen = new Set<string>();
    strategies.forEach((strategy, i) => {
      if (seen.has(strategy.description)) problems.add(scope, named, list, `names ${strategy.description} twice`, 'each strategy once');
      seen.add(strategy.description);
      if (strategy.type === 'random' && i < strategies.length - 1) {
        problems.add(scope, named, list, 'has strategies after PlacementStrategy.random(), which never apply (random picks among every instance left)',
          'PlacementStrategy.random() last, or not at all');
      }
    });
    const constraints = this.placementConstraints;
    const cnamed = `${prop} Placement.ec2 constraints`;
    const clist = constraints.map(constraint => constraint.description);
    if (constraints.length > MAX_CONSTRAINTS) problems.add(scope, cnamed, clist, `has ${constraints.length} constraints`, `at most ${MAX_CONSTRAINTS} (ECS's limit)`);
    if (constraints.filter(c => c.type === 'distinctInstance').length > 1) {
      problems.add(scope, cnamed, clist, 'names PlacementConstraint.distinctInstances() twice', 'it once');
    }
    for (const constraint of constraints) {
      const expression = constraint.expression;
      if (constraint.type !== 'memberOf' || expression === undefined || Token.isUnresolved(expression)) continue;
      if (expression.trim().length === 0 || expression.length > MAX_EXPRESSION) {
        problems.add(scope, cnamed, expression, 'is not a cluster query expression', `1 to ${MAX_EXPRESSION} characters, for example "attribute:ecs.instance-type =~ m6i.*"`);
      } else if (!balanced(expression)) {
        problems.add(scope, cnamed, expression, 'has unbalanced parentheses or brackets', 'an expression whose ( ) and [ ] pair up');
      }
    }
  }
}

/** True when ( ) and [ ] pair up in order. */
function balanced(text: string): boolean {
  const stack: string[] = [];
  for (const c of text) {
    if (c === '(' || c === '[') stack.push(c);
    if (c === ')' && stack.pop() !== '(') return false;
    if (c === ']' && stack.pop() !== '[') return false;
  }
  return stack.length === 0;
}
