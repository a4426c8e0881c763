import { Annotations, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct, IConstruct } from 'constructs';
import { fail, Problems } from '../../core/errors';
import { sharedValue } from '../../core/shared-values';
import { instanceFit, InstanceFit } from '../../data/instance-fit';
import { registeredMemoryMiB } from '../../data/sizes';
import { TaskNetworking } from '../task-networking';
import { Capacity, CapacityServiceProps } from './capacity';
import { PoolRoom } from './pool-capacity';

/**
 * What a Managed Instances placement reads of a ManagedInstancesPool (named by its members, so that this
 * file imports no construct file).
 */
export interface ManagedInstancesLimits extends IConstruct {
  readonly cluster: IConstruct;
  readonly architecture: ecs.CpuArchitecture;
  readonly capacityProviderName: string;
  /** The allowed instance types, as given (exact types and patterns); empty when any type may be launched. */
  readonly allowedTypes: string[];
  /** The most vCPUs an instance may have, when bounded. */
  readonly maxVcpus?: number;
  /** The most memory (MiB) an instance may have, when bounded. */
  readonly maxMemoryMiB?: number;
}

/**
 * ECS Managed Instances: EC2 instances that ECS launches, patches, replaces and packs, picked from the
 * pool's instance requirements. Tasks run in awsvpc mode (a trunk ENI on the types that support it); no
 * instance ceiling is written in the template, so no task count is refused, only a task that fits no
 * instance the requirements allow.
 */
export class ManagedInstancesCapacity extends Capacity {
  public readonly kind: string = 'managedInstances';
  public readonly onFargate = false;
  public readonly maxStopTimeout = undefined;

  /** `networking`: as asked for (bridge is refused by `check`). */
  constructor(private readonly pool: ManagedInstancesLimits, private readonly networking: TaskNetworking) {
    super();
  }

  public strategies(consumer?: IConstruct): ecs.CapacityProviderStrategy[] {
    const name = this.pool.capacityProviderName;
    return [{ capacityProvider: consumer ? sharedValue(consumer, this.pool, 'CapacityProviderName', name) : name, weight: 1 }];
  }

  /** ECS Managed Instances runs awsvpc and host tasks, not bridge ones. */
  public check(scope: IConstruct, prop: string, problems: Problems): void {
    if (this.networking.isBridge) {
      problems.add(scope, `${prop} Placement.managedInstances networking`, 'TaskNetworking.bridge()',
        'is a network mode ECS Managed Instances does not run (it runs awsvpc and host tasks: ' +
        'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-networking.html)',
        'TaskNetworking.awsvpc() (the default) on Managed Instances, or bridge networking on a pool: Placement.ec2(pool, { networking: TaskNetworking.bridge() })');
    }
  }

  public checkClusterDefault(scope: IConstruct): void {
    fail(scope, 'defaultPlacement', 'Placement.managedInstances(...)', 'names a Managed Instances pool, which does not exist before the cluster',
      'Placement.fargate() or Placement.fargateSpot(...); give Managed Instances placements to each workload');
  }

  public checkCluster(scope: IConstruct, cluster: IConstruct): void {
    const pool = this.pool;
    if (pool.cluster !== cluster) {
      fail(scope, 'placement', `Placement.managedInstances(${pool.node.path})`, `names a Managed Instances pool of another cluster (${pool.cluster.node.path})`,
        `a pool of this workload's cluster (${cluster.node.path}), whose capacity providers are associated with it`);
    }
  }

  /** The pool's architecture, which a requested one must match. */
  public architecture(scope: IConstruct, requested: ecs.CpuArchitecture | undefined): ecs.CpuArchitecture {
    const own = this.pool.architecture;
    if (requested && requested !== own) {
      fail(scope, 'architecture', architectureName(requested),
        `does not match Managed Instances pool ${this.pool.node.path} (${architectureName(own)}); the container would fail with "exec format error"`,
        `${architectureName(own)} on this pool, or a Managed Instances pool with architecture ${architectureName(requested)}`);
    }
    return own;
  }

  public taskDefinition(architecture: ecs.CpuArchitecture): { compatibility: ecs.Compatibility; runtimePlatform?: ecs.RuntimePlatform } {
    // ECS picks the instance for the task's runtime platform.
    return {
      compatibility: ecs.Compatibility.MANAGED_INSTANCES,
      runtimePlatform: { cpuArchitecture: architecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    };
  }

  /** The task must fit an instance the requirements allow. */
  public checkTaskSize(scope: IConstruct, cpu: number, memoryMiB: number, proxy: boolean): void {
    if (!Number.isInteger(cpu) || cpu < 128) fail(scope, 'cpu', cpu, 'is too small for a task', 'a whole number of CPU units, 128 or more');
    if (!Number.isInteger(memoryMiB) || memoryMiB < 128) fail(scope, 'memoryMiB', memoryMiB, 'is too small for a task', 'a whole number of MiB, 128 or more');
    checkTaskFitsManagedInstances(scope, this.pool, cpu, memoryMiB, proxy);
  }

  public checkCount(): void {
    // No instance ceiling: ECS launches as many instances as the tasks need.
  }

  public recordService(): void {
    // ECS packs the instances itself; nothing to check across services.
  }

  public room(): PoolRoom | undefined {
    return undefined;
  }

  public createService(scope: Construct, id: string, props: CapacityServiceProps): ecs.BaseService {
    // aws-cdk-lib's service for awsvpc tasks without a launch type: the strategy names the provider.
    return new ecs.FargateService(scope, id, { ...props, assignPublicIp: false });
  }

  public scheduleTarget(cluster: ecs.ICluster, props: targets.EcsRunTaskBaseProps): scheduler.IScheduleTarget {
    // EcsRunFargateTask refuses a task definition that is not Fargate's; this one sends the strategy, no launch type.
    return new targets.EcsRunEc2Task(cluster, props);
  }
}

/**
 * Refuses a task that fits no instance the pool may launch (it would wait in PROVISIONING forever):
 * the largest allowed type when every allowed type is one the library knows, and the maxVcpus and
 * maxMemory bounds. Warns about allowed types (or patterns) whose size the library does not know.
 */
export function checkTaskFitsManagedInstances(scope: IConstruct, pool: ManagedInstancesLimits, cpu: number, memoryMiB: number, proxy: boolean): void {
  const size = `${cpu} CPU units, ${memoryMiB} MiB${proxy ? ' (the Service Connect proxy\'s share included)' : ''}`;
  const path = pool.node.path;
  if (pool.maxVcpus !== undefined && !Token.isUnresolved(pool.maxVcpus) && cpu > pool.maxVcpus * 1024) {
    fail(scope, 'cpu', size, `is more than any instance of Managed Instances pool ${path} has: maxVcpus ${pool.maxVcpus} is ${pool.maxVcpus * 1024} CPU units; ` +
      'a task that fits no instance waits in PROVISIONING forever', `at most ${pool.maxVcpus * 1024} CPU units on this pool, or a higher maxVcpus`);
  }
  if (pool.maxMemoryMiB !== undefined && !Token.isUnresolved(pool.maxMemoryMiB) && memoryMiB > registeredMemoryMiB(pool.maxMemoryMiB)) {
    const registered = registeredMemoryMiB(pool.maxMemoryMiB);
    fail(scope, 'memoryMiB', size, `is more than any instance of Managed Instances pool ${path} offers tasks: maxMemory ${pool.maxMemoryMiB} MiB registers ` +
      `about ${registered} MiB (ECS and the kernel keep about 3 %); a task that fits no instance waits in PROVISIONING forever`,
    `at most ${registered} MiB on this pool, or a higher maxMemory`);
  }
  if (pool.allowedTypes.length === 0) return;
  const fits: InstanceFit[] = [];
  const unknown: string[] = [];
  for (const type of pool.allowedTypes) {
    const fit = type.includes('*') ? undefined : instanceFit(type, { cpu, memoryMiB, enis: 0, distinctInstance: false }, false);
    if (fit) fits.push(fit);
    else unknown.push(type);
  }
  if (unknown.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-ecs-platform:unknownInstanceType',
      `cannot check that the task (${cpu} CPU units, ${memoryMiB} MiB) fits instance types ${unknown.join(', ')} of Managed Instances pool ${path}: ` +
      'the library does not know their size (or they are patterns)');
    return;
  }
  if (fits.some(fit => fit.tasks > 0)) return;
  const largest = fits.reduce((a, b) => (b.offer.memoryMiB * b.offer.cpu > a.offer.memoryMiB * a.offer.cpu ? b : a));
  fail(scope, 'cpu and memoryMiB', size,
    `fit no instance type Managed Instances pool ${path} may launch (allowedInstanceTypes ${pool.allowedTypes.join(', ')}; the largest, ` +
    `${largest.instanceType}, registers ${largest.offer.cpu} CPU units and about ${largest.offer.memoryMiB} MiB); a task that fits no instance waits in PROVISIONING forever`,
    `at most ${largest.offer.cpu} CPU units and ${largest.offer.memoryMiB} MiB on this pool, or larger allowedInstanceTypes`);
}

function architectureName(architecture: ecs.CpuArchitecture): string {
  return architecture === ecs.CpuArchitecture.ARM64 ? 'ARM64' : 'X86_64';
}
