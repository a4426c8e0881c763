import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { CapacityPool, IImageRepository, ImageRelease, ImageRepository, Network, Placement, PlatformCluster, WebService, WorkerService } from '../lib';

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
      // Workers tolerate interruption: Spot, across two types of one size so capacity-optimized
      // allocation has a choice; managed and Spot draining move tasks off a reclaimed instance.
      instanceTypes: [new ec2.InstanceType('t3a.micro'), new ec2.InstanceType('t3.micro')],
      spot: { onDemandBase: 0 },
      minInstances: 0,
      maxInstances: 2,
      alarms: {},
    });
  }
}

/** Properties of the services stack. */
export interface ServicesStackProps extends StackProps {
  readonly repository: IImageRepository;
  readonly platform: PlatformCluster;
  readonly workers: CapacityPool;
}

/**
 * The services: a public web service on Fargate Spot with one on-demand task as a base, and a worker
 * on the EC2 pool, both running the released tag of the registry's image. The release is the stack
 * parameter `ImageTag`: `cdk deploy SampleServices --parameters SampleServices:ImageTag=v1.0.0` sets
 * it, and deploys that do not pass it keep what runs.
 */
export class ServicesStack extends Stack {
  public readonly release: ImageRelease;
  public readonly web: WebService;
  public readonly worker: WorkerService;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    this.release = new ImageRelease(this, 'ImageTag', { repository: props.repository });
    const image = this.release.image;

    this.web = new WebService(this, 'Web', {
      cluster: props.platform,
      image,
      placement: Placement.fargateSpot({ onDemandBase: 1 }),
      containerPort: 8080,
      healthCheckPath: '/health',
      user: '1000:1000',
      // One task always runs on regular Fargate; load adds Spot tasks, up to four in all.
      scaling: { minTasks: 1, maxTasks: 4, cpuTargetPercent: 70, requestsPerTarget: 1000 },
    });
    this.worker = new WorkerService(this, 'Worker', {
      cluster: props.platform,
      image,
      placement: Placement.ec2(props.workers),
      command: ['node', 'worker.js'],
      user: '1000:1000',
      desiredCount: 1,
    });
    new CfnOutput(this, 'Url', { value: this.web.url, description: 'The web service' });
  }
}

/** The stacks of the sample app, for `bin/app.ts` and the tests. */
export interface SampleStacks {
  readonly registry: RegistryStack;
  readonly platform: PlatformStack;
  readonly services: ServicesStack;
}

/**
 * Builds the sample app. Context it reads:
 * - `region`: where to deploy (default us-east-1);
 * - `gitHubRepository`: `owner/name` of a GitHub repository whose main branch may push images.
 *
 * The tag the services run is not context: it is the services stack's `ImageTag` parameter.
 */
export function buildSampleApp(app: App): SampleStacks {
  const region = sampleRegion(app);
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
  const services = new ServicesStack(app, 'SampleServices', {
    env,
    description: 'cdk-ecs-platform sample: a web service on Fargate Spot and a worker on EC2',
    repository: registry.repository,
    platform: platform.platform,
    workers: platform.workers,
  });
  return { registry, platform, services };
}

/**
 * The region from `-c region=...`, checked: a misspelled region would synthesize, then fail at deploy
 * (or, with a bootstrapped look-alike, deploy somewhere unintended).
 */
export function sampleRegion(app: App): string {
  const region: unknown = app.node.tryGetContext('region') ?? DEFAULT_REGION;
  const known = RegionInfo.regions.map(r => r.name);
  if (typeof region !== 'string' || !known.includes(region)) {
    throw new Error(`SampleApp: context region ${JSON.stringify(region)} is not an AWS Region aws-cdk-lib knows. ` +
      `Allowed: one of ${known.join(', ')} (-c region=eu-west-1), or no region context for ${DEFAULT_REGION}.`);
  }
  return region;
}
