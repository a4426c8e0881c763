/**
 * The one price table of `cdk-ecs-platform report` (and of `npm run cost`). Every figure the report
 * prints comes from here, so a price that changes is changed in one place, with the date.
 */

/** Where the prices come from, printed with every report. */
export const PRICE_SOURCE = {
  region: 'us-east-1',
  date: '2026-11',
  source: 'AWS list prices (on-demand, Linux, USD) for us-east-1, November 2026',
  /** Other regions are priced with the same table and marked as such in the report. */
  otherRegions: 'not modelled: a stack in another region is priced with us-east-1 list prices and marked',
};

/** Prices (USD) and the usage assumed where a price depends on usage. */
export const PRICES = {
  hoursPerMonth: 730,
  natGatewayHour: 0.045,
  publicIpv4Hour: 0.005,
  albHour: 0.0225,
  albLcuHour: 0.008,
  nlbHour: 0.0225,
  nlbNlcuHour: 0.006,
  /** Load balancer capacity units assumed per load balancer (traffic decides the real number). */
  lcusAssumed: 1,
  interfaceEndpointAzHour: 0.01,
  kmsKeyMonth: 1.0,
  secretMonth: 0.4,
  hostedZoneMonth: 0.5,
  alarmMonth: 0.1,
  highResolutionAlarmMonth: 0.3,
  compositeAlarmMonth: 0.5,
  customMetricMonth: 0.3,
  /** EC2 detailed monitoring: 7 metrics at 1-minute resolution, billed as custom metrics. */
  detailedMonitoringMetrics: 7,
  ebsGbMonth: { gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 } as Record<string, number>,
  fargateX86VcpuHour: 0.04048,
  fargateX86GbHour: 0.004445,
  fargateArmVcpuHour: 0.03238,
  fargateArmGbHour: 0.00356,
  /** Fargate ephemeral storage above the 20 GiB included. */
  fargateStorageGbHour: 0.000111,
  /** Fargate Spot and EC2 Spot as a fraction of on-demand (typical in us-east-1; it varies by hour and type). */
  spotFraction: 0.3,
  /** On-demand Linux instances, per hour. */
  ec2Hour: {
    't3.nano': 0.0052, 't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664, 't3.2xlarge': 0.3328,
    't3a.nano': 0.0047, 't3a.micro': 0.0094, 't3a.small': 0.0188, 't3a.medium': 0.0376, 't3a.large': 0.0752, 't3a.xlarge': 0.1504,
    't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336, 't4g.large': 0.0672, 't4g.xlarge': 0.1344,
    'm5.large': 0.096, 'm5.xlarge': 0.192, 'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm7i.large': 0.1008,
    'm6g.large': 0.077, 'm6g.xlarge': 0.154, 'm7g.large': 0.0816, 'm7g.xlarge': 0.1632,
    'c5.large': 0.085, 'c6i.large': 0.085, 'c7i.large': 0.08925, 'c6g.large': 0.068, 'c7g.large': 0.0725,
    'r5.large': 0.126, 'r6i.large': 0.126, 'r6g.large': 0.1008, 'r7g.large': 0.1071,
    // Larger general purpose, memory-optimized and GPU types, which Managed Instances pools ask for.
    'm6a.large': 0.0864, 'm6a.xlarge': 0.1728, 'm5.2xlarge': 0.384, 'm6i.2xlarge': 0.384, 'm7i.xlarge': 0.2016, 'm7i.2xlarge': 0.4032,
    'm6g.2xlarge': 0.308, 'm7g.2xlarge': 0.3264, 'c6i.xlarge': 0.17, 'c7i.xlarge': 0.1785, 'c6g.xlarge': 0.136, 'c7g.xlarge': 0.145,
    'r5.xlarge': 0.252, 'r6i.xlarge': 0.252, 'r7i.xlarge': 0.2646, 'r5.2xlarge': 0.504, 'r6i.2xlarge': 0.504, 'r7i.2xlarge': 0.5292,
    'r7g.xlarge': 0.2142, 'r7g.2xlarge': 0.4284, 'g4dn.xlarge': 0.526, 'g5.xlarge': 1.006, 'g6.xlarge': 0.8048,
  } as Record<string, number>,
  /**
   * ECS Managed Instances' management charge, per instance-hour, as a fraction of the type's on-demand
   * price: an assumption. AWS publishes the charge per instance type (https://aws.amazon.com/ecs/pricing/),
   * which this table does not hold; it is billed on top of the EC2 price, for Spot instances too (assumed).
   */
  managedInstancesFraction: 0.12,
  /** The task volume of a Managed Instances instance when its provider names no size (aws-cdk-lib documents 80 GiB), priced as gp3. */
  managedInstancesVolumeGiB: 80,
  /**
   * Container Insights (standard) publishes custom metrics per cluster, service and task family:
   * about 17 per cluster, 15 per service (resource, deployment and task counts) and 10 per family.
   */
  containerInsightsMetrics: { cluster: 17, service: 15, taskFamily: 10 },
  /** EFS Standard storage (multi-AZ), per GB-month. Elastic throughput (0.03 per GB read, 0.06 written) follows traffic: not priced. */
  efsStandardGbMonth: 0.3,
  /** AWS Backup warm storage of EFS recovery points, per GB-month (incremental after the first). */
  backupEfsGbMonth: 0.05,
  /** Data assumed per EFS file system: the template cannot say how much will be stored. */
  efsGbAssumed: 1,
  /** ECR private registry storage, per GB-month: cached and replicated images are stored like pushed ones. */
  ecrStorageGbMonth: 0.1,
  /** Images assumed cached per pull through cache rule: the template cannot say what will be pulled. */
  ecrCachedGbAssumed: 1,
  /** Images assumed stored per replication destination: the template cannot say what will be pushed. */
  ecrReplicatedGbAssumed: 1,
  /** SQS requests, per million, beyond the first million a month (free): standard and FIFO queues. Nothing at rest. */
  sqsStandardMillion: 0.4,
  sqsFifoMillion: 0.5,
  /** Step Functions Standard workflows, per 1000 state transitions, beyond 4000 a month (free). Nothing at rest. */
  stepFunctionsThousandTransitions: 0.025,
  /** A ScheduledTask's run: 4 transitions to start and end, 3 (wait, DescribeTasks, choice) per minute it runs (as the flow's test counts). */
  jobRunTransitions: { fixed: 4, perMinute: 3 },
};

/** What every report assumes; printed with it. */
export const ASSUMPTIONS = [
  `${PRICES.hoursPerMonth} hours a month; everything that bills by the hour runs all month`,
  'running tasks: DesiredCount, or the scalable target\'s MinCapacity when scaling is attached, or 1 (CloudFormation\'s default)',
  'Fargate tasks split between FARGATE and FARGATE_SPOT by the capacity provider strategy (base first, then weights)',
  `Spot (Fargate Spot, EC2 Spot) at ${PRICES.spotFraction * 100} % of on-demand`,
  'Auto Scaling groups: the larger of MinSize, DesiredCapacity and the instances the EC2 tasks placed on them need (by memory, CPU and ENIs: one per awsvpc task, the instance\'s own excepted, without ENI trunking, an account setting a template does not show); the first instance type of a mixed instances policy',
  'Spot instances: OnDemandBaseCapacity on-demand, then OnDemandPercentageAboveBaseCapacity (AWS\'s default: 100)',
  'ECS Managed Instances: the cheapest type in the price table that matches the provider\'s instance requirements (vCPU and memory ranges, ' +
    'CPU makers, allowed and excluded types, burstable, accelerators) and fits its largest task, as many instances as the tasks placed on it ' +
    'need (by CPU, memory and task ENIs, with ENI trunking where the type supports it), none when no task is; plus a management charge of ' +
    `${PRICES.managedInstancesFraction * 100} % of the on-demand price (assumed: AWS publishes it per type), Spot included; the task volume as gp3`,
  `${PRICES.lcusAssumed} LCU per load balancer; public IPv4 addresses: one per subnet of an internet-facing load balancer`,
  'Container Insights: about 17 metrics per cluster, 15 per service and 10 per task family, at the custom metric price; enhanced observability is priced as standard (a lower bound); an account-level default is not seen in a template',
  'volumes without a size or type in the template: 8 GiB gp3 for an instance, 30 GiB gp2 for an Auto Scaling group (the AMI decides)',
  `EFS: ${PRICES.efsGbAssumed} GB of Standard storage per file system, and as much in AWS Backup when its backup policy is ENABLED; elastic throughput, Infrequent Access and mount targets are not priced (traffic, or free)`,
  'scheduled scaling actions are free and not followed: tasks are counted at the scalable target\'s MinCapacity',
  `ECR: ${PRICES.ecrCachedGbAssumed} GB cached per pull through cache rule, and ${PRICES.ecrReplicatedGbAssumed} GB stored per replication destination ` +
    `(billed to the destination's account and region), at ${PRICES.ecrStorageGbMonth} per GB-month; what replication and cross-region pulls transfer follows pushes and pulls, and is not priced`,
  'not priced: usage that follows traffic (NAT and load balancer data, log ingestion, S3, storage of the repositories you push to, requests), scheduled tasks\' runs and their state machine\'s transitions (billed per run: listed at 0 with their unit prices), SQS requests (listed at 0), and resource types the table does not name',
];

/** The hourly on-demand price of an instance type, or undefined when the table does not have it. */
export function ec2HourlyPrice(instanceType: string): number | undefined {
  return PRICES.ec2Hour[instanceType];
}
