import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * An EC2 capacity pool workloads are placed on with `Placement.ec2(pool)`: a `CapacityPool`, or an existing
 * Auto Scaling group capacity provider imported with `CapacityPool.fromCapacityProvider()`. Its members
 * are what placements check tasks against.
 */
export interface ICapacityPool extends IConstruct {
  /** The name of the capacity provider, which workloads name in their capacity provider strategy. */
  readonly capacityProviderName: string;
  /** The instance types; empty when an imported pool did not state them (fit and count checks are then skipped). */
  readonly instanceTypes: ec2.InstanceType[];
  /** The CPU architecture of every instance (and so of every task) in the pool. */
  readonly architecture: ec2.InstanceArchitecture;
  /** The most instances the pool scales to. */
  readonly maxInstances: number;
  /** The utilization ECS managed scaling aims for, in percent of the pool's capacity. */
  readonly targetCapacityPercent: number;
  /** True when the awsvpcTrunking account setting is on for the pool's instances. */
  readonly awsvpcTrunking: boolean;
}
