import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ImageRepository, Ingress, NetworkPort, NetworkService, PlatformCluster, Route, WebService } from '../../lib';
import { elbAccountsByRegion, policyBytesAtMost } from '../../lib/ingress/private/access-logs';
import { testApp, testStack } from '../util';

/** An environment-agnostic stack (no env), as `cdk init` writes them, with two web services. */
function agnostic() {
  const stack = new Stack(testApp(), 'Agnostic');
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repo');
  new WebService(stack, 'Web', { cluster, image: repository.imageByTag('v1') });
  new WebService(stack, 'Api', { cluster, image: repository.imageByTag('v1') });
  return Template.fromStack(stack).toJSON();
}

type Json = any;

/**
 * Evaluates a template fragment as CloudFormation would in `region`: the intrinsic functions the access
 * log policy uses. A Region the mapping lacks fails, as the deploy would ("Unable to get mapping").
 */
function evaluate(node: Json, template: Json, region: string): Json {
  const ev = (n: Json) => evaluate(n, template, region);
  if (Array.isArray(node)) return node.map(ev).filter(n => n !== NO_VALUE);
  if (node === null || typeof node !== 'object') return node;
  if (node.Ref === 'AWS::NoValue') return NO_VALUE;
  if (node.Ref === 'AWS::Region') return region;
  if (node.Ref === 'AWS::Partition') return 'aws';
  if (node.Ref === 'AWS::AccountId') return '111111111111';
  if (node['Fn::FindInMap']) {
    const [map, key, attribute] = node['Fn::FindInMap'].map(ev);
    const value = template.Mappings[map]?.[key]?.[attribute];
    if (value === undefined) throw new Error(`Unable to get mapping for ${map}::${key}::${attribute}`);
    return value;
  }
  if (node['Fn::Equals']) return ev(node['Fn::Equals'][0]) === ev(node['Fn::Equals'][1]);
  if (node['Fn::Not']) return !ev(node['Fn::Not'][0]);
  if (node['Fn::If']) {
    const [name, yes, no] = node['Fn::If'];
    return ev(ev(template.Conditions[name]) ? yes : no);
  }
  if (node['Fn::Join']) {
    const [sep, parts] = node['Fn::Join'];
    return ev(parts).join(sep);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, ev(v)]));
}
const NO_VALUE = Symbol('AWS::NoValue');

/** Who may put access logs into the web service's bucket, as deployed in `region`. */
function logWriters(template: Json, region: string): Json {
  const policy = Object.entries(template.Resources as Record<string, Json>)
    .find(([id, r]) => r.Type === 'AWS::S3::BucketPolicy' && id.startsWith('LoadBalancerAccessLogs'))![1];
  const statement = policy.Properties.PolicyDocument.Statement
    .find((s: Json) => s.Action === 's3:PutObject' && s.Principal.AWS);
  return evaluate(statement.Principal, template, region);
}

describe('WebService access logs in an environment-agnostic stack', () => {
  test('are turned on, as in a stack with a region', () => {
    const template = agnostic();
    const lb = Object.values(template.Resources as Record<string, Json>).find(r => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && r.Properties.LoadBalancerAttributes.some((a: Json) => a.Value === 'Web'));
    expect(lb.Properties.LoadBalancerAttributes).toEqual(expect.arrayContaining([
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.prefix', Value: 'Web' },
    ]));
    expect(lb.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LoadBalancerAccessLogsPolicy/)]));
  });

  test.each([
    ['us-east-1', '127311923021'],
    ['eu-west-1', '156460612806'],
    ['cn-north-1', '638102146993'],
  ])('are delivered in %s by that Region\'s Elastic Load Balancing account', (region, account) => {
    expect(logWriters(agnostic(), region)).toEqual({
      AWS: [`arn:aws:iam::${account}:root`, 'arn:aws:iam::111111111111:root'],
      Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
    });
  });

  test.each(['ap-southeast-4', 'il-central-1', 'mx-central-1'])('are delivered in %s, a Region opened since August 2022, by the service principal', region => {
    expect(logWriters(agnostic(), region)).toEqual({
      AWS: ['arn:aws:iam::111111111111:root'],
      Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
    });
  });

  test('cannot be deployed in a Region newer than aws-cdk-lib: CloudFormation refuses the mapping, as README says', () => {
    expect(() => logWriters(agnostic(), 'xx-future-9')).toThrow(/Unable to get mapping for CdkEcsPlatformElbLogAccounts::xx-future-9::account/);
  });

  test('name every Region aws-cdk-lib knows in one mapping, under one condition shared by the stack\'s load balancers', () => {
    const template = agnostic();
    const accounts = elbAccountsByRegion();
    expect(Object.values(accounts).filter(a => a !== 'none').length).toBeGreaterThanOrEqual(31);
    expect(Object.keys(template.Mappings.CdkEcsPlatformElbLogAccounts)).toEqual(Object.keys(accounts));
    expect(Object.keys(template.Conditions)).toEqual(['CdkEcsPlatformElbLogAccountRegion']);
  });

  test('give the user no info they cannot act on: the mapping is read at deploy, and aws-cdk-lib is told so', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const cluster = new PlatformCluster(stack, 'Cluster');
    new WebService(stack, 'Web', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1') });
    const infos = Annotations.fromStack(stack).findInfo('*', Match.anyValue());
    expect(infos.filter(i => JSON.stringify(i.entry.data).includes('lazy mapping'))).toEqual([]);
    expect(Template.fromStack(stack).toJSON().Mappings.CdkEcsPlatformElbLogAccounts).toBeDefined();
  });

  test('leave a stack with a region exactly as aws-cdk-lib writes it: no conditions', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    new WebService(stack, 'Web', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1') });
    expect(Template.fromStack(stack).toJSON().Conditions).toBeUndefined();
  });
});

describe('the stack\'s shared access-log bucket', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/abc';
  /** The access_logs attributes of the stack's load balancers, by prefix. */
  function logTargets(stack: Stack): Record<string, Json> {
    const balancers = Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    const attribute = (lb: Json, key: string) => lb.Properties.LoadBalancerAttributes.find((a: Json) => a.Key === key)?.Value;
    return Object.fromEntries(balancers.map(lb => [attribute(lb, 'access_logs.s3.prefix'), attribute(lb, 'access_logs.s3.bucket')]));
  }

  test('takes the logs of every web service and TLS network service of the stack, each under its own prefix', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const image = new ImageRepository(stack, 'Repo').imageByTag('v1');
    const web = new WebService(stack, 'Web', { cluster, image });
    const api = new WebService(stack, 'Api', { cluster, image });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', certificateArn);
    const net = new NetworkService(stack, 'Net', { cluster, image, listener: NetworkPort.tls(443, certificate), containerPort: 8443 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::S3::BucketPolicy', 1);
    const bucket = { Ref: Object.keys(template.findResources('AWS::S3::Bucket'))[0] };
    expect(bucket.Ref).toMatch(/^LoadBalancerAccessLogs/);
    expect(logTargets(stack)).toEqual({ Web: bucket, Api: bucket, Net: bucket });
    expect(web.accessLogsBucket).toBe(api.accessLogsBucket);
    expect(net.accessLogsBucket).toBe(web.accessLogsBucket);
    // Log delivery may write under each prefix, and each load balancer waits for the policy.
    const policy = JSON.stringify(Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]);
    for (const prefix of ['Web', 'Api', 'Net']) expect(policy).toContain(`/${prefix}/AWSLogs/`);
    for (const lb of Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))) {
      expect(lb.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LoadBalancerAccessLogsPolicy/)]));
    }
  });

  test('keeps the logs of services of one id under different parents apart: the prefix is the construct path in the stack', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const image = new ImageRepository(stack, 'Repo').imageByTag('v1');
    new WebService(new Construct(stack, 'Shop'), 'Web', { cluster, image });
    new WebService(new Construct(stack, 'Blog'), 'Web', { cluster, image });
    expect(Object.keys(logTargets(stack)).sort()).toEqual(['Blog/Web', 'Shop/Web']);
  });

  test('is retained, whatever the services\' logRemovalPolicy says (it is not theirs), as their own buckets were', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.DESTROY });
    new WebService(stack, 'Web', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1'), logRemovalPolicy: RemovalPolicy.DESTROY });
    const bucket = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0];
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('is one per stack: services of two stacks get one each', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(platform, 'Cluster');
    const image = new ImageRepository(platform, 'Repo').imageByTag('v1');
    const stacks = ['Shop', 'Blog'].map(name => new Stack(app, name, { env: { region: 'us-east-1' } }));
    for (const stack of stacks) ['Web', 'Api'].forEach(id => new WebService(stack, id, { cluster, image }));
    for (const stack of stacks) Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
    Template.fromStack(platform).resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('is not created for an ingress (which keeps a bucket of its own) or for services given an accessLogsBucket', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const image = new ImageRepository(stack, 'Repo').imageByTag('v1');
    const ingress = new Ingress(stack, 'Ingress', { cluster });
    new WebService(stack, 'Shop', { cluster, image, ingress, route: Route.path('/shop') });
    const mine = new s3.Bucket(stack, 'Mine');
    const own = new WebService(stack, 'Own', { cluster, image, accessLogsBucket: mine });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::S3::Bucket')).sort()).toEqual([expect.stringMatching(/^IngressAccessLogs/), expect.stringMatching(/^Mine/)]);
    expect(own.accessLogsBucket).toBe(mine);
    expect(logTargets(stack)).toEqual({ Ingress: { Ref: expect.stringMatching(/^IngressAccessLogs/) }, Own: { Ref: expect.stringMatching(/^Mine/) } });
  });

  test('lets an app keep a service\'s old bucket, as CHANGELOG says: declared with its old logical IDs, bucket and policy stay as they were', () => {
    const build = (id: string, keep: boolean) => {
      const stack = testStack(id);
      const cluster = new PlatformCluster(stack, 'Cluster');
      const image = new ImageRepository(stack, 'Repo').imageByTag('v1');
      let old: s3.Bucket | undefined;
      if (keep) {
        old = new s3.Bucket(stack, 'OldWebLogs', {
          encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
          objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, versioned: true, removalPolicy: RemovalPolicy.RETAIN,
          lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
        });
        (old.node.defaultChild as s3.CfnBucket).overrideLogicalId('WebAccessLogs024BC47D');
      }
      new WebService(stack, 'Web', { cluster, image, accessLogsBucket: old });
      if (old) (old.policy!.node.defaultChild as s3.CfnBucketPolicy).overrideLogicalId('WebAccessLogsPolicy3D72FBC3');
      return Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
    };
    const now = build('Now', false);
    const kept = build('Kept', true);
    const sharedId = Object.keys(now).find(id => now[id].Type === 'AWS::S3::Bucket')!;
    const policyId = Object.keys(now).find(id => now[id].Type === 'AWS::S3::BucketPolicy')!;
    expect(Object.keys(kept).filter(id => /AccessLogs/.test(id)).sort()).toEqual(['WebAccessLogs024BC47D', 'WebAccessLogsPolicy3D72FBC3']);
    // The bucket the service had (the shared one has the same properties) and its policy, for the prefix Web.
    for (const key of ['Properties', 'DeletionPolicy', 'UpdateReplacePolicy']) expect(kept.WebAccessLogs024BC47D[key]).toEqual(now[sharedId][key]);
    const renamed = (r: Json, from: string) => JSON.parse(JSON.stringify(r.Properties).split(from).join('OLD'));
    expect(renamed(kept.WebAccessLogsPolicy3D72FBC3, 'WebAccessLogs024BC47D')).toEqual(renamed(now[policyId], sharedId));
  });

  test('refuses a stack whose construct id for the bucket is taken, naming the construct', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'LoadBalancerAccessLogs');
    const cluster = new PlatformCluster(stack, 'Cluster');
    expect(() => new WebService(stack, 'Web', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1') })).toThrow(
      /^Stack\/Web: accessLogsBucket \(not set\) means the load balancer logs to the stack's shared bucket, whose construct id LoadBalancerAccessLogs is taken by Stack\/LoadBalancerAccessLogs\. Allowed: another id for Stack\/LoadBalancerAccessLogs, or an accessLogsBucket of yours\.$/);
  });
});

describe('the shared bucket\'s policy size (S3: 20 KB)', () => {
  /** `count` web services of the smallest kind (13 resources) in one stack, whose ids are `idLength` long. */
  function crowded(count: number, idLength: number, options: { region?: string; minimizePolicies: boolean }) {
    const app = testApp({ '@aws-cdk/aws-iam:minimizePolicies': options.minimizePolicies });
    const env = options.region ? { env: { region: options.region } } : {};
    const platform = new Stack(app, 'Platform', env);
    const cluster = new PlatformCluster(platform, 'Cluster');
    const image = new ImageRepository(platform, 'Repo').imageByTag('v1');
    const stack = new Stack(app, 'Services', env);
    for (let i = 0; i < count; i++) {
      new WebService(stack, `Web${i}`.padEnd(idLength, 'x'), { cluster, image, rollbackAlarms: { enabled: false } });
    }
    return { app, stack };
  }

  test('refuses, at synth, a stack whose policy may be over 20 KB: 34 services in an environment-agnostic stack without minimizePolicies', () => {
    const { app } = crowded(34, 10, { minimizePolicies: false });
    expect(() => app.synth()).toThrow(
      /Services\/LoadBalancerAccessLogs: bucket policy \d{5} bytes at most once deployed, for the log delivery of 34 load balancers \(Web0x+ and 33 more\), may be over S3's limit of 20 KB for a bucket policy, and the deploy would fail\. Allowed: at most 20000 bytes: fewer load balancers in this stack/);
  });

  test('accepts the most services a stack holds (34 of 13 resources) with cdk init\'s minimizePolicies and a region, and 30 without either', () => {
    const full = crowded(34, 10, { region: 'us-east-1', minimizePolicies: true });
    expect(() => full.app.synth()).not.toThrow();
    const older = crowded(30, 10, { minimizePolicies: false });
    expect(() => older.app.synth()).not.toThrow();
  });

  test('is bounded from above: each CloudFormation function counts as the longest value it can take', () => {
    expect(policyBytesAtMost({ a: 'plain' })).toBe(JSON.stringify({ a: 'plain' }).length);
    const arn = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/Web/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] };
    // arn:aws-us-gov:s3::: and a 63-character bucket name, then the path with a 12-digit account.
    expect(policyBytesAtMost({ r: arn })).toBe(JSON.stringify({ r: 'x'.repeat(20 + 63 + '/Web/AWSLogs/'.length + 12 + 2) }).length);
    const principal = { 'Fn::If': ['HasAccount', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { 'Fn::FindInMap': ['CdkEcsPlatformElbLogAccounts', { Ref: 'AWS::Region' }, 'account'] }, ':root']] }, { Ref: 'AWS::NoValue' }] };
    expect(policyBytesAtMost({ p: principal })).toBe(JSON.stringify({ p: 'x'.repeat('arn:'.length + 10 + ':iam::'.length + 12 + ':root'.length) }).length);
  });
});
