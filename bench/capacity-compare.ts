/**
 * Prices one workload on each kind of capacity with `cdk-ecs-platform report`: Fargate, Fargate Spot,
 * ECS Managed Instances (on-demand and Spot) and an EC2 pool of the type Managed Instances picks (the report
 * counts a pool's ENIs without trunking, an account setting a template does not show),
 * so README's comparison quotes the report, not a guess. Only the capacity's lines are summed (the
 * cluster's network, key and Container Insights are the same for all).
 *
 * Run: npx tsx bench/capacity-compare.ts [tasks] [cpu] [memoryMiB]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Placement, PlatformCluster, WorkerService } from '../lib';
import { buildReport } from '../lib/report/report';

const tasks = Number(process.argv[2] ?? 4);
const cpu = Number(process.argv[3] ?? 1024);
const memoryMiB = Number(process.argv[4] ?? 2048);
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');

const kinds: Array<[string, (cluster: PlatformCluster) => Placement]> = [
  ['Fargate', () => Placement.fargate()],
  ['Fargate Spot', () => Placement.fargateSpot()],
  ['Managed Instances', cluster => Placement.managedInstances(cluster.addManagedInstances('Managed', {}))],
  ['Managed Instances, Spot', cluster => Placement.managedInstances(cluster.addManagedInstances('Managed', { spot: true }))],
  ['pool of m6a.large', cluster => Placement.ec2(cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('m6a.large')], maxInstances: 10 }))],
];

/** The capacity's own lines: tasks, instances, their volumes, monitoring and management. */
const CAPACITY = /^(Fargate|EC2 (?!t4g\.nano)|management|EBS (?!8 GiB)|detailed monitoring x)/;

console.log(`${tasks} awsvpc task(s) of ${cpu} CPU units and ${memoryMiB} MiB, running all month (us-east-1 list prices)\n`);
for (const [name, placement] of kinds) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'capacity-compare-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Capacity', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    new WorkerService(stack, 'Worker', { cluster, image, placement: placement(cluster), cpu, memoryMiB, desiredCount: tasks });
    app.synth();
    const lines = buildReport(outdir).stacks.flatMap(s => s.cost).filter(l => CAPACITY.test(l.item));
    const total = lines.reduce((sum, l) => sum + l.usd, 0);
    console.log(`${name.padEnd(38)} ${total.toFixed(2).padStart(8)} USD a month`);
    for (const line of lines) console.log(`    ${line.usd.toFixed(2).padStart(8)}  ${line.item}: ${line.basis}`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
