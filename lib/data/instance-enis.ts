/**
 * Elastic network interfaces per instance type, and the task ENIs ECS gives a type with ENI trunking.
 *
 * Every task in awsvpc network mode takes an ENI of the instance it runs on, and the instance's own
 * (primary) ENI counts against the same limit: a t3.micro (2 ENIs) runs one such task, however small.
 *
 * Sources (numbers copied, not derived):
 * - Maximum network interfaces: Amazon EC2 User Guide, "Maximum IP addresses per network interface"
 *   (DescribeInstanceTypes `NetworkInfo.MaximumNetworkInterfaces`), as generated into
 *   aws/amazon-vpc-resource-controller-k8s `pkg/aws/vpc/limits.go` (`Interface`, generated 2026-03-20).
 * - Task ENIs with trunking: Amazon ECS Developer Guide, "Elastic network interface trunking",
 *   "Supported Amazon EC2 instance types" ("Task limit with ENI trunking"), as published in
 *   awsdocs/amazon-ecs-developer-guide `doc_source/container-instance-eni.md` (June 2023). Its
 *   "Task limit without ENI trunking" column equals the EC2 maximum less one for every type below.
 *   Burstable types (t3, t3a, t4g) do not support trunking; m7i, c7i, r7i, g4dn, g6 and g6e came
 *   after that table, so they count without trunking here (an undercount, never an overcount).
 *
 * Format: `size ENIs` or `size ENIs/trunk task ENIs`.
 */
const ENIS: Record<string, string> = {
  t3: 'nano 2 micro 2 small 3 medium 3 large 3 xlarge 4 2xlarge 4',
  t3a: 'nano 2 micro 2 small 2 medium 3 large 3 xlarge 4 2xlarge 4',
  t4g: 'nano 2 micro 2 small 3 medium 3 large 3 xlarge 4 2xlarge 4',
  m5: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  m5a: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  m6a: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/90 12xlarge 8/120 16xlarge 15/120',
  m6i: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/90 12xlarge 8/120 16xlarge 15/120',
  m6g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  m7g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  m7i: 'large 3 xlarge 4 2xlarge 4 4xlarge 8 8xlarge 8 12xlarge 8 16xlarge 15',
  c5: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 9xlarge 8/60 12xlarge 8/60',
  c6i: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/90 12xlarge 8/120 16xlarge 15/120',
  c6g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  c7g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  c7i: 'large 3 xlarge 4 2xlarge 4 4xlarge 8 8xlarge 8 12xlarge 8 16xlarge 15',
  r5: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8 12xlarge 8/60 16xlarge 15/120',
  r6i: 'large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/90 12xlarge 8/120 16xlarge 15/120',
  r6g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  r7g: 'medium 2/4 large 3/10 xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 12xlarge 8/60 16xlarge 15/120',
  r7i: 'large 3 xlarge 4 2xlarge 4 4xlarge 8 8xlarge 8 12xlarge 8 16xlarge 15',
  g4dn: 'xlarge 3 2xlarge 3 4xlarge 3 8xlarge 4 12xlarge 8 16xlarge 4',
  g5: 'xlarge 4/6 2xlarge 4/19 4xlarge 8/40 8xlarge 8/90 12xlarge 15/120 16xlarge 8/120',
  g5g: 'xlarge 4/20 2xlarge 4/40 4xlarge 8/60 8xlarge 8/60 16xlarge 15/120',
  g6: 'xlarge 4 2xlarge 4 4xlarge 8 8xlarge 8 12xlarge 8 16xlarge 15',
  g6e: 'xlarge 4 2xlarge 4 4xlarge 8 8xlarge 8 12xlarge 10 16xlarge 15',
};

/** The network interfaces of an instance type. */
export interface InstanceEnis {
  /** The most ENIs the instance can have attached, its own primary ENI included. */
  readonly maxEnis: number;
  /** The task ENIs ECS gives the type with the awsvpcTrunking account setting, when the type supports trunking. */
  readonly trunkTaskEnis?: number;
}

const TABLE = new Map<string, InstanceEnis>();
for (const [family, row] of Object.entries(ENIS)) {
  const cells = row.split(' ');
  for (let i = 0; i < cells.length; i += 2) {
    const [maxEnis, trunk] = cells[i + 1].split('/').map(Number);
    TABLE.set(`${family}.${cells[i]}`, { maxEnis, trunkTaskEnis: trunk });
  }
}

/** The ENIs of an instance type, or undefined when the library does not know it. */
export function instanceEnis(instanceType: string): InstanceEnis | undefined {
  return TABLE.get(instanceType);
}

/**
 * How many awsvpc tasks an instance of the type can run, counting ENIs only: the trunk's task ENIs
 * when trunking is on and the type supports it, otherwise every ENI but the instance's own.
 */
export function taskEniSlots(instanceType: string, trunking: boolean): { slots: number; trunked: boolean } | undefined {
  const enis = instanceEnis(instanceType);
  if (!enis) return undefined;
  if (trunking && enis.trunkTaskEnis !== undefined) return { slots: enis.trunkTaskEnis, trunked: true };
  return { slots: enis.maxEnis - 1, trunked: false };
}
