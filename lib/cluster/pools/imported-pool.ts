import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { checkAtSynth, checkIntegerRange, fail, Problems } from '../../core/errors';
import { contextOf, IPlatformCluster, originOf } from '../cluster-reference';
import { ImportedPlatformCluster } from '../imported-cluster';
import type { PoolWorkload } from '../private/pool-capacity';
import { checkSharedPool, warnTrunkingUnsupported } from '../private/pool-capacity';
import { validateCapacityProviderName, validateInstanceTypes } from '../private/pool-checks';
import { ownPoolNamed, registerPool } from '../private/pool-registry';
import { PoolImage } from './pool-image';
import type { ICapacityPool } from './pool-reference';

/**
 * An existing Auto Scaling group capacity provider, for {@link CapacityPool.fromCapacityProvider}: what the
 * library cannot read of it at synth is stated here, or assumed as each `@default` says. Nothing of the
 * capacity provider, its Auto Scaling group or its instances is created, changed or replaced.
 */
export interface CapacityPoolAttributes {
  /**
   * The existing cluster the capacity provider is associated with, imported with
   * `PlatformCluster.fromClusterAttributes()`. (A cluster this app creates gets its pools from
   * `addCapacityPool()`: its one list of capacity provider associations would drop a provider associated elsewhere.)
   */
  readonly cluster: IPlatformCluster;

  /** The name of the capacity provider, as associated with the cluster. */
  readonly capacityProviderName: string;

  /**
   * The instance types the Auto Scaling group launches: tasks that fit none of them are refused, and task
   * counts are checked against the pool at `maxInstances`, as for a `CapacityPool`.
   *
   * @default - unknown: whether tasks fit the instances, and how many the pool holds, are not checked (a
   * `cdk-ecs-platform:poolInstanceTypesUnknown` warning says so)
   */
  readonly instanceTypes?: ec2.InstanceType[];

  /** The Auto Scaling group's maximum size (its `MaxSize`): task counts are checked against it. */
  readonly maxInstances: number;

  /**
   * The capacity provider's managed scaling target capacity, in percent.
   *
   * @default 100 (assumed: managed scaling fills the instances; what ECS uses when none is set)
   */
  readonly targetCapacityPercent?: number;

  /**
   * True when the `awsvpcTrunking` account setting is on for the role the instances register with (more
   * awsvpc tasks per instance on types that support it).
   *
   * @default false (assumed off: awsvpc tasks are counted one per ENI)
   */
  readonly awsvpcTrunking?: boolean;

  /**
   * The instances' CPU architecture, which tasks must match.
   *
   * @default - the architecture of `instanceTypes`; without them, `ec2.InstanceArchitecture.X86_64` (assumed)
   */
  readonly architecture?: ec2.InstanceArchitecture;

  /**
   * The instances' security group (import it with `mutable: true` to let the library add rules): a load
   * balancer is admitted to it on 32768-65535 for bridge tasks, and an EFS file system admits it for mounts.
   *
   * @default - unknown: web services with bridge networking and workloads with EFS volumes are refused on the pool
   */
  readonly securityGroup?: ec2.ISecurityGroup;

  /**
   * The instances' operating system image family.
   *
   * @default PoolImage.amazonLinux2023() (assumed: an ECS-optimized Amazon Linux image, not Bottlerocket)
   */
  readonly image?: PoolImage;
}

/**
 * An existing Auto Scaling group capacity provider as a pool. Placements on it send its name in their
 * strategy; it is not associated with the cluster here (assumed: it is associated already).
 */
export class ImportedCapacityPool extends Construct implements ICapacityPool {
  public readonly cluster: ImportedPlatformCluster;
  public readonly capacityProviderName: string;
  public readonly instanceTypes: ec2.InstanceType[];
  public readonly architecture: ec2.InstanceArchitecture;
  public readonly maxInstances: number;
  public readonly targetCapacityPercent: number;
  public readonly awsvpcTrunking: boolean;
  public readonly securityGroup?: ec2.ISecurityGroup;
  public readonly image: PoolImage;
  private readonly workloads: PoolWorkload[] = [];

  constructor(scope: Construct, id: string, attrs: CapacityPoolAttributes) {
    super(scope, id);
    const cluster = originOf(contextOf(this, 'cluster', attrs.cluster));
    if (!(cluster instanceof ImportedPlatformCluster)) {
      fail(this, 'cluster', cluster.node.path, 'is a cluster this app creates, whose capacity providers are all listed in its one association resource (a provider associated elsewhere is dropped at its next deploy)',
        'cluster.addCapacityPool(...) for a pool of this cluster, or an existing cluster through PlatformCluster.fromClusterAttributes()');
    }
    validateCapacityProviderName(this, attrs.capacityProviderName);
    checkIntegerRange(this, 'maxInstances', attrs.maxInstances, 1, 1000);
    const targetCapacityPercent = attrs.targetCapacityPercent ?? 100;
    checkIntegerRange(this, 'targetCapacityPercent', targetCapacityPercent, 1, 100);
    this.image = attrs.image ?? PoolImage.amazonLinux2023();
    this.instanceTypes = attrs.instanceTypes ?? [];
    if (attrs.instanceTypes) {
      const fromTypes = validateInstanceTypes(this, { instanceTypes: attrs.instanceTypes, image: this.image });
      if (attrs.architecture !== undefined && attrs.architecture !== fromTypes) {
        fail(this, 'architecture', attrs.architecture, `does not match instanceTypes (${fromTypes})`, `${fromTypes}, or leave it out: the instance types say it`);
      }
      this.architecture = fromTypes;
    } else {
      this.architecture = attrs.architecture ?? ec2.InstanceArchitecture.X86_64;
      Annotations.of(this).addWarningV2('cdk-ecs-platform:poolInstanceTypesUnknown',
        `the instance types of capacity provider ${attrs.capacityProviderName} are not stated, so whether tasks fit its instances and how many ` +
        `it holds at maxInstances are not checked (assumed: ${this.architecture} instances large enough); give instanceTypes to have them checked`);
    }
    this.cluster = cluster;
    this.capacityProviderName = attrs.capacityProviderName;
    this.maxInstances = attrs.maxInstances;
    this.targetCapacityPercent = targetCapacityPercent;
    this.awsvpcTrunking = attrs.awsvpcTrunking ?? false;
    this.securityGroup = attrs.securityGroup;
    warnTrunkingUnsupported(this);

    registerPool(this, this);
    cluster.pools.push(this);
    checkAtSynth(this, problems => this.checkNotOwnPool(problems));
    checkAtSynth(this, problems => checkSharedPool(this, this.workloads, problems));
  }

  /** Records a service placed on the pool, for the check of all of them together. @internal */
  public _registerWorkload(workload: PoolWorkload): void {
    this.workloads.push(workload);
  }

  /** A capacity provider of the app's own pools is placed on through the pool itself. */
  private checkNotOwnPool(problems: Problems): void {
    const name = this.capacityProviderName;
    if (Token.isUnresolved(name)) return;
    const own = ownPoolNamed(this, name);
    if (own) {
      problems.add(this, 'capacityProviderName', name, `is the capacity provider of pool ${own.node.path}, which this app creates`,
        `Placement.ec2(${own.node.path}) with the pool itself (its checks know its instances), or the name of a capacity provider this app does not create`);
    }
  }
}
