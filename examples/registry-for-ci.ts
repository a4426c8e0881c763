/**
 * A registry that CI pushes to and other accounts pull from: lifecycle rules for release and
 * pull-request images, a role GitHub Actions assumes through OIDC, cross-account pull, and a service
 * that runs a release.
 *
 * The push role trusts the `main` and `release` branches of one GitHub repository and may push to
 * this repository only. An account has one OIDC provider for GitHub: if yours already has one, pass
 * it as `provider` (`iam.OidcProviderNative.fromOidcProviderArn(...)`) instead of creating a second.
 *
 * Deploy `CiRegistry`, let the workflow push `v1.0.0`, then deploy `CiServices`.
 *
 * Run: npx cdk synth --app "npx tsx examples/registry-for-ci.ts"
 */
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { ImageRepository, ImageSelection, LifecycleRule, PlatformCluster, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'CiRegistry', { env, description: 'cdk-ecs-platform example: a repository that GitHub Actions pushes to' });
const repository = new ImageRepository(registry, 'Repository', {
  repositoryName: 'examples/payments',
  // The staging and production accounts run the same images; their task roles still need a pull policy.
  pullAccounts: ['222233334444', '555566667777'],
});
// Pull-request builds are throwaway; releases are what rollbacks go back to, so the last 50 stay.
repository.addLifecycleRule(LifecycleRule.expireAfter(Duration.days(7), ImageSelection.tagPrefixes(['pr-'])));
repository.addLifecycleRule(LifecycleRule.keepLast(50, ImageSelection.tagPrefixes(['v'])));

const pushRole = repository.addGitHubPushRole('GitHubPush', {
  gitHubRepository: 'example-org/payments',
  branches: ['main', 'release'],
});
new CfnOutput(registry, 'PushRoleArn', { value: pushRole.roleArn, description: 'role-to-assume for aws-actions/configure-aws-credentials' });

const services = new Stack(app, 'CiServices', { env, description: 'cdk-ecs-platform example: a worker running a release' });
const platform = new PlatformCluster(services, 'Cluster');
new WorkerService(services, 'Settlement', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  command: ['node', 'settlement.js'],
  user: '1000:1000',
});

app.synth();
