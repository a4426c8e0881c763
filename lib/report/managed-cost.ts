import { instanceFit, instanceOffer, InstanceOffer, instancesNeeded, TaskNeed } from '../data/instance-fit';
import { instanceResources } from '../data/sizes';
import { ResourceRef } from './app-model';
import { arr, get, num, str } from './json';
import { ec2HourlyPrice, PRICES } from './prices';

/** One task placed on a Managed Instances provider (`enis`: 1 for an awsvpc task). */
export type ManagedTask = TaskNeed;

type Add = (ref: ResourceRef, item: string, amount: number, basis: string) => void;
type Note = (ref: ResourceRef, text: string) => void;

const H = PRICES.hoursPerMonth;

/**
 * An ECS Managed Instances capacity provider: the instances its tasks need, of the cheapest type in the
 * price table that its instance requirements allow and that fits its largest task, at the EC2 price
 * (Spot at the Spot fraction) plus the management charge, with detailed monitoring and the task volume.
 * ECS may pick other types (a larger one packs more tasks): the basis names the type and the arithmetic.
 */
export function priceManagedInstances(provider: ResourceRef, tasks: ManagedTask[], add: Add, note: Note): void {
  const template = get(provider.props, 'ManagedInstancesProvider', 'InstanceLaunchTemplate');
  const name = `Managed Instances ${provider.id}`;
  // ECS launches instances for the tasks placed on the provider only.
  if (tasks.length === 0) return;
  const largest = { cpu: Math.max(...tasks.map(t => t.cpu)), memoryMiB: Math.max(...tasks.map(t => t.memoryMiB)) };
  const chosen = cheapestFleet(get(template, 'InstanceRequirements'), tasks, largest);
  if (!chosen) {
    note(provider, `${name}: no type of the price table matches its instance requirements and fits its largest task ` +
      `(${largest.cpu} CPU units, ${largest.memoryMiB} MiB); its ${tasks.length} task(s) are not priced`);
    return;
  }
  const { offer, price, instances, figures } = chosen;
  const spot = str(get(template, 'CapacityOptionType')) === 'SPOT';
  const from = `${instances} instance(s) of ${offer.instanceType}, the type of the price table the requirements allow that holds the ` +
    `${tasks.length} task(s) placed at the lowest price (${figures})`;
  const ec2 = instances * H * price * (spot ? PRICES.spotFraction : 1);
  add(provider, `EC2 ${offer.instanceType} x ${instances}${spot ? ' Spot' : ' on-demand'} (${name})`, ec2,
    `${from}; ${instances} x ${H} h x ${price}${spot ? ` x ${PRICES.spotFraction} Spot` : ''}`);
  const fraction = PRICES.managedInstancesFraction;
  add(provider, `management of ${instances} Managed Instance(s) (${provider.id})`, instances * H * price * fraction,
    `${instances} x ${H} h x ${price} x ${fraction} (the management charge, assumed at ${fraction * 100} % of the on-demand price${spot ? ', Spot included' : ''})`);
  const volume = num(get(template, 'StorageConfiguration', 'StorageSizeGiB')) ?? PRICES.managedInstancesVolumeGiB;
  add(provider, `EBS ${volume} GiB task volume x ${instances} (${name})`, instances * volume * PRICES.ebsGbMonth.gp3,
    `${instances} x ${volume} GiB x ${PRICES.ebsGbMonth.gp3} (gp3 assumed)`);
  if (str(get(template, 'Monitoring')) === 'DETAILED') {
    add(provider, `detailed monitoring x ${instances} (${name})`, instances * PRICES.detailedMonitoringMetrics * PRICES.customMetricMonth,
      `${instances} x ${PRICES.detailedMonitoringMetrics} metrics x ${PRICES.customMetricMonth}`);
  }
}

interface Fleet {
  readonly offer: InstanceOffer;
  readonly price: number;
  readonly instances: number;
  /** The arithmetic, for the basis. */
  readonly figures: string;
}

/**
 * Of the priced types the requirements allow that run the largest task, the one whose instances hold all
 * the tasks for the least (ECS picks cost-optimized types too); undefined when none is priced.
 */
function cheapestFleet(requirements: unknown, tasks: ManagedTask[], largest: { cpu: number; memoryMiB: number }): Fleet | undefined {
  const allowed = arr(get(requirements, 'AllowedInstanceTypes')).map(str).filter((t): t is string => t !== undefined);
  const candidates = allowed.length > 0 ? allowed.filter(t => !t.includes('*')) : Object.keys(PRICES.ec2Hour);
  let best: Fleet | undefined;
  for (const type of candidates) {
    const price = ec2HourlyPrice(type);
    const offer = instanceOffer(type, true);
    if (price === undefined || !offer || !matches(type, requirements)) continue;
    if ((instanceFit(type, { ...largest, enis: 0, distinctInstance: false }, true)?.tasks ?? 0) === 0) continue;
    const fleet = sized(offer, price, tasks);
    if (!best || fleet.instances * fleet.price < best.instances * best.price) best = fleet;
  }
  return best;
}

/** The instances of a type the tasks need: the most of by CPU, by memory and by task ENIs (trunked where the type supports it). */
function sized(offer: InstanceOffer, price: number, tasks: ManagedTask[]): Fleet {
  const { cpu, memoryMiB: memory, taskEnis, byCpu, byMemory, byEni } = instancesNeeded(offer, tasks);
  const slots = offer.taskEnis;
  const enis = slots === undefined ? `ENIs of ${offer.instanceType} unknown` :
    `ENIs ${taskEnis}/${slots} task ENI(s) per instance${offer.trunked ? ' with trunking' : ' (no trunking on this type)'} = ${byEni}`;
  return {
    offer, price, instances: Math.max(1, byCpu, byMemory, byEni),
    figures: `CPU ${cpu}/${offer.cpu} = ${byCpu}, memory ${memory}/${offer.memoryMiB} MiB = ${byMemory}, ${enis}`,
  };
}

/** True when the type meets the requirements the price table can tell: vCPU and memory ranges, CPU maker, burstable, accelerators, exclusions. */
function matches(type: string, requirements: unknown): boolean {
  const resources = instanceResources(type)!;
  const vcpus = resources.cpu / 1024;
  const inRange = (value: number, range: unknown) => value >= (num(get(range, 'Min')) ?? 0) && value <= (num(get(range, 'Max')) ?? Infinity);
  if (!inRange(vcpus, get(requirements, 'VCpuCount')) || !inRange(resources.memoryMiB, get(requirements, 'MemoryMiB'))) return false;
  const family = type.split('.')[0];
  const maker = /^[a-z]+\d+g/.test(family) ? 'amazon-web-services' : /^[a-z]+\d+a/.test(family) ? 'amd' : 'intel';
  const makers = arr(get(requirements, 'CpuManufacturers'));
  if (makers.length > 0 && !makers.includes(maker)) return false;
  const burstable = /^t\d/.test(family);
  const burst = str(get(requirements, 'BurstablePerformance')) ?? 'excluded';
  if ((burst === 'excluded' && burstable) || (burst === 'required' && !burstable)) return false;
  const accelerated = /^(g|p|inf|trn)\d/.test(family);
  const accelerators = get(requirements, 'AcceleratorCount');
  if (accelerated && num(get(accelerators, 'Max')) === 0) return false;
  if (!accelerated && (num(get(accelerators, 'Min')) ?? 0) > 0) return false;
  const excluded = arr(get(requirements, 'ExcludedInstanceTypes')).map(str).filter((p): p is string => p !== undefined);
  return !excluded.some(pattern => new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(type));
}
