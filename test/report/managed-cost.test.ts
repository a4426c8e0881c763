import { costLines, reportOf, webService } from './assembly-fixture';

/** A Managed Instances capacity provider with the given requirements and launch options. */
const provider = (requirements: Record<string, unknown>, launch: Record<string, unknown> = {}) => ({
  Type: 'AWS::ECS::CapacityProvider',
  Properties: {
    ManagedInstancesProvider: {
      InfrastructureRoleArn: 'arn:aws:iam::111111111111:role/infra',
      InstanceLaunchTemplate: {
        Ec2InstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/ecsInstanceRole',
        NetworkConfiguration: { Subnets: ['subnet-1'] },
        InstanceRequirements: requirements,
        ...launch,
      },
    },
  },
});

/** `count` awsvpc tasks of cpu/memory on a Managed Instances provider. */
function onManaged(count: number, cpu: string, memory: string, requirements: Record<string, unknown>, launch: Record<string, unknown> = {}) {
  const resources = {
    ...webService({ desiredCount: count, strategy: [{ CapacityProvider: { Ref: 'Managed' }, Weight: 1 }], cpu, memory }),
    Managed: provider(requirements, launch),
  } as any;
  resources.Task.Properties.NetworkMode = 'awsvpc';
  resources.Task.Properties.RequiresCompatibilities = ['MANAGED_INSTANCES'];
  return reportOf(resources);
}

const general = { VCpuCount: { Min: 2, Max: 4 }, MemoryMiB: { Min: 4096, Max: 16384 }, CpuManufacturers: ['intel', 'amd'], AcceleratorCount: { Max: 0 } };
const basis = (report: ReturnType<typeof reportOf>, item: RegExp) => report.stacks[0].cost.find(l => item.test(l.item))?.basis;

describe('the report prices ECS Managed Instances', () => {
  test('the type that holds the tasks for the least, its management charge, task volume and monitoring', () => {
    // 2 x 1024/2048: one m6a.large (2 vCPU, 8 GiB, 0.0864) holds both; two c5.large (0.085 each) would be needed.
    const report = onManaged(2, '1024', '2048', general, { Monitoring: 'DETAILED' });
    expect(costLines(report)).toEqual({
      'EC2 m6a.large x 1 on-demand (Managed Instances Managed)': 63.07,
      'management of 1 Managed Instance(s) (Managed)': 7.57,
      'EBS 80 GiB task volume x 1 (Managed Instances Managed)': 6.4,
      'detailed monitoring x 1 (Managed Instances Managed)': 2.1,
    });
    expect(basis(report, /^EC2/)).toBe('1 instance(s) of m6a.large, the type of the price table the requirements allow that holds the 2 task(s) placed ' +
      'at the lowest price (CPU 2048/2048 = 1, memory 4096/7946 MiB = 1, ENIs 2/10 task ENI(s) per instance with trunking = 1); 1 x 730 h x 0.0864');
    expect(basis(report, /^management/)).toBe('1 x 730 h x 0.0864 x 0.12 (the management charge, assumed at 12 % of the on-demand price)');
    expect(report.stacks[0].notPriced).toEqual([]);
  });

  test('Spot at the Spot fraction, the management charge at the on-demand price; the task volume as given', () => {
    const report = onManaged(1, '4096', '49152', { VCpuCount: { Min: 8 }, MemoryMiB: { Min: 65536 }, AllowedInstanceTypes: ['r7i.2xlarge', 'r6i.2xlarge'] },
      { CapacityOptionType: 'SPOT', StorageConfiguration: { StorageSizeGiB: 120 } });
    expect(costLines(report)).toEqual({
      'EC2 r6i.2xlarge x 1 Spot (Managed Instances Managed)': 110.38,
      'management of 1 Managed Instance(s) (Managed)': 44.15,
      'EBS 120 GiB task volume x 1 (Managed Instances Managed)': 9.6,
    });
    expect(basis(report, /^EC2/)).toMatch(/; 1 x 730 h x 0\.504 x 0\.3 Spot$/);
    expect(basis(report, /^management/)).toMatch(/Spot included\)$/);
  });

  test('sizes the instance count from the tasks placed: by memory here', () => {
    // 6 x 1024/6144 on r-types only (Intel, 2 vCPU, 16 GiB: 15892 MiB registered): 2 tasks an instance by memory, 3 instances.
    const report = onManaged(6, '1024', '6144', { VCpuCount: { Min: 2, Max: 2 }, MemoryMiB: { Min: 16384, Max: 16384 }, CpuManufacturers: ['intel'] });
    expect(Object.keys(costLines(report))).toContain('EC2 r5.large x 3 on-demand (Managed Instances Managed)');
    expect(basis(report, /^EC2/)).toMatch(/memory 36864\/15892 MiB = 3/);
  });

  test('the requirements exclude types: Graviton makers, burstable and accelerated types, patterns', () => {
    const graviton = onManaged(1, '1024', '2048', { ...general, CpuManufacturers: ['amazon-web-services'] });
    expect(Object.keys(costLines(graviton))[0]).toMatch(/^EC2 (m6g|m7g|c6g|c7g|r6g|r7g)\./);
    const noAmd = onManaged(1, '1024', '2048', { ...general, ExcludedInstanceTypes: ['m6a.*', 'c5*', 'c6i.*', 'c7i.*'] });
    expect(Object.keys(costLines(noAmd))[0]).toBe('EC2 m5.large x 1 on-demand (Managed Instances Managed)');
    const gpu = onManaged(1, '2048', '8192', { VCpuCount: { Min: 4 }, MemoryMiB: { Min: 8192 }, AcceleratorCount: { Min: 1 }, AcceleratorTypes: ['gpu'] });
    expect(Object.keys(costLines(gpu))[0]).toBe('EC2 g4dn.xlarge x 1 on-demand (Managed Instances Managed)');
  });

  test('no task placed: no instance, nothing to price', () => {
    const report = reportOf({ Managed: provider(general) });
    expect(costLines(report)).toEqual({});
    expect(report.stacks[0].notPriced).toEqual([]);
  });

  test('a task no priced type holds is named as not priced', () => {
    const report = onManaged(1, '16384', '65536', general);
    expect(Object.keys(costLines(report)).filter(k => k.includes('Managed'))).toEqual([]);
    expect(report.stacks[0].notPriced.join('\n')).toMatch(/Managed Instances Managed: no type of the price table matches its instance requirements and fits its largest task \(16384 CPU units, 65536 MiB\)/);
  });
});
