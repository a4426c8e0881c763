/**
 * The sample app's infrastructure (bin/sample-app.ts) written by hand with
 * aws-cdk-lib's L2 constructs only, no import from lib/: the same three stacks and, resource for
 * resource, the same templates as far as aws-cdk-lib allows without copying the library. Benchmarks
 * compare the sample app against it to separate the library's own overhead (its abstractions and
 * synth-time checks) from the cost of the extra infrastructure it adds over bench/handwritten.ts.
 *
 * Per stack it synthesizes the same resource types and counts as the sample (EqRegistry 2 = SampleRegistry 2,
 * EqPlatform 47 = SamplePlatform 47, EqServices 30 = SampleServices 30; 79 with CDK metadata), and the sample's
 * release flow: an `ImageTag` stack parameter (empty by default: nothing released, no task runs), the condition
 * `ImageTagUnreleased` on the services' task counts, scaling range and image tag, the output `ImageTagRunning`,
 * and four rollback alarms (ECS deployment alarms with rollback) that notify the platform's topic.
 * Differences that remain, none of which adds or removes a resource:
 * - NAT instance: built by ec2.NatProvider.instanceV2 (outbound-only security group, then one ingress rule
 *   from the VPC CIDR), so the group's description is aws-cdk-lib's ("Security Group for NAT instances").
 *   NatInstanceProviderV2 cannot encrypt the root volume, turn on detailed monitoring or require IMDSv2,
 *   so those are set through escape hatches on the instance (block device mapping, Monitoring, and a
 *   CfnLaunchTemplate with IMDSv2), as the library does. instanceV2 also makes aws-cdk-lib print a deprecation
 *   warning (InstanceProps#keyName, passed as undefined) to stderr at each build.
 * - The VPC default-security-group custom resource's Lambda keeps aws-cdk-lib's DependsOn its role, and the
 *   web ECS service keeps its DependsOn the target group (the library drops both as redundant, cfn-lint W3005).
 * - The cluster's default capacity provider strategy (FARGATE, weight 1) is set with
 *   addDefaultCapacityProviderStrategy, not written onto the association by an aspect.
 * - Descriptions of the stacks, the KMS key, the security groups, the role, the alarms and the ImageTag
 *   parameter name this app, the rollback alarms' names are `<stack>-<service>-<alarm>` (the library adds a hash
 *   of the construct path), and the ECR lifecycle policy text is rendered by ecr.Repository (same rules, key
 *   order may differ).
 * - The sample's capacity provider has a Name and its pool's user data the line ECS_AWSVPC_BLOCK_IMDS=true;
 *   this app has neither.
 * - None of the library's synth-time validation (input ranges, stack-size guard, single-provider check,
 *   task checks) or cdk-nag acknowledgements (Validations.of(...).acknowledge) is reproduced.
 *
 * Run: npx cdk synth --app "npx tsx bench/handwritten-equivalent.ts"
 */
import { App, Aws, CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The tag a task definition names while nothing is released (no task runs it). */
const PENDING_TAG = 'pending-first-push';
const VPC_CIDR = '10.0.0.0/16';

/** The ECR repository: immutable tags, scan on push, untagged images expire, at most 200 kept. */
class EqRegistryStack extends Stack {
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: 'handwritten-equivalent/sample',
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { rulePriority: 1, description: 'Expire untagged images after 14 days', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(14) },
        { rulePriority: 2, description: 'Keep the newest 200 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 200 },
      ],
    });
  }
}

/**
 * The platform: a KMS key, a two-AZ VPC with one NAT instance, flow logs and an S3 gateway endpoint,
 * the ECS cluster with Fargate and Fargate Spot, and an EC2 Spot pool behind a capacity provider,
 * with Auto Scaling notifications to an encrypted SNS topic and two alarms.
 */
class EqPlatformStack extends Stack {
  public readonly key: kms.Key;
  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  public readonly capacityProvider: ecs.AsgCapacityProvider;
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const { region, account, partition } = this;

    this.key = new kms.Key(this, 'Key', {
      description: 'handwritten-equivalent: flow logs, container logs and capacity notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'PublishThroughSns',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `sns.${region}.amazonaws.com` } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));

    // One NAT instance (t4g.nano, Graviton) for the whole VPC instead of a NAT gateway per AZ.
    const nat = ec2.NatProvider.instanceV2({
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.NANO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
      associatePublicIpAddress: true,
      creditSpecification: ec2.CpuCredits.STANDARD,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: 1,
      natGatewayProvider: nat,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    nat.securityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.allTraffic(), 'Traffic from the VPC to the internet');
    // What NatInstanceProviderV2 has no property for: encrypted gp3 root volume, detailed monitoring, IMDSv2.
    for (const instance of nat.gatewayInstances) {
      const cfnInstance = instance.node.defaultChild as ec2.CfnInstance;
      cfnInstance.blockDeviceMappings = [{
        deviceName: '/dev/xvda',
        ebs: { deleteOnTermination: true, encrypted: true, volumeSize: 8, volumeType: 'gp3' },
      }];
      cfnInstance.monitoring = true;
      const launchTemplate = new ec2.CfnLaunchTemplate(instance, 'LaunchTemplate', {
        launchTemplateData: { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 }, monitoring: { enabled: true } },
      });
      cfnInstance.launchTemplate = { launchTemplateId: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber };
    }

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
    this.cluster.addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE', weight: 1 }]);

    const topic = new sns.Topic(this, 'Notifications', { enforceSSL: true, masterKey: this.key });
    this.topic = topic;

    // The worker pool: t3a.micro / t3.micro on Spot, 0 to 2 instances, ECS-optimized AL2023 read at launch.
    const securityGroup = new ec2.SecurityGroup(this, 'WorkersSecurityGroup', {
      vpc: this.vpc,
      description: 'Worker pool: ECS container instances (no inbound; awsvpc tasks have their own security groups)',
      allowAllOutbound: true,
    });
    const role = new iam.Role(this, 'WorkersInstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Worker pool: the ECS agent on container instances',
    });
    const userData = ec2.UserData.forLinux();
    const launchTemplate = new ec2.LaunchTemplate(this, 'WorkersLaunchTemplate', {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch('/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id', {
        os: ec2.OperatingSystemType.LINUX,
        userData,
      }),
      instanceType: new ec2.InstanceType('t3a.micro'),
      userData,
      role,
      securityGroup,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      associatePublicIpAddress: false,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true }),
      }],
    });
    const asg = new autoscaling.AutoScalingGroup(this, 'WorkersAsg', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minCapacity: 0,
      maxCapacity: 2,
      maxInstanceLifetime: Duration.days(7),
      notifications: [{ topic, scalingEvents: autoscaling.ScalingEvents.ALL }],
      groupMetrics: [autoscaling.GroupMetrics.all()],
      capacityRebalance: true,
      mixedInstancesPolicy: {
        launchTemplate,
        launchTemplateOverrides: [{ instanceType: new ec2.InstanceType('t3a.micro') }, { instanceType: new ec2.InstanceType('t3.micro') }],
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: 0,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.CAPACITY_OPTIMIZED,
        },
      },
    });
    this.capacityProvider = new ecs.AsgCapacityProvider(this, 'WorkersCapacityProvider', {
      autoScalingGroup: asg,
      enableManagedScaling: true,
      enableManagedTerminationProtection: false,
      enableManagedDraining: true,
      targetCapacityPercent: 100,
      instanceWarmupPeriod: 180,
      machineImageType: ecs.MachineImageType.AMAZON_LINUX_2,
    });
    this.cluster.addAsgCapacityProvider(this.capacityProvider);
    asg.addUserData('echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config');
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      resources: ['*'],
    }));

    const alarmAction = new cwActions.SnsAction(topic);
    const cpuAlarm = new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensionsMap: { AutoScalingGroupName: asg.autoScalingGroupName },
      statistic: 'Average',
      period: Duration.minutes(5),
    }).createAlarm(this, 'WorkersCpuAlarm', {
      alarmDescription: 'Worker pool: average CPU utilization above 80% for 15 minutes',
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const capacityAlarm = new cloudwatch.Metric({
      namespace: 'AWS/ECS/ManagedScaling',
      metricName: 'CapacityProviderReservation',
      dimensionsMap: { CapacityProviderName: this.capacityProvider.capacityProviderName, ClusterName: this.cluster.clusterName },
      statistic: 'Average',
      period: Duration.minutes(5),
    }).createAlarm(this, 'WorkersCapacityAlarm', {
      alarmDescription: 'Worker pool: tasks have waited 15 minutes for capacity the pool did not add',
      threshold: 100,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    cpuAlarm.addAlarmAction(alarmAction);
    capacityAlarm.addAlarmAction(alarmAction);
  }
}

interface EqServicesStackProps extends StackProps {
  readonly repository: ecr.IRepository;
  readonly platform: EqPlatformStack;
}

/**
 * The services: a public web service (ALB with access logs, Fargate with one on-demand task and Spot
 * above it, CPU and request-count scaling from 1 to 4 tasks) and a worker on the EC2 pool. Both run
 * as user 1000:1000 with a read-only root filesystem, a writable /tmp, and logs in KMS-encrypted log
 * groups kept for a year. They run the tag in the stack parameter ImageTag (`cdk deploy EqServices
 * --parameters EqServices:ImageTag=v1.0.0`), none while it is empty, and roll a release back when one
 * of their alarms (web: 5xx share, p99 response time, unhealthy targets; worker: tasks missing) fires.
 */
class EqServicesStack extends Stack {
  constructor(scope: Construct, id: string, props: EqServicesStackProps) {
    super(scope, id, props);
    const { repository, platform } = props;
    const { cluster, vpc, key, topic } = platform;

    // The release: a parameter holds the tag; while it is empty nothing runs.
    const imageTag = new CfnParameter(this, 'ImageTag', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
      constraintDescription: 'an image tag, or empty for nothing released',
      description: 'The image tag the services run; empty runs no task',
    });
    imageTag.overrideLogicalId('ImageTag');
    const unreleased = new CfnCondition(this, 'ImageTagUnreleased', { expression: Fn.conditionEquals(imageTag.valueAsString, '') });
    unreleased.overrideLogicalId('ImageTagUnreleased');
    const ifReleased = (released: unknown, otherwise: unknown) => Fn.conditionIf(unreleased.logicalId, otherwise, released);
    const image = ecs.ContainerImage.fromEcrRepository(repository, ifReleased(imageTag.valueAsString, PENDING_TAG).toString());
    new CfnOutput(this, 'ImageTagRunning', { value: ifReleased(imageTag.valueAsString, 'none').toString(), description: 'The image tag the services run' })
      .overrideLogicalId('ImageTagRunning');

    // Rollback alarms, named literally: a service lists its deployment alarms by name, and the worker's
    // alarm reads the service's name, so a reference would be circular.
    const alarmAction = new cwActions.SnsAction(topic);
    const minute = Duration.minutes(1);
    const alarmName = (service: string, name: string) => `${this.stackName}-${service}-${name}`;
    const rollbackAlarm = (service: string, name: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const alarm = new cloudwatch.Alarm(this, `${service}${name}`, {
        alarmName: alarmName(service, name),
        alarmDescription: `${service}: ${description} for 3 minutes; rolls back a release in progress`,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(alarmAction);
    };
    const rollbackOn = (alarmNames: string[]): ecs.DeploymentAlarmConfig => ({ alarmNames, behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const deployment = {
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: privateSubnets,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    };
    const container = (logGroup: logs.ILogGroup): ecs.ContainerDefinitionOptions => ({
      image,
      user: '1000:1000',
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(30),
      essential: true,
      memoryLimitMiB: 512,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
    });
    const logGroup = (name: string) => new logs.LogGroup(this, name, {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Web service.
    const webLogs = logGroup('WebLogs');
    const webTask = new ecs.FargateTaskDefinition(this, 'WebTaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const webContainer = webTask.addContainer('app', { ...container(webLogs), portMappings: [{ containerPort: 8080, protocol: ecs.Protocol.TCP }] });
    webTask.addVolume({ name: 'writable-tmp' });
    webContainer.addMountPoints({ sourceVolume: 'writable-tmp', containerPath: '/tmp', readOnly: false });

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'WebLoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
      deletionProtection: false,
    });
    const accessLogs = new s3.Bucket(this, 'WebAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    loadBalancer.logAccessLogs(accessLogs, 'Web');
    const listener = loadBalancer.addListener('Listener', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: true });

    const web = new ecs.FargateService(this, 'WebService', {
      ...deployment,
      cluster,
      taskDefinition: webTask,
      // Scaling sets the count once released; before that, none.
      desiredCount: Token.asNumber(ifReleased(Aws.NO_VALUE, 0)),
      deploymentAlarms: rollbackOn([alarmName('Web', 'RollbackAlarm')]),
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE', base: 1, weight: 0 },
        { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      ],
      healthCheckGracePeriod: Duration.seconds(60),
      assignPublicIp: false,
    });
    const targetGroup = listener.addTargets('Tasks', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [web.loadBalancerTarget({ containerName: 'app', containerPort: 8080 })],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: '/health',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200-399',
      },
    });
    const scaling = web.autoScaleTaskCount({ minCapacity: Token.asNumber(ifReleased(1, 0)), maxCapacity: Token.asNumber(ifReleased(4, 0)) });
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 70 });
    scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: 1000, targetGroup });
    // One alarm: 1 for target 5xx over 5 % (minutes with at least 10 requests), 2 for p99 over 3 s, 4 for unhealthy targets.
    rollbackAlarm('Web', 'RollbackAlarm', 'target 5xx above 5 % of requests (alarm value 1), p99 target response time above 3 seconds (2) ' +
      'or unhealthy targets (4; the value adds up the conditions breached)', new cloudwatch.MathExpression({
      expression: 'IF(IF(FILL(r0, 0) >= 10, 100 * FILL(e0, 0) / FILL(r0, 0), 0) > 5, 1, 0) + IF(FILL(l0, 0) > 3, 2, 0) + IF(FILL(u0, 0) > 0, 4, 0)',
      usingMetrics: {
        e0: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute, statistic: 'Sum' }),
        r0: targetGroup.metrics.requestCount({ period: minute, statistic: 'Sum' }),
        l0: targetGroup.metrics.targetResponseTime({ period: minute, statistic: 'p99' }),
        u0: targetGroup.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' }),
      },
      period: minute,
      label: 'rollback conditions breached: 1 target 5xx, 2 p99 response time, 4 unhealthy targets',
    }), 0);

    // Worker on the EC2 pool (awsvpc, so it has its own security group).
    const workerLogs = logGroup('WorkerLogs');
    const workerTask = new ecs.TaskDefinition(this, 'WorkerTaskDefinition', {
      compatibility: ecs.Compatibility.EC2,
      networkMode: ecs.NetworkMode.AWS_VPC,
      cpu: '256',
      memoryMiB: '512',
    });
    const workerContainer = workerTask.addContainer('app', { ...container(workerLogs), command: ['node', 'worker.js'] });
    workerTask.addVolume({ name: 'writable-tmp' });
    workerContainer.addMountPoints({ sourceVolume: 'writable-tmp', containerPath: '/tmp', readOnly: false });
    const worker = new ecs.Ec2Service(this, 'WorkerService', {
      ...deployment,
      cluster,
      taskDefinition: workerTask,
      capacityProviderStrategies: [{ capacityProvider: platform.capacityProvider.capacityProviderName, weight: 1 }],
      desiredCount: Token.asNumber(ifReleased(1, 0)),
      placementStrategies: [ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE), ecs.PlacementStrategy.packedByMemory()],
      deploymentAlarms: rollbackOn([alarmName('Worker', 'TasksMissingAlarm')]),
    });
    // Container Insights (on in the cluster) has the desired and running task counts.
    const taskCount = (metricName: string) => new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensionsMap: { ClusterName: cluster.clusterName, ServiceName: worker.serviceName },
      period: minute,
      statistic: 'Average',
    });
    rollbackAlarm('Worker', 'TasksMissingAlarm', 'fewer tasks running than desired', new cloudwatch.MathExpression({
      expression: 'FILL(desired, 0) - FILL(running, 0)',
      usingMetrics: { desired: taskCount('DesiredTaskCount'), running: taskCount('RunningTaskCount') },
      period: minute,
      label: 'tasks missing',
    }), 0);

    new CfnOutput(this, 'Url', { value: `http://${loadBalancer.loadBalancerDnsName}`, description: 'The web service' });
  }
}

/** Builds the equivalent app's three stacks into an app. */
export function buildHandwrittenEquivalentApp(app: App): Stack[] {
  const env = { region: 'us-east-1' };
  const registry = new EqRegistryStack(app, 'EqRegistry', {
    env,
    description: 'handwritten-equivalent: the ECR repository images are pushed to',
  });
  const platform = new EqPlatformStack(app, 'EqPlatform', {
    env,
    description: 'handwritten-equivalent: network, ECS cluster and an EC2 capacity pool',
  });
  const services = new EqServicesStack(app, 'EqServices', {
    env,
    description: 'handwritten-equivalent: a web service on Fargate Spot and a worker on EC2',
    repository: registry.repository,
    platform,
  });
  return [registry, platform, services];
}

if (require.main === module) {
  const app = new App();
  buildHandwrittenEquivalentApp(app);
  app.synth();
}
