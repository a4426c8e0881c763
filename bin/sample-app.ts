import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CapacityPool, ImageRepository, Network, PlatformCluster } from '../lib';

/** The region the sample app deploys to: `-c region=eu-west-1` picks another. */
export const DEFAULT_REGION = 'us-east-1';

/** The registry: the ECR repository that `docker push` sends images to. */
export class RegistryStack extends Stack {
  public readonly repository: ImageRepository;

  constructor(scope: Construct, id: string, props: StackProps & { gitHubRepository?: string } = {}) {
    super(scope, id, props);
    this.repository = new ImageRepository(this, 'Repository', { repositoryName: 'cdk-ecs-platform/sample' });
    if (props.gitHubRepository) {
      this.repository.addGitHubPushRole('GitHubPush', { gitHubRepository: props.gitHubRepository });
    }
  }
}

/**
 * The platform: a low-cost VPC (one NAT instance), the ECS cluster with Fargate and Fargate Spot, and
 * one small EC2 pool for workers.
 */
export class PlatformStack extends Stack {
  public readonly platform: PlatformCluster;
  public readonly workers: CapacityPool;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.platform = new PlatformCluster(this, 'Cluster', { network: Network.lowCost() });
    this.workers = this.platform.addCapacityPool('Workers', {
      // Two types of one size: a mixed instances policy can fall back when one is short.
      instanceTypes: [new ec2.InstanceType('t3.small'), new ec2.InstanceType('t3a.small')],
      minInstances: 0,
      maxInstances: 2,
      alarms: {},
    });
  }
}

/** The stacks of the sample app, for `bin/app.ts` and the tests. */
export interface SampleStacks {
  readonly registry: RegistryStack;
  readonly platform: PlatformStack;
}

/**
 * Builds the sample app. Context it reads:
 * - `region`: where to deploy (default us-east-1);
 * - `gitHubRepository`: `owner/name` of a GitHub repository whose main branch may push images.
 */
export function buildSampleApp(app: App): SampleStacks {
  const region: string = app.node.tryGetContext('region') ?? DEFAULT_REGION;
  const env = { region };
  const registry = new RegistryStack(app, 'SampleRegistry', {
    env,
    description: 'cdk-ecs-platform sample: the ECR repository images are pushed to',
    gitHubRepository: app.node.tryGetContext('gitHubRepository'),
  });
  const platform = new PlatformStack(app, 'SamplePlatform', {
    env,
    description: 'cdk-ecs-platform sample: network, ECS cluster and an EC2 capacity pool',
  });
  return { registry, platform };
}
