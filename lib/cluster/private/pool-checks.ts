import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { fail } from '../../core/errors';
import type { CapacityPoolOptions } from '../pools/capacity-pool-options';

const GPU_FAMILY = /^(g|p)\d/;

/** One architecture per pool, GPU images on GPU instances; returns the architecture. */
export function validateInstanceTypes(scope: Construct, props: CapacityPoolOptions): ec2.InstanceArchitecture {
  const types = props.instanceTypes;
  if (types.length === 0) {
    fail(scope, 'instanceTypes', [], 'is empty', 'one or more instance types of one CPU architecture');
  }
  const architectures = new Set(types.map(t => t.architecture));
  if (architectures.size > 1) {
    fail(scope, 'instanceTypes', types.map(t => `${t} (${t.architecture})`), 'mixes CPU architectures',
      'instance types of one architecture per pool (tasks built for the other would fail with "exec format error"); add a second pool for the other');
  }
  const architecture = types[0].architecture;
  if (props.image?.family === 'amazonLinux2023Gpu') {
    if (architecture !== ec2.InstanceArchitecture.X86_64) {
      fail(scope, 'image', 'PoolImage.amazonLinux2023Gpu()', `has no ${architecture} variant`, 'x86_64 GPU instance types (g4dn, g5, g6, p4d, p5 ...)');
    }
    const notGpu = types.filter(t => !GPU_FAMILY.test(t.toString()));
    if (notGpu.length > 0) {
      fail(scope, 'instanceTypes', notGpu.map(t => t.toString()), 'have no GPU for the GPU image', 'GPU instance types (g4dn, g5, g6, p4d, p5 ...)');
    }
  }
  return architecture;
}

const PROVIDER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export function validateCapacityProviderName(scope: Construct, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!PROVIDER_NAME.test(name) || /^(aws|ecs|fargate)/i.test(name)) {
    fail(scope, 'capacityProviderName', name, 'is not a valid capacity provider name',
      '1 to 255 letters, digits, "-" and "_", not starting with "aws", "ecs" or "fargate"');
  }
}

export function blockDevices(bottlerocket: boolean, volumeGiB: number): ec2.BlockDevice[] {
  const encryptedGp3 = (size: number) =>
    ec2.BlockDeviceVolume.ebs(size, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true });
  // Bottlerocket boots from a small OS volume and keeps images and containers on a second one.
  return bottlerocket
    ? [{ deviceName: '/dev/xvda', volume: encryptedGp3(4) }, { deviceName: '/dev/xvdb', volume: encryptedGp3(volumeGiB) }]
    : [{ deviceName: '/dev/xvda', volume: encryptedGp3(volumeGiB) }];
}
