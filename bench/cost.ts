/**
 * Prints what the sample app costs to keep running, next to the hand-written aws-cdk-lib app doing
 * the same job, and the network profiles on their own, from the cost model in ./cost-model.ts.
 *
 * Run: npm run cost
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildSampleApp } from '../bin/sample-app';
import { Network, PlatformCluster } from '../lib';
import { CostLine, estimateMonthlyCost, PRICES, total } from './cost-model';
import { buildHandwrittenApp } from './handwritten';

// The validation report of annotations is printed at every synth; these figures do not need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const context = { ...require('../cdk.json').context, '@aws-cdk/core:annotationsInValidationReport': false };

function templates(stacks: Stack[]): any[] {
  const assembly = (stacks[0].node.root as App).synth();
  return stacks.map(s => released(assembly.getStackArtifact(s.artifactId).template));
}

/**
 * The template as it runs once an image is released: every `Fn::If` on an ImageRelease's condition
 * takes its released branch (a property that branch leaves out, `AWS::NoValue`, is dropped).
 */
function released(node: any): any {
  if (Array.isArray(node)) return node.map(released);
  if (!node || typeof node !== 'object') return node;
  const branches = node['Fn::If'];
  if (Array.isArray(branches) && typeof branches[0] === 'string' && branches[0].endsWith('Unreleased')) return released(branches[2]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const v = released(value);
    if (!(v && typeof v === 'object' && (v as any).Ref === 'AWS::NoValue')) out[key] = v;
  }
  return out;
}

function print(title: string, lines: CostLine[]): number {
  const sum = total(lines);
  console.log(`\n${title}: ${sum.toFixed(2)} USD a month`);
  for (const line of lines) console.log(`  ${line.usd.toFixed(2).padStart(7)}  ${line.item}`);
  return sum;
}

const sample = buildSampleApp(new App({ context }));
const ours = print('Sample app (registry, low-cost platform, web service and worker)', estimateMonthlyCost(templates(Object.values(sample))));

const handApp = new App({ context });
const hand = print('Hand-written aws-cdk-lib app (bench/handwritten.ts)', estimateMonthlyCost(templates(buildHandwrittenApp(handApp))));

console.log(`\nratio sample / hand-written: ${(ours / hand).toFixed(2)} (target: at most 0.50)`);
console.log(`against the 144 USD measured for the hand-written app in November 2026: ${(ours / 144).toFixed(2)}`);

console.log('\nNetwork profiles alone (2 AZs, before traffic): the VPC, then the VPC once an EC2 pool (with Session Manager) is added');
const networkCost = (lines: CostLine[]) => total(lines.filter(l => /NAT gateway|Elastic IP|NatInstance|interface endpoint/.test(l.item)));
const profiles: Array<[string, () => Network]> = [['lowCost', () => Network.lowCost()], ['highlyAvailable', () => Network.highlyAvailable()], ['vpcEndpoints', () => Network.vpcEndpoints()]];
for (const [name, network] of profiles) {
  const costs = [false, true].map(withPool => {
    const stack = new Stack(new App({ context }), 'Profile', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster', { network: network() });
    if (withPool) cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.micro')] });
    return networkCost(estimateMonthlyCost(templates([stack])));
  });
  console.log(`  ${name.padEnd(16)} ${costs[0].toFixed(2).padStart(7)} USD a month, ${costs[1].toFixed(2).padStart(7)} with an EC2 pool`);
}
console.log(`\nPrices assumed (us-east-1 list prices, ${PRICES.hoursPerMonth} h a month): ${JSON.stringify({ ...PRICES, ec2Hour: undefined })}`);
