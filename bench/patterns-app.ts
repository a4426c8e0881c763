/**
 * The scale benchmark's app written with aws-cdk-lib's ecs-patterns instead of the library: the same
 * platform stack (a repository, a two-AZ VPC, a cluster with Fargate and Fargate Spot) and N
 * `ApplicationLoadBalancedFargateService`s in service stacks of at most `perStack` each, with the
 * closest settings to bench/scale-app.ts's WebServices. BENCHMARKS.md lists what still differs.
 *
 * With `controls`, the controls the library's defaults add are written on top of ecs-patterns, so that both apps
 * make the same resources with the same settings: one access-log bucket per stack, invalid headers dropped, a
 * read-only root file system with a writable /tmp volume, the runtime platform, a container memory limit and stop
 * timeout, ECS-managed tags, the ROLLING strategy sent, the health check's timeout and matcher, and one rollback
 * alarm per service (the library's expression on the same four metrics) as the service's deployment alarm,
 * notifying a topic of the platform stack. What remains between the two is the library's own work.
 *
 * Run (one size, by hand): npx tsx bench/patterns-app.ts 50 [controls]
 */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { ScaleAppOptions } from './scale-app';

/** Options of {@link buildPatternsApp}. */
export interface PatternsAppOptions extends ScaleAppOptions {
  /** Write the library's controls on top of ecs-patterns (see the file's comment). */
  readonly controls?: boolean;
}

/** Builds the ecs-patterns scale app's stacks into an app: the platform stack first, then the service stacks. */
export function buildPatternsApp(app: App, options: PatternsAppOptions): Stack[] {
  const env = { region: 'us-east-1' };
  const perStack = options.perStack ?? 15;
  const platformStack = new Stack(app, 'PatternsPlatform', { env });
  const repository = new ecr.Repository(platformStack, 'Repository', {
    repositoryName: 'scale/web',
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    imageScanOnPush: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const key = new kms.Key(platformStack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  const vpc = new ec2.Vpc(platformStack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    ],
  });
  const cluster = new ecs.Cluster(platformStack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  const image = ecs.ContainerImage.fromEcrRepository(repository, 'v1.0.0');
  const topic = options.controls ? new sns.Topic(platformStack, 'Notifications', { masterKey: key, enforceSSL: true }) : undefined;
  const stacks: Stack[] = [platformStack];
  let services: Stack | undefined;
  let accessLogs: s3.Bucket | undefined;
  for (let i = 0; i < options.workloads; i++) {
    if (i % perStack === 0) {
      services = new Stack(app, `PatternsServices${stacks.length}`, { env });
      stacks.push(services);
      accessLogs = options.controls ? new s3.Bucket(services, 'LoadBalancerAccessLogs', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
        removalPolicy: RemovalPolicy.RETAIN,
      }) : undefined;
    }
    // The library's WebService defaults, where ecs-patterns has a prop for them: a retained, encrypted
    // log group with a one-year retention, 0.25 vCPU and 512 MiB, Fargate with one on-demand task
    // and the rest on Spot, the circuit breaker with rollback, a /health check.
    const logGroup = new logs.LogGroup(services!, `Web${i}Logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(services!, `Web${i}`, {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      taskImageOptions: {
        image,
        containerName: 'app',
        containerPort: 8080,
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup }),
      },
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE', base: 1, weight: 0 },
        { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      ],
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
      publicLoadBalancer: true,
      ...options.controls ? {
        runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
        enableECSManagedTags: true,
        propagateTags: ecs.PropagatedTagSource.SERVICE,
      } : {},
    });
    web.targetGroup.configureHealthCheck({ path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3 });
    web.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');
    const scaling = web.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 4 });
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 70 });
    scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: 1000, targetGroup: web.targetGroup });
    if (options.controls) addControls(web, `Web${i}`, accessLogs!, topic!);
  }
  return stacks;
}

/** The controls the library's WebService adds, written on an ecs-patterns service. */
function addControls(web: ecsPatterns.ApplicationLoadBalancedFargateService, id: string, accessLogs: s3.Bucket, topic: sns.Topic): void {
  web.loadBalancer.logAccessLogs(accessLogs, id);
  web.loadBalancer.setAttribute('routing.http.drop_invalid_header_fields.enabled', 'true');
  // configureHealthCheck replaces the whole check: the scale app's settings again, with the timeout and matcher.
  web.targetGroup.configureHealthCheck({
    path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3, timeout: Duration.seconds(5), healthyHttpCodes: '200-399',
  });
  web.taskDefinition.addVolume({ name: 'writable-tmp' });
  web.taskDefinition.defaultContainer!.addMountPoints({ sourceVolume: 'writable-tmp', containerPath: '/tmp', readOnly: false });
  const task = web.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
  task.addPropertyOverride('ContainerDefinitions.0.ReadonlyRootFilesystem', true);
  task.addPropertyOverride('ContainerDefinitions.0.Memory', 512);
  task.addPropertyOverride('ContainerDefinitions.0.StopTimeout', 30);
  (web.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Strategy', 'ROLLING');
  const minute = Duration.minutes(1);
  const named = (metric: cloudwatch.Metric) =>
    metric.with({ dimensionsMap: { ...metric.dimensions, LoadBalancer: web.loadBalancer.loadBalancerFullName } });
  const alarmName = `${Stack.of(web).stackName}-${id}-RollbackAlarm`;
  const alarm = new cloudwatch.Alarm(web, 'RollbackAlarm', {
    alarmName,
    alarmDescription: `${web.node.path}: target 5xx above 5 % of requests (alarm value 1), p99 target response time above 3 seconds (2) ` +
      'or unhealthy targets (4; the value adds up the conditions breached) for 3 minute(s); rolls back a release in progress (ECS deployment alarm)',
    metric: new cloudwatch.MathExpression({
      expression: 'IF(IF(FILL(r0, 0) >= 10, 100 * FILL(e0, 0) / FILL(r0, 0), 0) > 5, 1, 0) + IF(FILL(l0, 0) > 3, 2, 0) + IF(FILL(u0, 0) > 0, 4, 0)',
      usingMetrics: {
        e0: named(web.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute, statistic: 'Sum' })),
        r0: named(web.targetGroup.metrics.requestCount({ period: minute, statistic: 'Sum' })),
        l0: named(web.targetGroup.metrics.targetResponseTime({ period: minute, statistic: 'p99' })),
        u0: named(web.targetGroup.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' })),
      },
      period: minute,
      label: 'rollback conditions breached: 1 target 5xx, 2 p99 response time, 4 unhealthy targets',
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cw_actions.SnsAction(topic));
  web.service.enableDeploymentAlarms([alarmName], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = new App({ context: require('../cdk.json').context });
  buildPatternsApp(app, { workloads: Number(process.argv[2] ?? 10), controls: process.argv[3] === 'controls' });
  app.synth();
}
