import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ImageRepository } from '../lib';

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

/** The stacks of the sample app, for `bin/app.ts` and the tests. */
export interface SampleStacks {
  readonly registry: RegistryStack;
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
  return { registry };
}
