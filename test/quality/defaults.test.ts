import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../../bin/sample-app';
import { testApp } from '../util';

/**
 * The secure and reliable defaults the README promises, asserted on the synthesized sample app as a
 * whole: every resource of each type, not one example of it.
 */
describe('the sample app keeps the README\'s promises', () => {
  const stacks = buildSampleApp(testApp());
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
    expect(groups.length).toBe(4); // flow logs, the default security group's handler, web, worker
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

  test('no task and no workload instance gets a public IP; the NAT instance is the one instance that has one', () => {
    for (const s of properties('AWS::ECS::Service')) {
      const assign = s.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp;
      expect([undefined, 'DISABLED']).toContain(assign);
    }
    for (const subnet of properties('AWS::EC2::Subnet')) expect(subnet.MapPublicIpOnLaunch).toBe(false);
    const templates = properties('AWS::EC2::LaunchTemplate').map(p => p.LaunchTemplateData);
    const pool = templates.filter(t => t.NetworkInterfaces);
    expect(pool.length).toBe(1);
    for (const t of pool) expect(t.NetworkInterfaces.every((n: any) => n.AssociatePublicIpAddress === false)).toBe(true);
    // The low-cost network's NAT instance needs a public IP to reach the internet, as a NAT gateway's EIP does.
    const instances = properties('AWS::EC2::Instance');
    expect(instances.map(i => [i.InstanceType, i.SourceDestCheck, i.NetworkInterfaces[0].AssociatePublicIpAddress])).toEqual([['t4g.nano', false, true]]);
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

  test('the rest of the README\'s defaults table, as the sample app synthesizes it', () => {
    // ECR lifecycle: untagged images expire after 14 days, the newest 200 are kept; no repository policy.
    for (const r of properties('AWS::ECR::Repository')) {
      const rules = JSON.parse(r.LifecyclePolicy.LifecyclePolicyText).rules;
      expect(rules.map((rule: any) => [rule.selection.tagStatus, rule.selection.countType, rule.selection.countNumber]))
        .toEqual([['untagged', 'sinceImagePushed', 14], ['any', 'imageCountMoreThan', 200]]);
      expect(r.RepositoryPolicyText).toBeUndefined();
    }
    // Network: one NAT instance, two AZs.
    expect(properties('AWS::EC2::NatGateway')).toEqual([]);
    expect(new Set(properties('AWS::EC2::Subnet').map(sn => JSON.stringify(sn.AvailabilityZone))).size).toBe(2);
    // Platform key: rotation on.
    for (const key of properties('AWS::KMS::Key')) expect(key.EnableKeyRotation).toBe(true);
    // Pool: 7-day instance lifetime, 0 to 2 instances, managed scaling at 100 % with a 3-minute warm-up, 30 GiB volumes.
    for (const asg of properties('AWS::AutoScaling::AutoScalingGroup')) {
      expect(asg).toMatchObject({ MaxInstanceLifetime: 604800, MinSize: '0', MaxSize: '2' });
    }
    for (const cp of properties('AWS::ECS::CapacityProvider')) {
      expect(cp.AutoScalingGroupProvider.ManagedScaling).toMatchObject({ TargetCapacity: 100, InstanceWarmupPeriod: 180 });
      expect(cp.Name).toMatch(/^cp-/);
    }
    const poolTemplate = properties('AWS::EC2::LaunchTemplate').map(p => p.LaunchTemplateData).find(t => t.NetworkInterfaces);
    expect(poolTemplate.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 30, VolumeType: 'gp3' } }]);
    expect(poolTemplate.KeyName).toBeUndefined();
    // Tasks: 256 CPU units and 512 MiB; containers stop within 30 s.
    for (const td of properties('AWS::ECS::TaskDefinition')) {
      expect([td.Cpu, td.Memory]).toEqual(['256', '512']);
      for (const c of td.ContainerDefinitions) expect(c.StopTimeout).toBe(30);
    }
    // Desired count, once an image is released: the worker 1; the web service scales, so none is sent.
    // Before the first release (the ImageTag parameter is empty) both run 0.
    const released = (count: any) => count?.['Fn::If']?.[0] === 'ImageTagUnreleased' && count['Fn::If'][1] === 0 ? count['Fn::If'][2] : count;
    expect(properties('AWS::ECS::Service').map(sv => released(sv.DesiredCount))).toEqual(expect.arrayContaining([1, { Ref: 'AWS::NoValue' }]));
    // Load balancer: internet-facing, invalid headers dropped, access logs, no deletion protection.
    for (const lb of properties('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      expect(lb.Scheme).toBe('internet-facing');
      const attributes = Object.fromEntries(lb.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
      expect(attributes).toMatchObject({
        'routing.http.drop_invalid_header_fields.enabled': 'true', 'access_logs.s3.enabled': 'true', 'deletion_protection.enabled': 'false',
      });
    }
    // Access-log bucket: SSE-S3, public access blocked, versioned, objects expire after a year; SSL only (in its policy).
    for (const bucket of properties('AWS::S3::Bucket')) {
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
      expect(bucket.PublicAccessBlockConfiguration)
        .toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(365);
    }
    for (const policy of properties('AWS::S3::BucketPolicy')) {
      expect(policy.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
    // Target health check every 10 s, 2 to pass, 3 to fail, 200-399; deregistration after 30 s; 60 s grace.
    for (const tg of properties('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      expect(tg).toMatchObject({ HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, UnhealthyThresholdCount: 3, Matcher: { HttpCode: '200-399' } });
      expect(tg.TargetGroupAttributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '30' });
    }
    const web = properties('AWS::ECS::Service').find(sv => sv.LoadBalancers);
    expect(web.HealthCheckGracePeriodSeconds).toBe(60);
  });
});
