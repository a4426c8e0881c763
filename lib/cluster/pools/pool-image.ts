import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * The operating system image of an EC2 capacity pool.
 *
 * Every choice reads AWS's public SSM parameter for the newest image when an instance launches (not
 * when the stack deploys), so each instance the pool replaces comes up on the newest image with no
 * deploy and no manual work. The CPU architecture comes from the pool's instance types.
 */
export class PoolImage {
  /** The ECS-optimized Amazon Linux 2023 image (x86_64 or arm64). */
  public static amazonLinux2023(): PoolImage {
    return new PoolImage('amazonLinux2023', 30);
  }

  /** The ECS-optimized Amazon Linux 2023 image with NVIDIA drivers, for GPU instances (x86_64). */
  public static amazonLinux2023Gpu(): PoolImage {
    return new PoolImage('amazonLinux2023Gpu', 30);
  }

  /**
   * Bottlerocket for ECS (the `aws-ecs-2` variant): a minimal, image-based OS that updates itself
   * by replacing its root. Its user data is TOML, and aws-cdk-lib attaches the AWS managed policies
   * its ECS and SSM agents use.
   */
  public static bottlerocket(): PoolImage {
    return new PoolImage('bottlerocket', 20);
  }

  /** `amazonLinux2023`, `amazonLinux2023Gpu` or `bottlerocket`. */
  public readonly family: string;
  /** The smallest root (or, for Bottlerocket, data) volume the image accepts, in GiB. */
  public readonly minimumVolumeGiB: number;

  private constructor(family: string, minimumVolumeGiB: number) {
    this.family = family;
    this.minimumVolumeGiB = minimumVolumeGiB;
  }

  /** The public SSM parameter that names the newest image for an architecture. */
  public parameterName(architecture: ec2.InstanceArchitecture): string {
    const arm = architecture === ec2.InstanceArchitecture.ARM_64;
    switch (this.family) {
      case 'amazonLinux2023Gpu':
        return '/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id';
      case 'bottlerocket':
        return `/aws/service/bottlerocket/aws-ecs-2/${arm ? 'arm64' : 'x86_64'}/latest/image_id`;
      default:
        return `/aws/service/ecs/optimized-ami/amazon-linux-2023/${arm ? 'arm64/' : ''}recommended/image_id`;
    }
  }

  /** How aws-cdk-lib writes the instance's ECS configuration (bash for Amazon Linux, TOML for Bottlerocket). */
  public get machineImageType(): ecs.MachineImageType {
    return this.family === 'bottlerocket' ? ecs.MachineImageType.BOTTLEROCKET : ecs.MachineImageType.AMAZON_LINUX_2;
  }
}
