import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';
import type { PoolImage } from '../pools/pool-image';
import type { PlacementPool } from './capacity';

/*
 * What the library knows of each pool (ICapacityPool), kept here, out of the public declarations: a
 * consumer's compiler never reads the capacity kinds.
 */

/** What the library knows of a pool, created or imported, beyond its public members. */
export interface PoolContext extends PlacementPool {
  /** The instances' security group, when known: bridge tasks behind a load balancer and EFS mounts need it. */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** The pool's operating system image (stated or assumed for an imported pool). */
  readonly image: PoolImage;
}

const POOLS = new WeakMap<IConstruct, PoolContext>();

/** Records what the library knows of a pool it created or imported. */
export function registerPool(pool: IConstruct, context: PoolContext): void {
  POOLS.set(pool, context);
}

/** What the library knows of `pool`; refuses a pool it neither created nor imported. */
export function poolContextOf(pool: IConstruct): PoolContext {
  const context = POOLS.get(pool);
  if (!context) {
    fail(pool, 'Placement.ec2 pool', pool.node.path, 'is not a pool of this library, which knows nothing of its cluster, instances or security group',
      'a CapacityPool, or an existing capacity provider through CapacityPool.fromCapacityProvider(scope, id, { cluster, capacityProviderName, ... })');
  }
  return context;
}

/** The capacity provider names of the pools the app creates, by app: each with its pool. */
const OWN_NAMES = new WeakMap<IConstruct, Map<string, IConstruct>>();

/** Records the name a pool of the app gives its capacity provider (for the refusal of that provider imported again). */
export function recordPoolName(pool: IConstruct, name: string): void {
  if (Token.isUnresolved(name)) return;
  const root = pool.node.root;
  let names = OWN_NAMES.get(root);
  if (!names) OWN_NAMES.set(root, names = new Map());
  names.set(name, pool);
}

/** The pool of the app that creates the capacity provider of this name, if any. */
export function ownPoolNamed(scope: IConstruct, name: string): IConstruct | undefined {
  return OWN_NAMES.get(scope.node.root)?.get(name);
}
