/**
 * Fargate's task sizes for Linux: CPU units to the memory values (MiB) allowed with them.
 * Source: Amazon ECS Developer Guide, "Task definition parameters", task size (the Fargate table).
 */
const FARGATE_SIZES: Array<[number, number, number, number]> = [
  // cpu, first memory, last memory, step
  [256, 512, 2048, 0], // 512, 1024, 2048 (special-cased below)
  [512, 1024, 4096, 1024],
  [1024, 2048, 8192, 1024],
  [2048, 4096, 16384, 1024],
  [4096, 8192, 30720, 1024],
  [8192, 16384, 61440, 4096],
  [16384, 32768, 122880, 8192],
];

/** The memory values Fargate allows with a CPU value, or undefined when the CPU value is not one of Fargate's. */
export function fargateMemoryOptions(cpu: number): number[] | undefined {
  const row = FARGATE_SIZES.find(([c]) => c === cpu);
  if (!row) return undefined;
  if (cpu === 256) return [512, 1024, 2048];
  const [, first, last, step] = row;
  const values: number[] = [];
  for (let m = first; m <= last; m += step) values.push(m);
  return values;
}

/** Fargate's CPU values. */
export const FARGATE_CPU_VALUES = FARGATE_SIZES.map(([cpu]) => cpu);

/** Describes a list of memory values compactly: `512, 1024, 2048` or `2048 to 8192 in steps of 1024`. */
export function describeMemoryOptions(cpu: number): string {
  const values = fargateMemoryOptions(cpu)!;
  if (values.length <= 4) return values.join(', ');
  return `${values[0]} to ${values[values.length - 1]} in steps of ${values[1] - values[0]}`;
}

/** vCPUs of the named sizes of the families below (`large` = 2 vCPU and so on). */
const SIZE_VCPUS: Record<string, number> = {
  'medium': 1, 'large': 2, 'xlarge': 4, '2xlarge': 8, '3xlarge': 12, '4xlarge': 16, '8xlarge': 32, '9xlarge': 36, '12xlarge': 48,
  '16xlarge': 64, '18xlarge': 72, '24xlarge': 96, '32xlarge': 128, '48xlarge': 192,
};

/** GiB of memory per vCPU for general purpose (4), compute (2) and memory optimized (8) families, and GPU families (first match wins). */
const FAMILY_GIB_PER_VCPU: Array<[RegExp, number]> = [
  [/^m[5-8][a-z]*$/, 4],
  [/^c[5-8][a-z]*$/, 2],
  [/^r[5-8][a-z]*$/, 8],
  // GPU families differ: g5g (Graviton) has 2 GiB a vCPU, g6e has 8, g4dn, g4ad, g5 and g6 have 4.
  [/^g5g$/, 2],
  [/^g6e$/, 8],
  [/^(g4dn|g4ad|g5|g6)$/, 4],
];

/** Burstable families, whose sizes do not follow the vCPU ratio. */
const BURSTABLE: Record<string, [number, number]> = {
  // size: [vCPU, GiB] for t3, t3a and t4g
  nano: [2, 0.5], micro: [2, 1], small: [2, 2], medium: [2, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32],
};

/** CPU units and memory (MiB) of an instance type, or undefined when the library does not know it. */
export function instanceResources(instanceType: string): { cpu: number; memoryMiB: number } | undefined {
  const [family, size] = instanceType.split('.');
  if (!family || !size) return undefined;
  if (/^t(3a?|4g)$/.test(family)) {
    const entry = BURSTABLE[size];
    return entry ? { cpu: entry[0] * 1024, memoryMiB: entry[1] * 1024 } : undefined;
  }
  const vcpus = SIZE_VCPUS[size];
  const ratio = FAMILY_GIB_PER_VCPU.find(([pattern]) => pattern.test(family))?.[1];
  if (vcpus === undefined || ratio === undefined) return undefined;
  return { cpu: vcpus * 1024, memoryMiB: vcpus * ratio * 1024 };
}

/**
 * The memory an instance registers with ECS: less than installed, because of the kernel and the
 * agent. AWS's example: an m4.large has 8192 MiB and registers 7985 (97.5%); 97% is used here.
 */
export function registeredMemoryMiB(installedMiB: number): number {
  return Math.floor(installedMiB * 0.97);
}
