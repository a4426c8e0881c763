import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * How the tasks of a workload on an EC2 pool reach the network (Fargate tasks always use `awsvpc`).
 *
 * Given to `Placement.ec2(pool, { networking })`, so it cannot be written for Fargate.
 */
export class TaskNetworking {
  /**
   * The warning id of a sidecar added to a bridge-mode task: its containers do not share `localhost`.
   * Acknowledge it (`Annotations.of(service).acknowledgeWarning(id, reason)`) for a sidecar nothing reaches that way.
   */
  public static readonly BRIDGE_SIDECAR_WARNING = 'cdk-ecs-platform:bridgeSidecar';

  /**
   * Each task gets an elastic network interface of its own, with a security group of its own (the
   * default): callers, load balancers and file systems admit exactly this workload. An instance runs
   * as many such tasks as it has ENIs less one (more with ENI trunking); the pool's capacity check
   * counts them.
   */
  public static awsvpc(): TaskNetworking {
    return new TaskNetworking('awsvpc', ecs.NetworkMode.AWS_VPC);
  }

  /**
   * Tasks share the instance's network interface through Docker's bridge, and a container port is
   * mapped to a dynamic host port (32768 to 65535): an instance runs as many tasks as its CPU and
   * memory hold, whatever its ENIs. For dense packing of small tasks.
   *
   * The trade-offs:
   * - Tasks have no security group of their own: they use the instances'. A web service's load
   *   balancer (the ingress's, behind an `Ingress`) is admitted to the instances of the pool on the
   *   dynamic port range, and so reaches every bridge task of that pool on it.
   * - Containers on one instance share Docker's bridge network: bridge tasks of different workloads
   *   on an instance can reach each other's container ports; and a task's containers do not share
   *   `localhost` (a sidecar gives the warning `cdk-ecs-platform:bridgeSidecar`).
   * - Refused at synth, because each needs a security group per task or IP targets: Service Connect
   *   (`serviceConnectName`, `calls`), a worker's `port`, a NetworkService, a ScheduledTask, blue/green,
   *   canary and linear deployments, a fixed `hostPort`, and the service's `connections`. Rolling
   *   deploys work.
   * - Containers reach the instance metadata service through the bridge, one network hop more than
   *   the instance: the pool's IMDSv2-only setting with a hop limit of 1 keeps them from the
   *   instance's metadata and role. (`ECS_AWSVPC_BLOCK_IMDS`, the pool's second protection, applies to
   *   awsvpc tasks only; AWS also describes an iptables rule for bridge tasks, which the library does
   *   not add.) Task roles keep working: the ECS agent serves their credentials.
   */
  public static bridge(): TaskNetworking {
    return new TaskNetworking('bridge', ecs.NetworkMode.BRIDGE);
  }

  /** `awsvpc` or `bridge`. */
  public readonly kind: string;
  /** The task definition's network mode. */
  public readonly networkMode: ecs.NetworkMode;

  private constructor(kind: string, networkMode: ecs.NetworkMode) {
    this.kind = kind;
    this.networkMode = networkMode;
  }

  /** True for `bridge`: tasks use the instance's network interface and security group. */
  public get isBridge(): boolean {
    return this.kind === 'bridge';
  }
}
