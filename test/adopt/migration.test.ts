import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CapacityPool, ImageRepository, ImageTagPolicy, Placement, PlatformCluster, WebService, WorkerService } from '../../lib';
import { testApp } from '../util';
import { changesBetween, Resources, StepChanges } from './template-diff';

const env = { account: '123456789012', region: 'us-east-1' };

/**
 * The migration guide's recipe (docs/migrating-from-aws-cdk-lib.md), one app per step: an aws-cdk-lib
 * production stack with an ApplicationLoadBalancedFargateService (HTTPS, a Route 53 alias), then
 * 1. a WebService beside it on the same cluster, reachable on the old listener by a header;
 * 2. the old listener's traffic moved to it by weight;
 * 3. the DNS record pointed at the new load balancer (kept when it leaves the stack);
 * 4. the old service removed.
 */
function production(step: number): Resources {
  const app = testApp();
  const stack = new Stack(app, 'Production', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const repository = new ecr.Repository(stack, 'Repository');
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const image = ecs.ContainerImage.fromEcrRepository(repository, 'v1');

  const old = step < 4 ? new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    cluster, taskImageOptions: { image, containerPort: 8080 },
    protocol: elbv2.ApplicationProtocol.HTTPS, domainName: 'shop.example.com', domainZone: zone, redirectHTTP: true,
  }) : undefined;
  if (step === 0) return Template.fromStack(stack).toJSON().Resources;

  // Step 1: the new service beside the old one, in the same cluster, with a certificate of its own.
  const platform = PlatformCluster.fromClusterAttributes(stack, 'Platform', { cluster });
  const certificate = new acm.Certificate(stack, 'ShopCertificate', { domainName: 'shop.example.com', validation: acm.CertificateValidation.fromDns(zone) });
  const shop = new WebService(stack, 'Shop', { cluster: platform, image, containerPort: 8080, certificate, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS });
  if (old) {
    // The old listener reaches the new tasks through a target group of its own (a target group belongs to one load balancer).
    const onOldListener = new elbv2.ApplicationTargetGroup(stack, 'ShopOnOldListener', {
      vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP,
      targets: [shop.service.loadBalancerTarget({ containerName: shop.container.containerName, containerPort: 8080 })],
    });
    old.listener.addAction('ToShop', step === 1
      ? { priority: 1, conditions: [elbv2.ListenerCondition.httpHeader('x-migration', ['shop'])], action: elbv2.ListenerAction.forward([onOldListener]) }
      // Step 2: every request, by weight (raise the new service's share deploy by deploy).
      : { priority: 1, conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])], action: elbv2.ListenerAction.weightedForward([
        { targetGroup: old.targetGroup, weight: 0 }, { targetGroup: onOldListener, weight: 100 }]) });
    if (step === 3) {
      // Step 3: the name now resolves to the new load balancer; the record stays in Route 53 when the old service goes.
      const record = old.node.findChild('DNS').node.defaultChild as route53.CfnRecordSet;
      const alias = new route53Targets.LoadBalancerTarget(shop.loadBalancer).bind(record as any);
      record.aliasTarget = { dnsName: alias.dnsName, hostedZoneId: alias.hostedZoneId };
      record.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
  return Template.fromStack(stack).toJSON().Resources;
}

/** Logical IDs of a step's changes, without the hash CDK appends. */
function ids(changes: string[]): string[] {
  return changes.map(c => c.replace(/[0-9A-F]{8}$/, ''));
}

describe('migrating an ApplicationLoadBalancedFargateService without downtime, step by step', () => {
  const steps = [0, 1, 2, 3, 4].map(production);
  const between = (from: number): StepChanges => changesBetween(steps[from], steps[from + 1]);

  test('step 1 (beside) only adds: the old service, its load balancer, listener and record are untouched', () => {
    const changes = between(0);
    expect(changes.deleted).toEqual([]);
    expect(changes.replaced).toEqual([]);
    // The old service gains the new target group's security group rule; nothing of it is replaced.
    expect(ids(changes.updated).every(c => /SecurityGroup/.test(c))).toBe(true);
    expect(ids(changes.added)).toEqual(expect.arrayContaining([
      'AWS::ECS::Service ShopService', 'AWS::ElasticLoadBalancingV2::LoadBalancer ShopLoadBalancer',
      'AWS::ElasticLoadBalancingV2::TargetGroup ShopOnOldListener', 'AWS::ElasticLoadBalancingV2::ListenerRule WebLBPublicListenerToShopRule',
    ]));
    expect(changes.added.some(c => c.startsWith('AWS::ECS::Cluster'))).toBe(false);
  });

  test('step 2 (weight) updates the old listener\'s rule in place', () => {
    const changes = between(1);
    expect(changes).toEqual({ added: [], deleted: [], replaced: [], updated: [expect.stringMatching(/^AWS::ElasticLoadBalancingV2::ListenerRule WebLBPublicListenerToShopRule/)] });
  });

  test('step 3 (DNS) updates the record in place and keeps it when it leaves the stack', () => {
    const changes = between(2);
    expect(changes).toEqual({ added: [], deleted: [], replaced: [], updated: [expect.stringMatching(/^AWS::Route53::RecordSet WebDNS/)] });
    const record = Object.entries(steps[3]).find(([id]) => id.startsWith('WebDNS'))![1];
    expect(record.DeletionPolicy).toBe('Retain');
  });

  test('step 4 (removal) deletes only the old service\'s resources; the new service is not replaced (its ECS service drops the extra target group in place)', () => {
    const changes = between(3);
    expect(changes.replaced).toEqual([]);
    expect(changes.added).toEqual([]);
    expect(ids(changes.deleted)).toEqual(expect.arrayContaining([
      'AWS::ECS::Service WebService', 'AWS::ElasticLoadBalancingV2::LoadBalancer WebLB', 'AWS::Route53::RecordSet WebDNS',
    ]));
    // Of the new service, only what joined it to the old load balancer goes.
    expect(ids(changes.deleted.filter(c => / Shop/.test(c)))).toEqual([
      'AWS::EC2::SecurityGroupIngress ShopServiceSecurityGroupfromProductionWebLBSecurityGroup6E4F81F88080',
      'AWS::ElasticLoadBalancingV2::TargetGroup ShopOnOldListener',
    ]);
    // What leaves the stack but stays in AWS: the record (pointing at the new load balancer) and the old logs.
    const kept = Object.entries(steps[3]).filter(([id]) => changes.deleted.some(c => c.endsWith(` ${id}`)) && steps[3][id].DeletionPolicy === 'Retain');
    expect(kept.map(([id, r]) => `${r.Type} ${id}`).map(c => c.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['AWS::Logs::LogGroup WebTaskDefwebLogGroup', 'AWS::Route53::RecordSet WebDNS']);
    // The new service drops the old listener's target group: ECS updates a rolling service's load balancers in place.
    expect(ids(changes.updated).filter(c => c.startsWith('AWS::ECS::Service'))).toEqual(['AWS::ECS::Service ShopService']);
  });

  test('a replacement is caught: moving the old service onto the library\'s placement replaces it (what the recipe avoids)', () => {
    const before = production(0);
    const after = { ...before };
    const [id, service] = Object.entries(before).find(([, r]) => r.Type === 'AWS::ECS::Service')!;
    const { LaunchType, ...properties } = service.Properties!;
    after[id] = { ...service, Properties: { ...properties, CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }] } };
    expect(LaunchType).toBe('FARGATE');
    expect(changesBetween(before, after).replaced).toEqual([`AWS::ECS::Service ${id}`]);
  });
});

describe('migrating a QueueProcessingFargateService: a worker beside it on the same queue, then the removal', () => {
  function jobs(step: number): Resources {
    const stack = new Stack(testApp(), 'Jobs', { env });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }), enableFargateCapacityProviders: true });
    const queue = new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    const image = ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repository'), 'v1');
    if (step < 2) new ecsPatterns.QueueProcessingFargateService(stack, 'Old', { cluster, queue, image, minScalingCapacity: 1 });
    if (step >= 1) {
      const worker = new WorkerService(stack, 'Worker', {
        cluster: PlatformCluster.fromClusterAttributes(stack, 'Platform', { cluster }), image, environment: { QUEUE_URL: queue.queueUrl },
      });
      queue.grantConsumeMessages(worker.taskDefinition.taskRole);
    }
    return Template.fromStack(stack).toJSON().Resources;
  }
  const steps = [0, 1, 2].map(jobs);

  test('beside: only additions (the old service and the queue are untouched; the queue\'s messages are shared)', () => {
    const changes = changesBetween(steps[0], steps[1]);
    expect({ deleted: changes.deleted, replaced: changes.replaced, updated: changes.updated }).toEqual({ deleted: [], replaced: [], updated: [] });
    expect(ids(changes.added)).toEqual(expect.arrayContaining(['AWS::ECS::Service WorkerService']));
  });

  test('removal: only the old service\'s resources go; the queue and the worker stay as they are', () => {
    const changes = changesBetween(steps[1], steps[2]);
    expect({ added: changes.added, replaced: changes.replaced, updated: changes.updated }).toEqual({ added: [], replaced: [], updated: [] });
    expect(changes.deleted.every(c => / Old/.test(c))).toBe(true);
    expect(ids(changes.deleted)).toContain('AWS::ECS::Service OldQueueProcessingFargateService');
  });
});

describe('migrating an Ec2Service on an Auto Scaling group capacity provider: a worker beside it on the same provider, then the removal', () => {
  function workers(step: number): Resources {
    const stack = new Stack(testApp(), 'Workers', { env });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, instanceType: new ec2.InstanceType('m6i.large'), machineImage: ecs.EcsOptimizedImage.amazonLinux2023(), maxCapacity: 4,
    });
    const provider = new ecs.AsgCapacityProvider(stack, 'Provider', { autoScalingGroup, enableManagedTerminationProtection: false });
    cluster.addAsgCapacityProvider(provider);
    const image = ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repository'), 'v1');
    if (step < 2) {
      const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'OldTask', { networkMode: ecs.NetworkMode.AWS_VPC });
      taskDefinition.addContainer('app', { image, memoryLimitMiB: 512 });
      new ecs.Ec2Service(stack, 'Old', { cluster, taskDefinition, capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }] });
    }
    if (step >= 1) {
      const platform = PlatformCluster.fromClusterAttributes(stack, 'Platform', { cluster });
      const pool = CapacityPool.fromCapacityProvider(stack, 'Pool', {
        cluster: platform, capacityProviderName: provider.capacityProviderName, instanceTypes: [new ec2.InstanceType('m6i.large')], maxInstances: 4,
      });
      new WorkerService(stack, 'Worker', { cluster: platform, image, placement: Placement.ec2(pool) });
    }
    return Template.fromStack(stack).toJSON().Resources;
  }
  const steps = [0, 1, 2].map(workers);

  test('beside: only additions, on the existing provider (no group, launch template or capacity provider created; the old service untouched)', () => {
    const changes = changesBetween(steps[0], steps[1]);
    expect({ deleted: changes.deleted, replaced: changes.replaced, updated: changes.updated }).toEqual({ deleted: [], replaced: [], updated: [] });
    // The worker and what the library creates for it; no group, launch template or capacity provider.
    expect(ids(changes.added)).toEqual([
      'AWS::EC2::SecurityGroup WorkerServiceSecurityGroup', 'AWS::ECS::Service WorkerService', 'AWS::ECS::TaskDefinition WorkerTaskDefinition',
      'AWS::IAM::Policy WorkerTaskDefinitionExecutionRoleDefaultPolicy', 'AWS::IAM::Role WorkerTaskDefinitionExecutionRole',
      'AWS::IAM::Role WorkerTaskDefinitionTaskRole', 'AWS::KMS::Key PlatformKey', 'AWS::Logs::LogGroup WorkerLogs',
    ]);
    const worker = Object.entries(steps[1]).find(([id]) => id.startsWith('WorkerService') && steps[1][id].Type === 'AWS::ECS::Service')![1];
    expect(worker.Properties!.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/^Provider/) }, Weight: 1 }]);
  });

  test('removal: only the old service\'s resources go; the group, its capacity provider and the worker stay as they are', () => {
    const changes = changesBetween(steps[1], steps[2]);
    expect({ added: changes.added, replaced: changes.replaced, updated: changes.updated }).toEqual({ added: [], replaced: [], updated: [] });
    expect(changes.deleted.every(c => / Old/.test(c))).toBe(true);
    expect(ids(changes.deleted)).toContain('AWS::ECS::Service OldService');
  });
});

describe('migrating an ecr.Repository in place', () => {
  function repositoryStack(adopted: boolean): Resources {
    const stack = new Stack(testApp(), 'Registry', { env });
    if (adopted) {
      // The same id: ImageRepository's aws-cdk-lib repository is its 'Default' child, which keeps the logical ID.
      new ImageRepository(stack, 'Repository', { tagPolicy: ImageTagPolicy.mutable(), lifecycleRules: [], scanOnPush: false });
    } else {
      new ecr.Repository(stack, 'Repository');
    }
    return Template.fromStack(stack).toJSON().Resources;
  }

  test('ImageRepository under the old id keeps the repository (same logical ID, not replaced), with the old settings when asked', () => {
    const changes = changesBetween(repositoryStack(false), repositoryStack(true));
    expect(changes.added).toEqual([]);
    expect(changes.deleted).toEqual([]);
    expect(changes.replaced).toEqual([]);
  });
});
