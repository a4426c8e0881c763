import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * How ECS picks an instance of an EC2 pool for each task. Strategies apply in the order given: each
 * narrows the instances the next one chooses from.
 */
export class PlacementStrategy {
  /** Spread tasks evenly across Availability Zones, so a zone failure takes a share, not all. */
  public static spreadAcrossZones(): PlacementStrategy {
    return new PlacementStrategy('spread', 'attribute:ecs.availability-zone', 'PlacementStrategy.spreadAcrossZones()');
  }

  /** Spread tasks evenly across instances, so an instance failure takes as few as possible. */
  public static spreadAcrossInstances(): PlacementStrategy {
    return new PlacementStrategy('spread', 'instanceId', 'PlacementStrategy.spreadAcrossInstances()');
  }

  /** Fill the instance with the least memory left first, so the pool needs fewer instances. */
  public static binpackMemory(): PlacementStrategy {
    return new PlacementStrategy('binpack', 'memory', 'PlacementStrategy.binpackMemory()');
  }

  /** Fill the instance with the least CPU left first, so the pool needs fewer instances. */
  public static binpackCpu(): PlacementStrategy {
    return new PlacementStrategy('binpack', 'cpu', 'PlacementStrategy.binpackCpu()');
  }

  /** Any instance with room, at random. */
  public static random(): PlacementStrategy {
    return new PlacementStrategy('random', undefined, 'PlacementStrategy.random()');
  }

  /** `spread`, `binpack` or `random`, as ECS names the strategy. */
  public readonly type: string;
  /** The attribute or resource the strategy works on. */
  public readonly field?: string;
  /** How it is written, for messages. */
  public readonly description: string;

  private constructor(type: string, field: string | undefined, description: string) {
    this.type = type;
    this.field = field;
    this.description = description;
  }

  /** The aws-cdk-lib strategy. @internal */
  public _render(): ecs.PlacementStrategy {
    switch (this.type) {
      case 'binpack': return this.field === 'cpu' ? ecs.PlacementStrategy.packedByCpu() : ecs.PlacementStrategy.packedByMemory();
      case 'random': return ecs.PlacementStrategy.randomly();
      default: return this.field === 'instanceId' ? ecs.PlacementStrategy.spreadAcrossInstances() : ecs.PlacementStrategy.spreadAcross(this.field!);
    }
  }
}

/** Which instances of an EC2 pool a task may run on at all. */
export class PlacementConstraint {
  /** At most one task of the workload per instance. */
  public static distinctInstances(): PlacementConstraint {
    return new PlacementConstraint('distinctInstance', undefined, 'PlacementConstraint.distinctInstances()');
  }

  /**
   * Only instances that match an expression of ECS's cluster query language, for example
   * `attribute:ecs.instance-type =~ m6i.*` or `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`.
   */
  public static memberOf(expression: string): PlacementConstraint {
    return new PlacementConstraint('memberOf', expression, `PlacementConstraint.memberOf(${JSON.stringify(expression)})`);
  }

  /** `distinctInstance` or `memberOf`, as ECS names the constraint. */
  public readonly type: string;
  /** The expression of a `memberOf` constraint. */
  public readonly expression?: string;
  /** How it is written, for messages. */
  public readonly description: string;

  private constructor(type: string, expression: string | undefined, description: string) {
    this.type = type;
    this.expression = expression;
    this.description = description;
  }

  /** The aws-cdk-lib constraint. @internal */
  public _render(): ecs.PlacementConstraint {
    return this.type === 'memberOf' ? ecs.PlacementConstraint.memberOf(this.expression!) : ecs.PlacementConstraint.distinctInstances();
  }
}
