import { Annotations, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct, IMixin, Node } from 'constructs';
import { fail } from '../core/errors';
import { readsShared, sharedList, sharedValue } from '../core/shared-values';
import type { Placement } from './placement';
import type { ICapacityPool } from './pools/pool-reference';

/**
 * What workloads need of a cluster: its aws-cdk-lib objects as a workload's stack sees them, and what
 * the library knows of it at synth (its placement, pools and settings). A `PlatformCluster` is one.
 */
export interface ClusterContext extends IConstruct {
  /** The ECS cluster. */
  readonly cluster: ecs.ICluster;
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /** The subnets tasks run in. */
  readonly workloadSubnets: ec2.SubnetSelection;
  /** The VPC's CIDR block. */
  readonly vpcCidrBlock: string;
  /** The key that encrypts the workloads' log groups and the notifications. */
  readonly key: kms.IKey;
  /** Where rollback alarms and capacity notifications go. */
  readonly notificationTopic: sns.ITopic;
  /** The Cloud Map namespace of Service Connect. */
  readonly serviceConnectNamespace: servicediscovery.INamespace;
  /** The log group of ECS Exec sessions, when the cluster has ECS Exec configured. */
  readonly executeCommandLogGroup?: logs.ILogGroup;
  /** True when ECS Exec is configured for the cluster. */
  readonly executeCommand: boolean;
  /** Where workloads run when they do not say. */
  readonly defaultPlacement: Placement;
  /** The EC2 capacity pools: created ones, and capacity providers imported with `CapacityPool.fromCapacityProvider()`. */
  readonly pools: ICapacityPool[];
  /** How long the platform's own logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /** The Container Insights setting. */
  readonly containerInsights: ecs.ContainerInsights;

  /** Adds an interface endpoint to an endpoint-only VPC; does nothing for the other network profiles. */
  ensureEndpoint(name: string, service: ec2.InterfaceVpcEndpointAwsService): void;
}

/**
 * A cluster workloads and ingresses run in: a `PlatformCluster`, or an existing ECS cluster imported with
 * `PlatformCluster.fromClusterAttributes()`.
 */
export interface IPlatformCluster extends IConstruct {
  /** The name of the ECS cluster. */
  readonly clusterName: string;
  /** The ARN of the ECS cluster. */
  readonly clusterArn: string;
  /** The VPC tasks run in. */
  readonly vpc: ec2.IVpc;
}

/** What the library knows of each cluster, created or imported. */
const CONTEXTS = new WeakMap<IConstruct, ClusterContext>();

/** Records what the library knows of a cluster it created or imported. */
export function registerCluster(cluster: IPlatformCluster, context: ClusterContext): void {
  CONTEXTS.set(cluster, context);
}

/** What the library knows of `cluster`; refuses a cluster it neither created nor imported. */
export function contextOf(scope: IConstruct, prop: string, cluster: IPlatformCluster): ClusterContext {
  const context = CONTEXTS.get(cluster);
  if (!context) {
    fail(scope, prop, cluster.node.path, 'is not a cluster of this library, which knows nothing of its subnets, key or capacity',
      'a PlatformCluster, or an existing ECS cluster through PlatformCluster.fromClusterAttributes(scope, id, { cluster })');
  }
  return context;
}

/** The cluster a view was made of: clusters are compared through it (two views of one cluster are the same cluster). */
const ORIGINS = new WeakMap<object, ClusterContext>();

/** The cluster `cluster` is a view of, or itself. */
export function originOf(cluster: ClusterContext): ClusterContext {
  return ORIGINS.get(cluster) ?? cluster;
}

/** True when `a` and `b` are the same cluster (views of one cluster in different stacks included). */
export function sameCluster(a: ClusterContext, b: ClusterContext): boolean {
  return originOf(a) === originOf(b);
}

/** The VPC a view's imported VPC stands for. */
const VPC_ORIGINS = new WeakMap<ec2.IVpc, ec2.IVpc>();

/**
 * The VPC a load balancer of `cluster`'s workloads is built in: with its public subnets when it faces the
 * internet. A cluster of another stack reads those subnets by name only then (an unread parameter is a
 * finding of AWS's validator).
 */
export function loadBalancerVpc(cluster: ClusterContext, internetFacing: boolean): ec2.IVpc {
  return internetFacing && cluster instanceof SharedClusterView ? cluster.vpcWithPublicSubnets : cluster.vpc;
}

/** True when two VPCs are one: the same object, or an import of it through another stack's parameters. */
export function sameVpc(a: ec2.IVpc, b: ec2.IVpc): boolean {
  return (VPC_ORIGINS.get(a) ?? a) === (VPC_ORIGINS.get(b) ?? b);
}

const VIEWS = new WeakMap<Stack, Map<ClusterContext, ClusterContext>>();

/**
 * The cluster as `consumer`'s stack sees it. A cluster of a stack that shares its values through
 * Parameter Store (an environment's) is read there by name: the cluster, VPC, subnets, key, topic,
 * namespace and ECS Exec log group are imported in `consumer`'s stack from those parameters, so
 * nothing there exports or imports a CloudFormation value. Any other cluster is itself.
 */
export function clusterIn(consumer: IConstruct, cluster: ClusterContext): ClusterContext {
  const origin = originOf(cluster);
  if (!readsShared(consumer, origin)) return origin;
  const stack = Stack.of(consumer);
  let views = VIEWS.get(stack);
  if (!views) VIEWS.set(stack, views = new Map());
  const known = views.get(origin);
  if (known) return known;
  const view = new SharedClusterView(stack, origin);
  ORIGINS.set(view, origin);
  views.set(origin, view);
  return view;
}

/**
 * A cluster of another, sharing stack, imported into a workload's stack from its parameters. Its
 * `node` is the cluster's, so messages name the cluster; its aws-cdk-lib objects live under a construct
 * of the workload's stack.
 */
class SharedClusterView implements ClusterContext {
  public readonly node: Node;
  public readonly cluster: ecs.ICluster;
  public readonly vpc: ec2.IVpc;
  public readonly workloadSubnets: ec2.SubnetSelection;
  public readonly key: kms.IKey;
  public readonly executeCommandLogGroup?: logs.ILogGroup;

  private readonly holder: Construct;
  private topic?: sns.ITopic;
  private namespace?: servicediscovery.INamespace;
  private publicVpc?: ec2.IVpc;

  constructor(stack: Stack, private readonly origin: ClusterContext) {
    this.node = origin.node;
    const holder = new Construct(stack, `Shared${stackRelativeId(origin)}`);
    this.holder = holder;
    const shared = (key: string, value: string) => sharedValue(holder, origin, key, value);
    this.vpc = this.importVpc('Vpc', false);
    this.workloadSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.cluster = ecs.Cluster.fromClusterAttributes(holder, 'Cluster', {
      clusterName: shared('ClusterName', origin.cluster.clusterName),
      vpc: this.vpc,
      securityGroups: [],
    });
    this.key = kms.Key.fromKeyArn(holder, 'Key', shared('KeyArn', origin.key.keyArn));
    const execLogs = origin.executeCommandLogGroup;
    this.executeCommandLogGroup = execLogs
      ? logs.LogGroup.fromLogGroupName(holder, 'ExecLogs', shared('ExecLogGroupName', execLogs.logGroupName)) : undefined;
  }

  public get vpcCidrBlock(): string {
    return this.origin.vpcCidrBlock;
  }

  /** The VPC with its public subnets too, for an internet-facing load balancer. */
  public get vpcWithPublicSubnets(): ec2.IVpc {
    this.publicVpc ??= this.importVpc('PublicVpc', true);
    return this.publicVpc;
  }

  public get notificationTopic(): sns.ITopic {
    this.topic ??= sns.Topic.fromTopicArn(this.holder, 'Notifications',
      sharedValue(this.holder, this.origin, 'NotificationTopicArn', this.origin.notificationTopic.topicArn));
    return this.topic;
  }

  public get serviceConnectNamespace(): servicediscovery.INamespace {
    if (!this.namespace) {
      // Services name the namespace by ARN; its id is the ARN's last part, its name known at synth.
      const namespace = this.origin.serviceConnectNamespace;
      const namespaceArn = sharedValue(this.holder, this.origin, 'NamespaceArn', namespace.namespaceArn);
      this.namespace = servicediscovery.HttpNamespace.fromHttpNamespaceAttributes(this.holder, 'Namespace', {
        namespaceName: namespace.namespaceName,
        namespaceId: Fn.select(1, Fn.split('/', namespaceArn)),
        namespaceArn,
      });
    }
    return this.namespace;
  }

  public get executeCommand(): boolean {
    return this.origin.executeCommand;
  }

  public get defaultPlacement(): Placement {
    return this.origin.defaultPlacement;
  }

  public get pools(): ICapacityPool[] {
    return this.origin.pools;
  }

  public get logRetention(): logs.RetentionDays {
    return this.origin.logRetention;
  }

  public get containerInsights(): ecs.ContainerInsights {
    return this.origin.containerInsights;
  }

  public ensureEndpoint(name: string, service: ec2.InterfaceVpcEndpointAwsService): void {
    // Endpoints belong to the VPC, in the cluster's stack (which must be deployed again to add one).
    this.origin.ensureEndpoint(name, service);
  }

  public with(...mixins: IMixin[]): IConstruct {
    return this.origin.with(...mixins);
  }

  private importVpc(id: string, withPublicSubnets: boolean): ec2.IVpc {
    const vpc = this.origin.vpc;
    const shared = (key: string, values: string[]) => values.length === 0 ? [] : sharedList(this.holder, this.origin, key, values);
    const imported = ec2.Vpc.fromVpcAttributes(this.holder, id, {
      vpcId: sharedValue(this.holder, this.origin, 'VpcId', vpc.vpcId),
      vpcCidrBlock: this.origin.vpcCidrBlock,
      availabilityZones: vpc.availabilityZones,
      publicSubnetIds: withPublicSubnets ? shared('PublicSubnetIds', vpc.publicSubnets.map(s => s.subnetId)) : undefined,
      privateSubnetIds: shared('WorkloadSubnetIds', vpc.selectSubnets(this.origin.workloadSubnets).subnetIds),
    });
    VPC_ORIGINS.set(imported, VPC_ORIGINS.get(vpc) ?? vpc);
    // Its subnets' route tables are not read: routes belong to the cluster's stack.
    Annotations.of(imported).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId', 'Workloads place tasks in these subnets and read no route table of them');
    return imported;
  }
}

/** The cluster's path below its stack, as one construct id. */
function stackRelativeId(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map(c => c.node.id.replace(/[^A-Za-z0-9]/g, '')).join('');
}
