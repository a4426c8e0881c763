import { instanceOffer, InstanceOffer, instancesNeeded, TaskNeed } from '../data/instance-fit';
import { AppModel, ResourceRef, sameResource } from './app-model';
import { arr, get, isTrue, num, obj, str } from './json';
import { ManagedTask, priceManagedInstances } from './managed-cost';
import { ec2HourlyPrice, PRICES } from './prices';
import { analyzeServices, ServiceInfo, taskSize } from './services';

/** One line of a monthly bill: what, how much, and how it was priced. */
export interface CostLine {
  /** The stack that holds the resource. */
  readonly stackId: string;
  readonly item: string;
  readonly usd: number;
  /** The arithmetic: quantities, hours and unit prices. */
  readonly basis: string;
}

/** What the cost model found: priced lines, and what it could not price. */
export interface CostEstimate {
  readonly lines: CostLine[];
  readonly notes: Array<{ readonly stackId: string; readonly note: string }>;
}

const H = PRICES.hoursPerMonth;

/** Resource types that bill by the hour or month and that the price table does not cover: named in the report. */
const NOT_PRICED = [
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::ServerlessCache', 'AWS::OpenSearchService::Domain', 'AWS::EKS::Cluster', 'AWS::MSK::Cluster', 'AWS::Redshift::Cluster',
  'AWS::EC2::TransitGateway', 'AWS::EC2::ClientVpnEndpoint', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster',
  'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::NetworkFirewall::Firewall', 'AWS::WAFv2::WebACL', 'AWS::DynamoDB::Table',
];

/** Prices what each stack of the app costs to keep running for a month, before traffic. */
export function estimateCost(app: AppModel): CostEstimate {
  const lines: CostLine[] = [];
  const notes: CostEstimate['notes'] = [];
  const add = (ref: ResourceRef, item: string, amount: number, basis: string) => {
    if (amount > 0) lines.push({ stackId: ref.stack.id, item, usd: amount, basis });
  };
  const note = (ref: ResourceRef, text: string) => notes.push({ stackId: ref.stack.id, note: text });
  const ipv4 = PRICES.publicIpv4Hour;

  for (const r of app.ofType('AWS::EC2::NatGateway')) add(r, `NAT gateway ${r.id}`, H * PRICES.natGatewayHour, `${H} h x ${PRICES.natGatewayHour}`);
  for (const r of app.ofType('AWS::EC2::EIP')) add(r, `Elastic IP ${r.id}`, H * ipv4, `${H} h x ${ipv4} (public IPv4)`);

  for (const r of app.ofType('AWS::EC2::Instance')) {
    const template = launchTemplateData(app, r, r.props.LaunchTemplate);
    const props = { ...template, ...r.props };
    const type = str(props.InstanceType) ?? 'm1.small';
    const price = ec2HourlyPrice(type);
    const spot = str(get(props, 'InstanceMarketOptions', 'MarketType')) === 'spot';
    if (price === undefined) note(r, `EC2 instance ${r.id}: no price for ${type} in the table; not priced`);
    else add(r, `EC2 ${type} ${r.id}${spot ? ' (Spot)' : ''}`, H * price * (spot ? PRICES.spotFraction : 1), `${H} h x ${price}${spot ? ` x ${PRICES.spotFraction} Spot` : ''}`);
    const volume = volumes(props.BlockDeviceMappings, 8, 'gp3');
    add(r, `EBS ${volume.gib} GiB ${volume.type} for ${r.id}`, volume.usd, `${volume.gib} GiB x ${PRICES.ebsGbMonth[volume.type] ?? 0}`);
    if (arr(props.NetworkInterfaces).some(n => isTrue(get(n, 'AssociatePublicIpAddress')))) add(r, `public IPv4 of ${r.id}`, H * ipv4, `${H} h x ${ipv4}`);
    if (isTrue(props.Monitoring) || isTrue(get(props, 'Monitoring', 'Enabled'))) {
      add(r, `detailed monitoring of ${r.id}`, PRICES.detailedMonitoringMetrics * PRICES.customMetricMonth, `${PRICES.detailedMonitoringMetrics} metrics x ${PRICES.customMetricMonth}`);
    }
  }

  for (const r of app.ofType('AWS::EC2::Volume')) {
    const gib = num(r.props.Size);
    const type = str(r.props.VolumeType) ?? 'gp2';
    if (gib === undefined || PRICES.ebsGbMonth[type] === undefined) note(r, `EBS volume ${r.id}: size or type not priced`);
    else add(r, `EBS ${gib} GiB ${type} volume ${r.id}`, gib * PRICES.ebsGbMonth[type], `${gib} GiB x ${PRICES.ebsGbMonth[type]}`);
  }

  for (const r of app.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const type = str(r.props.Type) ?? 'application';
    if (type !== 'application' && type !== 'network') {
      note(r, `${type} load balancer ${r.id}: not priced`);
      continue;
    }
    const [name, hour, lcu, unit] = type === 'network' ? ['NLB', PRICES.nlbHour, PRICES.nlbNlcuHour, 'NLCU'] : ['ALB', PRICES.albHour, PRICES.albLcuHour, 'LCU'];
    add(r, `${name} ${r.id}`, H * hour, `${H} h x ${hour}`);
    add(r, `${name} ${r.id}: ${PRICES.lcusAssumed} ${unit}`, H * lcu * PRICES.lcusAssumed, `${PRICES.lcusAssumed} ${unit} x ${H} h x ${lcu}`);
    if (r.props.Scheme === 'internet-facing') {
      const azs = arr(r.props.Subnets ?? r.props.SubnetMappings).length || 2;
      add(r, `${name} ${r.id}: ${azs} public IPv4 addresses`, azs * H * ipv4, `${azs} x ${H} h x ${ipv4}`);
    }
  }

  for (const r of app.ofType('AWS::EC2::VPCEndpoint')) {
    if (r.props.VpcEndpointType !== 'Interface') continue;
    const azs = arr(r.props.SubnetIds).length || 2;
    add(r, `interface endpoint ${r.id} (${azs} AZs)`, azs * H * PRICES.interfaceEndpointAzHour, `${azs} AZs x ${H} h x ${PRICES.interfaceEndpointAzHour}`);
  }

  for (const r of app.ofType('AWS::KMS::Key')) add(r, `KMS key ${r.id}`, PRICES.kmsKeyMonth, `${PRICES.kmsKeyMonth} a month`);
  for (const r of app.ofType('AWS::SecretsManager::Secret')) add(r, `secret ${r.id}`, PRICES.secretMonth, `${PRICES.secretMonth} a month`);
  for (const r of app.ofType('AWS::EFS::FileSystem')) {
    const gb = PRICES.efsGbAssumed;
    add(r, `EFS ${r.id}: ${gb} GB Standard (assumed)`, gb * PRICES.efsStandardGbMonth, `${gb} GB x ${PRICES.efsStandardGbMonth}`);
    if (str(get(r.props, 'BackupPolicy', 'Status')) === 'ENABLED') {
      add(r, `AWS Backup of ${r.id}: ${gb} GB (assumed)`, gb * PRICES.backupEfsGbMonth, `${gb} GB x ${PRICES.backupEfsGbMonth}`);
    }
  }
  const ecrGb = PRICES.ecrStorageGbMonth;
  for (const r of app.ofType('AWS::ECR::PullThroughCacheRule')) {
    const gb = PRICES.ecrCachedGbAssumed;
    add(r, `ECR pull through cache ${str(r.props.EcrRepositoryPrefix) ?? r.id}/: ${gb} GB cached (assumed)`, gb * ecrGb, `${gb} GB x ${ecrGb}`);
  }
  for (const r of app.ofType('AWS::ECR::ReplicationConfiguration')) {
    const destinations = new Set(arr(get(r.props, 'ReplicationConfiguration', 'Rules')).flatMap(rule => arr(get(rule, 'Destinations')))
      .map(d => JSON.stringify([get(d, 'Region'), get(d, 'RegistryId')])));
    const gb = PRICES.ecrReplicatedGbAssumed;
    add(r, `ECR replication ${r.id}: ${gb} GB stored in each of ${destinations.size} destination(s) (assumed; billed there)`,
      destinations.size * gb * ecrGb, `${destinations.size} x ${gb} GB x ${ecrGb}`);
  }
  // Billed per use, nothing at rest: listed at 0 so the report shows them, with what a use costs.
  const free = (r: ResourceRef, item: string, basis: string) => lines.push({ stackId: r.stack.id, item, usd: 0, basis });
  for (const r of app.ofType('AWS::SQS::Queue')) {
    const fifo = isTrue(r.props.FifoQueue);
    free(r, `SQS ${fifo ? 'FIFO ' : ''}queue ${r.id}`, `nothing at rest; ${fifo ? PRICES.sqsFifoMillion : PRICES.sqsStandardMillion} per million requests ` +
      'beyond 1 million a month (a long-polling task makes about 130 000 receives a month while the queue is empty)');
  }
  for (const r of app.ofType('AWS::StepFunctions::StateMachine')) {
    if (str(r.props.StateMachineType) === 'EXPRESS') {
      note(r, `Express state machine ${r.id}: billed per request and duration; not priced`);
      continue;
    }
    const job = PRICES.jobRunTransitions;
    const jobFlow = JSON.stringify(r.props.DefinitionString ?? '').includes('aws-sdk:ecs:runTask');
    free(r, `Step Functions ${r.id}`, `nothing at rest; ${PRICES.stepFunctionsThousandTransitions} per 1000 state transitions beyond 4000 a month` +
      (jobFlow ? `; a job run takes ${job.fixed} + ${job.perMinute} per minute it runs (a 10-minute run: ${job.fixed + 10 * job.perMinute}, ` +
        `${((job.fixed + 10 * job.perMinute) * PRICES.stepFunctionsThousandTransitions / 1000).toFixed(5)} USD), and as many again per retry` : ''));
  }
  for (const r of app.ofType('AWS::Route53::HostedZone')) add(r, `hosted zone ${r.id}`, PRICES.hostedZoneMonth, `${PRICES.hostedZoneMonth} a month`);
  for (const stack of app.stacks) {
    const alarms = app.ofType('AWS::CloudWatch::Alarm', stack);
    // CloudWatch bills an alarm per metric it reads: a metric math alarm pays for each metric in it.
    const metricsOf = (a: ResourceRef) => {
      const stats = arr(a.props.Metrics).filter(m => get(m, 'MetricStat') !== undefined).length;
      return Math.max(1, stats);
    };
    const isHighResolution = (a: ResourceRef) => (num(a.props.Period) ?? num(get(arr(a.props.Metrics)[0], 'MetricStat', 'Period')) ?? 60) < 60;
    const highAlarms = alarms.filter(isHighResolution);
    const standardAlarms = alarms.filter(a => !isHighResolution(a));
    const highResolution = highAlarms.reduce((sum, a) => sum + metricsOf(a), 0);
    const standard = standardAlarms.reduce((sum, a) => sum + metricsOf(a), 0);
    if (standard > 0) {
      add(standardAlarms[0], `${standardAlarms.length} CloudWatch alarms reading ${standard} metrics`, standard * PRICES.alarmMonth,
        `${standard} metrics x ${PRICES.alarmMonth}`);
    }
    if (highResolution > 0) add(highAlarms[0], `${highAlarms.length} high-resolution alarms reading ${highResolution} metrics`, highResolution * PRICES.highResolutionAlarmMonth, `${highResolution} x ${PRICES.highResolutionAlarmMonth}`);
    const composite = app.ofType('AWS::CloudWatch::CompositeAlarm', stack);
    if (composite.length > 0) add(composite[0], `${composite.length} composite alarms`, composite.length * PRICES.compositeAlarmMonth, `${composite.length} x ${PRICES.compositeAlarmMonth}`);
    for (const type of NOT_PRICED) {
      const found = app.ofType(type, stack);
      if (found.length > 0) note(found[0], `${found.length} ${type}: not in the price table; not priced`);
    }
  }

  const services = analyzeServices(app);
  const ec2Tasks: Array<{ group?: ResourceRef; cpu: number; memoryMiB: number; enis: number; service: ServiceInfo }> = [];
  const managedTasks: Array<ManagedTask & { provider: ResourceRef }> = [];
  for (const service of services) {
    const size = taskSize(service.taskDefinition);
    // An awsvpc task takes an ENI of its instance; bridge and host tasks (and a template without NetworkMode: bridge) take none.
    const enis = service.taskDefinition?.props.NetworkMode === 'awsvpc' ? 1 : 0;
    for (const { capacity, tasks } of service.placement) {
      // One case per kind of capacity (services.ts): a new kind does not compile until it is priced here.
      switch (capacity.kind) {
        case 'EC2':
          for (let i = 0; i < tasks; i++) ec2Tasks.push({ group: capacity.group, ...size, enis, service });
          break;
        case 'MANAGED_INSTANCES':
          for (let i = 0; i < tasks; i++) managedTasks.push({ provider: capacity.provider, ...size, enis });
          break;
        case 'FARGATE':
        case 'FARGATE_SPOT':
          priceFargateTasks(service, size, tasks, capacity.kind === 'FARGATE_SPOT', add);
          break;
        default: {
          const unpriced: never = capacity;
          throw new Error(`the cost model has no price for ${JSON.stringify(unpriced)}`);
        }
      }
    }
  }
  for (const task of ec2Tasks.filter(t => !t.group)) {
    note(task.service.ref, `EC2 tasks of ${task.service.ref.id}: no Auto Scaling group found for them; instances priced from the groups' sizes only`);
  }

  for (const r of app.ofType('AWS::AutoScaling::AutoScalingGroup')) priceGroup(app, r, ec2Tasks.filter(t => sameResource(t.group, r)), add, note);
  for (const r of app.ofType('AWS::ECS::CapacityProvider').filter(p => p.props.ManagedInstancesProvider !== undefined)) {
    priceManagedInstances(r, managedTasks.filter(t => sameResource(t.provider, r)), add, note);
  }

  priceContainerInsights(app, services, add);
  return { lines, notes: dedupe(notes) };
}

type Add = (ref: ResourceRef, item: string, amount: number, basis: string) => void;
type Note = (ref: ResourceRef, text: string) => void;

/** Fargate and Fargate Spot tasks: vCPU, memory and ephemeral storage above the free 20 GB, by the hour. */
function priceFargateTasks(service: ServiceInfo, size: { cpu: number; memoryMiB: number }, tasks: number, spot: boolean, add: Add) {
  const arm = get(service.taskDefinition?.props, 'RuntimePlatform', 'CpuArchitecture') === 'ARM64';
  const [vcpuHour, gbHour] = arm ? [PRICES.fargateArmVcpuHour, PRICES.fargateArmGbHour] : [PRICES.fargateX86VcpuHour, PRICES.fargateX86GbHour];
  const storage = Math.max(0, (num(get(service.taskDefinition?.props, 'EphemeralStorage', 'SizeInGiB')) ?? 20) - 20);
  const hourly = size.cpu / 1024 * vcpuHour + size.memoryMiB / 1024 * gbHour + storage * PRICES.fargateStorageGbHour;
  const perTask = H * hourly * (spot ? PRICES.spotFraction : 1);
  const label = spot ? `${tasks} Spot task(s)` : `${tasks} on-demand task(s)`;
  add(service.ref, `Fargate ${service.ref.id}: ${label} of ${size.cpu}/${size.memoryMiB}${arm ? ' ARM64' : ''}`, tasks * perTask,
    `${tasks} (${service.tasksFrom}) x ${H} h x (${size.cpu / 1024} vCPU x ${vcpuHour} + ${size.memoryMiB / 1024} GB x ${gbHour}` +
    `${storage > 0 ? ` + ${storage} GB x ${PRICES.fargateStorageGbHour}` : ''})${spot ? ` x ${PRICES.spotFraction} Spot` : ''}`);
}

/**
 * Auto Scaling groups: at least MinSize instances, and enough to hold the EC2 tasks placed on them:
 * by CPU, by memory, and by ENIs (an awsvpc task takes one, and the instance keeps its own primary ENI).
 */
function priceGroup(app: AppModel, r: ResourceRef, tasks: Array<{ cpu: number; memoryMiB: number; enis: number }>, add: Add, note: Note) {
  const p = r.props;
  const mixed = obj(p.MixedInstancesPolicy);
  const spec = get(mixed, 'LaunchTemplate', 'LaunchTemplateSpecification') ?? p.LaunchTemplate;
  const template = launchTemplateData(app, r, spec);
  const configuration = app.resolve(r.stack, p.LaunchConfigurationName)?.props ?? {};
  const type = str(get(mixed, 'LaunchTemplate', 'Overrides', 0, 'InstanceType')) ?? str(template.InstanceType) ?? str(configuration.InstanceType) ?? 'unknown';
  const perInstance = instanceOffer(type, false);
  const fit = perInstance && tasks.length > 0 ? instancesForTasks(r, perInstance, tasks, note) : undefined;
  if (!perInstance && tasks.length > 0) note(r, `${r.id}: size of ${type} unknown; instances counted from MinSize and DesiredCapacity only`);
  const max = num(p.MaxSize) ?? Infinity;
  const instances = Math.min(max, Math.max(num(p.MinSize) ?? 0, num(p.DesiredCapacity) ?? 0, fit?.instances ?? 0));
  const from = `${instances} instance(s): MinSize ${num(p.MinSize) ?? 0}, ${tasks.length} EC2 task(s) placed${fit ? ` (${fit.figures})` : ''}`;
  const distribution = obj(get(mixed, 'InstancesDistribution'));
  const onDemandBase = Math.min(instances, num(distribution.OnDemandBaseCapacity) ?? 0);
  const onDemandAbove = num(distribution.OnDemandPercentageAboveBaseCapacity) ?? 100;
  const spotInstances = p.MixedInstancesPolicy ? (instances - onDemandBase) * (1 - onDemandAbove / 100) : 0;
  const onDemandInstances = instances - spotInstances;
  const price = ec2HourlyPrice(type);
  if (price === undefined && instances > 0) note(r, `${r.id}: no price for ${type} in the table; instances not priced`);
  if (price !== undefined) {
    add(r, `EC2 ${type} x ${onDemandInstances} on-demand (${r.id})`, onDemandInstances * H * price, `${from}; ${onDemandInstances} x ${H} h x ${price}`);
    add(r, `EC2 ${type} x ${spotInstances} Spot (${r.id})`, spotInstances * H * price * PRICES.spotFraction,
      `${from}; ${spotInstances} x ${H} h x ${price} x ${PRICES.spotFraction} Spot`);
  }
  const volume = volumes(template.BlockDeviceMappings ?? configuration.BlockDeviceMappings, 30, 'gp2');
  add(r, `EBS ${volume.gib} GiB ${volume.type} x ${instances} (${r.id})`, instances * volume.usd, `${instances} x ${volume.gib} GiB x ${PRICES.ebsGbMonth[volume.type] ?? 0}`);
  if (isTrue(get(template, 'Monitoring', 'Enabled')) || isTrue(configuration.InstanceMonitoring)) {
    add(r, `detailed monitoring x ${instances} (${r.id})`, instances * PRICES.detailedMonitoringMetrics * PRICES.customMetricMonth,
      `${instances} x ${PRICES.detailedMonitoringMetrics} metrics x ${PRICES.customMetricMonth}`);
  }
}

/**
 * The instances a group's tasks need: the most of by CPU, by memory and by task ENIs, with the
 * figures for the basis. The tasks differ in size, so they are summed against what one instance offers
 * (data/instance-fit.ts, which the library's pool checks count with too). ENIs are counted without
 * trunking: the awsvpcTrunking account setting is not in a template, so the report cannot see it.
 */
function instancesForTasks(r: ResourceRef, perInstance: InstanceOffer,
  tasks: TaskNeed[], note: Note): { instances: number; figures: string } {
  const type = perInstance.instanceType;
  const { cpu, memoryMiB: memory, taskEnis, byCpu, byMemory, byEni } = instancesNeeded(perInstance, tasks);
  const slots = perInstance.taskEnis;
  let enis = 'no task ENIs (no awsvpc task)';
  if (taskEnis > 0 && slots === undefined) {
    enis = `ENIs of ${type} unknown`;
    note(r, `${r.id}: ENIs of ${type} unknown to the library; instances counted from the CPU and memory of its ${taskEnis} awsvpc task(s) only, ` +
      'and each takes one ENI, so more instances may be needed');
  } else if (slots !== undefined && taskEnis > 0) {
    enis = `ENIs ${taskEnis} awsvpc task(s)/${slots} task ENI(s) per instance (${slots + 1} ENIs, 1 for the instance) = ${byEni}`;
    if (byEni > Math.max(byCpu, byMemory)) {
      const trunked = instanceOffer(type, true);
      const trunk = trunked?.trunked ? trunked.taskEnis : undefined;
      enis += '; counted without ENI trunking, an account setting a template does not show' +
        (trunk === undefined ? `, and ${type} does not support it` : `: with it ${type} has ${trunk} task ENIs`);
    }
  }
  return {
    instances: Math.max(byCpu, byMemory, byEni),
    figures: `CPU ${cpu}/${perInstance.cpu} = ${byCpu}, memory ${memory}/${perInstance.memoryMiB} MiB = ${byMemory}, ${enis}`,
  };
}

/** Container Insights: custom metrics per cluster, its services and the task families run on it. */
function priceContainerInsights(app: AppModel, services: ServiceInfo[], add: Add) {
  const clusters = app.ofType('AWS::ECS::Cluster');
  for (const cluster of clusters) {
    const setting = arr(cluster.props.ClusterSettings).find(s => get(s, 'Name') === 'containerInsights');
    const value = str(get(setting, 'Value'));
    if (!value || value === 'disabled') continue;
    // A service whose cluster cannot be followed counts for the app's only cluster.
    const mine = services.filter(s => (s.cluster ? sameResource(s.cluster, cluster) : clusters.length === 1));
    const families = new Set(mine.map(s => s.taskDefinition && `${s.taskDefinition.stack.id}/${s.taskDefinition.id}`).filter(Boolean));
    for (const task of scheduledTaskDefinitions(app, cluster)) families.add(`${task.stack.id}/${task.id}`);
    const m = PRICES.containerInsightsMetrics;
    const metrics = m.cluster + mine.length * m.service + families.size * m.taskFamily;
    add(cluster, `Container Insights ${cluster.id}${value === 'enhanced' ? ' (enhanced, priced as standard)' : ''}: about ${metrics} metrics`,
      metrics * PRICES.customMetricMonth,
      `(${m.cluster} + ${mine.length} services x ${m.service} + ${families.size} task families x ${m.taskFamily}) metrics x ${PRICES.customMetricMonth}`);
  }
}

/** Task definitions that EventBridge schedules and rules, and state machines (a ScheduledTask's job flow), run on a cluster. */
function scheduledTaskDefinitions(app: AppModel, cluster: ResourceRef): ResourceRef[] {
  const flows = app.ofType('AWS::StepFunctions::StateMachine').flatMap(machine => {
    const named = references(machine.props.DefinitionString).map(ref => app.resolve(machine.stack, ref))
      .filter((t): t is ResourceRef => t !== undefined);
    if (!named.some(t => sameResource(t, cluster))) return [];
    return named.filter(t => t.resource.Type === 'AWS::ECS::TaskDefinition');
  });
  return [...flows, ...directlyScheduled(app, cluster)];
}

/** The Ref, Fn::GetAtt and Fn::ImportValue values in a template value (a definition string's Fn::Join). */
function references(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  if (v.Ref !== undefined || v['Fn::GetAtt'] !== undefined || v['Fn::ImportValue'] !== undefined) return [v];
  return Object.values(v).flatMap(references);
}

function directlyScheduled(app: AppModel, cluster: ResourceRef): ResourceRef[] {
  const targets = [
    ...app.ofType('AWS::Scheduler::Schedule').map(s => ({ from: s, target: s.props.Target })),
    ...app.ofType('AWS::Events::Rule').flatMap(r => arr(r.props.Targets).map(target => ({ from: r, target }))),
  ];
  return targets
    .filter(({ from, target }) => get(target, 'EcsParameters') !== undefined && sameResource(app.resolve(from.stack, get(target, 'Arn')), cluster))
    .map(({ from, target }) => app.resolve(from.stack, get(target, 'EcsParameters', 'TaskDefinitionArn')))
    .filter((t): t is ResourceRef => t !== undefined);
}

/** The launch template data a resource names, or an empty object. */
function launchTemplateData(app: AppModel, from: ResourceRef, specification: unknown): Record<string, unknown> {
  const template = app.resolve(from.stack, get(specification, 'LaunchTemplateId')) ?? app.resolve(from.stack, get(specification, 'LaunchTemplateName'));
  return obj(template?.props.LaunchTemplateData);
}

/** Size, type and monthly price of a resource's EBS volumes (the AMI's default when the template names none). */
function volumes(mappings: unknown, defaultGiB: number, defaultType: string): { gib: number; type: string; usd: number } {
  const ebs = arr(mappings).map(m => obj(get(m, 'Ebs'))).filter(e => Object.keys(e).length > 0);
  if (ebs.length === 0) return { gib: defaultGiB, type: defaultType, usd: defaultGiB * PRICES.ebsGbMonth[defaultType] };
  const gib = ebs.reduce((sum, e) => sum + (num(e.VolumeSize) ?? defaultGiB), 0);
  const types = [...new Set(ebs.map(e => str(e.VolumeType) ?? defaultType))];
  const cost = ebs.reduce((sum, e) => sum + (num(e.VolumeSize) ?? defaultGiB) * (PRICES.ebsGbMonth[str(e.VolumeType) ?? defaultType] ?? 0), 0);
  return { gib, type: types.join('+'), usd: cost };
}

function dedupe<T extends { stackId: string; note: string }>(notes: T[]): T[] {
  const seen = new Set<string>();
  return notes.filter(n => !seen.has(`${n.stackId}\n${n.note}`) && seen.add(`${n.stackId}\n${n.note}`) !== undefined);
}

/** The sum of cost lines. */
export function totalUsd(lines: CostLine[]): number {
  return lines.reduce((sum, l) => sum + l.usd, 0);
}
