import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../bin/sample-app';
import { testApp } from './util';

/**
 * The logical-ID guard. CloudFormation identifies a resource by its logical ID: when a change renames
 * one (a construct id changed, a construct moved), CloudFormation creates a new resource and deletes
 * the old one. For the resources below that means lost data or an outage: a new, empty ECR repository
 * (the old one is orphaned with every image), a new log group (history split off), a new KMS key (what
 * the old one encrypted stays with it), a new bucket, a new load balancer (a new DNS name), a new Auto
 * Scaling group or launch template (every instance replaced), a new ECS service (all tasks replaced).
 *
 * These IDs are a public contract of the library. If this test fails, the change is breaking: keep the
 * old construct ids (or pin them with `overrideLogicalId`), or release it as a breaking change with a
 * migration note, and only then update the lists below.
 */
const GUARDED_TYPES = [
  'AWS::ECR::Repository', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::KMS::Key',
  'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::CapacityProvider', 'AWS::ECS::Cluster',
  'AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::EC2::VPC', 'AWS::EC2::Instance', 'AWS::EFS::FileSystem',
];

const PINNED: Record<string, string[]> = {
  registry: [
    'AWS::ECR::Repository Repository22E53BBD',
  ],
  platform: [
    'AWS::AutoScaling::AutoScalingGroup ClusterWorkersAutoScalingGroupASG58BF473F',
    'AWS::EC2::Instance ClusterVpcPublicSubnet1NatInstanceB3E0F345',
    'AWS::EC2::LaunchTemplate ClusterVpcPublicSubnet1NatInstanceLaunchTemplate90A5BCF3',
    'AWS::EC2::LaunchTemplate ClusterWorkersLaunchTemplate499B825C',
    'AWS::EC2::VPC ClusterVpcFAA3CEDF',
    'AWS::ECS::CapacityProvider ClusterWorkersCapacityProviderE3D1C877',
    'AWS::ECS::Cluster ClusterC2E21B66',
    'AWS::KMS::Key ClusterKeyB247D7DD',
    'AWS::Logs::LogGroup ClusterFlowLogs8372B953',
    'AWS::Logs::LogGroup DefaultSecurityGroupHandlerLogs3C18A195',
  ],
  services: [
    'AWS::ECS::Service WebServiceD04B5F3E',
    'AWS::ECS::Service WorkerService3F60922A',
    'AWS::ElasticLoadBalancingV2::LoadBalancer WebLoadBalancer8E8983B1',
    'AWS::Logs::LogGroup WebLogsD9759FC4',
    'AWS::Logs::LogGroup WorkerLogs4B5B6506',
    // Changed on purpose (CHANGELOG, Breaking): the web service's own access-log bucket, WebAccessLogs024BC47D,
    // left the stack for the stack's shared one, which every library load balancer of the stack logs to (one
    // bucket and policy per stack instead of per service). The old bucket was retained: it and its logs stay.
    'AWS::S3::Bucket LoadBalancerAccessLogs1C0A9C9B',
  ],
};

/** `<type> <logical id>` of every guarded resource of a stack, sorted. */
export function guardedResources(stack: Stack): string[] {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
  return Object.entries(resources).filter(([, r]) => GUARDED_TYPES.includes(r.Type)).map(([id, r]) => `${r.Type} ${id}`).sort();
}

/** Fails with an explanation when a guarded resource would be replaced or removed. */
export function expectNoReplacement(stackName: string, actual: string[], pinned: string[]): void {
  const removed = pinned.filter(p => !actual.includes(p));
  const added = actual.filter(a => !pinned.includes(a));
  if (removed.length === 0 && added.length === 0) return;
  throw new Error([
    `${stackName}: logical IDs of stateful or disruptive resources changed.`,
    ...removed.map(r => `  no longer in the template (CloudFormation would delete or orphan it): ${r}`),
    ...added.map(a => `  new in the template (CloudFormation would create it): ${a}`),
    'A renamed logical ID replaces the resource: an empty repository, a log group without its history, a new load balancer',
    'DNS name, every instance or task replaced. Keep the old construct ids, or treat the change as breaking and update',
    'PINNED in test/logical-ids.test.ts.',
  ].join('\n'));
}

describe('logical-ID guard', () => {
  const stacks = buildSampleApp(testApp());

  test.each(Object.keys(PINNED))('no stateful or disruptive resource of the %s stack is replaced', (name) => {
    const stack = (stacks as unknown as Record<string, Stack>)[name];
    expectNoReplacement(stack.stackName, guardedResources(stack), PINNED[name]);
  });

  test('fails, explaining replacement, when a construct id changes (the guard can fire)', () => {
    const actual = guardedResources(stacks.registry).map(r => r.replace('Repository22E53BBD', 'AppRepositoryB478A890'));
    expect(() => expectNoReplacement('SampleRegistry', actual, PINNED.registry)).toThrow(
      /no longer in the template \(CloudFormation would delete or orphan it\): AWS::ECR::Repository Repository22E53BBD\n.*new in the template.*AppRepositoryB478A890\nA renamed logical ID replaces the resource: an empty repository/);
  });
});
