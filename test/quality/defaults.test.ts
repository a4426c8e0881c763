import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../../bin/sample-app';
import { testApp } from '../util';

/**
 * The secure and reliable defaults the README promises, asserted on the synthesized sample app as a
 * whole: every resource of each type, not one example of it.
 */
describe('the sample app keeps the README\'s promises', () => {
  const stacks = buildSampleApp(testApp({ imageTag: 'v1.0.0' }));
  const resources = (type: string) => Object.values(stacks).flatMap((stack: Stack) => Object.entries(Template.fromStack(stack).findResources(type)));
  const properties = (type: string) => resources(type).map(([, r]) => r.Properties);

  test('repositories are retained, scan on push and have immutable tags and a lifecycle policy', () => {
    const repositories = resources('AWS::ECR::Repository');
    expect(repositories.length).toBeGreaterThan(0);
    for (const [, r] of repositories) {
      expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(r.Properties.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
      expect(r.Properties.ImageTagMutability).toBe('IMMUTABLE');
      expect(r.Properties.LifecyclePolicy.LifecyclePolicyText).toContain('"type":"expire"');
      expect(r.Properties.EmptyOnDelete).toBeUndefined();
    }
  });

  test('log groups are retained, encrypted and expire after a finite time of at least a year', () => {
    const groups = resources('AWS::Logs::LogGroup');
    expect(groups.length).toBe(3); // flow logs, web, worker
    for (const [, r] of groups) {
      expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(r.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
      expect(r.Properties.KmsKeyId).toBeDefined();
    }
  });

  test('buckets and keys are retained', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      const found = resources(type);
      expect(found.length).toBeGreaterThan(0);
      for (const [, r] of found) expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('every service has a circuit breaker with rollback, 100 % minimum and 200 % maximum healthy, and a strategy instead of a launch type', () => {
    const services = properties('AWS::ECS::Service');
    expect(services.length).toBe(2);
    for (const s of services) {
      expect(s.DeploymentConfiguration).toMatchObject({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200,
      });
      expect(s.LaunchType).toBeUndefined();
      expect(s.CapacityProviderStrategy.length).toBeGreaterThan(0);
    }
  });

  test('no task and no instance gets a public IP', () => {
    for (const s of properties('AWS::ECS::Service')) {
      const assign = s.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp;
      expect([undefined, 'DISABLED']).toContain(assign);
    }
    for (const subnet of properties('AWS::EC2::Subnet')) expect(subnet.MapPublicIpOnLaunch).toBe(false);
    const templates = properties('AWS::EC2::LaunchTemplate').map(p => p.LaunchTemplateData);
    const pool = templates.filter(t => t.NetworkInterfaces);
    expect(pool.length).toBe(1);
    for (const t of pool) expect(t.NetworkInterfaces.every((n: any) => n.AssociatePublicIpAddress === false)).toBe(true);
  });

  test('instances require IMDSv2 with a hop limit of 1 and encrypt their volumes; there is no launch configuration', () => {
    const templates = properties('AWS::EC2::LaunchTemplate').map(p => p.LaunchTemplateData);
    expect(templates.length).toBe(2); // the NAT instance's and the pool's
    for (const t of templates) {
      expect(t.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
      expect(t.Monitoring).toEqual({ Enabled: true });
      for (const device of t.BlockDeviceMappings ?? []) expect(device.Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
    }
    for (const instance of properties('AWS::EC2::Instance')) {
      expect(instance.BlockDeviceMappings.every((d: any) => d.Ebs.Encrypted === true)).toBe(true);
    }
    expect(resources('AWS::AutoScaling::LaunchConfiguration')).toEqual([]);
  });

  test('containers have read-only root filesystems, are not privileged and log to their own group', () => {
    const containers = properties('AWS::ECS::TaskDefinition').flatMap(t => t.ContainerDefinitions);
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      expect(c.ReadonlyRootFilesystem).toBe(true);
      expect(c.Privileged).toBeUndefined();
      expect(c.LogConfiguration.LogDriver).toBe('awslogs');
    }
  });

  test('capacity providers drain instances and never block stack deletion; Auto Scaling groups have no desired capacity', () => {
    for (const cp of properties('AWS::ECS::CapacityProvider')) {
      expect(cp.AutoScalingGroupProvider).toMatchObject({
        ManagedDraining: 'ENABLED', ManagedTerminationProtection: 'DISABLED', ManagedScaling: { Status: 'ENABLED' },
      });
    }
    for (const asg of properties('AWS::AutoScaling::AutoScalingGroup')) expect(asg.DesiredCapacity).toBeUndefined();
  });

  test('the VPC has flow logs and the cluster has Container Insights', () => {
    expect(properties('AWS::EC2::FlowLog')).toEqual([expect.objectContaining({ ResourceType: 'VPC', TrafficType: 'ALL' })]);
    expect(properties('AWS::ECS::Cluster')).toEqual([expect.objectContaining({ ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] })]);
  });
});
