import { Names, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkIntegerRange, fail } from '../../core/errors';
import { acknowledgeFinding, acknowledgeInlineWildcards } from '../../core/nag';
import { publishValues } from '../../core/shared-values';
import { fitText, TEXT_LIMITS } from '../../core/text';
import type { PlatformCluster } from '../platform-cluster';
import { validateCapacityProviderName } from '../private/pool-checks';
import { ManagedInstancesPoolOptions } from './managed-instances-options';

/** Properties of a {@link ManagedInstancesPool}. */
export interface ManagedInstancesPoolProps extends ManagedInstancesPoolOptions {
  /** The cluster the pool serves; it must be in the same stack. */
  readonly cluster: PlatformCluster;
}

/** Sizes as given, so that a fraction is refused with the library's message, not aws-cdk-lib's. */
const EXACT = { rounding: SizeRoundingBehavior.NONE };

/** AWS's managed policy for the infrastructure role (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html). */
const INFRASTRUCTURE_POLICY = 'AmazonECSInfrastructureRolePolicyForManagedInstances';

/** The makers of each architecture's CPUs: Intel and AMD build X86_64 ones, AWS (Graviton) ARM64 ones. */
function manufacturersOf(architecture: ecs.CpuArchitecture): ec2.CpuManufacturer[] {
  return architecture === ecs.CpuArchitecture.ARM64 ? [ec2.CpuManufacturer.AWS] : [ec2.CpuManufacturer.INTEL, ec2.CpuManufacturer.AMD];
}

/**
 * ECS Managed Instances for a cluster: EC2 capacity that ECS launches from instance requirements (the
 * cheapest types that match and fit the waiting tasks), patches by replacing instances on its schedule,
 * scales and packs. A capacity provider of its own, in the cluster's workload subnets, with a security
 * group that admits nothing (awsvpc tasks have groups of their own; EFS volumes open NFS to it).
 *
 * What AWS controls instead of the library: the image (Bottlerocket), patching and the instances'
 * lifetime (at most 21 days), the metadata service and volume settings, and access (no SSH, no Session
 * Manager): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-shared-model-managed-instances.html
 */
export class ManagedInstancesPool extends Construct {
  /** The cluster the pool serves. */
  public readonly cluster: PlatformCluster;
  /** aws-cdk-lib's capacity provider, for everything this library does not wrap. */
  public readonly capacityProvider: ecs.ManagedInstancesCapacityProvider;
  /** The capacity provider's name, which workloads send in their strategy. */
  public readonly capacityProviderName: string;
  /** The instances' security group: no inbound rule but what EFS volumes of the pool's workloads need. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The role ECS assumes to launch and terminate the instances. */
  public readonly infrastructureRole: iam.IRole;
  /** The instance profile of the instances (the ECS agent's). */
  public readonly instanceProfile: iam.IInstanceProfile;
  /** The CPU architecture of every instance, and so of every task on the pool. */
  public readonly architecture: ecs.CpuArchitecture;
  /** The allowed instance types, as given; empty when any type matching the requirements may be launched. */
  public readonly allowedTypes: string[];
  /** The most vCPUs an instance may have, when bounded. */
  public readonly maxVcpus?: number;
  /** The most memory an instance may have, in MiB, when bounded. */
  public readonly maxMemoryMiB?: number;
  /** True when the pool launches Spot instances. */
  public readonly spot: boolean;

  constructor(scope: Construct, id: string, props: ManagedInstancesPoolProps) {
    super(scope, id);
    const { cluster } = props;

    // Validate first.
    if (Stack.of(this) !== Stack.of(cluster)) {
      fail(this, 'cluster', cluster.node.path, `is in stack ${Stack.of(cluster).stackName}, the pool in ${Stack.of(this).stackName}`,
        'a pool in the same stack as its cluster: across stacks the cluster and its capacity provider reference each other, a cycle');
    }
    this.cluster = cluster;
    this.architecture = props.architecture ?? ecs.CpuArchitecture.X86_64;
    this.spot = props.spot ?? false;
    const requirements = validateRequirements(this, props, this.architecture);
    this.allowedTypes = (props.allowedInstanceTypes ?? []).map(t => t.toString());
    this.maxVcpus = props.maxVcpus;
    this.maxMemoryMiB = props.maxMemory?.toMebibytes(EXACT);
    const volumeGiB = props.taskVolumeSize?.toGibibytes(EXACT);
    if (volumeGiB !== undefined) checkIntegerRange(this, 'taskVolumeSize (GiB)', volumeGiB, 1, 16384);
    if (props.capacityProviderName !== undefined) validateCapacityProviderName(this, props.capacityProviderName);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: fitText(`${this.node.path}: ECS Managed Instances (no inbound; tasks in awsvpc mode have their own security groups)`, TEXT_LIMITS.securityGroup),
      allowAllOutbound: true,
    });
    this.infrastructureRole = props.infrastructureRole ?? this.createInfrastructureRole();

    this.capacityProvider = new ecs.ManagedInstancesCapacityProvider(this, 'CapacityProvider', {
      // CloudFormation would name it <stack name>-..., which ECS refuses for stacks named Ecs..., Aws...
      // or Fargate...; a name from the construct path, after "cp-", is always accepted.
      capacityProviderName: props.capacityProviderName ?? `cp-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
      infrastructureRole: this.infrastructureRole,
      ec2InstanceProfile: props.instanceProfile,
      subnets: cluster.vpc.selectSubnets(cluster.workloadSubnets).subnets,
      securityGroups: [this.securityGroup],
      capacityOptionType: this.spot ? ecs.CapacityOptionType.SPOT : ecs.CapacityOptionType.ON_DEMAND,
      instanceRequirements: requirements,
      taskVolumeStorage: props.taskVolumeSize,
      // One-minute metrics, as the library's pools have.
      monitoring: ecs.InstanceMonitoring.DETAILED,
      propagateTags: ecs.PropagateManagedInstancesTags.CAPACITY_PROVIDER,
    });
    this.instanceProfile = this.capacityProvider.ec2InstanceProfile;
    this.capacityProviderName = this.capacityProvider.capacityProviderName;
    cluster.cluster.addManagedInstancesCapacityProvider(this.capacityProvider);
    // In an environment's stack: what workloads of other stacks read, through Parameter Store.
    publishValues(this, { CapacityProviderName: this.capacityProviderName, SecurityGroupId: this.securityGroup.securityGroupId });

    // The ECS agent of the instances talks to these; endpoint-only VPCs need them.
    cluster.ensureEndpoint('Ecs', ec2.InterfaceVpcEndpointAwsService.ECS);
    cluster.ensureEndpoint('EcsAgent', ec2.InterfaceVpcEndpointAwsService.ECS_AGENT);
    cluster.ensureEndpoint('EcsTelemetry', ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY);

    const instanceRole = this.capacityProvider.node.tryFindChild('InstanceRole');
    if (instanceRole instanceof iam.Role) {
      acknowledgeInlineWildcards(instanceRole, 'The ECS agent\'s ecs:DiscoverPollEndpoint takes no resource ARN, and ecs:Poll, ' +
        'ecs:StartTelemetrySession and ecs:PutSystemLogEvents name container instances, whose ids ECS assigns at launch (aws-cdk-lib\'s scoped policy ' +
        'for Managed Instances; registering and reporting tasks are scoped to this cluster)');
    }
    cluster._registerManagedInstances(this);
  }

  private createInfrastructureRole(): iam.Role {
    const role = new iam.Role(this, 'InfrastructureRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: fitText(`${this.node.path}: ECS launches, replaces and terminates the Managed Instances`, TEXT_LIMITS.iamRole),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(INFRASTRUCTURE_POLICY)],
    });
    acknowledgeFinding(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${INFRASTRUCTURE_POLICY}]`,
      'ECS Managed Instances requires this AWS managed policy for its infrastructure role (EC2 fleet, launch template and network actions AWS keeps ' +
      'current as the service changes); it passes only instance profiles named ecsInstanceRole*: ' +
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html');
    return role;
  }
}

/** The requirements as EC2 takes them, after checking what EC2 and ECS would refuse. */
function validateRequirements(scope: Construct, props: ManagedInstancesPoolOptions,
  architecture: ecs.CpuArchitecture): ec2.InstanceRequirementsConfig {
  const minVcpus = props.minVcpus ?? 2;
  checkIntegerRange(scope, 'minVcpus', minVcpus, 1, 1000);
  if (props.maxVcpus !== undefined) checkIntegerRange(scope, 'maxVcpus', props.maxVcpus, 1, 1000);
  if (props.maxVcpus !== undefined && !Token.isUnresolved(props.maxVcpus) && !Token.isUnresolved(minVcpus) && props.maxVcpus < minVcpus) {
    fail(scope, 'maxVcpus', props.maxVcpus, `is less than minVcpus (${minVcpus})`, `maxVcpus of ${minVcpus} or more`);
  }
  const minMemory = props.minMemory ?? Size.gibibytes(4);
  const minMiB = minMemory.toMebibytes(EXACT);
  const maxMiB = props.maxMemory?.toMebibytes(EXACT);
  for (const [prop, mib] of [['minMemory', minMiB], ['maxMemory', maxMiB]] as const) {
    if (mib !== undefined && !Token.isUnresolved(mib) && !Number.isInteger(mib)) fail(scope, prop, `${mib} MiB`, 'is not a whole number of MiB', 'Size.mebibytes(n) or Size.gibibytes(n) with a whole number of MiB');
  }
  if (maxMiB !== undefined && !Token.isUnresolved(maxMiB) && !Token.isUnresolved(minMiB) && (maxMiB < 1024 || maxMiB < minMiB)) {
    fail(scope, 'maxMemory', `${maxMiB} MiB`, maxMiB < minMiB ? `is less than minMemory (${minMiB} MiB)` : 'is less than 1 GiB, which no instance type has',
      `at least ${Math.max(1024, minMiB)} MiB`);
  }
  const own = manufacturersOf(architecture);
  const manufacturers = props.cpuManufacturers ?? own;
  const foreign = manufacturers.filter(m => !own.includes(m));
  if (manufacturers.length === 0 || foreign.length > 0) {
    fail(scope, 'cpuManufacturers', manufacturers, `${manufacturers.length === 0 ? 'is empty' : `has makers of no ${architectureName(architecture)} CPU (${foreign.join(', ')})`}`,
      `makers of ${architectureName(architecture)} CPUs (${own.join(', ')}), or architecture ${architectureName(architecture === ecs.CpuArchitecture.ARM64 ? ecs.CpuArchitecture.X86_64 : ecs.CpuArchitecture.ARM64)}`);
  }
  const allowed = props.allowedInstanceTypes ?? [];
  if (props.allowedInstanceTypes !== undefined && props.excludedInstanceTypes !== undefined) {
    fail(scope, 'allowedInstanceTypes', allowed.map(t => t.toString()), 'is given with excludedInstanceTypes, which EC2 refuses',
      'allowedInstanceTypes or excludedInstanceTypes, not both');
  }
  if (props.allowedInstanceTypes !== undefined && allowed.length === 0) fail(scope, 'allowedInstanceTypes', [], 'is empty', 'one or more instance types, or no allowedInstanceTypes');
  const wrongArchitecture = allowed.filter(t => !t.toString().includes('*') && t.architecture !== (architecture === ecs.CpuArchitecture.ARM64 ? ec2.InstanceArchitecture.ARM_64 : ec2.InstanceArchitecture.X86_64));
  if (wrongArchitecture.length > 0) {
    fail(scope, 'allowedInstanceTypes', wrongArchitecture.map(t => `${t} (${t.architecture})`), `are not of the pool's architecture (${architectureName(architecture)})`,
      `${architectureName(architecture)} instance types, or a second pool for the other architecture (tasks built for one fail with "exec format error" on the other)`);
  }
  const accelerators = props.accelerators;
  if (accelerators) {
    const min = accelerators.minCount ?? 1;
    checkIntegerRange(scope, 'accelerators.minCount', min, 0, 100);
    if (accelerators.maxCount !== undefined) checkIntegerRange(scope, 'accelerators.maxCount', accelerators.maxCount, Math.max(1, min), 100);
  }
  return {
    vCpuCountMin: minVcpus,
    vCpuCountMax: props.maxVcpus,
    memoryMin: minMemory,
    memoryMax: props.maxMemory,
    cpuManufacturers: manufacturers,
    allowedInstanceTypes: props.allowedInstanceTypes ? allowed.map(t => t.toString()) : undefined,
    excludedInstanceTypes: props.excludedInstanceTypes,
    bareMetal: props.bareMetal ?? ec2.BareMetal.EXCLUDED,
    burstablePerformance: props.burstablePerformance ?? ec2.BurstablePerformance.EXCLUDED,
    instanceGenerations: [ec2.InstanceGeneration.CURRENT],
    // No accelerators unless asked for: a web pool never launches a GPU instance.
    acceleratorCountMin: accelerators ? accelerators.minCount ?? 1 : undefined,
    acceleratorCountMax: accelerators ? accelerators.maxCount : 0,
    acceleratorTypes: accelerators ? accelerators.types ?? [ec2.AcceleratorType.GPU] : undefined,
    acceleratorManufacturers: accelerators?.manufacturers,
  };
}

function architectureName(architecture: ecs.CpuArchitecture): string {
  return architecture === ecs.CpuArchitecture.ARM64 ? 'ARM64' : 'X86_64';
}
