/**
 * The scale benchmark's app written with aws-cdk-lib's ecs-patterns instead of the library: the same
 * platform stack (a repository, a two-AZ VPC, a cluster with Fargate and Fargate Spot) and N
 * `ApplicationLoadBalancedFargateService`s in service stacks of at most `perStack` each, with the
 * closest settings to bench/scale-app.ts's WebServices. BENCHMARKS.md lists what still differs.
 *
 * Run (one size, by hand): npx tsx bench/patterns-app.ts 50
 */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ScaleAppOptions } from './scale-app';

/** Builds the ecs-patterns scale app's stacks into an app: the platform stack first, then the service stacks. */
export function buildPatternsApp(app: App, options: ScaleAppOptions): Stack[] {
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
  const stacks: Stack[] = [platformStack];
  let services: Stack | undefined;
  for (let i = 0; i < options.workloads; i++) {
    if (i % perStack === 0) {
      services = new Stack(app, `PatternsServices${stacks.length}`, { env });
      stacks.push(services);
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
    });
    web.targetGroup.configureHealthCheck({ path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3 });
    web.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');
    const scaling = web.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 4 });
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 70 });
    scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: 1000, targetGroup: web.targetGroup });
  }
  return stacks;
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = new App({ context: require('../cdk.json').context });
  buildPatternsApp(app, { workloads: Number(process.argv[2] ?? 10) });
  app.synth();
}
