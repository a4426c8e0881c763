import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { describeInvalid } from '../private/errors';
import type { CapacityPool } from './capacity-pool';

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

  /** An EC2 capacity pool of the workload's cluster. */
  public static ec2(pool: CapacityPool): Placement {
    return new Placement('ec2', pool, {});
  }

  /** `fargate`, `fargateSpot` or `ec2`. */
  public readonly kind: string;
  /** The pool, for an EC2 placement. */
  public readonly pool?: CapacityPool;
  private readonly spot: FargateSpotOptions;

  private constructor(kind: string, pool: CapacityPool | undefined, spot: FargateSpotOptions) {
    this.kind = kind;
    this.pool = pool;
    this.spot = spot;
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
   * Checks the numbers ECS limits (base 0 to 100000, weights 0 to 1000, one weight above 0) and
   * returns one message per problem, naming `prop` under the given construct.
   *
   * @internal
   */
  public _validate(scope: IConstruct, prop: string): string[] {
    if (this.kind !== 'fargateSpot') return [];
    const errors: string[] = [];
    const check = (name: string, value: number | undefined, max: number) => {
      if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > max)) {
        errors.push(describeInvalid(scope, `${prop} Placement.fargateSpot ${name}`, value, 'is out of range', `a whole number from 0 to ${max}`));
      }
    };
    check('onDemandBase', this.spot.onDemandBase, 100000);
    check('onDemandWeight', this.spot.onDemandWeight, 1000);
    check('spotWeight', this.spot.spotWeight, 1000);
    if ((this.spot.onDemandWeight ?? 0) === 0 && (this.spot.spotWeight ?? 1) === 0) {
      errors.push(describeInvalid(scope, `${prop} Placement.fargateSpot spotWeight`, 0,
        'leaves every weight at 0, so ECS cannot place tasks beyond the base', 'onDemandWeight or spotWeight above 0'));
    }
    return errors;
  }
}
