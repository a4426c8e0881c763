import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import type { Placement } from '../../cluster/placement';
import { poolContextOf } from '../../cluster/private/pool-registry';
import { fail, Problems } from '../../core/errors';
import { readsShared, sharedValue } from '../../core/shared-values';
import type { WorkloadOptions } from '../workload-options';
import type { WithCluster } from './app-environment';

/**
 * Bridge networking (`TaskNetworking.bridge()`): tasks share their instance's network interface and
 * security group, and ECS maps container ports to dynamic host ports. What needs a security group per
 * task is refused here, and a load balancer is admitted to the workload's pool's instances.
 */

/** The placement a workload's tasks get: its own, or the cluster's default (always Fargate). */
export function placementOf(props: WithCluster<WorkloadOptions>): Placement {
  return props.placement ?? props.cluster.defaultPlacement;
}

/** True when the workload's tasks use bridge networking. */
export function usesBridge(props: WithCluster<WorkloadOptions>): boolean {
  return placementOf(props).networking.isBridge;
}

/**
 * Refuses `prop` when the tasks use bridge networking: `needs` says what the prop needs that a bridge
 * task does not have.
 */
export function refuseWithBridge(scope: IConstruct, props: WithCluster<WorkloadOptions>, prop: string, value: unknown, needs: string,
  allowed: string): void {
  if (!usesBridge(props)) return;
  // Only a workload's own placement can be bridge: a cluster's defaultPlacement is always Fargate.
  fail(scope, prop, value,
    `${needs}, and placement runs the tasks with bridge networking (${describeBridge(placementOf(props))}), ` +
    'where tasks share their instance\'s network interface and security group',
    allowed);
}

/** Refuses bridge networking for a whole kind of workload (`what`), saying why and what to use instead. */
export function refuseBridgeFor(scope: IConstruct, props: WithCluster<WorkloadOptions>, what: string, why: string, allowed: string): void {
  if (!usesBridge(props)) return;
  fail(scope, 'placement', describeBridge(placementOf(props)), `is not available for ${what}: ${why}`, allowed);
}

function describeBridge(placement: Placement): string {
  return `Placement.ec2(${placement.pool!.node.path}, { networking: TaskNetworking.bridge() })`;
}

/**
 * The host ports ECS maps a bridge task's container ports to (aws-cdk-lib's EPHEMERAL_PORT_RANGE). A
 * function, so importing this file reads no aws-ec2.
 */
function dynamicHostPorts(): ec2.Port {
  return ec2.Port.tcpRange(32768, 65535);
}

/**
 * Admits a load balancer to the instances of a bridge workload's pool on the dynamic host ports:
 * ECS registers each task as its instance and host port. aws-cdk-lib's service target cannot do it:
 * it admits the load balancer to the service's security groups, and a bridge service has none (its
 * `connections` are the cluster's, to which capacity providers add nothing). Nothing for awsvpc tasks,
 * which their target admits to their own group.
 *
 * The rules are those of the pair (load balancer group, pool group), with ids derived from the pair,
 * so several services behind one shared load balancer on one pool make one rule pair, not a duplicate
 * EC2 would refuse. They are created on the load balancer's side (its stack), or under the pool's
 * group when both are in one stack.
 */
export function admitLoadBalancerToPool(scope: IConstruct, placement: Placement, loadBalancer: ec2.IConnectable & IConstruct): void {
  if (!placement.networking.isBridge || !placement.pool) return;
  const pool = poolContextOf(placement.pool);
  const group = pool.securityGroup;
  if (!group) {
    fail(scope, 'placement', describeBridge(placement),
      `puts the tasks behind a load balancer on the instances of ${pool.node.path}, whose security group is not known, so the load balancer cannot be admitted to their dynamic host ports`,
      'securityGroup in CapacityPool.fromCapacityProvider(...) (imported with mutable: true), or TaskNetworking.awsvpc(), where each task has its own group');
  }
  // A pool of an environment's stack, from a load balancer of another stack: its group is read by name there.
  const id = `${pool.node.id}SharedSecurityGroup`;
  const poolGroup = !readsShared(loadBalancer, pool) ? group
    : loadBalancer.node.tryFindChild(id) as ec2.ISecurityGroup | undefined ?? ec2.SecurityGroup.fromSecurityGroupId(loadBalancer, id,
      sharedValue(loadBalancer, pool, 'SecurityGroupId', group.securityGroupId), { allowAllOutbound: false, mutable: true });
  loadBalancer.connections.allowTo(poolGroup, dynamicHostPorts(), `Load balancer to bridge tasks on ${pool.node.path}`);
}

/** The target type of a workload's target groups: `ip` for awsvpc tasks, `instance` for bridge tasks. */
export function targetTypeOf(placement: Placement): elbv2.TargetType {
  return placement.networking.isBridge ? elbv2.TargetType.INSTANCE : elbv2.TargetType.IP;
}

/**
 * A web or worker service's `connections`: its tasks' security group. A bridge service has none of its
 * own (aws-cdk-lib's are the cluster's, empty with capacity providers), so reading them is refused:
 * a rule added to them would silently open nothing.
 */
export function serviceConnections(scope: IConstruct, placement: Placement, service: ecs.BaseService): ec2.Connections {
  if (placement.networking.isBridge) {
    fail(scope, 'connections', describeBridge(placement),
      'are not the service\'s own with bridge networking: its tasks use the security group of their instances, shared by every task of the pool',
      'connections of services with TaskNetworking.awsvpc() (the default); to open the instances themselves, use the pool\'s securityGroup');
  }
  return service.connections;
}

/**
 * A fixed host port in bridge mode: one task per instance, which the pool's capacity check does not count,
 * and a rolling deploy cannot start a new task next to an old one. Recorded in `problems`, or thrown.
 */
export function refuseFixedHostPort(scope: IConstruct, container: string, hostPort: unknown, problems?: Problems): void {
  if (hostPort === undefined || hostPort === 0 || Token.isUnresolved(hostPort)) return;
  const args = [scope, `container ${container} port mapping hostPort`, hostPort,
    'fixes a host port with bridge networking: one task per instance, which the pool\'s capacity check does not count, and a rolling ' +
    'deploy cannot start a new task next to an old one, nor is the load balancer admitted to that port',
    'no hostPort (or 0): ECS maps the container port to a dynamic host port'] as const;
  if (problems) problems.add(...args);
  else fail(...args);
}

/**
 * The containers of a workload's task: in bridge mode, `container.addPortMappings(...)` with a fixed host
 * port is refused where it is called, naming the workload (the check at synth still reads what other
 * escape hatches write).
 */
export class WorkloadContainer extends ecs.ContainerDefinition {
  /** Adds a container to a workload's task definition, as `taskDefinition.addContainer` does. */
  public static add(workload: IConstruct, taskDefinition: ecs.TaskDefinition, id: string,
    options: ecs.ContainerDefinitionOptions): WorkloadContainer {
    const container = new WorkloadContainer(taskDefinition, id, { taskDefinition, ...options });
    container.workload = workload;
    return container;
  }

  private workload?: IConstruct;

  public addPortMappings(...portMappings: ecs.PortMapping[]): void {
    if (this.taskDefinition.networkMode === ecs.NetworkMode.BRIDGE) {
      for (const mapping of portMappings) refuseFixedHostPort(this.workload ?? this, this.containerName, mapping.hostPort);
    }
    super.addPortMappings(...portMappings);
  }
}
