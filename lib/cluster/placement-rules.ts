import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { Problems } from '../core/errors';
import { evaluate, PoolFacts, Query, QueryError, QueryParser } from './cluster-query';

/** ECS's limits: strategies and constraints per service or task (PlacementStrategy, PlacementConstraint). */
const MAX_STRATEGIES = 5;
const MAX_CONSTRAINTS = 10;
const MAX_EXPRESSION = 2000;

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

  /**
   * Records what ECS would refuse in a list of strategies, or what would never apply; `prop` names the
   * list under `scope`.
   *
   * @internal
   */
  public static _check(scope: IConstruct, prop: string, strategies: PlacementStrategy[], problems: Problems): void {
    const list = strategies.map(strategy => strategy.description);
    if (strategies.length === 0) {
      problems.add(scope, prop, [], 'is empty', 'one to five strategies, or no strategies option for the default (spread across zones, then binpack on memory)');
    }
    if (strategies.length > MAX_STRATEGIES) problems.add(scope, prop, list, `has ${strategies.length} strategies`, `at most ${MAX_STRATEGIES} (ECS's limit)`);
    const seen = new Set<string>();
    strategies.forEach((strategy, i) => {
      if (seen.has(strategy.description)) problems.add(scope, prop, list, `names ${strategy.description} twice`, 'each strategy once');
      seen.add(strategy.description);
      if (strategy.type === 'random' && i < strategies.length - 1) {
        problems.add(scope, prop, list, 'has strategies after PlacementStrategy.random(), which never apply (random picks among every instance left)',
          'PlacementStrategy.random() last, or not at all');
      }
    });
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

  /**
   * Records what ECS would refuse in a list of constraints (each constraint's own problems included);
   * `prop` names the list under `scope`.
   *
   * @internal
   */
  public static _check(scope: IConstruct, prop: string, constraints: PlacementConstraint[], problems: Problems,
    pool?: { readonly path: string; readonly instanceTypes: string[]; readonly architecture: string; readonly region?: string }): void {
    const list = constraints.map(constraint => constraint.description);
    if (constraints.length > MAX_CONSTRAINTS) problems.add(scope, prop, list, `has ${constraints.length} constraints`, `at most ${MAX_CONSTRAINTS} (ECS's limit)`);
    if (constraints.filter(c => c.type === 'distinctInstance').length > 1) {
      problems.add(scope, prop, list, 'names PlacementConstraint.distinctInstances() twice', 'it once');
    }
    for (const constraint of constraints) constraint.check(scope, prop, problems, pool);
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

  /**
   * A memberOf expression ECS would refuse (empty, too long, brackets that do not pair up, or outside
   * the cluster query language), or that no instance of the pool can satisfy.
   */
  private check(scope: IConstruct, prop: string, problems: Problems, pool?: PoolFacts): void {
    const expression = this.expression;
    if (this.type !== 'memberOf' || expression === undefined || Token.isUnresolved(expression)) return;
    if (expression.trim().length === 0 || expression.length > MAX_EXPRESSION) {
      problems.add(scope, prop, expression, 'is not a cluster query expression', `1 to ${MAX_EXPRESSION} characters, for example "attribute:ecs.instance-type =~ m6i.*"`);
      return;
    }
    if (!balanced(expression)) {
      problems.add(scope, prop, expression, 'has unbalanced parentheses or brackets', 'an expression whose ( ) and [ ] pair up');
      return;
    }
    let query: Query;
    try {
      query = new QueryParser(expression).parse();
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      problems.add(scope, prop, expression, `${e.message} (ECS's cluster query language)`, e.allowed);
      return;
    }
    if (pool && pool.instanceTypes.every(instanceType => evaluate(query, { ...pool, instanceType }) === false)) {
      const zone = pool.region && /ecs\.availability-zone/.test(expression) ? `, in ${pool.region}` : '';
      problems.add(scope, prop, expression,
        `matches no instance of pool ${pool.path} (${pool.instanceTypes.join(', ')}, ${pool.architecture}, linux${zone}), so its tasks could never be placed`,
        'an expression some instance type of the pool satisfies, or a pool of the instances it names');
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

