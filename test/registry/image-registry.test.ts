import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ImageRegistry, ImageReference, ImageTagPolicy, PlatformCluster, RegistryScanning, ReplicationDestination, Upstream, WorkerService,
} from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testApp } from '../util';
import { mainContainer } from '../workloads/fixtures';

const TOOLING = { account: '111111111111', region: 'us-east-1' };
const PROD = { account: '222222222222', region: 'us-east-1' };
const ORG = 'o-a1b2c3d4e5';

function tooling(app = testApp()) {
  return new Stack(app, 'Tooling', { env: TOOLING });
}

type Resource = { Properties: any; DependsOn?: string[]; DeletionPolicy?: string };
const resources = (stack: Stack, type: string) => Object.values(Template.fromStack(stack).findResources(type)) as Resource[];

function executionStatements(stack: Stack): Array<Record<string, unknown>> {
  const [policy] = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('WorkerTaskDefinitionExecutionRole')).map(([, p]) => p);
  return policy.Properties.PolicyDocument.Statement;
}

describe('ImageRegistry: pull through cache', () => {
  test('a rule per upstream, with the upstream\'s URL; credentials where the upstream needs them, in a secret named as ECR requires', () => {
    const stack = tooling();
    const mine = new secretsmanager.Secret(stack, 'Hub', { secretName: 'ecr-pullthroughcache/hub' });
    new ImageRegistry(stack, 'Registry', {
      upstreams: [
        Upstream.ecrPublic(), Upstream.dockerHub({ credentials: mine }), Upstream.gitHubContainerRegistry(), Upstream.quay(), Upstream.kubernetes(),
      ],
    });
    const rules = resources(stack, 'AWS::ECR::PullThroughCacheRule').map(r => [r.Properties.EcrRepositoryPrefix, r.Properties.UpstreamRegistry,
      r.Properties.UpstreamRegistryUrl, r.Properties.CredentialArn === undefined ? 'none' : JSON.stringify(r.Properties.CredentialArn)]);
    expect(rules).toEqual([
      ['ecr-public', 'ecr-public', 'public.ecr.aws', 'none'],
      ['docker-hub', 'docker-hub', 'registry-1.docker.io', expect.stringMatching(/^\{"Ref":"Hub/)],
      ['github', 'github-container-registry', 'ghcr.io', expect.stringMatching(/^\{"Ref":"RegistryCredentialsGithub/)],
      ['quay', 'quay', 'quay.io', 'none'],
      ['kubernetes', 'k8s', 'registry.k8s.io', 'none'],
    ]);
    const created = resources(stack, 'AWS::SecretsManager::Secret').find(s => s.Properties.Name === 'ecr-pullthroughcache/github')!;
    expect(created.DeletionPolicy).toBe('Retain');
    // A placeholder to replace, nothing secret in the template.
    expect(created.Properties.GenerateSecretString).toEqual(expect.objectContaining({ SecretStringTemplate: '{"username":"replace-me"}', GenerateStringKey: 'accessToken' }));
  });

  test('cached repositories get the library\'s defaults from a creation template: immutable tags, lifecycle, AES-256, scan on push for the registry', () => {
    const stack = tooling();
    new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.ecrPublic()] });
    const [template] = resources(stack, 'AWS::ECR::RepositoryCreationTemplate');
    expect(template.Properties).toEqual(expect.objectContaining({
      Prefix: 'ecr-public', AppliedFor: ['PULL_THROUGH_CACHE'], ImageTagMutability: 'IMMUTABLE', EncryptionConfiguration: { EncryptionType: 'AES256' },
    }));
    expect(JSON.parse(template.Properties.LifecyclePolicy).rules.map((r: any) => r.description)).toEqual(['Expire untagged images after 14 days', 'Keep the newest 200 images']);
    expect(resources(stack, 'AWS::ECR::PullThroughCacheRule')[0].DependsOn).toEqual([expect.stringMatching(/^RegistryCacheTemplateEcrPublic/)]);
    expect(resources(stack, 'AWS::ECR::RegistryScanningConfiguration')[0].Properties).toEqual({
      ScanType: 'BASIC', Rules: [{ ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }],
    });
  });

  test('a customer managed key: a role lets ECR create the cached repositories with it', () => {
    const stack = tooling();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const registry = new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.quay()], encryptionKey: key, tagPolicy: ImageTagPolicy.mutable() });
    const [template] = resources(stack, 'AWS::ECR::RepositoryCreationTemplate');
    expect(template.Properties.EncryptionConfiguration).toEqual({ EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } });
    expect(template.Properties.ImageTagMutability).toBe('MUTABLE');
    expect(template.Properties.CustomRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^RegistryTemplateRole/), 'Arn'] });
    const statements = Template.fromStack(stack).toJSON().Resources;
    const policy = Object.entries(statements).find(([id]) => id.startsWith('RegistryTemplateRoleDefaultPolicy'))![1] as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/quay/*' },
      expect.objectContaining({ Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:RetireGrant'] }),
    ]));
    expect(registry.templateRole).toBeDefined();
  });

  test('cachedImage grants the pull and the first pull\'s repository creation, on that repository only', () => {
    const stack = tooling();
    const registry = new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.dockerHub()] });
    const image = registry.cachedImage('docker-hub', 'library/nginx', '1.27.3');
    expect(image).toBeInstanceOf(ImageReference);
    new WorkerService(stack, 'Worker', { cluster: new PlatformCluster(stack, 'Cluster'), image });
    expect(mainContainer(stack, 'WorkerTaskDefinition').Image).toEqual({ 'Fn::Join': ['', ['111111111111.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/docker-hub/library/nginx:1.27.3']] });
    expect(executionStatements(stack)).toEqual(expect.arrayContaining([{
      Effect: 'Allow', Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/library/nginx',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:GetDownloadUrlForLayer'],
    }]));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('moves upstream'));
  });

  test('a cached image by digest, and "latest" warns as imageByTag does', () => {
    const stack = tooling();
    const registry = new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.ecrPublic()] });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(registry.cachedImage('ecr-public', 'docker/library/nginx', digest).digest).toBe(digest);
    const cluster = new PlatformCluster(stack, 'Cluster');
    new WorkerService(stack, 'Worker', { cluster, image: registry.cachedImage('ecr-public', 'docker/library/nginx', 'latest') });
    Annotations.fromStack(stack).hasWarning('/Tooling/Worker/TaskDefinition/app',
      Match.stringLikeRegexp('upstream image tag "latest" moves upstream.*\\[ack: cdk-ecs-platform:mutableImageTag\\]'));
  });

  test('a workload in another account pulls a cached image by reference; the registry admits it and lets it create the repository', () => {
    const app = testApp();
    const stack = tooling(app);
    new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.dockerHub()], pullAccounts: [PROD.account], pullOrganization: ORG });
    const workload = new Stack(app, 'Workload', { env: PROD });
    const remote = ImageRegistry.fromAccount(workload, 'Tooling', { account: TOOLING.account, cachePrefixes: ['docker-hub'] });
    new WorkerService(workload, 'Worker', { cluster: new PlatformCluster(workload, 'Cluster'), image: remote.cachedImage('docker-hub', 'library/nginx', '1.27.3') });
    const [policy] = resources(stack, 'AWS::ECR::RegistryPolicy');
    expect(policy.Properties.PolicyText.Statement).toEqual([
      { Sid: 'CacheFirstPullAccounts', Effect: 'Allow', Action: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/*' },
      { Sid: 'CacheFirstPullOrganization', Effect: 'Allow', Action: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } }, Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/*' },
    ]);
    // Cached repositories let the same accounts pull once they exist.
    const repositoryPolicy = JSON.stringify(resources(stack, 'AWS::ECR::RepositoryCreationTemplate')[0].Properties.RepositoryPolicy);
    expect(repositoryPolicy).toContain('iam::222222222222:root');
    expect(repositoryPolicy).toContain('aws:PrincipalOrgID');

    expect(executionStatements(workload)).toEqual(expect.arrayContaining([expect.objectContaining({
      Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/library/nginx', Action: expect.arrayContaining(['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage']),
    })]));
    expect(nagFindings(app)).toEqual([]);
    expect(cfnFindings([stack, workload])).toEqual([]);
  });

  test('refuses a cached image pulled from an account the registry does not admit', () => {
    const app = testApp();
    const registry = new ImageRegistry(tooling(app), 'Registry', { upstreams: [Upstream.quay()] });
    const workload = new Stack(app, 'Workload', { env: PROD });
    expect(() => new WorkerService(workload, 'Worker', { cluster: new PlatformCluster(workload, 'Cluster'), image: registry.cachedImage('quay', 'prometheus/node-exporter', 'v1.8.2') }))
      .toThrow(/Workload\/Worker\/TaskDefinition\/app: image "Tooling\/Registry\/Cached[0-9a-f]{12}" is in account 111111111111, whose repository policy does not let account 222222222222 pull\. Allowed: add "222222222222" to pullAccounts of Tooling\/Registry \(now: no other account\), or give its pullOrganization\./);
  });

  test.each([
    ['a prefix with no rule', ['quay', 'library/nginx', '1'], /Tooling\/Registry: cachedImage\("quay", \.\.\.\) prefix "quay" is not the prefix of a pull through cache rule of this registry\. Allowed: "docker-hub"\./],
    ['a Docker Hub official image without library/', ['docker-hub', 'nginx', '1.27.3'],
      'Tooling/Registry: cachedImage("docker-hub", ...) repository "nginx" is a Docker Hub official image without its namespace, which ECR cannot find upstream. Allowed: "library/nginx" (Docker Hub\'s official images are under library/).'],
    ['a repository name with uppercase letters', ['docker-hub', 'Library/Nginx', '1'], /cachedImage\("docker-hub", \.\.\.\) repository "Library\/Nginx" is not a repository name of the upstream/],
    ['a tag Docker refuses', ['docker-hub', 'library/nginx', '-1'], /cachedImage\("docker-hub", \.\.\.\) tag or digest "-1" is neither a Docker image tag nor an image digest/],
    ['a truncated digest', ['docker-hub', 'library/nginx', 'sha256:abc'], /tag or digest "sha256:abc" is neither a Docker image tag nor an image digest/],
  ])('cachedImage rejects %s', (_title, [prefix, repository, tag], message) => {
    const registry = new ImageRegistry(tooling(), 'Registry', { upstreams: [Upstream.dockerHub()] });
    expect(() => registry.cachedImage(prefix, repository, tag)).toThrow(message);
  });

  test('an imported registry checks prefixes only when it lists them', () => {
    const stack = new Stack(testApp(), 'Workload', { env: PROD });
    expect(ImageRegistry.fromAccount(stack, 'Any', { account: TOOLING.account }).cachedImage('mirror', 'team/tool', 'v1').tag).toBe('v1');
    expect(() => ImageRegistry.fromAccount(stack, 'Listed', { account: TOOLING.account, cachePrefixes: ['quay'] }).cachedImage('mirror', 'team/tool', 'v1'))
      .toThrow('Workload/Listed: cachedImage("mirror", ...) prefix "mirror" is not the prefix of a pull through cache rule of this registry. Allowed: "quay".');
  });

  test.each([
    ['a prefix of one character', () => [Upstream.quay({ prefix: 'q' })], 'Tooling/Registry: upstreams[0] prefix "q" is not a pull through cache prefix ECR takes. Allowed: 2 to 30 lowercase letters and digits, separated by ".", "_", "-" or "/".'],
    ['a prefix of 31 characters', () => [Upstream.quay({ prefix: 'a'.repeat(31) })], /upstreams\[0\] prefix "a{31}" is not a pull through cache prefix ECR takes/],
    ['two upstreams on one prefix', () => [Upstream.quay({ prefix: 'mirror' }), Upstream.ecrPublic({ prefix: 'mirror' })],
      'Tooling/Registry: upstreams[1] prefix "mirror" is also the prefix of upstreams[0]: a prefix caches one upstream. Allowed: a prefix of its own for each upstream.'],
  ])('rejects %s', (_title, upstreams, message) => {
    const stack = tooling();
    expect(() => new ImageRegistry(stack, 'Registry', { upstreams: upstreams() })).toThrow(message);
  });

  test.each([
    ['a secret whose name ECR does not read', (s: Stack) => secretsmanager.Secret.fromSecretNameV2(s, 'S', 'dockerhub-token'),
      'Tooling/Registry: upstreams[0] credentials "dockerhub-token" is not a secret name ECR reads for a pull through cache. Allowed: a secret whose name starts with "ecr-pullthroughcache/".'],
    ['a secret of this app named otherwise', (s: Stack) => new secretsmanager.Secret(s, 'S', { secretName: 'docker/token' }), /credentials "docker\/token" is not a secret name ECR reads/],
    ['a secret of another region', (s: Stack) => secretsmanager.Secret.fromSecretCompleteArn(s, 'S', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ecr-pullthroughcache/hub-AbCdEf'),
      /upstreams\[0\] credentials "arn:aws:secretsmanager:eu-west-1:.*" is in eu-west-1, and the stack deploys to us-east-1/],
    ['a secret of another account', (s: Stack) => secretsmanager.Secret.fromSecretCompleteArn(s, 'S', 'arn:aws:secretsmanager:us-east-1:999999999999:secret:ecr-pullthroughcache/hub-AbCdEf'),
      /upstreams\[0\] credentials "arn:.*" is in account 999999999999, and ECR reads credentials of its own account \(111111111111\)/],
  ])('rejects credentials: %s', (_title, secret, message) => {
    const stack = tooling();
    expect(() => new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.dockerHub({ credentials: secret(stack) })] })).toThrow(message);
  });

  test('a secret named as ECR requires, and a registry with no props, are accepted', () => {
    const stack = tooling();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'ecr-pullthroughcache/hub');
    new ImageRegistry(stack, 'Registry', { upstreams: [Upstream.dockerHub({ credentials: secret })] });
    new ImageRegistry(new Stack(stack.node.root as App, 'Other', { env: { ...TOOLING, region: 'eu-west-1' } }), 'Registry');
    expect(resources(stack, 'AWS::SecretsManager::Secret')).toEqual([]);
  });

  test('RegistryScanning.unmanaged() leaves the registry\'s scanning alone', () => {
    const stack = tooling();
    new ImageRegistry(stack, 'Registry', { scanning: RegistryScanning.unmanaged() });
    expect(resources(stack, 'AWS::ECR::RegistryScanningConfiguration')).toEqual([]);
  });
});

describe('ImageRegistry: replication and one registry per account and region', () => {
  test('replication is one typed prop; the destination registry accepts the source and gives replicas the defaults', () => {
    const app = testApp();
    const stack = tooling(app);
    const registry = new ImageRegistry(stack, 'Registry', {
      replication: [{ destinations: [ReplicationDestination.region('eu-west-1'), ReplicationDestination.account(PROD.account, 'eu-west-1')], repositoryPrefixes: ['shop/'] }],
    });
    const destination = new Stack(app, 'ProdEu', { env: { ...PROD, region: 'eu-west-1' } });
    new ImageRegistry(destination, 'Registry', { replicationSources: [TOOLING.account] });
    expect(resources(stack, 'AWS::ECR::ReplicationConfiguration')[0].Properties.ReplicationConfiguration).toEqual({
      Rules: [{
        Destinations: [{ Region: 'eu-west-1', RegistryId: '111111111111' }, { Region: 'eu-west-1', RegistryId: '222222222222' }],
        RepositoryFilters: [{ Filter: 'shop/', FilterType: 'PREFIX_MATCH' }],
      }],
    });
    expect(registry.replicationConfiguration).toBeDefined();
    expect(resources(destination, 'AWS::ECR::RegistryPolicy')[0].Properties.PolicyText.Statement).toEqual([{
      Sid: 'ReplicationFrom', Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
      Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Resource: 'arn:aws:ecr:eu-west-1:222222222222:repository/*',
    }]);
    expect(resources(destination, 'AWS::ECR::RepositoryCreationTemplate')[0].Properties).toEqual(expect.objectContaining({ Prefix: 'ROOT', AppliedFor: ['REPLICATION'] }));
    expect(nagFindings(app)).toEqual([]);
    expect(cfnFindings([stack, destination])).toEqual([]);
  });

  test('refuses replication into a registry of this app that does not accept the source', () => {
    const app = testApp();
    new ImageRegistry(tooling(app), 'Registry', { replication: [{ destinations: [ReplicationDestination.account(PROD.account, 'eu-west-1')] }] });
    new ImageRegistry(new Stack(app, 'ProdEu', { env: { ...PROD, region: 'eu-west-1' } }), 'Registry');
    expect(() => app.synth()).toThrow('Tooling/Registry: replication[0].destinations[0] "222222222222/eu-west-1" is the registry of ProdEu/Registry, ' +
      'whose replicationSources do not include 111111111111: ECR would refuse the replicas. Allowed: add "111111111111" to replicationSources of ProdEu/Registry.');
  });

  test.each([
    ['the registry itself', [{ destinations: [ReplicationDestination.region('us-east-1')] }],
      'Tooling/Registry: replication[0].destinations[0] "111111111111/us-east-1" is this registry: ECR replicates to other regions or accounts only. Allowed: another region, or another account.'],
    ['the registry itself, by account', [{ destinations: [ReplicationDestination.account(TOOLING.account, 'us-east-1')] }], /destinations\[0\] "111111111111\/us-east-1" is this registry/],
    ['a destination twice', [{ destinations: [ReplicationDestination.region('eu-west-1'), ReplicationDestination.region('eu-west-1')] }],
      'Tooling/Registry: replication[0].destinations[1] "this account/eu-west-1" is named twice in this rule. Allowed: each destination once.'],
    ['no destination', [{ destinations: [] }], 'Tooling/Registry: replication[0].destinations [] is empty. Allowed: one or more ReplicationDestination.'],
    ['a region that is not one', [{ destinations: [ReplicationDestination.region('europe')] }], /replication\[0\]\.destinations\[0\] region "europe" is not an AWS region/],
    ['an account that is not one', [{ destinations: [ReplicationDestination.account('2222', 'eu-west-1')] }], /destinations\[0\] account "2222" is not an AWS account id/],
    ['a prefix ECR cannot match', [{ destinations: [ReplicationDestination.region('eu-west-1')], repositoryPrefixes: ['Shop/'] }],
      /replication\[0\]\.repositoryPrefixes\[0\] "Shop\/" is not the start of a repository name ECR can match/],
    ['an empty prefix list', [{ destinations: [ReplicationDestination.region('eu-west-1')], repositoryPrefixes: [] }],
      'Tooling/Registry: replication[0].repositoryPrefixes [] selects no repository. Allowed: one or more prefixes, or leave it out for every repository.'],
  ])('rejects replication to %s', (_title, replication, message) => {
    expect(() => new ImageRegistry(tooling(), 'Registry', { replication })).toThrow(message);
  });

  test('refuses a second registry in one account and region (ECR keeps one replication configuration, registry policy and scanning configuration)', () => {
    const app = testApp();
    new ImageRegistry(tooling(app), 'Registry');
    expect(() => new ImageRegistry(new Stack(app, 'More', { env: TOOLING }), 'Registry')).toThrow(
      'More/Registry: stack "More" is in account 111111111111, region us-east-1, which Tooling/Registry already manages: ECR keeps one replication configuration, ' +
      'one registry policy and one scanning configuration per account and region, and a second would replace the first. Allowed: one ImageRegistry per account and region ' +
      '(give stacks an env to tell them apart).');
  });

  test('refuses two registries in environment-agnostic stacks, which may deploy to one account and region', () => {
    const app = testApp();
    new ImageRegistry(new Stack(app, 'One'), 'Registry');
    expect(() => new ImageRegistry(new Stack(app, 'Two'), 'Registry')).toThrow(/Two\/Registry: stack "Two" is in an account and region this app cannot tell apart from its own/);
  });

  test('rejects replication sources that are not accounts, and an organization id that is not one', () => {
    expect(() => new ImageRegistry(tooling(), 'Registry', { replicationSources: ['me'] })).toThrow('Tooling/Registry: replicationSources[0] "me" is not an AWS account id. Allowed: a 12-digit account id.');
    expect(() => new ImageRegistry(tooling(), 'Registry', { pullOrganization: 'o-1' })).toThrow(/Tooling\/Registry: pullOrganization "o-1" is not an AWS Organizations organization id/);
  });
});
