import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ImageRepository, Network, Placement, PlatformCluster, WebService } from '../../lib';
import { testStack } from '../util';

const T3_SMALL = new ec2.InstanceType('t3.small');

/** The services of the VPC's endpoints, without the `com.amazonaws.<region>.` prefix. */
function endpointServices(stack: Stack): string[] {
  const endpoints = Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint');
  return Object.values(endpoints).map((e: any) => {
    const name = e.Properties.ServiceName;
    const text = typeof name === 'string' ? name : name['Fn::Join'][1].filter((p: unknown) => typeof p === 'string').join('');
    return text.replace(/^com\.amazonaws\.(us-east-1)?\.?/, '');
  }).sort();
}

describe('PlatformCluster network', () => {
  test('the default low-cost profile has one NAT instance (t4g.nano, standard credits) and no NAT gateway', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't4g.nano',
      CreditSpecification: { CPUCredits: 'standard' },
      Monitoring: true,
      SourceDestCheck: false,
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) }],
    });
    // Both private subnets route to the one instance.
    const routes = Object.values(template.findResources('AWS::EC2::Route', { Properties: { InstanceId: Match.anyValue() } }));
    expect(routes).toHaveLength(2);
  });

  test('the NAT instance lets in traffic from the VPC only, so private subnets reach the internet and nothing else reaches in', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'NAT instance: traffic from the VPC to the internet',
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: '-1', Description: 'Traffic from the VPC to the internet' }],
    });
  });

  test('the NAT instance requires IMDSv2', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 }, Monitoring: { Enabled: true } },
    });
    template.hasResourceProperties('AWS::EC2::Instance', {
      LaunchTemplate: { LaunchTemplateId: { Ref: Match.stringLikeRegexp('NatInstanceLaunchTemplate') }, Version: Match.anyValue() },
    });
  });

  test('the NAT instance reads its AMI at launch, so no routine deploy replaces it (no SSM-typed parameter in the template)', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { network: Network.lowCost({ natInstanceType: new ec2.InstanceType('t3.nano') }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ ImageId: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64' }) });
    template.hasResourceProperties('AWS::EC2::Instance', { ImageId: Match.absent(), LaunchTemplate: Match.anyValue() });
    expect(Object.values(template.toJSON().Parameters ?? {}).filter((p: any) => p.Type.startsWith('AWS::SSM::Parameter::Value<') && !String(p.Default).startsWith('/cdk-bootstrap/'))).toEqual([]);
  });

  test('natImage names the NAT instance\'s image on purpose (a deliberate replacement)', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { network: Network.lowCost({ natImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' }) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ ImageId: 'ami-0123456789abcdef0' }) });
  });

  test('no subnet hands out public IPs; tasks and instances run in private subnets', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect(Object.values(subnets).map((s: any) => s.Properties.MapPublicIpOnLaunch)).toEqual([false, false, false, false]);
  });

  test('flow logs go to an encrypted, retained log group kept for a year', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] } },
    });
  });

  test('every created VPC has a free S3 gateway endpoint and restricts its default security group', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('the default security group\'s handler logs to a log group of the stack: encrypted, kept a year, retained, one per stack', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    new PlatformCluster(stack, 'Other', { logRetention: logs.RetentionDays.ONE_MONTH });
    const template = Template.fromStack(stack);
    const handlers = template.findResources('AWS::Lambda::Function');
    const handler = Object.entries(handlers).find(([id]) => id.startsWith('CustomVpcRestrictDefaultSG'));
    expect(handler?.[1].Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/^DefaultSecurityGroupHandlerLogs/) } });
    const groups = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('DefaultSecurityGroupHandlerLogs'));
    expect(groups.map(([, g]) => ({ deletion: g.DeletionPolicy, days: g.Properties.RetentionInDays, key: g.Properties.KmsKeyId }))).toEqual([
      { deletion: 'Retain', days: 365, key: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterKey/), 'Arn'] } },
    ]);
  });

  test('the highly available profile has a NAT gateway per Availability Zone and no NAT instance', () => {
    const stack = testStack('Stack', { env: { account: '111122223333', region: 'us-east-1' } });
    new PlatformCluster(stack, 'Cluster', { network: Network.highlyAvailable({ maxAzs: 3 }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::Instance', 0);
  });

  test('the endpoint profile has no NAT, isolated subnets and the endpoints ECS needs', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.vpcEndpoints() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 0);
    expect(endpointServices(stack)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    expect(cluster.workloadSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  });

  test('the endpoint profile adds ECS agent and Session Manager endpoints with the first EC2 pool, once', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.vpcEndpoints() });
    cluster.addCapacityPool('A', { instanceTypes: [T3_SMALL] });
    cluster.addCapacityPool('B', { instanceTypes: [T3_SMALL] });
    expect(endpointServices(stack)).toEqual(['ec2messages', 'ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs', 's3', 'ssm', 'ssmmessages']);
  });

  test('the endpoint profile with ECS Exec adds Session Manager and KMS endpoints: sessions are encrypted with the platform key', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { network: Network.vpcEndpoints(), executeCommand: true });
    expect(endpointServices(stack)).toEqual(['ecr.api', 'ecr.dkr', 'kms', 'logs', 's3', 'ssm', 'ssmmessages']);
  });

  test('interface endpoints share one security group that admits HTTPS from the VPC\'s CIDR only', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { network: Network.vpcEndpoints() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from the VPC',
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
    });
    const groups = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
      .map((e: any) => JSON.stringify(e.Properties.SecurityGroupIds));
    expect(new Set(groups).size).toBe(1);
  });

  test('the NAT profiles add no interface endpoint', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { executeCommand: true });
    cluster.addCapacityPool('A', { instanceTypes: [T3_SMALL] });
    expect(endpointServices(stack)).toEqual(['s3']);
  });

  test('an existing VPC is used as it is', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Existing', { natGateways: 1 });
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });
    expect(cluster.vpc).toBe(vpc);
    expect(cluster.workloadSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  test('rejects more than two Availability Zones in a stack without an account, where CDK knows only two', () => {
    const stack = testStack();
    expect(() => new PlatformCluster(stack, 'Cluster', { network: Network.highlyAvailable({ maxAzs: 3 }) }))
      .toThrow(/^Stack\/Cluster: network maxAzs 3 cannot be met by a stack without a concrete account and region \(CDK gives such stacks two Availability Zones\)\. Allowed: maxAzs 2, or a stack with env: \{ account, region \}/);
  });

  test('an imported VPC without its CIDR block or public subnets runs pools; web services get a clear error for what is missing', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'],
    });
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });
    cluster.addCapacityPool('Pool', { instanceTypes: [T3_SMALL] });
    const repository = new ImageRepository(stack, 'Repo');
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(() => new WebService(stack, 'Public', { cluster, image: repository.imageByTag('v1') }))
      .toThrow(/^Stack\/Public: internetFacing true needs public subnets for the load balancer, and the VPC of Stack\/Cluster has none\. Allowed: internetFacing: false/);
    expect(() => new WebService(stack, 'Internal', { cluster, image: repository.imageByTag('v1'), internetFacing: false }))
      .toThrow(/^Stack\/Internal: internetFacing false needs the VPC's CIDR block to admit the VPC, and the imported VPC of Stack\/Cluster does not supply one\. Allowed: an imported VPC with vpcCidrBlock/);
  });

  test.each([1, 7, 2.5])('rejects maxAzs %p', (maxAzs) => {
    const stack = testStack();
    expect(() => new PlatformCluster(stack, 'Cluster', { network: Network.lowCost({ maxAzs }) }))
      .toThrow(new RegExp(`^Stack/Cluster: network maxAzs ${maxAzs} is out of range\\. Allowed: a whole number from 2 to 6`));
  });
});

describe('PlatformCluster', () => {
  test('turns Container Insights on, with the value both cdk-nag and Control Tower accept', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('can turn on enhanced Container Insights', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { containerInsights: ecs.ContainerInsights.ENHANCED });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
  });

  test('registers Fargate and Fargate Spot, with Fargate as the default strategy', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    });
  });

  test('a Fargate Spot default placement renders an on-demand base and Spot beyond it', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.fargateSpot({ onDemandBase: 1 }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      DefaultCapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
    expect(cluster.defaultPlacement.kind).toBe('fargateSpot');
  });

  test('has no ECS Exec configuration unless asked', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Cluster', { Configuration: Match.absent() });
  });

  test('ECS Exec sessions are encrypted with the platform key and logged to an encrypted, retained log group', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { executeCommand: true, logRetention: logs.RetentionDays.TWO_YEARS });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] },
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: { Ref: Match.stringLikeRegexp('^ClusterExecLogs') } },
        },
      },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 731, KmsKeyId: Match.anyValue() },
    });
  });

  test('the platform key rotates, is retained and lets CloudWatch Logs and SNS use it', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    Template.fromStack(stack).hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'CloudWatchLogs', Principal: { Service: 'logs.us-east-1.amazonaws.com' } }),
            Match.objectLike({
              Sid: 'PublishThroughSns',
              Condition: { StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' }, 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
            }),
            Match.objectLike({
              Sid: 'GrantsOnlyForAwsResources', Effect: 'Deny', Action: 'kms:CreateGrant', Principal: { AWS: '*' },
              Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
            }),
          ]),
        },
      },
    });
  });

  test('keeps the cluster\'s logical ID', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster');
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::ECS::Cluster'))).toEqual(['ClusterC2E21B66']);
  });

  test('rejects an EC2 default placement, since pools are added after the cluster', () => {
    const stack = testStack();
    const other = new PlatformCluster(stack, 'Other');
    const pool = other.addCapacityPool('Pool', { instanceTypes: [T3_SMALL] });
    expect(() => new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.ec2(pool) }))
      .toThrow(/^Stack\/Cluster: defaultPlacement "Placement.ec2\(...\)" names an EC2 pool, which does not exist before the cluster\. Allowed: Placement.fargate\(\) or Placement.fargateSpot/);
  });

  test('rejects a Fargate Spot placement whose weights are all zero, or out of range', () => {
    const stack = testStack();
    expect(() => new PlatformCluster(stack, 'A', { defaultPlacement: Placement.fargateSpot({ onDemandBase: 2, spotWeight: 0 }) }))
      .toThrow(/Stack\/A: defaultPlacement Placement.fargateSpot spotWeight 0 leaves every weight at 0, so ECS cannot place tasks beyond the base\. Allowed: onDemandWeight or spotWeight above 0\./);
    expect(() => new PlatformCluster(stack, 'B', { defaultPlacement: Placement.fargateSpot({ onDemandBase: 100001 }) }))
      .toThrow(/Stack\/B: defaultPlacement Placement.fargateSpot onDemandBase 100001 is out of range\. Allowed: a whole number from 0 to 100000\./);
    expect(() => new PlatformCluster(stack, 'C', { defaultPlacement: Placement.fargateSpot({ spotWeight: 1001 }) }))
      .toThrow(/Stack\/C: defaultPlacement Placement.fargateSpot spotWeight 1001 is out of range\. Allowed: a whole number from 0 to 1000\./);
  });
});

test('an app with the cluster can be synthesized twice, as tests that read templates and annotations do', () => {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.fargateSpot({ onDemandBase: 1 }) });
  cluster.addCapacityPool('Pool', { instanceTypes: [T3_SMALL] });
  Template.fromStack(stack);
  expect(() => Annotations.fromStack(stack)).not.toThrow();
  Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
});

describe('PlatformCluster removal', () => {
  test('keeps the key and log groups unless told otherwise', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { executeCommand: true });
    const template = Template.fromStack(stack);
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      expect(Object.values(template.findResources(type)).map((r: any) => r.DeletionPolicy)).toEqual(expect.arrayContaining(['Retain']));
      expect(Object.values(template.findResources(type)).every((r: any) => r.DeletionPolicy === 'Retain')).toBe(true);
    }
  });

  test('destroys them when asked (tests, throwaway environments)', () => {
    const stack = testStack();
    new PlatformCluster(stack, 'Cluster', { executeCommand: true, removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const policies = ['AWS::KMS::Key', 'AWS::Logs::LogGroup'].flatMap(type => Object.values(template.findResources(type)).map((r: any) => r.DeletionPolicy));
    // The key, the flow logs, the default security group handler's logs and ECS Exec's.
    expect(policies).toEqual(['Delete', 'Delete', 'Delete', 'Delete']);
  });

  test('rejects a removal policy keys and log groups do not have', () => {
    const stack = testStack();
    expect(() => new PlatformCluster(stack, 'Cluster', { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/^Stack\/Cluster: removalPolicy "snapshot" does not apply to keys and log groups\. Allowed: RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY\./);
  });
});
