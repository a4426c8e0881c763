import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Accelerators (GPUs and others) every instance of a Managed Instances pool must have. */
export interface AcceleratorRequirements {
  /**
   * The kinds of accelerator.
   *
   * @default [ec2.AcceleratorType.GPU]
   */
  readonly types?: ec2.AcceleratorType[];

  /**
   * The accelerators' makers.
   *
   * @default - any maker
   */
  readonly manufacturers?: ec2.AcceleratorManufacturer[];

  /**
   * The fewest accelerators an instance has.
   *
   * @default 1
   */
  readonly minCount?: number;

  /**
   * The most accelerators an instance has.
   *
   * @default - no upper bound
   */
  readonly maxCount?: number;
}

/**
 * Options for {@link PlatformCluster.addManagedInstances}: the instances ECS may launch, described by
 * their attributes (ECS picks the cheapest types that match and fit the tasks), and how they are bought.
 */
export interface ManagedInstancesPoolOptions {
  /**
   * The CPU architecture of every instance, and so of every task on the pool.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly architecture?: ecs.CpuArchitecture;

  /**
   * The CPU makers, within the architecture: Intel and AMD build X86_64 CPUs, AWS (Graviton) ARM64 ones.
   *
   * @default - every maker of the architecture (Intel and AMD for X86_64, AWS for ARM64)
   */
  readonly cpuManufacturers?: ec2.CpuManufacturer[];

  /**
   * The fewest vCPUs an instance has.
   *
   * @default 2 (the large sizes and up, which support ENI trunking in the current general-purpose families)
   */
  readonly minVcpus?: number;

  /**
   * The most vCPUs an instance has. With no allowed types, a task larger than this is refused.
   *
   * @default - no upper bound
   */
  readonly maxVcpus?: number;

  /**
   * The least memory an instance has.
   *
   * @default Size.gibibytes(4)
   */
  readonly minMemory?: Size;

  /**
   * The most memory an instance has. With no allowed types, a task needing more (less what ECS and the
   * kernel keep, about 3 %) is refused.
   *
   * @default - no upper bound
   */
  readonly maxMemory?: Size;

  /**
   * The only instance types ECS may launch (`m6i.large`; EC2 also takes patterns such as `m6i.*`).
   * A task must fit at least one of them; exact types the library knows are checked at synth.
   * Cannot be combined with `excludedInstanceTypes` (EC2 refuses both).
   *
   * @default - any type that matches the other requirements
   */
  readonly allowedInstanceTypes?: ec2.InstanceType[];

  /**
   * Instance types ECS must not launch, exact or as patterns (`t2.*`, `*6g*`).
   *
   * @default - none
   */
  readonly excludedInstanceTypes?: string[];

  /**
   * Accelerators (GPUs, for example) every instance must have.
   *
   * @default - no accelerator: types with accelerators are excluded, so a web pool never launches a GPU instance
   */
  readonly accelerators?: AcceleratorRequirements;

  /**
   * Whether bare metal types may be launched.
   *
   * @default ec2.BareMetal.EXCLUDED
   */
  readonly bareMetal?: ec2.BareMetal;

  /**
   * Whether burstable types (t3, t4g ...) may be launched. They run out of CPU credits under load and
   * do not support ENI trunking.
   *
   * @default ec2.BurstablePerformance.EXCLUDED
   */
  readonly burstablePerformance?: ec2.BurstablePerformance;

  /**
   * Launch EC2 Spot instances, reclaimed by EC2 on two minutes' notice; ECS drains them first.
   *
   * @default false (on-demand)
   */
  readonly spot?: boolean;

  /**
   * The role ECS assumes to launch, replace and terminate the instances.
   *
   * @default - a role for ecs.amazonaws.com with AWS's managed policy AmazonECSInfrastructureRolePolicyForManagedInstances
   */
  readonly infrastructureRole?: iam.IRole;

  /**
   * The instance profile of the instances, used by the ECS agent (tasks use their own roles). With the
   * default infrastructure role its name must start with `ecsInstanceRole`, which AWS's managed policy
   * lets ECS pass.
   *
   * @default - a profile named `ecsInstanceRole...` whose role may only register with this cluster and
   * report its tasks (aws-cdk-lib's scoped policy)
   */
  readonly instanceProfile?: iam.IInstanceProfile;

  /**
   * The size of each instance's volume for images, containers and their logs.
   *
   * @default - ECS's default (aws-cdk-lib documents 80 GiB)
   */
  readonly taskVolumeSize?: Size;

  /**
   * The capacity provider's name: letters, digits, `-` and `_`, not starting with `aws`, `ecs` or
   * `fargate`.
   *
   * @default - `cp-` and a name unique to the construct path
   */
  readonly capacityProviderName?: string;
}
