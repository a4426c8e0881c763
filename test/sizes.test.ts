import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Placement, PlatformCluster, WorkerService } from '../lib';
import { instanceResources } from '../lib/data/sizes';
import { testStack } from './util';

describe('instance sizes the library knows', () => {
  test.each([
    ['t3.micro', 2048, 1024],
    ['m7g.large', 2048, 8192],
    ['c6i.xlarge', 4096, 8192],
    ['r7i.large', 2048, 16384],
    ['g4dn.xlarge', 4096, 16384],
    ['g5.2xlarge', 8192, 32768],
    ['g5g.xlarge', 4096, 8192],
    ['g6.xlarge', 4096, 16384],
    ['g6e.xlarge', 4096, 32768],
  ])('%s: %d CPU units, %d MiB', (type, cpu, memoryMiB) => {
    expect(instanceResources(type)).toEqual({ cpu, memoryMiB });
  });

  test('families whose ratio the library does not know are unknown, not guessed', () => {
    expect(instanceResources('g6f.large')).toBeUndefined();
    expect(instanceResources('x2idn.large')).toBeUndefined();
    expect(instanceResources('m7i-flex.large')).toBeUndefined();
  });

  test('a 12 GiB task does not fit a g5g.xlarge pool (8 GiB), and 7 GiB does', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Graviton', { instanceTypes: [new ec2.InstanceType('g5g.xlarge')] });
    const repository = new ImageRepository(stack, 'Repo');
    expect(() => new WorkerService(stack, 'Big', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 12288 }))
      .toThrow(/Stack\/Big: cpu and memoryMiB "1024 CPU units, 12288 MiB" do not fit instance type g5g.xlarge of pool Stack\/Cluster\/Graviton, which registers 4096 CPU units and about 7946 MiB/);
    new WorkerService(stack, 'Fits', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), cpu: 1024, memoryMiB: 7168 });
  });
});
