import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Placement, PlacementConstraint, PlatformCluster, WorkerService } from '../../lib';
import { testApp } from '../util';
import { fixture } from '../workloads/fixtures';

/** A worker on the fixture's x86 pool (t3.small, t3a.small) with one memberOf constraint. */
function worker(expression: string, pool: 'pool' | 'armPool' = 'pool') {
  const f = fixture();
  return new WorkerService(f.stack, 'Worker', {
    cluster: f.cluster, image: f.repository.imageByTag('v1'), desiredCount: 1,
    placement: Placement.ec2(f[pool], { constraints: [PlacementConstraint.memberOf(expression)] }),
  });
}

// ECS's cluster query language: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
describe('PlacementConstraint.memberOf: the cluster query language', () => {
  test.each([
    // AWS's own examples (the instance types adapted to the pool).
    'attribute:ecs.instance-type == t3.small',
    'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]',
    'attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-zone != us-east-1d',
    'task:group == service:production',
    'not(task:group == database)',
    'runningTasksCount == 1',
    'agentVersion < 1.14.5',
    'registeredAt < 2018-02-13',
    'ec2InstanceId in [\'i-abcd1234\', \'i-wxyx7890\']',
    // The other operators and their names, custom attributes, compound expressions, a regex with groups.
    'attribute:stack exists',
    'attribute:stack !exists || attribute:stack not_exists',
    'attribute:stack equals prod && attribute:team not_in [a, b]',
    'attribute:ecs.instance-type !in [m5.large]',
    '(attribute:ecs.instance-type =~ (t3|t3a).small) or attribute:rack matches r1.*',
    '!(attribute:ecs.cpu-architecture == arm64) and attribute:ecs.os-type == linux',
    'attribute:com.example/team\\x == \'two words\'',
    'attribute:ecs.capability.secrets.asm.environment-variables exists',
    'ATTRIBUTE:ecs.instance-type EQUALS t3.small AND attribute:ecs.os-family == LINUX',
    'attribute:ecs.instance-type == m5.large or attribute:ecs.instance-type == t3a.small',
    // EC2 ids of both lengths, zones of the stack's Region (a Local Zone's too), Linux's family.
    'attribute:ecs.ami-id == ami-0123456789abcdef0 or attribute:ecs.ami-id == ami-1a2b3c4d',
    'attribute:ecs.subnet-id in [subnet-0123456789abcdef0, subnet-1a2b3c4d] and attribute:ecs.vpc-id != vpc-1a2b3c4d',
    'attribute:ecs.ami-id =~ ami-.*',
    'attribute:ecs.availability-zone in [us-west-2a, us-east-1-bos-1a]',
    'attribute:ecs.availability-zone != us-west-2a',
    'attribute:ecs.os-family != WINDOWS_SERVER_2022_FULL',
  ])('accepts %s', expression => {
    expect(() => worker(expression)).not.toThrow();
  });

  test.each([
    ['a wrong operator (= for ==)', 'attribute:ecs.instance-type = t3.small', /constraints "attribute:ecs.instance-type = t3.small" uses "=", which is not an operator \(equality is "=="\) \(ECS's cluster query language\)\. Allowed: an operator: == != /],
    ['a missing attribute: prefix', 'ecs.instance-type == t3.small', /names "ecs.instance-type", which is not a subject \(an attribute is written attribute:ecs.instance-type\).*Allowed: one of attribute:<name>/],
    ['an unknown built-in attribute', 'attribute:ecs.instance_type == t3.small', /names the attribute "ecs.instance_type", which ECS does not set .*Allowed: one of ecs.ami-id, ecs.availability-zone, ecs.instance-type, /],
    ['an operator ECS does not take for the field', 'agentVersion =~ 1.*', /compares agentVersion with =~, which ECS does not take for it.*Allowed: for agentVersion: == != > >= < <=/],
    ['an empty list', 'attribute:ecs.availability-zone in []', /has an empty list, or an empty item, after attribute:ecs.availability-zone in/],
    ['in without a list', 'attribute:ecs.availability-zone in us-east-1a', /has no list after attribute:ecs.availability-zone in \(ECS's cluster query language\)\. Allowed: in \[value1, value2, \.\.\.\]\./],
    ['a missing value', 'attribute:stack ==', /has no value after attribute:stack ==/],
    ['a dangling and', 'attribute:stack == prod and', /"attribute:stack == prod and" ends where an expression was expected/],
    ['two values without an operator between them', 'attribute:ecs.instance-type == t3.small t3a.small', /has "t3a.small" where an and, an or or the end was expected/],
    ['a running task count that is not a number', 'runningTasksCount < few', /compares runningTasksCount with "few" \(ECS's cluster query language\)\. Allowed: a whole number of tasks/],
    ['a registration date ECS does not read', 'registeredAt < 13/02/2018', /compares registeredAt with "13\/02\/2018", which is not a date ECS reads/],
    ['an attribute name with a space', 'attribute:my*team == a', /names the attribute "my\*team", which is not an attribute name/],
    ['an instance type the pool does not have', 'attribute:ecs.instance-type == m5.large',
      /constraints "attribute:ecs.instance-type == m5.large" matches no instance of pool Stack\/Cluster\/Pool \(t3.small, t3a.small, x86_64, linux\), so its tasks could never be placed\. Allowed: /],
    ['an architecture the pool does not have', 'attribute:ecs.cpu-architecture == arm64', /matches no instance of pool Stack\/Cluster\/Pool/],
    ['an operating system the pool does not have', 'attribute:ecs.os-type == windows', /matches no instance of pool/],
    ['an AMI id EC2 does not give', 'attribute:ecs.ami-id == ami-xyz',
      /compares attribute:ecs.ami-id with "ami-xyz", which is not an id EC2 gives \(no instance has it\) \(ECS's cluster query language\)\. Allowed: ami- and 8 or 17 lowercase hexadecimal characters/],
    ['a subnet id without its prefix', 'attribute:ecs.subnet-id in [subnet-0123456789abcdef0, 0123456789abcdef1]', /compares attribute:ecs.subnet-id with "0123456789abcdef1", which is not an id EC2 gives/],
    ['a VPC id in capitals', 'attribute:ecs.vpc-id == VPC-1A2B3C4D', /compares attribute:ecs.vpc-id with "VPC-1A2B3C4D"/],
    ['zones of another Region', 'attribute:ecs.availability-zone in [us-west-2a, us-west-2b]',
      /matches no instance of pool Stack\/Cluster\/Pool \(t3.small, t3a.small, x86_64, linux, in us-east-1\), so its tasks could never be placed/],
    ['a Windows operating system family', 'attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL', /matches no instance of pool/],
    ['instance types by a pattern none matches', 'attribute:ecs.instance-type =~ m7g.* and attribute:stack == prod', /matches no instance of pool/],
  ])('refuses %s at synth', (_title, expression, message) => {
    expect(() => worker(expression)).toThrow(message);
  });

  test('a pattern that matches a part of the type is not refused (ECS does not document whether it anchors it)', () => {
    expect(() => worker('attribute:ecs.instance-type =~ small')).not.toThrow();
    expect(() => worker('attribute:ecs.instance-type =~ m7g', 'armPool')).not.toThrow();
  });

  test('zones are read against the Region only when the stack has one', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
    expect(() => new WorkerService(stack, 'Worker', {
      cluster, image: new ImageRepository(stack, 'Repository').imageByTag('v1'), desiredCount: 1,
      placement: Placement.ec2(pool, { constraints: [PlacementConstraint.memberOf('attribute:ecs.availability-zone in [us-west-2a, us-west-2b]')] }),
    })).not.toThrow();
  });
});
