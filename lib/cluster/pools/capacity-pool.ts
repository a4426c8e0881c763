import { Annotations, Duration, Names, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkAtSynth, checkIntegerRange, fail, Problems, wholeSeconds } from '../../core/errors';
import { publishValues } from '../../core/shared-values';
import { fitText, TEXT_LIMITS } from '../../core/text';
import type { PlatformCluster } from '../platform-cluster';
import { checkSharedPool, PoolWorkload, warnTrunkingUnsupported } from '../private/pool-capacity';
import { blockDevices, validateCapacityProviderName, validateInstanceTypes } from '../private/pool-checks';
import { recordPoolName, registerPool } from '../private/pool-registry';
import { CapacityPoolOptions, PoolAlarmOptions } from './capacity-pool-options';
import { CapacityPoolAttributes, ImportedCapacityPool } from './imported-pool';
import { PoolImage } from './pool-image';
import type { ICapacityPool } from './pool-reference';

/** Properties of a {@link CapacityPool}. */
export interface CapacityPoolProps extends CapacityPoolOptions {
  /** The cluster the pool serves; it must be in the same stack. */
  readonly cluster: PlatformCluster;
}

/**
 * EC2 capacity for a cluster: an Auto Scaling group behind its own capacity provider, which the
 * library keeps patched (newest image at every launch, instances replaced weekly), scaled (ECS
 * managed scaling, never a fixed desired capacity) and watched (notifications, metrics, alarms).
 *
 * Teardown: managed termination protection is off and managed draining is on, so ECS moves tasks
 * off an instance before Auto Scaling terminates it, and `cdk destroy` never waits on protected
 * instances (aws/aws-cdk#18179).
 */
export class CapacityPool extends Construct implements ICapacityPool {
  /**
   * The id of the warning given for a Spot pool of one instance type; acknowledge it with
   * `Annotations.of(pool).acknowledgeWarning(CapacityPool.SPOT_SINGLE_TYPE_WARNING, reason)`.
   */
  public static readonly SPOT_SINGLE_TYPE_WARNING = 'cdk-ecs-platform:spotSingleType';

  /**
   * An existing Auto Scaling group capacity provider of an existing cluster, for `Placement.ec2(pool)`: what
   * the library cannot read of it (instance types, maximum size, target capacity, ENI trunking, security
   * group) is stated in `attrs` or assumed as each `@default` says. Nothing of it is created or changed.
   *
   * @example
   * const pool = CapacityPool.fromCapacityProvider(this, 'Workers', {
   *   cluster, capacityProviderName: 'workers', instanceTypes: [new ec2.InstanceType('m6i.large')], maxInstances: 4,
   * });
   */
  public static fromCapacityProvider(scope: Construct, id: string, attrs: CapacityPoolAttributes): ICapacityPool {
    return new ImportedCapacityPool(scope, id, attrs);
  }

  /** The cluster the pool serves. */
  public readonly cluster: PlatformCluster;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The capacity provider that workloads name in their placement. */
  public readonly capacityProvider: ecs.AsgCapacityProvider;
  /** The launch template: IMDSv2, encrypted gp3 volume, detailed monitoring, no public IP. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /**
   * The instances' security group: no inbound rule, since awsvpc tasks have groups of their own; with
   * bridge networking, the load balancers of the pool's web services are admitted on 32768-65535.
   */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The instance role, used by the ECS agent (tasks use their own roles). */
  public readonly role: iam.Role;
  /** The instance types. */
  public readonly instanceTypes: ec2.InstanceType[];
  /** The CPU architecture of every instance (and so of every task) in the pool. */
  public readonly architecture: ec2.InstanceArchitecture;
  /** The operating system image. */
  public readonly image: PoolImage;
  /** The alarms, when `alarms` is set. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The most instances the pool scales to. */
  public readonly maxInstances: number;
  /** The utilization ECS managed scaling aims for, in percent of the pool's capacity. */
  public readonly targetCapacityPercent: number;
  /** True when the pool's props declare the awsvpcTrunking account setting on. */
  public readonly awsvpcTrunking: boolean;
  private readonly workloads: PoolWorkload[] = [];

  constructor(scope: Construct, id: string, props: CapacityPoolProps) {
    super(scope, id);
    const { cluster } = props;

    // Validate first.
    if (Stack.of(this) !== Stack.of(cluster)) {
      fail(this, 'cluster', cluster.node.path, `is in stack ${Stack.of(cluster).stackName}, the pool in ${Stack.of(this).stackName}`,
        'a pool in the same stack as its cluster: across stacks the cluster and its capacity provider reference each other, a cycle (aws/aws-cdk#35210)');
    }
    this.instanceTypes = props.instanceTypes;
    this.image = props.image ?? PoolImage.amazonLinux2023();
    this.architecture = validateInstanceTypes(this, props);
    const minInstances = props.minInstances ?? 0;
    const maxInstances = props.maxInstances ?? 2;
    this.maxInstances = maxInstances;
    checkIntegerRange(this, 'minInstances', minInstances, 0, 1000);
    checkIntegerRange(this, 'maxInstances', maxInstances, 1, 1000);
    if (!Token.isUnresolved(minInstances) && !Token.isUnresolved(maxInstances) && minInstances > maxInstances) {
      fail(this, 'minInstances', minInstances, `is more than maxInstances (${maxInstances})`, 'minInstances <= maxInstances');
    }
    const targetCapacityPercent = props.targetCapacityPercent ?? 100;
    checkIntegerRange(this, 'targetCapacityPercent', targetCapacityPercent, 1, 100);
    this.targetCapacityPercent = targetCapacityPercent;
    this.awsvpcTrunking = props.awsvpcTrunking ?? false;
    const warmup = props.instanceWarmup ?? Duration.minutes(3);
    if (!warmup.isUnresolved()) checkIntegerRange(this, 'instanceWarmup (seconds)', wholeSeconds(this, 'instanceWarmup', warmup), 0, 10000);
    const lifetime = props.maxInstanceLifetime ?? Duration.days(7);
    if (!lifetime.isUnresolved()) {
      const seconds = wholeSeconds(this, 'maxInstanceLifetime', lifetime);
      if (seconds < 86400 || seconds > 365 * 86400) {
        fail(this, 'maxInstanceLifetime', lifetime.toHumanString(), 'is out of range', '1 to 365 days (Auto Scaling\'s limits)');
      }
    }
    const volumeGiB = (props.volumeSize ?? Size.gibibytes(30)).toGibibytes();
    if (!Token.isUnresolved(volumeGiB) && (volumeGiB < this.image.minimumVolumeGiB || volumeGiB > 16384)) {
      fail(this, 'volumeSize', `${volumeGiB} GiB`, `does not fit the ${this.image.family} image`,
        `${this.image.minimumVolumeGiB} to 16384 GiB (the image's snapshot is ${this.image.minimumVolumeGiB} GiB)`);
    }
    if (props.capacityProviderName !== undefined) validateCapacityProviderName(this, props.capacityProviderName);
    if (props.spot) {
      checkIntegerRange(this, 'spot.onDemandBase', props.spot.onDemandBase, 0, 1000);
      checkIntegerRange(this, 'spot.onDemandPercentageAboveBase', props.spot.onDemandPercentageAboveBase, 0, 100);
      if (props.instanceTypes.length < 2) {
        // Legitimate (a type nothing else replaces) but risky: one Spot pool can run dry, and every
        // instance of the pool goes with it. A warning the user can acknowledge, not an error.
        Annotations.of(this).addWarningV2(CapacityPool.SPOT_SINGLE_TYPE_WARNING,
          `instanceTypes ${JSON.stringify(props.instanceTypes.map(t => t.toString()))} has one type for a Spot pool: when that type's Spot ` +
          'capacity runs out in a zone, the pool gets no instance there and its tasks wait. Give two or more types of one size ' +
          '(m6i.large and m5.large, ...) so capacity-optimized allocation has pools to choose from, or acknowledge this warning.');
      }
    }
    warnTrunkingUnsupported(this);
    if (props.alarms?.cpuUtilizationPercent !== undefined) checkIntegerRange(this, 'alarms.cpuUtilizationPercent', props.alarms.cpuUtilizationPercent, 1, 100);

    this.cluster = cluster;
    const bottlerocket = this.image.family === 'bottlerocket';

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: fitText(`${this.node.path}: ECS container instances (no inbound; tasks in awsvpc mode have their own security groups)`, TEXT_LIMITS.securityGroup),
      allowAllOutbound: true,
    });
    this.role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: fitText(`${this.node.path}: the ECS agent on container instances`, TEXT_LIMITS.iamRole),
    });

    const userData = bottlerocket ? ec2.UserData.custom('') : ec2.UserData.forLinux();
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch(this.image.parameterName(this.architecture), {
        os: ec2.OperatingSystemType.LINUX,
        userData,
      }),
      instanceType: props.instanceTypes[0],
      userData,
      role: this.role,
      securityGroup: this.securityGroup,
      // Hop limit 1: containers cannot reach the instance's metadata and credentials; tasks use task roles.
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      associatePublicIpAddress: false,
      blockDevices: blockDevices(bottlerocket, volumeGiB),
    });

    const multipleTypes = props.instanceTypes.length > 1;
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc: cluster.vpc,
      vpcSubnets: cluster.workloadSubnets,
      minCapacity: minInstances,
      maxCapacity: maxInstances,
      // No desiredCapacity: ECS managed scaling owns it; a fixed value would reset the fleet on every deploy.
      maxInstanceLifetime: lifetime,
      notifications: [{ topic: props.notificationTopic ?? cluster.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
      groupMetrics: [autoscaling.GroupMetrics.all()],
      capacityRebalance: props.spot ? true : undefined,
      ...(multipleTypes || props.spot ? {
        mixedInstancesPolicy: {
          launchTemplate: this.launchTemplate,
          launchTemplateOverrides: props.instanceTypes.map(instanceType => ({ instanceType })),
          instancesDistribution: {
            onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
            onDemandBaseCapacity: props.spot ? props.spot.onDemandBase ?? 0 : undefined,
            onDemandPercentageAboveBaseCapacity: props.spot ? props.spot.onDemandPercentageAboveBase ?? 0 : 100,
            spotAllocationStrategy: props.spot ? autoscaling.SpotAllocationStrategy.CAPACITY_OPTIMIZED : undefined,
          },
        },
      } : { launchTemplate: this.launchTemplate }),
    });

    const capacityProviderName = props.capacityProviderName ?? `cp-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    recordPoolName(this, capacityProviderName);
    this.capacityProvider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
      autoScalingGroup: this.autoScalingGroup,
      // CloudFormation would name it <stack name>-..., which ECS refuses for stacks named Ecs..., Aws...
      // or Fargate... in any case; a name from the construct path, after "cp-", is always accepted.
      capacityProviderName,
      enableManagedScaling: true,
      enableManagedTerminationProtection: false,
      enableManagedDraining: true,
      targetCapacityPercent,
      instanceWarmupPeriod: warmup.toSeconds(),
      machineImageType: this.image.machineImageType,
    });
    cluster.cluster.addAsgCapacityProvider(this.capacityProvider);
    // In an environment's stack: what workloads of other stacks read, through Parameter Store.
    publishValues(this, { CapacityProviderName: this.capacityProvider.capacityProviderName, SecurityGroupId: this.securityGroup.securityGroupId });
    // Tasks in awsvpc mode have a network namespace of their own, where the hop limit does not apply:
    // the agent blocks their path to the instance's metadata (and so to the instance role).
    this.autoScalingGroup.addUserData(bottlerocket ? 'awsvpc-block-imds = true' : 'echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config');
    if (props.spot) {
      this.autoScalingGroup.addUserData(bottlerocket ? 'enable-spot-instance-draining = true' : 'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config');
    }

    if (props.sessionManager ?? true) {
      // Session Manager's minimum (the SSM agent is part of both images); these actions take no resource ARN.
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        resources: ['*'],
      }));
      cluster.ensureEndpoint('Ssm', ec2.InterfaceVpcEndpointAwsService.SSM);
      cluster.ensureEndpoint('SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES);
      cluster.ensureEndpoint('Ec2Messages', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES);
    }
    // The ECS agent of container instances talks to these; endpoint-only VPCs need them.
    cluster.ensureEndpoint('Ecs', ec2.InterfaceVpcEndpointAwsService.ECS);
    cluster.ensureEndpoint('EcsAgent', ec2.InterfaceVpcEndpointAwsService.ECS_AGENT);
    cluster.ensureEndpoint('EcsTelemetry', ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY);

    Validations.of(this.role).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'The ECS agent\'s ecs:DiscoverPollEndpoint, ecr:GetAuthorizationToken, logs:CreateLogStream and logs:PutLogEvents, ecs:Poll and ecs:StartTelemetrySession (conditioned on this cluster) and Session Manager\'s channel actions take no resource ARN' },
      { id: 'AwsSolutions-IAM5[Action::ecs:Submit*]', reason: 'The ECS agent reports task and container state with ecs:Submit*, scoped to this cluster\'s ARN (written by aws-cdk-lib)' },
    );
    // cdk-nag 3.0 cannot pair a group with its launch template: with a MixedInstancesPolicy its EC26 rule
    // throws, and otherwise it takes the first launch template of the stack without a name (the NAT
    // instance's, which lists no volume). The pool's launch template encrypts every volume, as tests assert.
    Validations.of(this.autoScalingGroup).acknowledge({
      id: 'AwsSolutions-EC26',
      reason: 'cdk-nag 3.0 does not pair an Auto Scaling group with its own launch template (it throws on a MixedInstancesPolicy, and otherwise takes the stack\'s first unnamed launch template); this pool\'s launch template encrypts every volume, as the library\'s tests assert',
    });
    if (bottlerocket) {
      // For Bottlerocket aws-cdk-lib attaches AmazonSSMManagedInstanceCore and
      // AmazonEC2ContainerServiceforEC2Role; the inline statements above already give the ECS agent
      // and Session Manager what they use, so the broader AWS managed policies are dropped.
      // Cleared on the L1 resource (not with an override) so that cdk-nag, which reads it, sees the same.
      (this.role.node.defaultChild as iam.CfnRole).managedPolicyArns = undefined;
    }

    if (props.alarms) this.addAlarms(props.alarms, maxInstances, props.notificationTopic ?? cluster.notificationTopic);
    checkAtSynth(this, problems => this.checkSingleProvider(problems));
    checkAtSynth(this, problems => checkSharedPool(this, this.workloads, problems));
    cluster._registerPool(this);
    registerPool(this, this);
  }

  /** The name of the capacity provider, which workloads name in their capacity provider strategy. */
  public get capacityProviderName(): string {
    return this.capacityProvider.capacityProviderName;
  }

  /** Records a service placed on the pool, for the check of all of them together. @internal */
  public _registerWorkload(workload: PoolWorkload): void {
    this.workloads.push(workload);
  }

  /** The pool's average CPU utilization (EC2, by Auto Scaling group). */
  public metricCpuUtilization(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: 'Average',
      period: Duration.minutes(1),
      ...options,
    });
  }

  /**
   * How much of the pool the tasks need, in percent (ECS managed scaling's CapacityProviderReservation):
   * above 100, tasks wait for instances; at the target, the pool is as full as asked.
   */
  public metricCapacityReservation(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ECS/ManagedScaling',
      metricName: 'CapacityProviderReservation',
      dimensionsMap: { CapacityProviderName: this.capacityProvider.capacityProviderName, ClusterName: this.cluster.cluster.clusterName },
      statistic: 'Average',
      period: Duration.minutes(1),
      ...options,
    });
  }

  /** The number of instances in service. */
  public metricInServiceInstances(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/AutoScaling',
      metricName: 'GroupInServiceInstances',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: 'Maximum',
      period: Duration.minutes(1),
      ...options,
    });
  }

  private addAlarms(options: PoolAlarmOptions, maxInstances: number, topic: sns.ITopic): void {
    const action = options.action ?? new cw_actions.SnsAction(topic);
    const cpu = this.metricCpuUtilization({ period: Duration.minutes(5) }).createAlarm(this, 'CpuAlarm', {
      alarmDescription: `${this.node.path}: average CPU utilization above ${options.cpuUtilizationPercent ?? 80}% for 15 minutes`,
      threshold: options.cpuUtilizationPercent ?? 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const waiting = this.metricCapacityReservation({ period: Duration.minutes(5) }).createAlarm(this, 'CapacityAlarm', {
      alarmDescription: `${this.node.path}: tasks have waited 15 minutes for capacity the pool did not add (maxInstances ${maxInstances} reached, or launches failing)`,
      threshold: 100,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [cpu, waiting]) {
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    }
  }

  /** An Auto Scaling group can serve only one capacity provider (also through the aws-cdk-lib escape hatches). */
  private checkSingleProvider(problems: Problems): void {
    const stack = Stack.of(this);
    const asgRef = JSON.stringify(stack.resolve((this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup).ref));
    const providers = stack.node.findAll().filter((c): c is ecs.CfnCapacityProvider => c instanceof ecs.CfnCapacityProvider)
      .filter(cp => {
        const asgProvider = stack.resolve(cp.autoScalingGroupProvider) as { autoScalingGroupArn?: unknown } | undefined;
        return asgProvider && JSON.stringify(asgProvider.autoScalingGroupArn) === asgRef;
      });
    if (providers.length <= 1) return;
    problems.add(this, 'autoScalingGroup', this.autoScalingGroup.node.path,
      `is in ${providers.length} capacity providers (${providers.map(p => p.node.path).join(', ')})`,
      'one capacity provider per Auto Scaling group: add another pool instead of another provider');
  }
}
