import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PoolImage } from './pool-image';

/** Options for running part of a pool on EC2 Spot. */
export interface PoolSpotOptions {
  /**
   * How many instances are always on-demand before any Spot instance is launched.
   *
   * @default 0
   */
  readonly onDemandBase?: number;

  /**
   * Beyond the base, the percentage of instances that are on-demand.
   *
   * @default 0 (every instance beyond the base is Spot)
   */
  readonly onDemandPercentageAboveBase?: number;
}

/** Alarms on a pool; their action defaults to the pool's notification topic. */
export interface PoolAlarmOptions {
  /**
   * Alarm when the pool's average CPU utilization stays above this percentage for 15 minutes.
   *
   * @default 80
   */
  readonly cpuUtilizationPercent?: number;

  /**
   * What the alarms do.
   *
   * @default - publish to the pool's notification topic
   */
  readonly action?: cloudwatch.IAlarmAction;
}

/** Options for {@link PlatformCluster.addCapacityPool}. */
export interface CapacityPoolOptions {
  /**
   * The instance types, all of one CPU architecture. With more than one type, the Auto Scaling group
   * uses a mixed instances policy (in the order given for on-demand capacity).
   */
  readonly instanceTypes: ec2.InstanceType[];

  /**
   * The operating system image.
   *
   * @default PoolImage.amazonLinux2023()
   */
  readonly image?: PoolImage;

  /**
   * The fewest instances the pool runs. 0 lets managed scaling empty the pool when no task needs it.
   *
   * @default 0
   */
  readonly minInstances?: number;

  /**
   * The most instances managed scaling may run: the pool's cost ceiling.
   *
   * @default 2
   */
  readonly maxInstances?: number;

  /**
   * The utilization ECS managed scaling aims for, in percent of the pool's capacity. 100 packs tasks
   * tightly; a lower value keeps spare instances so new tasks start without waiting for one.
   *
   * @default 100
   */
  readonly targetCapacityPercent?: number;

  /**
   * Declares that the ECS account setting `awsvpcTrunking` is on in the pool's account and region.
   *
   * Turn it on with `aws ecs put-account-setting-default --name awsvpcTrunking --value enabled`:
   * CloudFormation has no resource for ECS account settings, so the library cannot. Instances of types that
   * support ENI trunking then register with a trunk ENI and run many more awsvpc tasks (an m5.large
   * 10 instead of 2), and the library counts that many when it checks that a service's tasks fit.
   * Burstable types (t3, t3a, t4g) do not support trunking. Instances launched before the setting
   * was turned on keep the lower limit until they are replaced.
   *
   * @default false (every task takes one of the instance's ENIs, the instance's own excepted)
   */
  readonly awsvpcTrunking?: boolean;

  /**
   * How long a new instance takes to boot and register, during which managed scaling does not count
   * its metrics.
   *
   * @default Duration.minutes(3)
   */
  readonly instanceWarmup?: Duration;

  /**
   * Run part of the pool on EC2 Spot, with capacity-optimized allocation across the instance types
   * (give two or more) and Spot draining, so ECS moves tasks off an instance before it is reclaimed.
   *
   * @default - on-demand only
   */
  readonly spot?: PoolSpotOptions;

  /**
   * Instances older than this are replaced (after ECS drains them), so every instance comes up on
   * the newest image at least this often, with no deploy.
   *
   * @default Duration.days(7)
   */
  readonly maxInstanceLifetime?: Duration;

  /**
   * The size of the encrypted gp3 root volume (for Bottlerocket: the data volume).
   *
   * @default Size.gibibytes(30), the ECS-optimized Amazon Linux 2023 image's own size
   */
  readonly volumeSize?: Size;

  /**
   * The capacity provider's name: letters, digits, `-` and `_`, not starting with `aws`, `ecs` or
   * `fargate`.
   *
   * @default - `cp-` and a name unique to the construct path (CloudFormation's own would start with
   * the stack name, which ECS refuses when it starts with "aws", "ecs" or "fargate")
   */
  readonly capacityProviderName?: string;

  /**
   * Let operators open a shell on instances with SSM Session Manager (there is never an SSH key).
   *
   * @default true
   */
  readonly sessionManager?: boolean;

  /**
   * Where the Auto Scaling group's launch and terminate notifications go.
   *
   * @default - the cluster's notification topic
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Alarms on CPU utilization and on tasks waiting for capacity the pool cannot add.
   *
   * @default - no alarms
   */
  readonly alarms?: PoolAlarmOptions;
}
