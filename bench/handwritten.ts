/**
 * The reference: the sample app's job written by hand with aws-cdk-lib and aws-ecs-patterns, the way
 * their READMEs show it. An ECR repository, a cluster in the default two-AZ VPC with Fargate and an
 * Auto Scaling group capacity provider, an ALB Fargate service and an EC2 worker, both pulling from
 * the repository. Benchmarks and the cost model compare the sample app against it.
 *
 * Run: npx cdk synth --app "npx tsx bench/handwritten.ts"
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { Construct } from 'constructs';

/** Builds the hand-written app's stacks into an app; the number of web services scales the benchmark. */
export function buildHandwrittenApp(app: App, options: { workloads?: number } = {}): Stack[] {
  const env = { region: 'us-east-1' };
  const registry = new Stack(app, 'HandRegistry', { env });
  const repository = new ecr.Repository(registry, 'Repository', { repositoryName: 'handwritten/sample' });
  const platform = new HandPlatformStack(app, 'HandPlatform', { env });
  const services = new Stack(app, 'HandServices', { env });
  const workloads = options.workloads ?? 1;
  for (let i = 0; i < workloads; i++) {
    const suffix = workloads === 1 ? '' : String(i);
    new ecsPatterns.ApplicationLoadBalancedFargateService(services, `Web${suffix}`, {
      cluster: platform.cluster,
      taskImageOptions: { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1.0.0'), containerPort: 8080 },
      publicLoadBalancer: true,
    });
  }
  const workerTask = new ecs.Ec2TaskDefinition(services, 'WorkerTask');
  workerTask.addContainer('app', {
    image: ecs.ContainerImage.fromEcrRepository(repository, 'v1.0.0'),
    memoryLimitMiB: 512,
    command: ['node', 'worker.js'],
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' }),
  });
  new ecs.Ec2Service(services, 'Worker', { cluster: platform.cluster, taskDefinition: workerTask, desiredCount: 1 });
  return [registry, platform, services];
}

class HandPlatformStack extends Stack {
  public readonly cluster: ecs.Cluster;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.cluster = new ecs.Cluster(this, 'Cluster', { enableFargateCapacityProviders: true });
    const asg = new autoscaling.AutoScalingGroup(this, 'Asg', {
      vpc: this.cluster.vpc,
      instanceType: new ec2.InstanceType('t3.medium'),
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
      minCapacity: 1,
      maxCapacity: 2,
    });
    this.cluster.addAsgCapacityProvider(new ecs.AsgCapacityProvider(this, 'Capacity', { autoScalingGroup: asg }));
  }
}

if (require.main === module) {
  const app = new App();
  buildHandwrittenApp(app);
  app.synth();
}
