/**
 * A monthly cost model for synthesized templates: what it costs to keep an app running, before
 * traffic. It prices the resources that bill by the hour from us-east-1 on-demand list prices and
 * states every assumption, so two apps priced by it can be compared. Usage that depends on traffic
 * (data processed by NAT, LCUs beyond one, log and flow log ingestion, S3 storage) is left out of
 * both sides of a comparison.
 */

import { instanceResources, registeredMemoryMiB } from '../lib/private/sizes';

/** Prices assumed (USD, us-east-1 list prices; 730 hours a month). */
export const PRICES = {
  hoursPerMonth: 730,
  natGatewayHour: 0.045,
  publicIpv4Hour: 0.005,
  albHour: 0.0225,
  albLcuHour: 0.008,
  albLcusAssumed: 1,
  interfaceEndpointAzHour: 0.01,
  kmsKeyMonth: 1.0,
  alarmMonth: 0.1,
  customMetricMonth: 0.3,
  /** EC2 detailed monitoring: 7 metrics at 1-minute resolution, billed as custom metrics. */
  detailedMonitoringMetrics: 7,
  ebsGp3GbMonth: 0.08,
  ebsGp2GbMonth: 0.1,
  fargateX86VcpuHour: 0.04048,
  fargateX86GbHour: 0.004445,
  fargateArmVcpuHour: 0.03238,
  fargateArmGbHour: 0.00356,
  /** Fargate Spot and EC2 Spot as a fraction of on-demand (typical in us-east-1; it varies). */
  spotFraction: 0.3,
  ec2Hour: {
    't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336,
    't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832,
    't3a.micro': 0.0094, 't3a.small': 0.0188, 't3a.medium': 0.0376,
    'm5.large': 0.096, 'm6i.large': 0.096, 'm7g.large': 0.0816, 'c7g.large': 0.0725,
  } as Record<string, number>,
  /**
   * Container Insights (standard) publishes custom metrics per cluster, service and task family:
   * about 17 per cluster, 15 per service (resource, deployment and task counts) and 10 per family.
   */
  containerInsightsMetrics: { cluster: 17, service: 15, taskFamily: 10 },
};

export interface CostLine {
  readonly item: string;
  readonly usd: number;
}

type Resources = Record<string, { Type: string; Properties?: any }>;

const month = (hourly: number) => hourly * PRICES.hoursPerMonth;

/** Prices one app (all its stacks' templates together). */
export function estimateMonthlyCost(templates: Array<{ Resources?: Resources }>): CostLine[] {
  const resources: Resources = Object.assign({}, ...templates.map(t => t.Resources ?? {}));
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const lines: CostLine[] = [];
  const add = (item: string, usd: number) => { if (usd > 0) lines.push({ item, usd }); };

  for (const [id] of byType('AWS::EC2::NatGateway')) add(`NAT gateway ${id}`, month(PRICES.natGatewayHour));
  for (const [id] of byType('AWS::EC2::EIP')) add(`Elastic IP ${id}`, month(PRICES.publicIpv4Hour));

  for (const [id, r] of byType('AWS::EC2::Instance')) {
    const type = r.Properties.InstanceType;
    add(`EC2 ${type} ${id}`, month(ec2Price(type)));
    const gib = (r.Properties.BlockDeviceMappings ?? []).reduce((sum: number, m: any) => sum + (m.Ebs?.VolumeSize ?? 0), 0) || 8;
    add(`EBS ${gib} GiB for ${id}`, gib * PRICES.ebsGp3GbMonth);
    if ((r.Properties.NetworkInterfaces ?? []).some((n: any) => n.AssociatePublicIpAddress === true)) add(`public IPv4 of ${id}`, month(PRICES.publicIpv4Hour));
    if (r.Properties.Monitoring === true) add(`detailed monitoring of ${id}`, PRICES.detailedMonitoringMetrics * PRICES.customMetricMonth);
  }

  for (const [id, r] of byType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    add(`ALB ${id}`, month(PRICES.albHour));
    add(`ALB ${id}: ${PRICES.albLcusAssumed} LCU`, month(PRICES.albLcuHour * PRICES.albLcusAssumed));
    if (r.Properties.Scheme === 'internet-facing') {
      const azs = (r.Properties.Subnets ?? r.Properties.SubnetMappings ?? []).length || 2;
      add(`ALB ${id}: ${azs} public IPv4 addresses`, azs * month(PRICES.publicIpv4Hour));
    }
  }

  for (const [id, r] of byType('AWS::EC2::VPCEndpoint')) {
    if (r.Properties.VpcEndpointType !== 'Interface') continue;
    const azs = (r.Properties.SubnetIds ?? []).length || 2;
    add(`interface endpoint ${id} (${azs} AZs)`, azs * month(PRICES.interfaceEndpointAzHour));
  }

  for (const [id] of byType('AWS::KMS::Key')) add(`KMS key ${id}`, PRICES.kmsKeyMonth);
  const alarms = byType('AWS::CloudWatch::Alarm').length;
  add(`${alarms} CloudWatch alarms`, alarms * PRICES.alarmMonth);

  // Services: running tasks are the desired count, or the scaling minimum, or ECS's default of 1.
  const services = byType('AWS::ECS::Service');
  const minimums = new Map<string, number>();
  for (const [, target] of byType('AWS::ApplicationAutoScaling::ScalableTarget')) {
    const serviceId = JSON.stringify(target.Properties.ResourceId).match(/"([A-Za-z0-9]+)","Name"/)?.[1];
    if (serviceId) minimums.set(serviceId, target.Properties.MinCapacity);
  }
  const ec2Tasks: Array<{ memoryMiB: number; cpu: number }> = [];
  for (const [id, r] of services) {
    const tasks = r.Properties.DesiredCount ?? minimums.get(id) ?? 1;
    const taskDefId = r.Properties.TaskDefinition?.Ref;
    const taskDef = resources[taskDefId]?.Properties ?? {};
    const fargate = (taskDef.RequiresCompatibilities ?? []).includes('FARGATE')
      || r.Properties.LaunchType === 'FARGATE'
      || (r.Properties.CapacityProviderStrategy ?? []).some((s: any) => typeof s.CapacityProvider === 'string' && s.CapacityProvider.startsWith('FARGATE'));
    if (!fargate) {
      const containerMemory = (taskDef.ContainerDefinitions ?? []).reduce((s: number, c: any) => s + (c.Memory ?? c.MemoryReservation ?? 0), 0);
      const memory = Number(taskDef.Memory ?? 0) || containerMemory;
      for (let i = 0; i < tasks; i++) ec2Tasks.push({ memoryMiB: memory, cpu: Number(taskDef.Cpu ?? 0) });
      continue;
    }
    const arm = taskDef.RuntimePlatform?.CpuArchitecture === 'ARM64';
    const perTask = month(Number(taskDef.Cpu) / 1024 * (arm ? PRICES.fargateArmVcpuHour : PRICES.fargateX86VcpuHour)
      + Number(taskDef.Memory) / 1024 * (arm ? PRICES.fargateArmGbHour : PRICES.fargateX86GbHour));
    const { onDemand, spot } = splitTasks(tasks, r.Properties.CapacityProviderStrategy);
    add(`Fargate ${id}: ${onDemand} on-demand task(s) of ${taskDef.Cpu}/${taskDef.Memory}`, onDemand * perTask);
    add(`Fargate ${id}: ${spot} Spot task(s)`, spot * perTask * PRICES.spotFraction);
  }

  // Auto Scaling groups: at least MinSize instances, and enough to hold the EC2 tasks.
  for (const [id, r] of byType('AWS::AutoScaling::AutoScalingGroup')) {
    const p = r.Properties;
    const mixed = p.MixedInstancesPolicy;
    const launchTemplateId = (mixed?.LaunchTemplate?.LaunchTemplateSpecification ?? p.LaunchTemplate)?.LaunchTemplateId?.Ref;
    const launchTemplate = resources[launchTemplateId]?.Properties?.LaunchTemplateData ?? {};
    const type: string = mixed?.LaunchTemplate?.Overrides?.[0]?.InstanceType ?? launchTemplate.InstanceType
      ?? resources[p.LaunchConfigurationName?.Ref]?.Properties?.InstanceType;
    const memoryPerInstance = registeredMemoryMiB(instanceMemoryMiB(type));
    const taskMemory = ec2Tasks.reduce((sum, t) => sum + t.memoryMiB, 0);
    const instances = Math.max(Number(p.MinSize ?? 0), Math.ceil(taskMemory / memoryPerInstance), Number(p.DesiredCapacity ?? 0));
    const distribution = mixed?.InstancesDistribution;
    const spotShare = distribution?.SpotAllocationStrategy
      ? Math.max(0, instances - (distribution.OnDemandBaseCapacity ?? 0)) * (1 - (distribution.OnDemandPercentageAboveBaseCapacity ?? 0) / 100)
      : 0;
    const onDemandInstances = instances - spotShare;
    add(`EC2 ${type} x ${onDemandInstances} on-demand (${id})`, onDemandInstances * month(ec2Price(type)));
    add(`EC2 ${type} x ${spotShare} Spot (${id})`, spotShare * month(ec2Price(type)) * PRICES.spotFraction);
    const gib = (launchTemplate.BlockDeviceMappings ?? []).reduce((sum: number, m: any) => sum + (m.Ebs?.VolumeSize ?? 0), 0) || 30;
    const gp3 = (launchTemplate.BlockDeviceMappings ?? []).every((m: any) => m.Ebs?.VolumeType === 'gp3') && (launchTemplate.BlockDeviceMappings ?? []).length > 0;
    add(`EBS ${gib} GiB x ${instances} (${id})`, instances * gib * (gp3 ? PRICES.ebsGp3GbMonth : PRICES.ebsGp2GbMonth));
    if (launchTemplate.Monitoring?.Enabled === true) {
      add(`detailed monitoring x ${instances} (${id})`, instances * PRICES.detailedMonitoringMetrics * PRICES.customMetricMonth);
    }
  }

  // Container Insights: custom metrics per cluster, service and task family.
  for (const [id, r] of byType('AWS::ECS::Cluster')) {
    const enabled = (r.Properties?.ClusterSettings ?? []).some((s: any) => s.Name === 'containerInsights' && s.Value !== 'disabled');
    if (!enabled) continue;
    const families = byType('AWS::ECS::TaskDefinition').length;
    const m = PRICES.containerInsightsMetrics;
    const metrics = m.cluster + services.length * m.service + families * m.taskFamily;
    add(`Container Insights ${id}: about ${metrics} metrics`, metrics * PRICES.customMetricMonth);
  }
  return lines;
}

/** Splits a service's tasks into on-demand and Spot by its capacity provider strategy. */
function splitTasks(tasks: number, strategy: any[] | undefined): { onDemand: number; spot: number } {
  if (!strategy || strategy.length === 0) return { onDemand: tasks, spot: 0 };
  const fargate = strategy.find(s => s.CapacityProvider === 'FARGATE');
  const spot = strategy.find(s => s.CapacityProvider === 'FARGATE_SPOT');
  const base = Math.min(tasks, fargate?.Base ?? 0);
  const rest = tasks - base;
  const wOnDemand = fargate?.Weight ?? 0;
  const wSpot = spot?.Weight ?? 0;
  const spotTasks = wOnDemand + wSpot === 0 ? 0 : Math.round(rest * wSpot / (wOnDemand + wSpot));
  return { onDemand: tasks - spotTasks, spot: spotTasks };
}

function ec2Price(type: string): number {
  const price = PRICES.ec2Hour[type];
  if (price === undefined) throw new Error(`no price for instance type ${type}: add it to PRICES.ec2Hour`);
  return price;
}

function instanceMemoryMiB(type: string): number {
  const resources = instanceResources(type);
  if (!resources) throw new Error(`unknown size of instance type ${type}`);
  return resources.memoryMiB;
}

/** Sums cost lines. */
export function total(lines: CostLine[]): number {
  return lines.reduce((sum, l) => sum + l.usd, 0);
}
