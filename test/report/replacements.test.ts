import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource } from 'aws-cdk-lib';
import { buildSampleApp, SampleStacks } from '../../bin/sample-app';
import { compareTemplates, ResourceChange } from '../../lib/report/baseline/replacements';
import { main } from '../../lib/report/cli';
import { Report } from '../../lib/report/report';
import { testApp } from '../util';
import { writeAssembly } from './assembly-fixture';

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

/** The report of `after` against `before` (one stack each, id Stack), with --fail-on replace. */
function gate(before: Record<string, unknown>, after: Record<string, unknown>): { code: number; changes: ResourceChange[]; stderr: string } {
  const result = run('report', writeAssembly([{ id: 'Stack', resources: after }]), '--baseline', writeAssembly([{ id: 'Stack', resources: before }]),
    '--fail-on', 'replace', '--json');
  const report = JSON.parse(result.stdout) as Report;
  return { code: result.code, changes: report.stacks[0].changes!.changes, stderr: result.stderr };
}

const bucket = (properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ Type: 'AWS::S3::Bucket', Properties: properties, ...extra });
const targetGroup = (properties: Record<string, unknown>) => ({
  Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  Properties: { Port: 8080, Protocol: 'HTTP', TargetType: 'ip', VpcId: { Ref: 'Vpc' }, HealthCheckPath: '/', ...properties },
});
const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };

describe('report --baseline: what each resource change does', () => {
  test('a new logical ID with nothing of its type gone is created, and does not fail the gate', () => {
    const { code, changes } = gate({}, { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } });
    expect(changes).toEqual([expect.objectContaining({ kind: 'created', logicalId: 'Logs', marking: 'stateful', fails: false })]);
    expect(code).toBe(0);
  });

  test('a replacing property changed (a bucket renamed): replaced, stateful, fails the gate', () => {
    const { code, changes, stderr } = gate({ Data: bucket({ BucketName: 'shop-data' }) }, { Data: bucket({ BucketName: 'shop-data-2' }) });
    expect(changes).toEqual([expect.objectContaining({ kind: 'replaced', properties: ['BucketName'], marking: 'stateful', fails: true })]);
    expect(changes[0].message).toBe('Data (AWS::S3::Bucket, stateful) is replaced: BucketName changes (shop-data -> shop-data-2); ' +
      'the new one starts without the old one\'s data');
    expect(code).toBe(1);
    expect(stderr).toContain('1 change(s) against');
    expect(stderr).toContain('Stack/Data');
  });

  test('a logical ID gone while one of the same type is new: replaced by the new logical ID', () => {
    const { code, changes } = gate({ RepoA1B2: { Type: 'AWS::ECR::Repository', Properties: {} } }, { RepoC3D4: { Type: 'AWS::ECR::Repository', Properties: {} } });
    expect(changes).toEqual([expect.objectContaining({ kind: 'replaced', logicalId: 'RepoA1B2', newLogicalId: 'RepoC3D4', fails: true })]);
    expect(changes[0].message).toMatch(/is replaced by RepoC3D4: its logical ID is gone and RepoC3D4 is a new AWS::ECR::Repository/);
    expect(code).toBe(1);
  });

  test('a logical ID gone with nothing of its type new: deleted', () => {
    const { code, changes } = gate({ Queue: { Type: 'AWS::SQS::Queue', Properties: {} } }, {});
    expect(changes).toEqual([expect.objectContaining({ kind: 'deleted', logicalId: 'Queue', marking: 'stateful', fails: true })]);
    expect(code).toBe(1);
  });

  test('a retained resource deleted is kept in the account, and still fails the gate: the stack no longer manages it', () => {
    const { code, changes } = gate({ Data: bucket({}, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }) }, {});
    expect(changes).toEqual([expect.objectContaining({ kind: 'deleted', oldResource: 'retained', fails: true })]);
    expect(changes[0].message).toContain('removed from the stack but kept in the account (DeletionPolicy Retain)');
    expect(code).toBe(1);
  });

  test('a logical ID that keeps its name and changes its type is replaced', () => {
    const [change] = compareTemplates({ Lb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: {} } },
      { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} } });
    expect(change).toMatchObject({ kind: 'replaced', marking: 'traffic-serving', fails: true });
    expect(change.message).toContain('its type changes from AWS::ElasticLoadBalancing::LoadBalancer to AWS::ElasticLoadBalancingV2::LoadBalancer');
  });

  test('a resource with DeletionPolicy Snapshot deleted is deleted after a snapshot, and fails the gate', () => {
    const volume = { Type: 'AWS::EC2::Volume', Properties: { Size: 8, AvailabilityZone: 'us-east-1a' }, DeletionPolicy: 'Snapshot' };
    const { code, changes } = gate({ Disk: volume }, {});
    expect(changes).toEqual([expect.objectContaining({ kind: 'deleted', marking: 'stateful', oldResource: 'snapshot', fails: true })]);
    expect(changes[0].message).toContain('It is deleted after a snapshot (DeletionPolicy Snapshot)');
    expect(code).toBe(1);
  });

  test('CDK\'s metadata resource is not compared: it changes with every aws-cdk-lib release', () => {
    const metadata = (v: string) => ({ CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: v } } });
    expect(compareTemplates(metadata('v2:deflate64:a'), metadata('v2:deflate64:b'))).toEqual([]);
    expect(compareTemplates(metadata('a'), {})).toEqual([]);
  });

  test('an unmarked resource replaced or deleted is listed and does not fail the gate', () => {
    const task = (cpu: string) => ({ Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: cpu, Memory: '512' } });
    const { code, changes } = gate({ Task: task('256'), Role: { Type: 'AWS::IAM::Role', Properties: {} } }, { Task: task('512') });
    expect(changes.map(c => [c.kind, c.logicalId, c.fails])).toEqual([['replaced', 'Task', false], ['deleted', 'Role', false]]);
    expect(code).toBe(0);
  });

  test('only safe changes (in-place updates, creations) pass the gate with exit 0', () => {
    const { code, changes } = gate(
      { Vpc: vpc, Targets: targetGroup({}) },
      { Vpc: vpc, Targets: targetGroup({ HealthCheckPath: '/health' }), Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} } },
    );
    expect(changes.map(c => [c.kind, c.logicalId, c.properties])).toEqual([['updated', 'Targets', ['HealthCheckPath']], ['created', 'Logs', undefined]]);
    expect(code).toBe(0);
  });

  test('an intrinsic function that is the same text is unchanged, whatever the key order', () => {
    const before = { Vpc: vpc, Targets: targetGroup({ VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'a', Value: { 'Fn::Join': ['', ['x', { Ref: 'AWS::Region' }]] } }] }) };
    const after = { Vpc: vpc, Targets: { Type: before.Targets.Type, Properties: { ...before.Targets.Properties } } };
    expect(compareTemplates(before, after)).toEqual([]);
  });

  test('a replacing property whose intrinsic function changes may be replaced (its value is known at deploy), and fails the gate', () => {
    const other = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } };
    const { code, changes } = gate({ Vpc: vpc, Other: other, Targets: targetGroup({}) }, { Vpc: vpc, Other: other, Targets: targetGroup({ VpcId: { Ref: 'Other' } }) });
    expect(changes).toEqual([expect.objectContaining({ kind: 'may-replace', properties: ['VpcId'], marking: 'traffic-serving', fails: true })]);
    expect(changes[0].message).toContain('VpcId changes to a value known only at deploy');
    expect(code).toBe(1);
  });

  test('a conditional property (an instance type) may replace the resource', () => {
    const instance = (type: string) => ({ Type: 'AWS::EC2::Instance', Properties: { InstanceType: type, ImageId: 'ami-1' } });
    const changes = compareTemplates({ Nat: instance('t4g.nano') }, { Nat: instance('t4g.micro') });
    expect(changes).toEqual([expect.objectContaining({ kind: 'may-replace', properties: ['InstanceType'], fails: false })]);
    expect(changes[0].message).toContain('which replaces it for some changes');
  });

  test('a replaced resource replaces what refers to it through a replacing property (a cluster renamed replaces its services)', () => {
    const cluster = (name: string) => ({ Type: 'AWS::ECS::Cluster', Properties: { ClusterName: name } });
    const service = { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, DesiredCount: 1 } };
    const changes = compareTemplates({ Cluster: cluster('shop'), Web: service }, { Cluster: cluster('store'), Web: service });
    expect(changes.map(c => [c.kind, c.logicalId, c.fails])).toEqual([['replaced', 'Cluster', false], ['replaced', 'Web', true]]);
    expect(changes[1].message).toContain('Cluster refers to Cluster, which is new or replaced');
  });

  test('a resource replaced while its custom name stays the same: the deploy would fail, and the message says so', () => {
    const service = (launchType: string) => ({ Type: 'AWS::ECS::Service', Properties: { ServiceName: 'web', LaunchType: launchType } });
    const [change] = compareTemplates({ Web: service('FARGATE') }, { Web: service('EC2') });
    expect(change.message).toMatch(/LaunchType changes \(FARGATE -> EC2\).*Its ServiceName stays the same, and CloudFormation cannot replace a resource with a custom name/);
  });

  test('a resource type the specification does not know (a custom resource) is updated, with a note', () => {
    const custom = (v: string) => ({ Type: 'Custom::Thing', Properties: { ServiceToken: 'arn', Value: v } });
    const [change] = compareTemplates({ C: custom('a') }, { C: custom('b') });
    expect(change).toMatchObject({ kind: 'updated', properties: ['Value'] });
    expect(change.message).toContain('the resource specification does not know Custom::Thing (its handler decides what a change does)');
  });
});

describe('report --baseline: stacks', () => {
  test('a stack new in the assembly, and one gone from it, are said; neither fails the gate', () => {
    const before = writeAssembly([{ id: 'Old', resources: { Data: bucket() } }]);
    const after = writeAssembly([{ id: 'New', resources: { Data: bucket() } }]);
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('against the baseline: a new stack (no stack with this id in the baseline): its 1 resource(s) are created');
    expect(result.stdout).toMatch(/^Old {2}not in this assembly \(it is in the baseline, 1 resource\(s\)\): `cdk deploy` leaves a deployed stack as it is/m);
    expect(result.stdout).toContain('stateful or traffic-serving: Data (AWS::S3::Bucket)');
    const report = JSON.parse(run('report', after, '--baseline', before, '--json').stdout) as Report;
    expect(report.stacks[0].changes?.status).toBe('new');
    expect(report.stacksGone).toEqual([{ id: 'Old', displayName: 'Old', resources: 1, marked: ['Data (AWS::S3::Bucket)'] }]);
  });

  test('without --baseline the report has no changes', () => {
    const report = JSON.parse(run('report', writeAssembly([{ id: 'S', resources: { Data: bucket() } }]), '--json').stdout) as Report;
    expect(report.stacks[0].changes).toBeUndefined();
    expect(report.stacksGone).toBeUndefined();
  });
});

describe('report --baseline on the sample app', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-replace-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function synth(name: string, change?: (stacks: SampleStacks) => void): string {
    const outdir = path.join(work, name);
    const app = new App({ outdir, context: testApp({ '@aws-cdk/core:annotationsInValidationReport': false }).node.getAllContext(), stackTraces: false });
    const stacks = buildSampleApp(app);
    change?.(stacks);
    app.synth();
    return outdir;
  }

  test('the same app again: no resource changes, exit 0', () => {
    const result = run('report', synth('again'), '--baseline', synth('main'), '--fail-on', 'replace');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/against the baseline: no resource changes/g)).toHaveLength(3);
  });

  test('a service whose construct id changed and a target group on another port: the gate catches both', () => {
    const before = synth('base');
    const after = synth('changed', stacks => {
      // What renaming the service's construct does to the template: a new logical ID.
      (stacks.services.web.service.node.defaultChild as CfnResource).overrideLogicalId('WebServiceRenamed');
      (stacks.services.web.targetGroup.node.defaultChild as CfnResource).addPropertyOverride('Port', 8081);
    });
    const result = run('report', after, '--baseline', before, '--fail-on', 'replace', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const services = report.stacks.find(s => s.id === 'SampleServices')!.changes!.changes;
    expect(services.filter(c => c.fails).map(c => [c.kind, c.type, c.newLogicalId])).toEqual([
      ['replaced', 'AWS::ElasticLoadBalancingV2::TargetGroup', undefined],
      ['replaced', 'AWS::ECS::Service', 'WebServiceRenamed'],
    ]);
    // The scaling of the service follows it: its scalable target names the service.
    expect(services.filter(c => !c.fails).map(c => c.type)).toEqual(expect.arrayContaining(['AWS::ApplicationAutoScaling::ScalableTarget']));
    expect(report.stacks.filter(s => s.id !== 'SampleServices').every(s => s.changes!.changes.length === 0)).toBe(true);
  });
});
