/**
 * Prints what the sample app costs to keep running, next to the hand-written aws-cdk-lib app doing
 * the same job, and the network profiles on their own. Each app is synthesized into a temporary cloud
 * assembly and priced by `cdk-ecs-platform report` (lib/report/), the command users run on theirs.
 *
 * Run: npm run cost
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildSampleApp } from '../bin/sample-app';
import { Network, PlatformCluster } from '../lib';
import { formatReport } from '../lib/report/format';
import { buildReport, Report } from '../lib/report/report';
import { buildHandwrittenApp } from './handwritten';

// The validation report of annotations is printed at every synth; these figures do not need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const context = { ...require('../cdk.json').context, '@aws-cdk/core:annotationsInValidationReport': false };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ecs-platform-cost-'));

/** Builds an app into a new cloud assembly under the work folder and reports on it. */
function report(name: string, build: (app: App) => unknown, extraContext: Record<string, string> = {}): Report {
  const outdir = path.join(work, name);
  const app = new App({ outdir, context: { ...context, ...extraContext } });
  build(app);
  app.synth();
  return buildReport(outdir);
}

try {
  const sample = report('sample', app => buildSampleApp(app));
  const hand = report('handwritten', app => buildHandwrittenApp(app));
  console.log('# Sample app (registry, low-cost platform, web service and worker)\n');
  console.log(formatReport(sample, { assumptions: false }));
  console.log('# Hand-written aws-cdk-lib app (bench/handwritten.ts)\n');
  console.log(formatReport(hand));

  const ours = sample.totalMonthlyUsd;
  const theirs = hand.totalMonthlyUsd;
  console.log(`sample app: ${ours.toFixed(2)} USD a month; hand-written app: ${theirs.toFixed(2)} USD a month`);
  console.log(`ratio sample / hand-written: ${(ours / theirs).toFixed(2)} (target: at most 0.50)`);
  console.log(`against the 144 USD measured for the hand-written app in November 2026: ${(ours / 144).toFixed(2)}`);

  console.log('\nNetwork profiles alone (2 AZs, before traffic): the VPC, then the VPC once an EC2 pool (with Session Manager) is added');
  const networkCost = (r: Report) => r.stacks.flatMap(s => s.cost)
    .filter(l => /NAT gateway|Elastic IP|NatInstance|interface endpoint/.test(l.item))
    .reduce((sum, l) => sum + l.usd, 0);
  const profiles: Array<[string, () => Network]> = [['lowCost', () => Network.lowCost()], ['highlyAvailable', () => Network.highlyAvailable()], ['vpcEndpoints', () => Network.vpcEndpoints()]];
  for (const [name, network] of profiles) {
    const costs = [false, true].map(withPool => networkCost(report(`${name}-${withPool ? 'pool' : 'vpc'}`, app => {
      const stack = new Stack(app, 'Profile', { env: { region: 'us-east-1' } });
      const cluster = new PlatformCluster(stack, 'Cluster', { network: network() });
      if (withPool) cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.micro')] });
    })));
    console.log(`  ${name.padEnd(16)} ${costs[0].toFixed(2).padStart(7)} USD a month, ${costs[1].toFixed(2).padStart(7)} with an EC2 pool`);
  }
  console.log('\nThe same report for your app: npx cdk synth && npx cdk-ecs-platform report cdk.out (see README, "Know before you deploy")');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
