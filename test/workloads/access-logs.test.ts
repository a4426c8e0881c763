import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ImageRepository, PlatformCluster, WebService } from '../../lib';
import { elbAccountsByRegion } from '../../lib/ingress/private/access-logs';
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
    .find(([id, r]) => r.Type === 'AWS::S3::BucketPolicy' && id.startsWith('WebAccessLogs'))![1];
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
    expect(lb.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WebAccessLogsPolicy/)]));
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
