import { Names, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkRetention } from '../core/checks';
import { fail } from '../core/errors';
import { recordExistingName } from '../core/existing-names';
import { ClusterContext, IPlatformCluster, registerCluster } from './cluster-reference';
import { Placement } from './placement';
import type { ICapacityPool } from './pools/pool-reference';
import { allowServicesToUseKey } from './private/platform-key';

/**
 * An existing ECS cluster, for {@link PlatformCluster.fromClusterAttributes}: what the library cannot
 * read from the cluster at synth is either given here or assumed as each `@default` says.
 */
export interface PlatformClusterAttributes {
  /**
   * The existing cluster, with its VPC: `ecs.Cluster.fromClusterAttributes(this, 'Cluster', { clusterName,
   * vpc })`, or an `ecs.Cluster` of your own stack. Its `defaultCloudMapNamespace`, when set, is the
   * namespace of Service Connect.
   */
  readonly cluster: ecs.ICluster;

  /**
   * The subnets tasks run in.
   *
   * @default - the VPC's private subnets with egress (`ec2.SubnetType.PRIVATE_WITH_EGRESS`)
   */
  readonly workloadSubnets?: ec2.SubnetSelection;

  /**
   * Where workloads run when they do not say. The library sends this strategy with every service, so the
   * cluster must have its capacity providers associated.
   *
   * @default Placement.fargate() (assumed: the cluster has the FARGATE and FARGATE_SPOT capacity providers,
   * as `enableFargateCapacityProviders` or the console's default give it)
   */
  readonly defaultPlacement?: Placement;

  /**
   * The KMS key that encrypts the workloads' log groups and the notifications. It must let CloudWatch
   * Logs (`logs.<region>.amazonaws.com`) use it for log groups of this account.
   *
   * @default - a new key in this scope, with rotation, the policy CloudWatch Logs, SNS and CloudWatch
   * alarms need, and kept when it leaves the stack (`removalPolicy`); created with the first workload
   */
  readonly key?: kms.IKey;

  /**
   * Where rollback alarms and capacity notifications go.
   *
   * @default - a new SNS topic in this scope, encrypted with `key`, created when first needed
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * The Cloud Map namespace of Service Connect.
   *
   * @default - the cluster's `defaultCloudMapNamespace`; without one, a new HTTP namespace named after
   * this import, created when the first workload publishes or calls a port (it does not become the
   * cluster's default: the cluster is not this stack's to change)
   */
  readonly serviceConnectNamespace?: servicediscovery.INamespace;

  /**
   * The cluster's Container Insights setting, which a worker's rollback alarm reads.
   *
   * @default ecs.ContainerInsights.DISABLED (assumed off: workers get no rollback alarm, with a warning)
   */
  readonly containerInsights?: ecs.ContainerInsights;

  /**
   * How long the logs this library creates for the cluster are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the key created here (when `key` is not given) when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An existing ECS cluster as workloads see it. Nothing of the cluster is changed: no capacity provider is
 * associated, no default namespace set, no endpoint added to its VPC (assumed: its workload subnets reach
 * ECR, CloudWatch Logs and the other services tasks call, through NAT or endpoints of yours). ECS Exec is
 * taken as not configured for the cluster.
 */
export class ImportedPlatformCluster extends Construct implements IPlatformCluster, ClusterContext {
  public readonly cluster: ecs.ICluster;
  public readonly vpc: ec2.IVpc;
  public readonly workloadSubnets: ec2.SubnetSelection;
  public readonly defaultPlacement: Placement;
  public readonly pools: ICapacityPool[] = [];
  public readonly logRetention: logs.RetentionDays;
  public readonly containerInsights: ecs.ContainerInsights;
  public readonly executeCommand = false;
  public readonly executeCommandLogGroup?: logs.ILogGroup = undefined;

  private givenKey?: kms.IKey;
  private topic?: sns.ITopic;
  private namespace?: servicediscovery.INamespace;
  private readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, attrs: PlatformClusterAttributes) {
    super(scope, id);
    const defaultPlacement = attrs.defaultPlacement ?? Placement.fargate();
    if (!defaultPlacement._capacity.onFargate) {
      fail(this, 'defaultPlacement', defaultPlacement._capacity.kind, 'is an EC2 pool; an imported cluster\'s default placement names the Fargate capacity providers it has',
        'Placement.fargate() or Placement.fargateSpot(...); EC2 pools are chosen per workload');
    }
    defaultPlacement._check(this, 'defaultPlacement');
    checkRetention(this, 'logRetention', attrs.logRetention);
    this.removalPolicy = attrs.removalPolicy ?? RemovalPolicy.RETAIN;
    if (![RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE].includes(this.removalPolicy)) {
      fail(this, 'removalPolicy', this.removalPolicy, 'does not apply to a key', 'RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY');
    }
    this.cluster = attrs.cluster;
    this.vpc = attrs.cluster.vpc;
    this.workloadSubnets = attrs.workloadSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.defaultPlacement = defaultPlacement;
    this.logRetention = attrs.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.containerInsights = attrs.containerInsights ?? ecs.ContainerInsights.DISABLED;
    this.givenKey = attrs.key;
    this.topic = attrs.notificationTopic;
    this.namespace = attrs.serviceConnectNamespace ?? attrs.cluster.defaultCloudMapNamespace;
    // A cluster of the app itself (an ecs.Cluster of a stack) is not an existing one.
    if (!(attrs.cluster instanceof ecs.Cluster)) recordExistingName(this, 'ECS cluster', attrs.cluster.clusterName);
    registerCluster(this, this);
  }

  public get clusterName(): string {
    return this.cluster.clusterName;
  }

  public get clusterArn(): string {
    return this.cluster.clusterArn;
  }

  /** A token unless the VPC was imported with its CIDR block (checks that need it say so). */
  public get vpcCidrBlock(): string {
    return this.vpc.vpcCidrBlock;
  }

  public get key(): kms.IKey {
    if (!this.givenKey) {
      const key = new kms.Key(this, 'Key', {
        description: `cdk-ecs-platform ${this.node.path}: logs and notifications of workloads on an existing cluster`,
        enableKeyRotation: true,
        removalPolicy: this.removalPolicy,
      });
      allowServicesToUseKey(key);
      this.givenKey = key;
    }
    return this.givenKey;
  }

  public get notificationTopic(): sns.ITopic {
    this.topic ??= new sns.Topic(this, 'Notifications', { enforceSSL: true, masterKey: this.key });
    return this.topic;
  }

  public get serviceConnectNamespace(): servicediscovery.INamespace {
    this.namespace ??= new servicediscovery.HttpNamespace(this, 'Namespace', {
      name: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
    });
    return this.namespace;
  }

  /** Does nothing: the VPC is not this stack's (assumed: its subnets reach AWS through NAT or your endpoints). */
  public ensureEndpoint(): void {
    // An existing VPC's endpoints are its owner's.
  }
}
