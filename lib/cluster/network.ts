import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Options for a VPC the library creates. */
export interface NetworkOptions {
  /**
   * How many Availability Zones the VPC spans (at least two, so the load balancer and the Auto
   * Scaling groups survive the loss of one).
   *
   * @default 2
   */
  readonly maxAzs?: number;
}

/** Options for {@link Network.lowCost}. */
export interface LowCostNetworkOptions extends NetworkOptions {
  /**
   * The NAT instance's type. Its CPU architecture picks its Amazon Linux 2023 image.
   *
   * @default t4g.nano (Graviton, about 3 USD a month, with standard CPU credits so it cannot run up
   * a surplus-credit bill)
   */
  readonly natInstanceType?: ec2.InstanceType;

  /**
   * The NAT instance's image. The default is read when the instance launches, not at each deploy, so
   * no routine deploy replaces the instance (and cuts the tasks' egress while it is swapped). To move
   * it to a newer image on purpose, name one here (`ec2.MachineImage.genericLinux({ 'us-east-1':
   * 'ami-...' })`): the next deploy replaces the instance, with about a minute without egress.
   *
   * @default - the newest Amazon Linux 2023 for the instance type's architecture, from AWS's public
   * SSM parameter at launch (`resolve:ssm:`), kept until the instance is replaced
   */
  readonly natImage?: ec2.IMachineImage;
}

/** Options for {@link Network.fromVpc}. */
export interface ExistingNetworkOptions {
  /**
   * Where tasks and instances run: subnets with no public IP on launch.
   *
   * @default - the VPC's private subnets (with egress), or its isolated subnets if it has none
   */
  readonly workloadSubnets?: ec2.SubnetSelection;
}

/**
 * Where the cluster's tasks and instances run: a VPC the library creates from a profile, or yours.
 *
 * In every profile tasks and instances run in private subnets and get no public IP; only load
 * balancers (and the NAT instance of the low-cost profile) live in public subnets. Every VPC the
 * library creates has flow logs and an S3 gateway endpoint (free, and image layers from ECR come from
 * S3 without crossing a NAT). Monthly costs below are us-east-1 list prices, 2 AZs, before traffic.
 */
export class Network {
  /**
   * One NAT instance (t4g.nano by default) for the whole VPC: about 7 USD a month with its public
   * IPv4 address, instead of 66 USD for two NAT gateways. If its Availability Zone fails, private
   * subnets lose internet access until it is back; choose `highlyAvailable()` when that matters.
   */
  public static lowCost(options: LowCostNetworkOptions = {}): Network {
    return new Network('lowCost', { maxAzs: options.maxAzs, natInstanceType: options.natInstanceType, natImage: options.natImage });
  }

  /**
   * A NAT gateway in every Availability Zone: about 33 USD a month each plus 0.045 USD per GB
   * processed, and no single point of failure.
   */
  public static highlyAvailable(options: NetworkOptions = {}): Network {
    return new Network('highlyAvailable', { maxAzs: options.maxAzs });
  }

  /**
   * No NAT at all: private subnets without a route to the internet, and interface endpoints for
   * what ECS needs (ECR api and dkr, CloudWatch Logs; ecs, ecs-agent and ecs-telemetry once an EC2
   * pool is added; ssm, ssmmessages and ec2messages for Session Manager and ECS Exec, and kms when the
   * cluster's ECS Exec encrypts sessions with the platform key; Secrets Manager when a workload reads
   * a secret). Each interface endpoint costs about 7.30 USD a month per
   * Availability Zone, so this is the most expensive profile for a small platform; choose it when
   * tasks must not reach the internet.
   */
  public static vpcEndpoints(options: NetworkOptions = {}): Network {
    return new Network('vpcEndpoints', { maxAzs: options.maxAzs });
  }

  /**
   * An existing VPC. The library adds nothing to it: flow logs and endpoints are yours to manage.
   */
  public static fromVpc(vpc: ec2.IVpc, options: ExistingNetworkOptions = {}): Network {
    return new Network('existing', { vpc, workloadSubnets: options.workloadSubnets });
  }

  /** The profile: `lowCost`, `highlyAvailable`, `vpcEndpoints` or `existing`. */
  public readonly profile: string;
  /** The number of Availability Zones, for a VPC the library creates. */
  public readonly maxAzs?: number;
  /** The NAT instance type, for the low-cost profile. */
  public readonly natInstanceType?: ec2.InstanceType;
  /** The NAT instance's image, for the low-cost profile, when one was given. */
  public readonly natImage?: ec2.IMachineImage;
  /** The existing VPC, for `fromVpc`. */
  public readonly vpc?: ec2.IVpc;
  /** The subnets workloads run in, for `fromVpc`. */
  public readonly workloadSubnets?: ec2.SubnetSelection;

  private constructor(profile: string, settings: {
    maxAzs?: number; natInstanceType?: ec2.InstanceType; natImage?: ec2.IMachineImage; vpc?: ec2.IVpc; workloadSubnets?: ec2.SubnetSelection;
  }) {
    this.profile = profile;
    this.maxAzs = settings.maxAzs;
    this.natInstanceType = settings.natInstanceType;
    this.natImage = settings.natImage;
    this.vpc = settings.vpc;
    this.workloadSubnets = settings.workloadSubnets;
  }
}
