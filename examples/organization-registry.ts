/**
 * A registry for an organization, as AWS's multi-account practice lays it out: images live in a tooling
 * account and run in staging and production accounts, production also in a second region.
 *
 * - `OrgTooling` (tooling account, us-east-1): the team's repository, which the organization may pull;
 *   an `ImageRegistry` that caches ECR Public, Docker Hub and Quay (pull through cache, with this
 *   library's defaults for the repositories ECR creates), lets the organization pull the cache, and
 *   replicates `shop/` to the production account in eu-west-1.
 * - `OrgProductionEu` (production account, eu-west-1): the registry that accepts those replicas.
 * - `OrgStaging` and `OrgProduction` (us-east-1): the same shop, released by digest (staging's
 *   `ImageDigestRunning` output is what production is given), and a web server pulled through the
 *   tooling account's cache from Docker Hub, by reference: the grants are made on the workloads' side.
 *
 * Before the first pull from Docker Hub, put your Docker Hub username and access token in the secret
 * `ecr-pullthroughcache/docker-hub` of the tooling account (see README, "A registry for an organization").
 * The account ids and the organization id are placeholders: replace them with yours.
 *
 * Run: npx cdk synth --app "npx tsx examples/organization-registry.ts"
 */
import { App, Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  ImageRegistry, ImageRelease, ImageRepository, Placement, PlatformCluster, ReplicationDestination, Upstream, WebService, WorkerService,
} from '../lib';

export const app = new App();
const accounts = { tooling: '111111111111', staging: '222222222222', production: '333333333333' };
const organization = 'o-a1b2c3d4e5';

/**
 * A stack in an account whose availability zones CloudFormation picks at deploy (Fn::GetAZs), as it does for
 * an environment-agnostic stack: synth looks nothing up, so it needs no credentials.
 */
class AccountStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
  }

  get availabilityZones(): string[] {
    return [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())];
  }
}

// ---- tooling account: what is pushed, and what is cached ----
const tooling = new AccountStack(app, 'OrgTooling', {
  env: { account: accounts.tooling, region: 'us-east-1' },
  description: 'cdk-ecs-platform example: the organization\'s registry (repository, pull through cache, replication)',
});
const shop = new ImageRepository(tooling, 'Shop', { repositoryName: 'shop/web', pullOrganization: organization });
shop.addGitHubPushRole('GitHubPush', { gitHubRepository: 'example-org/shop' });
new ImageRegistry(tooling, 'Registry', {
  upstreams: [Upstream.ecrPublic(), Upstream.dockerHub(), Upstream.quay()],
  pullOrganization: organization,
  replication: [{ destinations: [ReplicationDestination.account(accounts.production, 'eu-west-1')], repositoryPrefixes: ['shop/'] }],
});

// ---- production account, eu-west-1: accepts the tooling account's replicas ----
const productionEu = new AccountStack(app, 'OrgProductionEu', {
  env: { account: accounts.production, region: 'eu-west-1' },
  description: 'cdk-ecs-platform example: the production registry in eu-west-1, receiving replicas',
});
new ImageRegistry(productionEu, 'Registry', { replicationSources: [accounts.tooling] });

// ---- staging and production: the same shop, by reference to the tooling account ----
for (const [name, account] of [['OrgStaging', accounts.staging], ['OrgProduction', accounts.production]] as const) {
  const stack = new AccountStack(app, name, { env: { account, region: 'us-east-1' }, description: `cdk-ecs-platform example: ${name}` });
  const platform = new PlatformCluster(stack, 'Cluster');
  // By reference: nothing in the tooling account changes when an environment is added.
  const web = ImageRepository.fromAccount(stack, 'ShopRepository', { account: accounts.tooling, repositoryName: 'shop/web' });
  const cache = ImageRegistry.fromAccount(stack, 'ToolingRegistry', { account: accounts.tooling, cachePrefixes: ['ecr-public', 'docker-hub', 'quay'] });
  // Promotion by digest: cdk deploy OrgProduction --parameters OrgProduction:ImageDigest=<OrgStaging's ImageDigestRunning>
  const release = new ImageRelease(stack, 'ImageDigest', { repository: web, byDigest: true });
  new WorkerService(stack, 'Orders', { cluster: platform, image: release.image, command: ['node', 'worker.js'], user: '1000:1000' });
  new WebService(stack, 'Storefront', {
    cluster: platform,
    image: cache.cachedImage('docker-hub', 'nginxinc/nginx-unprivileged', '1.27.3-alpine'),
    containerPort: 8080,
    user: '101',
    healthCheckPath: '/',
    placement: Placement.fargateSpot({ onDemandBase: 1 }),
  });
}

app.synth();
