import { buildReport } from '../../lib/report/report';
import { costLines, reportOf, webService, writeAssembly } from './assembly-fixture';

const fargateTask = 730 * (0.25 * 0.04048 + 0.5 * 0.004445); // 9.01 USD a month

describe('the cost model prices each line item from the price table', () => {
  test('NAT gateways and their Elastic IPs', () => {
    const lines = costLines(reportOf({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} }, Ip: { Type: 'AWS::EC2::EIP', Properties: {} } }));
    expect(lines).toEqual({ 'NAT gateway Nat': 32.85, 'Elastic IP Ip': 3.65 });
  });

  test('an internet-facing ALB with a public address per subnet, and an internal NLB', () => {
    const lines = costLines(reportOf({
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['a', 'b', 'c'] } },
      Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Scheme: 'internal' } },
    }));
    expect(lines).toEqual({
      'ALB Alb': 16.43, 'ALB Alb: 1 LCU': 5.84, 'ALB Alb: 3 public IPv4 addresses': 10.95,
      'NLB Nlb': 16.43, 'NLB Nlb: 1 NLCU': 4.38,
    });
  });

  test('interface endpoints per AZ; gateway endpoints are free', () => {
    const lines = costLines(reportOf({
      Ecr: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
      S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
    }));
    expect(lines).toEqual({ 'interface endpoint Ecr (2 AZs)': 14.6 });
  });

  test('KMS keys, secrets, standard and high-resolution alarms', () => {
    const lines = costLines(reportOf({
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      A1: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 60 } },
      A2: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300 } },
      Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } },
    }));
    expect(lines).toEqual({ 'KMS key Key': 1, 'secret Secret': 0.4, '2 CloudWatch alarms reading 2 metrics': 0.2, '1 high-resolution alarms reading 1 metrics': 0.3 });
  });

  test('a metric math alarm is billed per metric it reads', () => {
    const stat = (name: string) => ({ Id: name, MetricStat: { Metric: { MetricName: name, Namespace: 'AWS/ApplicationELB' }, Period: 60, Stat: 'Sum' } });
    const lines = costLines(reportOf({
      Rate: { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ Id: 'expr', Expression: '100 * e / r' }, stat('e'), stat('r')] } },
    }));
    expect(lines).toEqual({ '1 CloudWatch alarms reading 2 metrics': 0.2 });
  });

  test('an instance with its volume, public address and detailed monitoring from its launch template', () => {
    const lines = costLines(reportOf({
      Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { Monitoring: { Enabled: true } } } },
      Nat: {
        Type: 'AWS::EC2::Instance',
        Properties: {
          InstanceType: 't4g.nano', LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' } },
          BlockDeviceMappings: [{ Ebs: { VolumeSize: 8, VolumeType: 'gp3' } }], NetworkInterfaces: [{ AssociatePublicIpAddress: true }],
        },
      },
    }));
    expect(lines).toEqual({ 'EC2 t4g.nano Nat': 3.07, 'EBS 8 GiB gp3 for Nat': 0.64, 'public IPv4 of Nat': 3.65, 'detailed monitoring of Nat': 2.1 });
  });

  test('an instance type the table does not have is named as not priced, not guessed', () => {
    const report = reportOf({ Big: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'x2iedn.32xlarge' } } });
    expect(report.stacks[0].notPriced).toEqual(['EC2 instance Big: no price for x2iedn.32xlarge in the table; not priced']);
  });

  test('an EFS file system: 1 GB of Standard storage assumed, and as much in AWS Backup when backups are on', () => {
    const lines = costLines(reportOf({
      Files: { Type: 'AWS::EFS::FileSystem', Properties: { Encrypted: true, BackupPolicy: { Status: 'ENABLED' }, ThroughputMode: 'elastic' } },
      Scratch: { Type: 'AWS::EFS::FileSystem', Properties: { BackupPolicy: { Status: 'DISABLED' } } },
      Target: { Type: 'AWS::EFS::MountTarget', Properties: {} },
      AccessPoint: { Type: 'AWS::EFS::AccessPoint', Properties: {} },
    }));
    expect(lines).toEqual({
      'EFS Files: 1 GB Standard (assumed)': 0.3, 'AWS Backup of Files: 1 GB (assumed)': 0.05, 'EFS Scratch: 1 GB Standard (assumed)': 0.3,
    });
  });

  test('resource types that bill but are not in the table are listed', () => {
    const report = reportOf({ Db: { Type: 'AWS::RDS::DBInstance', Properties: {} } });
    expect(report.stacks[0].notPriced).toEqual(['1 AWS::RDS::DBInstance: not in the price table; not priced']);
  });
});

describe('tasks: counts and Spot shares', () => {
  test('DesiredCount tasks, split by the strategy: the base on FARGATE, the rest by weight', () => {
    const lines = costLines(reportOf(webService({
      desiredCount: 5, strategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }],
    })));
    expect(lines['Fargate Service: 2 on-demand task(s) of 256/512']).toBeCloseTo(2 * fargateTask, 2);
    expect(lines['Fargate Service: 3 Spot task(s) of 256/512']).toBeCloseTo(3 * fargateTask * 0.3, 2);
  });

  test('the scalable target\'s MinCapacity when the service sends no DesiredCount', () => {
    const resources = {
      ...webService({ launchType: 'FARGATE' }),
      Target: {
        Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
        Properties: {
          MinCapacity: 3, MaxCapacity: 10, ScalableDimension: 'ecs:service:DesiredCount', ServiceNamespace: 'ecs',
          ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
        },
      },
    };
    const report = reportOf(resources);
    expect(report.stacks[0].cost.map(l => l.item)).toContain('Fargate Service: 3 on-demand task(s) of 256/512');
    expect(report.stacks[0].cost.find(l => l.item.startsWith('Fargate'))?.basis).toMatch(/^3 \(scaling MinCapacity\)/);
  });

  test('one task, CloudFormation\'s default, with neither; ARM64 at its own price', () => {
    const resources = webService({ launchType: 'FARGATE' }) as any;
    resources.Task.Properties.RuntimePlatform = { CpuArchitecture: 'ARM64' };
    expect(costLines(reportOf(resources))).toEqual({ 'Fargate Service: 1 on-demand task(s) of 256/512 ARM64': 7.21 });
  });

  test('EC2 tasks are placed on the Auto Scaling group their capacity provider names, and grow it past MinSize', () => {
    const resources = {
      ...webService({ desiredCount: 3, strategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }], memory: '1024' }),
      Provider: { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Group' } } } },
      Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { InstanceType: 't3.small' } } },
      Group: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '0', MaxSize: '5', LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' } } } },
    };
    // 3 x 1024 MiB on t3.small (2 GiB, of which ECS gets 97 %): 2 instances.
    expect(costLines(reportOf(resources))).toEqual({ 'EC2 t3.small x 2 on-demand (Group)': 30.37, 'EBS 30 GiB gp2 x 2 (Group)': 6 });
  });

  describe('EC2 tasks in awsvpc mode take an ENI of their instance, the instance\'s own excepted', () => {
    /** Four tasks of 256/256 on a group of one instance type: CPU and memory alone fit them on one t3.small. */
    const group = (instanceType: string, networkMode: string) => {
      const resources = {
        ...webService({ desiredCount: 4, strategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }], memory: '256' }),
        Provider: { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Group' } } } },
        Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { InstanceType: instanceType } } },
        Group: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '0', MaxSize: '5', LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' } } } },
      } as any;
      resources.Task.Properties.NetworkMode = networkMode;
      return reportOf(resources);
    };
    const basis = (report: ReturnType<typeof reportOf>, item: RegExp) => report.stacks[0].cost.find(l => item.test(l.item))?.basis;

    test('ENIs decide when they run out first: a t3.small (3 ENIs) runs 2 awsvpc tasks', () => {
      const report = group('t3.small', 'awsvpc');
      expect(costLines(report)).toEqual({ 'EC2 t3.small x 2 on-demand (Group)': 30.37, 'EBS 30 GiB gp2 x 2 (Group)': 6 });
      expect(basis(report, /^EC2/)).toBe('2 instance(s): MinSize 0, 4 EC2 task(s) placed (CPU 1024/2048 = 1, memory 1024/1986 MiB = 1, ' +
        'ENIs 4 awsvpc task(s)/2 task ENI(s) per instance (3 ENIs, 1 for the instance) = 2; ' +
        'counted without ENI trunking, an account setting a template does not show, and t3.small does not support it); 2 x 730 h x 0.0208');
      expect(report.stacks[0].notPriced).toEqual([]);
    });

    test('says what trunking would change on a type that supports it', () => {
      // 16 tasks of 256/256 on m5.large (2 vCPU, 8 GiB): CPU says 2, 2 task ENIs per instance say 8.
      const resources = {
        ...webService({ desiredCount: 16, strategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }], memory: '256' }),
        Provider: { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Group' } } } },
        Group: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: 0, MaxSize: 10, LaunchConfigurationName: { Ref: 'Config' } } },
        Config: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { InstanceType: 'm5.large' } },
      } as any;
      resources.Task.Properties.NetworkMode = 'awsvpc';
      const report = reportOf(resources);
      expect(costLines(report)['EC2 m5.large x 8 on-demand (Group)']).toBe(560.64);
      expect(basis(report, /^EC2/)).toMatch(/ENIs 16 awsvpc task\(s\)\/2 task ENI\(s\) per instance .* = 8; counted without ENI trunking.*: with it m5.large has 10 task ENIs\)/);
    });

    test('bridge tasks take no ENI: the same four tasks fit one t3.small', () => {
      const report = group('t3.small', 'bridge');
      expect(costLines(report)).toEqual({ 'EC2 t3.small x 1 on-demand (Group)': 15.18, 'EBS 30 GiB gp2 x 1 (Group)': 3 });
      expect(basis(report, /^EC2/)).toBe('1 instance(s): MinSize 0, 4 EC2 task(s) placed (CPU 1024/2048 = 1, memory 1024/1986 MiB = 1, ' +
        'no task ENIs (no awsvpc task)); 1 x 730 h x 0.0208');
    });

    test('a type whose ENIs the library does not know is counted by CPU and memory, with a note', () => {
      // m8g.large: 2 vCPU and 8 GiB are known, its ENIs and its price are not.
      const report = group('m8g.large', 'awsvpc');
      expect(costLines(report)).toEqual({ 'EBS 30 GiB gp2 x 1 (Group)': 3 });
      expect(report.stacks[0].notPriced).toEqual([
        'Group: ENIs of m8g.large unknown to the library; instances counted from the CPU and memory of its 4 awsvpc task(s) only, and each takes one ENI, so more instances may be needed',
        'Group: no price for m8g.large in the table; instances not priced',
      ]);
    });
  });

  test('Spot instances above the on-demand base of a mixed instances policy', () => {
    const lines = costLines(reportOf({
      Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { BlockDeviceMappings: [{ Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }] } } },
      Group: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: {
          MinSize: 3, MaxSize: 3,
          MixedInstancesPolicy: {
            InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'capacity-optimized' },
            LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Template' } }, Overrides: [{ InstanceType: 'm7g.large' }] },
          },
        },
      },
    }));
    expect(lines).toEqual({ 'EC2 m7g.large x 1 on-demand (Group)': 59.57, 'EC2 m7g.large x 2 Spot (Group)': 35.74, 'EBS 20 GiB gp3 x 3 (Group)': 4.8 });
  });

  test('Container Insights: metrics for the cluster, its services and their task families', () => {
    const resources = webService({ desiredCount: 0 }) as any;
    resources.Cluster.Properties.ClusterSettings = [{ Name: 'containerInsights', Value: 'enabled' }];
    expect(costLines(reportOf(resources))).toEqual({ 'Container Insights Cluster: about 42 metrics': 12.6 });
  });

  test('queues and state machines cost nothing at rest: listed at 0 with what a use costs', () => {
    const report = reportOf({
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Fifo: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
      Job: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', ['{"Resource":"arn:aws:states:::aws-sdk:ecs:runTask"}']] } } },
      Other: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{}' } },
      Express: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: 'EXPRESS', DefinitionString: '{}' } },
    });
    expect(costLines(report)).toEqual({ 'SQS queue Queue': 0, 'SQS FIFO queue Fifo': 0, 'Step Functions Job': 0, 'Step Functions Other': 0 });
    const basis = Object.fromEntries(report.stacks.flatMap(st => st.cost.map(l => [l.item, l.basis])));
    expect(basis['SQS queue Queue']).toMatch(/^nothing at rest; 0.4 per million requests beyond 1 million a month/);
    expect(basis['SQS FIFO queue Fifo']).toMatch(/^nothing at rest; 0.5 per million requests/);
    expect(basis['Step Functions Job']).toBe('nothing at rest; 0.025 per 1000 state transitions beyond 4000 a month; ' +
      'a job run takes 4 + 3 per minute it runs (a 10-minute run: 34, 0.00085 USD), and as many again per retry');
    expect(basis['Step Functions Other']).toBe('nothing at rest; 0.025 per 1000 state transitions beyond 4000 a month');
    expect(report.stacks.flatMap(st => st.notPriced)).toContainEqual(expect.stringMatching(/Express state machine Express: billed per request and duration; not priced/));
  });

  test('Container Insights counts the task family a job flow (state machine) runs on the cluster', () => {
    const resources = webService({ desiredCount: 0 }) as any;
    resources.Cluster.Properties.ClusterSettings = [{ Name: 'containerInsights', Value: 'enabled' }];
    resources.JobTask = { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512' } };
    resources.Job = { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', [
      '{"Cluster":"', { 'Fn::GetAtt': ['Cluster', 'Arn'] }, '","TaskDefinition":"', { Ref: 'JobTask' }, '"}']] } } };
    // 42 metrics for the cluster, the service and its family (above), and 10 for the job's family.
    expect(costLines(reportOf(resources))['Container Insights Cluster: about 52 metrics']).toBe(15.6);
  });

  test('a service in another stack reaches its cluster and capacity provider through exports', () => {
    const dir = writeAssembly([
      {
        id: 'Platform',
        template: {
          Resources: {
            Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } },
            Provider: { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Group' } } } },
            Group: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: 0, MaxSize: 4, LaunchConfigurationName: { Ref: 'Config' } } },
            Config: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { InstanceType: 't3.micro' } },
          },
          Outputs: {
            C: { Value: { Ref: 'Cluster' }, Export: { Name: 'Platform:Cluster' } },
            P: { Value: { Ref: 'Provider' }, Export: { Name: 'Platform:Provider' } },
          },
        },
      },
      {
        id: 'Services',
        resources: {
          Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Memory: 512 }] } },
          Worker: {
            Type: 'AWS::ECS::Service',
            Properties: {
              Cluster: { 'Fn::ImportValue': 'Platform:Cluster' }, TaskDefinition: { Ref: 'Task' }, DesiredCount: 2,
              CapacityProviderStrategy: [{ CapacityProvider: { 'Fn::ImportValue': 'Platform:Provider' }, Weight: 1 }],
            },
          },
        },
      },
    ]);
    const report = buildReport(dir);
    // 2 x 512 MiB on t3.micro (1 GiB, 993 MiB for tasks): 2 instances, priced in the stack that holds them.
    expect(report.stacks.map(s => [s.id, s.cost.map(l => l.item)])).toEqual([
      ['Platform', ['EC2 t3.micro x 2 on-demand (Group)', 'EBS 30 GiB gp2 x 2 (Group)', 'Container Insights Cluster: about 42 metrics']],
      ['Services', []],
    ]);
    // A job flow in the services stack runs its task definition on the imported cluster: one more family.
    const withJob = writeAssembly([
      { id: 'Platform', template: { Resources: { Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } } },
        Outputs: { C: { Value: { Ref: 'Cluster' }, Export: { Name: 'Platform:Cluster' } } } } },
      { id: 'Services', resources: {
        JobTask: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Memory: 512 }] } },
        Job: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', [
          '{"Cluster":"', { 'Fn::ImportValue': 'Platform:Cluster' }, '","TaskDefinition":"', { Ref: 'JobTask' }, '"}']] } } },
      } },
    ]);
    expect(buildReport(withJob).stacks[0].cost.map(l => l.item)).toEqual(['Container Insights Cluster: about 27 metrics']);
  });
});
