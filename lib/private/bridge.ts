import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import type { Placement } from '../cluster/placement';
import type { WorkloadOptions } from '../workloads/workload-options';
import { fail } from './errors';

/**
 * Bridge networking (`TaskNetworking.bridge()`): tasks share their instance's network interface and
 * security group, and ECS maps container ports to dynamic host ports. What needs a security group per
 * task is refused here, and a load balancer is admitted to the pool's instances only.
 */

/** The placement a workload's tasks get: its own, or the cluster's default (always Fargate). */
export function placementOf(props: WorkloadOptions): Placement {
  return props.placement ?? props.cluster.defaultPlacement;
}

/** True when the workload's tasks use bridge networking. */
export function usesBridge(props: WorkloadOptions): boolean {
  return placementOf(props).networking.isBridge;
}

/**
 * Refuses `prop` when the tasks use bridge networking: `needs` says what the prop needs that a bridge
 * task does not have.
 */
export function refuseWithBridge(scope: IConstruct, props: WorkloadOptions, prop: string, value: unknown, needs: string, allowed: string): void {
  if (!usesBridge(props)) return;
  // Only a workload's own placement can be bridge: a cluster's defaultPlacement is always Fargate.
  fail(scope, prop, value,
    `${needs}, and placement runs the tasks with bridge networking (${describeBridge(placementOf(props))}), ` +
    'where tasks share their instance\'s network interface and security group',
    allowed);
}

/** Refuses bridge networking for a whole kind of workload (`what`), saying why and what to use instead. */
export function refuseBridgeFor(scope: IConstruct, props: WorkloadOptions, what: string, why: string, allowed: string): void {
  if (!usesBridge(props)) return;
  fail(scope, 'placement', describeBridge(placementOf(props)), `is not available for ${what}: ${why}`, allowed);
}

function describeBridge(placement: Placement): string {
  return `Placement.ec2(${placement.pool!.node.path}, { networking: TaskNetworking.bridge() })`;
}

/**
 * The load balancer target of a service's main container. In bridge mode ECS registers each task as
 * its instance and a dynamic host port; aws-cdk-lib would then admit the load balancer on that port
 * range to the service's security groups, which for a bridge-mode service are those of every pool of
 * the cluster. Here the load balancer is admitted to the instances of the workload's pool only (from
 * its own security group, on the dynamic range), with the rule created in the service's stack.
 */
export function loadBalancerTarget(scope: Construct, service: ecs.BaseService, placement: Placement,
  options: ecs.LoadBalancerTargetOptions): elbv2.IApplicationLoadBalancerTarget {
  const target = service.loadBalancerTarget(options);
  const pool = placement.pool;
  if (!placement.networking.isBridge || !pool) return target;
  const instances = ec2.SecurityGroup.fromSecurityGroupId(scope, 'InstanceSecurityGroup', pool.securityGroup.securityGroupId, {
    allowAllOutbound: true, // the pool's group allows all outbound already: no egress rule is added to it here
    mutable: true,
  });
  return {
    attachToApplicationTargetGroup: targetGroup => target.attachToApplicationTargetGroup(admittingOnly(targetGroup, instances)),
  };
}

/** The target type of a workload's target groups: `ip` for awsvpc tasks, `instance` for bridge tasks. */
export function targetTypeOf(placement: Placement): elbv2.TargetType {
  return placement.networking.isBridge ? elbv2.TargetType.INSTANCE : elbv2.TargetType.IP;
}

/** The target group, with `registerConnectable` admitting the load balancer to `connectable` instead of the caller's choice. */
function admittingOnly(targetGroup: elbv2.IApplicationTargetGroup, connectable: ec2.IConnectable): elbv2.IApplicationTargetGroup {
  return new Proxy(targetGroup, {
    get: (group, key) => key === 'registerConnectable'
      ? (_: ec2.IConnectable, portRange?: ec2.Port) => group.registerConnectable(connectable, portRange)
      : Reflect.get(group, key, group),
  });
}

/**
 * A web or worker service's `connections`: its tasks' security group. A bridge service has none of its
 * own (aws-cdk-lib's are every pool's instances), so reading them is refused rather than handing out
 * groups whose rules would open every task of the cluster's pools.
 */
export function serviceConnections(scope: IConstruct, placement: Placement, service: ecs.BaseService): ec2.Connections {
  if (placement.networking.isBridge) {
    fail(scope, 'connections', describeBridge(placement),
      'are not the service\'s own with bridge networking: its tasks use the security group of their instances, shared by every task of the pool',
      'connections of services with TaskNetworking.awsvpc() (the default); to open the instances themselves, use the pool\'s securityGroup');
  }
  return service.connections;
}
