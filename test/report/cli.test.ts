import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { buildHandwrittenApp } from '../../bench/handwritten';
import { buildSampleApp } from '../../bin/sample-app';
import { PlatformCluster, WebService } from '../../lib';
import { main } from '../../lib/report/cli';
import { Report } from '../../lib/report/report';
import { testApp } from '../util';
import { writeAssembly } from './assembly-fixture';

const ROOT = path.join(__dirname, '..', '..');
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Synthesizes an app into a cloud assembly under the test's folder. */
function synth(name: string, build: (app: App) => unknown, context: Record<string, unknown> = {}): string {
  const outdir = path.join(work, name);
  const app = testApp({ ...context, '@aws-cdk/core:annotationsInValidationReport': false });
  const withOutdir = new App({ outdir, context: app.node.getAllContext(), stackTraces: false });
  build(withOutdir);
  withOutdir.synth();
  return outdir;
}

/** Runs the CLI's main() and captures what it prints. */
function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

function smallApp(app: App): void {
  const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
  const platform = new PlatformCluster(stack, 'Cluster');
  new WebService(stack, 'Web', { cluster: platform, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') });
}

describe('cdk-ecs-platform report on an app built with the library', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synth('small', smallApp);
  });

  test('prints a table per stack: cost lines, deploy times, limits, the total, prices and assumptions', () => {
    const { code, stdout, stderr } = run('report', outdir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Shop {2}us-east-1 {2}\d+\.\d\d USD a month$/m);
    expect(stdout).toMatch(/ALB WebLoadBalancer\w+ +730 h x 0\.0225/);
    expect(stdout).toMatch(/WebService\w+ {2}ROLLING {2}50 s/);
    expect(stdout).toMatch(/limits: resources \d+\/500, template bytes [\d,]+\/1,000,000/);
    expect(stdout).toMatch(/^Total: \d+\.\d\d USD a month for 1 stack\(s\), before traffic$/m);
    expect(stdout).toContain('Prices: AWS list prices (on-demand, Linux, USD) for us-east-1, November 2026');
  });

  test('--json prints one JSON document whose stacks add up to the total', () => {
    const { code, stdout } = run('report', outdir, '--json');
    expect(code).toBe(0);
    const report: Report = JSON.parse(stdout);
    expect(report.schema).toBe('cdk-ecs-platform/report@1');
    expect(report.stacks.map(s => s.id)).toEqual(['Shop']);
    expect(report.totalMonthlyUsd).toBeGreaterThan(30);
    expect(report.totalMonthlyUsd).toBeCloseTo(report.stacks[0].cost.reduce((sum, l) => sum + l.usd, 0), 1);
    expect(report.stacks[0].deploys[0]).toMatchObject({ strategy: 'ROLLING', seconds: 50 });
  });

  test('--max-monthly-usd fails the build when the total is above it, and passes when it is not', () => {
    const over = run('report', outdir, '--max-monthly-usd', '1');
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/^cdk-ecs-platform report: \d+\.\d\d USD a month is above --max-monthly-usd 1\.00\n$/);
    expect(run('report', outdir, '--max-monthly-usd=100000', '--json').code).toBe(0);
  });

  test('runs as a process: the exit code reaches the shell', () => {
    const proc = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'lib', 'report', 'cli.ts'), 'report', outdir, '--max-monthly-usd', '1'], {
      cwd: ROOT, encoding: 'utf8',
    });
    expect(proc.status).toBe(1);
    expect(proc.stdout).toContain('OVER BUDGET');
  });
});

describe('bad arguments and unreadable assemblies exit 2 with a message', () => {
  test.each([
    [['report', '--bogus'], /unknown option "--bogus"/],
    [['report', 'a', 'b'], /one cloud assembly at a time/],
    [['report', '--max-monthly-usd'], /--max-monthly-usd needs a number of USD, 0 or more; got nothing/],
    [['report', '--max-monthly-usd', '-5'], /got "-5"/],
    [['deploy'], /unknown command "deploy"/],
    [[], /no command given/],
    [['report', '/does/not/exist'], /\/does\/not\/exist: no such directory/],
  ])('%j', (argv, message) => {
    const { code, stderr, stdout } = run(...argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
  });

  test('a folder without manifest.json, and a template that is not JSON', () => {
    expect(run('report', work).stderr).toMatch(/is not a cloud assembly \(no manifest\.json\)/);
    const broken = writeAssembly([{ id: 'Broken' }]);
    fs.writeFileSync(path.join(broken, 'Broken.template.json'), '{ not json');
    const result = run('report', broken);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Broken\.template\.json: not valid JSON/);
  });

  test('--help prints the usage and exits 0', () => {
    expect(run('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: cdk-ecs-platform report [cdk.out]') });
  });
});

describe('any app, with or without the library', () => {
  test('the hand-written aws-cdk-lib app (bench/handwritten.ts): 144.94 USD, 450 s deploys, no circuit breakers', () => {
    const report: Report = JSON.parse(run('report', synth('hand', app => buildHandwrittenApp(app)), '--json').stdout);
    expect(report.totalMonthlyUsd).toBe(144.94);
    const services = report.stacks.find(s => s.id === 'HandServices')!;
    expect(services.deploys.find(d => d.service.startsWith('WebService'))).toMatchObject({ seconds: 450 });
    expect(services.findings.filter(f => f.code === 'no-circuit-breaker')).toHaveLength(2);
  });

  test('the sample app: 76.49 USD a month, the figure README gives (75.89 before its four rollback alarms, which read six metrics)', () => {
    const report: Report = JSON.parse(run('report', synth('sample', app => buildSampleApp(app)), '--json').stdout);
    expect(report.stacks.map(s => [s.id, s.monthlyUsd])).toEqual([['SampleRegistry', 0], ['SamplePlatform', 37.31], ['SampleServices', 39.18]]);
    expect(report.totalMonthlyUsd).toBe(76.49);
  });

  test('stacks in stages and nested stacks are read, in their own folders and templates', () => {
    const outdir = synth('staged', app => {
      const stage = new Stage(app, 'Prod', { env: { region: 'eu-west-1' } });
      const parent = new Stack(stage, 'Parent');
      new kms.Key(new NestedStack(parent, 'Keys'), 'Key');
    });
    const report: Report = JSON.parse(run('report', outdir, '--json').stdout);
    expect(report.stacks.map(s => [s.displayName, s.region, s.cost.map(l => l.item)])).toEqual([
      ['Prod/Parent', 'eu-west-1', []],
      [expect.stringMatching(/^Prod\/Parent\/Keys/), 'eu-west-1', [expect.stringMatching(/^KMS key Key/)]],
    ]);
    expect(report.stacksPricedElsewhere).toEqual([expect.stringMatching(/^Prod\/Parent\/Keys/)]);
  });
});
