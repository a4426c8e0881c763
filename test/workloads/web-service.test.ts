import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Placement, WebService } from '../../lib';
import { fixture, mainContainer, resource } from './fixtures';

function web(props: Partial<ConstructorParameters<typeof WebService>[2]> = {}) {
  const f = fixture();
  const service = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ...props });
  // The template is synthesized on first use, so a test may add constructs before it looks.
  return { ...f, service, get template() { return Template.fromStack(f.stack); } };
}

describe('WebService service', () => {
  test('sends the cluster\'s default strategy explicitly, never a launch type', () => {
    web().template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      LaunchType: Match.absent(),
    });
  });

  test('renders Fargate Spot with an on-demand base', () => {
    web({ placement: Placement.fargateSpot({ onDemandBase: 1 }) }).template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
    });
  });

  test('depends on the cluster\'s capacity provider association (and not redundantly on the cluster it references)', () => {
    const { stack } = web();
    const dependsOn = resource(stack, 'AWS::ECS::Service', 'WebService').DependsOn;
    expect(dependsOn).toContain('Cluster3D72770B');
    expect(dependsOn).not.toContain('ClusterC2E21B66');
    expect(resource(stack, 'AWS::ECS::ClusterCapacityProviderAssociations', 'Cluster')).toBeDefined();
  });

  test('has a circuit breaker with rollback and deploys at 100 and 200 percent', () => {
    web().template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 },
    });
  });

  test('can keep the circuit breaker without rollback', () => {
    web({ rollbackOnFailure: false }).template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: false } }),
    });
  });

  test('rolls back on deployment alarms', () => {
    const { stack, cluster, repository } = web();
    const alarm = cloudwatch.Alarm.fromAlarmName(stack, 'Errors', 'web-5xx');
    new WebService(stack, 'Other', { cluster, image: repository.imageByTag('v1'), deploymentAlarms: [alarm] });
    expect(resource(stack, 'AWS::ECS::Service', 'OtherService').Properties.DeploymentConfiguration.Alarms)
      .toEqual({
        AlarmNames: ['Stack-Other-22D239EB-RollbackAlarm', 'web-5xx'],
        Enable: true, Rollback: true,
      });
  });

  test('runs two tasks by default, in private subnets, without public IPs', () => {
    web().template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      HealthCheckGracePeriodSeconds: 60,
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED', Subnets: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }] }) },
    });
  });

  test('with scaling, sends no desired count and tracks CPU and requests per target', () => {
    const { template } = web({ scaling: { minTasks: 2, maxTasks: 8, requestsPerTarget: 500, memoryTargetPercent: 80 } });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: Match.absent() });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 8 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 70 },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }), TargetValue: 500 },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, TargetValue: 80 },
    });
  });

  test('the request-count policy names its load balancer by LoadBalancerFullName, the value aws-cdk-lib splits from the listener\'s ARN', () => {
    const { stack } = web({ scaling: { minTasks: 1, maxTasks: 4, requestsPerTarget: 500 } });
    const policy = resource(stack, 'AWS::ApplicationAutoScaling::ScalingPolicy', 'WebServiceTaskCountTargetRequestScaling');
    expect(policy.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel).toEqual({ 'Fn::Join': ['', [
      { 'Fn::GetAtt': [expect.stringMatching(/^WebLoadBalancer/), 'LoadBalancerFullName'] }, '/',
      { 'Fn::GetAtt': [expect.stringMatching(/^WebLoadBalancerListenerTasksGroup/), 'TargetGroupFullName'] },
    ]] });
  });

  test('an image pending its first push runs no task and gets no scaling, so the first deploy does not wait', () => {
    const { stack, cluster, repository } = web();
    new WebService(stack, 'Pending', { cluster, image: repository.imagePendingPush(), scaling: { minTasks: 2, maxTasks: 4 } });
    const template = Template.fromStack(stack);
    expect(resource(stack, 'AWS::ECS::Service', 'PendingService').Properties.DesiredCount).toBe(0);
    expect(Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Stack/Pending', Match.stringLikeRegexp('pending its first push, so this deploy sets the service to 0 tasks'));
  });

  test('runs on an EC2 pool as an Ec2Service, spread across zones and packed by memory', () => {
    const { stack, cluster, repository, pool } = web();
    new WebService(stack, 'OnEc2', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool) });
    const service = resource(stack, 'AWS::ECS::Service', 'OnEc2Service').Properties;
    expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/^ClusterPoolCapacityProvider/) }, Weight: 1 }]);
    expect(service.LaunchType).toBeUndefined();
    expect(service.PlacementStrategies).toEqual([{ Field: 'attribute:ecs.availability-zone', Type: 'spread' }, { Field: 'MEMORY', Type: 'binpack' }]);
    const task = resource(stack, 'AWS::ECS::TaskDefinition', 'OnEc2TaskDefinition').Properties;
    expect(task.RequiresCompatibilities).toEqual(['EC2']);
    expect(task.NetworkMode).toBe('awsvpc');
    expect(task.RuntimePlatform).toBeUndefined();
  });
});

describe('WebService task', () => {
  test('is an awsvpc Fargate task of 256 CPU units and 512 MiB for x86_64 Linux', () => {
    web().template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
  });

  test('one architecture setting drives the runtime platform', () => {
    web({ architecture: ecs.CpuArchitecture.ARM64, cpu: 1024, memoryMiB: 2048 }).template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
  });

  test('the main container is read-only with a writable /tmp, never privileged, stops within 30 s and logs to its own group', () => {
    const { stack } = web();
    const container = mainContainer(stack, 'WebTaskDefinition');
    expect(container).toMatchObject({
      Essential: true, ReadonlyRootFilesystem: true, StopTimeout: 30, Memory: 512,
      MountPoints: [{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'writable-tmp' }],
      PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'WebLogsD9759FC4' }, 'awslogs-stream-prefix': 'app', 'awslogs-region': 'us-east-1' } },
    });
    expect(container.Privileged).toBeUndefined();
    expect(resource(stack, 'AWS::ECS::TaskDefinition', 'WebTaskDefinition').Properties.PidMode).toBeUndefined();
  });

  test('the log group has a finite retention, is encrypted with the platform key and is retained', () => {
    const { stack } = web();
    expect(resource(stack, 'AWS::Logs::LogGroup', 'WebLogs')).toMatchObject({
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['ClusterKeyB247D7DD', 'Arn'] } },
    });
  });

  test('can run as a non-root user, with a command, environment and health check', () => {
    const { stack } = web({
      user: '1000:1000', command: ['node', 'server.js'], environment: { LOG_LEVEL: 'info' },
      healthCheck: { command: ['CMD-SHELL', 'wget -q -O- localhost:8080/health'], interval: Duration.seconds(15), retries: 3 },
      writablePaths: ['/tmp', '/var/cache/app'], stopTimeout: Duration.seconds(90),
    });
    expect(mainContainer(stack, 'WebTaskDefinition')).toMatchObject({
      User: '1000:1000', Command: ['node', 'server.js'], Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }], StopTimeout: 90,
      HealthCheck: { Command: ['CMD-SHELL', 'wget -q -O- localhost:8080/health'], Interval: 15, Retries: 3 },
      MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'writable-tmp', ReadOnly: false }, { ContainerPath: '/var/cache/app', SourceVolume: 'writable-var-cache-app', ReadOnly: false }],
    });
  });

  test('can turn the read-only root filesystem off', () => {
    const { stack } = web({ readonlyRootFilesystem: false });
    expect(mainContainer(stack, 'WebTaskDefinition').ReadonlyRootFilesystem).toBe(false);
  });

  test('reads secrets from Secrets Manager and SSM, granting the execution role, kms:Decrypt included when the key is known', () => {
    const f = fixture();
    const key = new kms.Key(f.stack, 'SecretKey', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(f.stack, 'Db', { encryptionKey: key });
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(f.stack, 'Token', { parameterName: '/app/token', encryptionKey: key });
    new WebService(f.stack, 'Web', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'),
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password'), API_TOKEN: ecs.Secret.fromSsmParameter(parameter) },
    });
    expect(mainContainer(f.stack, 'WebTaskDefinition').Secrets).toEqual([
      { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^Db/) }, ':password::']] } },
      { Name: 'API_TOKEN', ValueFrom: expect.anything() },
    ]);
    const policy = resource(f.stack, 'AWS::IAM::Policy', 'WebTaskDefinitionExecutionRoleDefaultPolicy').Properties.PolicyDocument.Statement;
    const actions = policy.flatMap((s: any) => [].concat(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'ssm:GetParameters', 'kms:Decrypt']));
  });

  test('ECS Exec works with a read-only root filesystem: the SSM agent\'s directories are writable', () => {
    const { stack } = web({ enableExecuteCommand: true });
    expect(resource(stack, 'AWS::ECS::Service', 'WebService').Properties.EnableExecuteCommand).toBe(true);
    expect(mainContainer(stack, 'WebTaskDefinition').MountPoints.map((m: any) => m.ContainerPath)).toEqual(['/tmp', '/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm']);
    const taskPolicy = resource(stack, 'AWS::IAM::Policy', 'WebTaskDefinitionTaskRoleDefaultPolicy').Properties.PolicyDocument.Statement;
    expect(taskPolicy.flatMap((s: any) => [].concat(s.Action))).toEqual(expect.arrayContaining(['ssmmessages:CreateControlChannel']));
  });

  test('a sidecar gets the secure defaults and takes its memory from the main container', () => {
    const { stack, service } = web({ memoryMiB: 1024 });
    service.addSidecar('proxy', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'), memoryMiB: 128, cpu: 64 });
    const containers = resource(stack, 'AWS::ECS::TaskDefinition', 'WebTaskDefinition').Properties.ContainerDefinitions;
    expect(containers.map((c: any) => [c.Name, c.Memory, c.Cpu, c.ReadonlyRootFilesystem, c.Essential])).toEqual([
      ['app', 896, undefined, true, true],
      ['proxy', 128, 64, true, true],
    ]);
    expect(containers[1].LogConfiguration.Options['awslogs-stream-prefix']).toBe('proxy');
  });
});

describe('WebService load balancer', () => {
  test('is internet-facing, drops invalid headers, logs access, and can be deleted', () => {
    const { template } = web();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: [{ Ref: Match.stringLikeRegexp('PublicSubnet1') }, { Ref: Match.stringLikeRegexp('PublicSubnet2') }],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: 'Web' },
      ]),
    });
  });

  test('writes access logs to the stack\'s retained, SSL-only, private, versioned bucket that expires logs after a year', () => {
    const { stack } = web();
    expect(resource(stack, 'AWS::S3::Bucket', 'LoadBalancerAccessLogs')).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }] },
      },
    });
    const statements = resource(stack, 'AWS::S3::BucketPolicy', 'LoadBalancerAccessLogsPolicy').Properties.PolicyDocument.Statement;
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('without a certificate listens for HTTP on 80, open to the internet on that port only', () => {
    const { template } = web();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'forward' })] });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('ELB'),
      SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', Description: 'Allow from anyone on port 80', FromPort: 80, IpProtocol: 'tcp', ToPort: 80 }],
    });
  });

  test('with a certificate serves HTTPS with a recommended TLS policy and redirects HTTP', () => {
    const f = fixture();
    const certificate = acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    const service = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), certificate });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
    });
    expect(service.url).toMatch(/^https:\/\//);
  });

  test('an internal load balancer sits in private subnets and admits only the VPC', () => {
    const { template, service } = web({ internetFacing: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('ELB'),
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', Description: 'From inside the VPC', FromPort: 80, IpProtocol: 'tcp', ToPort: 80 }],
    });
    expect(service.url).toMatch(/^http:\/\//);
  });

  test('an internal load balancer with a certificate opens 443 and the redirect on 80 to the VPC only, never to 0.0.0.0/0', () => {
    const f = fixture();
    const certificate = acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), internetFacing: false, certificate });
    const group = resource(f.stack, 'AWS::EC2::SecurityGroup', 'WebLoadBalancerSecurityGroup').Properties;
    expect(group.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort])).toEqual([['10.0.0.0/16', 443], ['10.0.0.0/16', 80]]);
    const template = Template.fromStack(f.stack);
    const inbound = [
      ...Object.values<any>(template.findResources('AWS::EC2::SecurityGroup')).flatMap(g => g.Properties.SecurityGroupIngress ?? []),
      ...Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress')).map(r => r.Properties),
    ];
    expect(inbound.filter(r => r.CidrIp === '0.0.0.0/0')).toEqual([]);
  });

  test('refuses an access logs bucket encrypted with KMS, which load balancers cannot write to', () => {
    const f = fixture();
    const bucket = new s3.Bucket(f.stack, 'Logs', { encryptionKey: new kms.Key(f.stack, 'Key') });
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), accessLogsBucket: bucket }))
      .toThrow(/^Stack\/Web: accessLogsBucket "Stack\/Logs" is encrypted with a KMS key, and load balancers deliver access logs only to SSE-S3 buckets\. Allowed: a bucket with S3-managed encryption/);
  });

  test('warns that an imported access logs bucket needs its policy set outside the stack; an owned bucket gets no warning', () => {
    const f = fixture();
    const imported = s3.Bucket.fromBucketName(f.stack, 'Imported', 'central-alb-logs');
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), accessLogsBucket: imported });
    const owned = new s3.Bucket(f.stack, 'Owned', { enforceSSL: true });
    new WebService(f.stack, 'Other', { cluster: f.cluster, image: f.repository.imageByTag('v1'), accessLogsBucket: owned });
    const annotations = Annotations.fromStack(f.stack);
    annotations.hasWarning('/Stack/Web', Match.stringLikeRegexp('accessLogsBucket Stack/Imported is imported, so its bucket policy is not managed here.*Web/AWSLogs/<account>/'));
    annotations.hasNoWarning('/Stack/Other', Match.stringLikeRegexp('accessLogsBucket'));
  });

  test('accepts a health check grace period beyond a day, up to ECS\'s limit', () => {
    const { template } = web({ healthCheckGracePeriod: Duration.days(2) });
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 172800 });
    expect(() => web({ healthCheckGracePeriod: Duration.seconds(2147483648) })).toThrow(/healthCheckGracePeriod \(seconds\) 2147483648 is out of range\. Allowed: a whole number from 0 to 2147483647\./);
  });

  test('tasks accept traffic only from the load balancer, on the container port', () => {
    const { stack } = web();
    const ingress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    expect(ingress.map(r => r.Properties)).toEqual([{
      Description: 'Load balancer to target', FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp',
      GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^WebServiceSecurityGroup/), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^WebLoadBalancerSecurityGroup/), 'GroupId'] },
    }]);
    expect(resource(stack, 'AWS::EC2::SecurityGroup', 'WebServiceSecurityGroup').Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('deploys wait at most 50 s on load balancer settings: 10 s x 2 healthy checks + 30 s deregistration', () => {
    const { template, service } = web({ healthCheckPath: '/health' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2, UnhealthyThresholdCount: 3, Matcher: { HttpCode: '200-399' }, TargetType: 'ip', Port: 8080,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    expect(service.loadBalancerDeployWait.toSeconds()).toBe(50);
  });

  test('long-lived connections can keep a longer deregistration delay, and the deploy wait says what it costs', () => {
    const { service, template } = web({
      deregistrationDelay: Duration.minutes(5), healthCheckInterval: Duration.seconds(5), healthyThresholdCount: 3,
    });
    expect(service.loadBalancerDeployWait.toSeconds()).toBe(315);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 4 });
  });

  test('the service\'s DependsOn does not repeat the target group it references', () => {
    const { stack } = web();
    expect(resource(stack, 'AWS::ECS::Service', 'WebService').DependsOn).not.toContainEqual(expect.stringMatching(/TasksGroup/));
  });
});

test('keeps logical IDs of stateful and disruptive resources stable', () => {
  const { stack } = web();
  const ids = Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, any>)
    .filter(([, r]) => ['AWS::ECS::Service', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::ElasticLoadBalancingV2::LoadBalancer'].includes(r.Type))
    .map(([id]) => id).filter(id => id.startsWith('Web') || id.startsWith('LoadBalancerAccessLogs')).sort();
  // The access-log bucket is the stack's since the shared bucket (CHANGELOG, Breaking): WebAccessLogs024BC47D left.
  expect(ids).toEqual(['LoadBalancerAccessLogs1C0A9C9B', 'WebLoadBalancer8E8983B1', 'WebLogsD9759FC4', 'WebServiceD04B5F3E']);
});
