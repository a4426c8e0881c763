import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Deployment, Ingress, PlatformCluster, Route, WebService } from '../../lib';
import { main } from '../../lib/report/cli';
import { Report } from '../../lib/report/report';
import { testApp } from '../util';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-baseline-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27');

/** An app with a web service on a shared ingress, synthesized into a folder of its own. */
function synth(name: string, options: { deployment?: Deployment; path?: string; id?: string }): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir, context: testApp({ '@aws-cdk/core:annotationsInValidationReport': false }).node.getAllContext(), stackTraces: false });
  const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
  const cluster = new PlatformCluster(stack, 'Cluster');
  const ingress = new Ingress(stack, 'Ingress', { cluster });
  new WebService(stack, options.id ?? 'Web', { cluster, image: IMAGE, ingress, route: Route.path(options.path ?? '/shop/*'), deployment: options.deployment });
  app.synth();
  return outdir;
}

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

const canary = () => Deployment.canary({ percent: 10 });

describe('report --baseline: a progressive service\'s production listener rule', () => {
  test('a route change rewrites the rule\'s weights: found, and --fail-on replace exits 1', () => {
    const before = synth('canary-shop', { deployment: canary() });
    const after = synth('canary-store', { deployment: canary(), path: '/store/*' });
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace', '--json');
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as Report).stacks.flatMap(s => s.findings).filter(f => f.code === 'progressive-rule');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/^WebService[0-9A-F]{8} \(CANARY\): its production listener rule WebRule[0-9A-F]{8} changes \(Conditions, Priority\)\. ECS moves/);
    expect(result.stderr).toContain('1 change(s) against');
  });

  test('the same app again: nothing found, exit 0', () => {
    const before = synth('canary-a', { deployment: canary() });
    const after = synth('canary-b', { deployment: canary() });
    expect(run('report', after, '--baseline', before, '--fail-on', 'replace').code).toBe(0);
  });

  test('going back to rolling rewrites the rule too', () => {
    const before = synth('bg', { deployment: Deployment.blueGreen() });
    const after = synth('rolling', {});
    const { code, stdout } = run('report', after, '--baseline', before, '--fail-on', 'replace');
    expect(code).toBe(1);
    expect(stdout).toMatch(/WebService[0-9A-F]{8} \(BLUE_GREEN\): goes from BLUE_GREEN to ROLLING, which rewrites its listener rule/);
  });

  test('a rolling service may change its route: ECS never moves its weights', () => {
    const before = synth('rolling-shop', {});
    const after = synth('rolling-store', { path: '/store/*' });
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`compared with ${before}`);
  });

  test('without --fail-on the finding is printed and the exit code stays 0', () => {
    const before = synth('canary-x', { deployment: canary() });
    const after = synth('canary-y', { deployment: canary(), path: '/y/*' });
    const result = run('report', after, '--baseline', before);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('error   WebService');
  });

  test.each([
    [['--fail-on', 'replace'], '--fail-on replace needs --baseline'],
    [['--baseline'], '--baseline needs the folder of a cloud assembly'],
    [['--baseline', 'x', '--fail-on', 'delete'], '--fail-on takes "replace"; got "delete"'],
  ])('refuses %j', (args, message) => {
    const result = run('report', 'cdk.out', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a baseline folder that is not a cloud assembly exits 2', () => {
    const after = synth('any', {});
    const result = run('report', after, '--baseline', path.join(work, 'nothing-here'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing-here: no such directory');
  });
});

describe('report --baseline: resources replaced and deleted, on this library\'s templates', () => {
  test('a web service whose construct id changes: its service, listener rule, target group and log group are replaced, exit 1', () => {
    const before = synth('web', {});
    const after = synth('shop', { id: 'Shop' });
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace', '--json');
    expect(result.code).toBe(1);
    const changes = (JSON.parse(result.stdout) as Report).stacks[0].changes!.changes;
    const failing = changes.filter(c => c.fails);
    expect(failing.map(c => c.type).sort()).toEqual([
      'AWS::ECS::Service',
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::Logs::LogGroup',
    ]);
    expect(failing.every(c => c.kind === 'replaced' && c.newLogicalId?.startsWith('Shop'))).toBe(true);
    expect(result.stderr).toContain('4 change(s) against');
  });

  test('a rolling service\'s route changes its listener rule in place: listed as an update, exit 0', () => {
    const before = synth('route-shop', {});
    const after = synth('route-store', { path: '/store/*' });
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace', '--json');
    expect(result.code).toBe(0);
    const changes = (JSON.parse(result.stdout) as Report).stacks[0].changes!.changes;
    expect(changes.map(c => [c.kind, c.type, c.properties])).toEqual([['updated', 'AWS::ElasticLoadBalancingV2::ListenerRule', ['Conditions', 'Priority']]]);
  });
});
