import { CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageRelease, ImageRepository, ImageSelection, ImageTagPolicy, LifecycleRule, PushToDeploy } from '../../lib';
import { BadInput, cluster, plainTask, repo } from './bad-input-kit';

/**
 * Mistakes with the registry: repository names, keys and policies, lifecycle rules, tags, the GitHub push
 * role, releases and push to deploy. Part of the corpus that `bad-inputs.ts` composes:
 * test/quality/bad-input.test.ts requires each case to be refused at synth.
 */

const plainRepoImage = (s: Stack, tagOrDigest: string) => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), tagOrDigest) });

/** Repositories, lifecycle rules, tags, the GitHub push role. */
export const REGISTRY_BAD_INPUTS: BadInput[] = [
  // ---- registry ----
  {
    area: 'registry', mistake: 'a repository key from another region',
    library: s => new ImageRepository(s, 'Repo', { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') }),
    message: /Stack\/Repo: encryptionKey ".*" is in eu-west-1, and the stack deploys to us-east-1/,
    fixed: s => new ImageRepository(s, 'Repo', { encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') }),
    plain: s => new ecr.Repository(s, 'Repo', {
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }),
  },
  {
    area: 'registry', mistake: 'repository name with uppercase letters',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'MyRepo' }),
    message: /Stack\/Repo: repositoryName "MyRepo" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'myrepo' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'MyRepo' }),
  },
  {
    area: 'registry', mistake: 'repository name with a double slash',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'team//web' }),
    message: /repositoryName "team\/\/web" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'team/web' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'team//web' }),
  },
  {
    area: 'registry', mistake: 'repository name of one character',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'a' }),
    message: /repositoryName "a" is not a valid ECR repository name\. Allowed: 2 to 256 characters/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'ab' }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'a' }),
  },
  {
    area: 'registry', mistake: 'repository name of 257 characters',
    library: s => new ImageRepository(s, 'Repo', { repositoryName: 'a'.repeat(257) }),
    message: /repositoryName "a{257}" is not a valid ECR repository name/,
    fixed: s => new ImageRepository(s, 'Repo', { repositoryName: 'a'.repeat(256) }),
    plain: s => new ecr.Repository(s, 'Repo', { repositoryName: 'a'.repeat(257) }),
  },
  {
    area: 'registry', mistake: 'imported repository name with uppercase letters',
    library: s => ImageRepository.fromRepositoryName(s, 'Repo', 'Team/Web'),
    message: /Stack\/Repo: repositoryName "Team\/Web" is not a valid ECR repository name/,
    fixed: s => ImageRepository.fromRepositoryName(s, 'Repo', 'team/web'),
    plain: s => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'Team/Web'), 'v1') }),
  },
  {
    area: 'registry', mistake: 'imported repository ARN of another service',
    library: s => ImageRepository.fromRepositoryArn(s, 'Repo', 'arn:aws:s3:::bucket'),
    message: /Stack\/Repo: repositoryArn "arn:aws:s3:::bucket" is not an ECR repository ARN/,
    fixed: s => ImageRepository.fromRepositoryArn(s, 'Repo', 'arn:aws:ecr:us-east-1:111122223333:repository/team/web'),
    plain: s => plainTask(s, {}, { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(s, 'Repo', 'arn:aws:s3:::bucket'), 'v1') }),
  },
  {
    area: 'registry', mistake: 'two lifecycle rules with one priority',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 1 })] }),
    message: /Stack\/Repo: lifecycleRules\[1\]\.priority 1 is already the priority of lifecycleRules\[0\]/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 2 })] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [
      { rulePriority: 1, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['a'], maxImageCount: 5 },
      { rulePriority: 1, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['b'], maxImageCount: 5 }] }),
  },
  {
    area: 'registry', mistake: 'a rule on every image evaluated before another rule',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(50, ImageSelection.anyImage(), { priority: 1 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 2 })] }),
    message: /lifecycleRules\[0\]\.priority 1 puts the rule on every image before lifecycleRules\[1\]/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [
      LifecycleRule.keepLast(50, ImageSelection.anyImage(), { priority: 2 }), LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 1 })] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [
      { rulePriority: 1, tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
      { rulePriority: 2, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['b'], maxImageCount: 5 }] }),
  },
  {
    area: 'registry', mistake: 'two rules on every image',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(50, ImageSelection.anyImage()), LifecycleRule.keepLast(10, ImageSelection.anyImage())] }),
    message: /lifecycleRules\[1\]\.selection "anyImage" is the second rule on every image/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(50, ImageSelection.anyImage())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 }, { tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 }] }),
  },
  {
    area: 'registry', mistake: 'keep the last 0 images',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(0, ImageSelection.untagged())] }),
    message: /lifecycleRules\[0\]\.count 0 would keep no image/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(1, ImageSelection.untagged())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 0 }] }),
  },
  {
    area: 'registry', mistake: 'an image age that is not whole days',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.expireAfter(Duration.hours(36), ImageSelection.untagged())] }),
    message: /lifecycleRules\[0\]\.age "1 day 12 hours" is not a whole number of days/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.expireAfter(Duration.days(2), ImageSelection.untagged())] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.hours(36) }] }),
  },
  {
    area: 'registry', mistake: 'a tag pattern with five wildcards',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPatterns(['*a*b*c*d*']))] }),
    message: /tagPatterns\[0\] "\*a\*b\*c\*d\*" has 5 wildcards\. Allowed: at most 4/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPatterns(['*a*b*c*d']))] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.TAGGED, tagPatternList: ['*a*b*c*d*'], maxImageCount: 3 }] }),
  },
  {
    area: 'registry', mistake: 'tagged images selected by an empty prefix list',
    library: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPrefixes([]))] }),
    message: /lifecycleRules\[0\]\.selection\.tagPrefixes \[\] selects nothing/,
    fixed: s => new ImageRepository(s, 'Repo', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPrefixes(['release-']))] }),
    plain: s => new ecr.Repository(s, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [], maxImageCount: 3 }] }),
  },
  {
    area: 'registry', mistake: 'immutable tags with exclusions but no filter',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept([]) }),
    message: /tagPolicy exclusions \[\] has 0 patterns\. Allowed: 1 to 5 patterns/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev-*']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: [] }),
  },
  {
    area: 'registry', mistake: 'six tag exclusion filters',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['a', 'b', 'c', 'd', 'e', 'f']) }),
    message: /has 6 patterns\. Allowed: 1 to 5 patterns/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['a', 'b', 'c', 'd', 'e']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: ['a', 'b', 'c', 'd', 'e', 'f'].map(p => ecr.ImageTagMutabilityExclusionFilter.wildcard(p)) }),
  },
  {
    area: 'registry', mistake: 'a tag exclusion filter with a slash',
    library: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev/latest']) }),
    message: /tagPolicy exclusions\[0\] "dev\/latest" is not a valid exclusion filter/,
    fixed: s => new ImageRepository(s, 'Repo', { tagPolicy: ImageTagPolicy.immutableExcept(['dev-latest']) }),
    plain: s => new ecr.Repository(s, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard('dev/latest')] }),
  },
  {
    area: 'registry', mistake: 'emptyOnDelete on a retained repository',
    library: s => new ImageRepository(s, 'Repo', { emptyOnDelete: true }),
    message: /Stack\/Repo: emptyOnDelete true cannot delete images of a repository that is kept/,
    fixed: s => new ImageRepository(s, 'Repo', { emptyOnDelete: true, removalPolicy: RemovalPolicy.DESTROY }),
    plain: s => new ecr.Repository(s, 'Repo', { emptyOnDelete: true }),
  },
  {
    area: 'registry', mistake: 'a SNAPSHOT removal policy for a repository',
    library: s => new ImageRepository(s, 'Repo', { removalPolicy: RemovalPolicy.SNAPSHOT }),
    message: /removalPolicy "snapshot" does not apply to an ECR repository/,
    fixed: s => new ImageRepository(s, 'Repo', { removalPolicy: RemovalPolicy.DESTROY }),
    plain: s => new ecr.Repository(s, 'Repo', { removalPolicy: RemovalPolicy.SNAPSHOT }),
  },
  {
    area: 'registry', mistake: 'cross-account pull for "*"',
    library: s => new ImageRepository(s, 'Repo', { pullAccounts: ['*'] }),
    message: /pullAccounts\[0\] "\*" is not an AWS account id/,
    fixed: s => new ImageRepository(s, 'Repo', { pullAccounts: ['111122223333'] }),
    plain: s => new ecr.Repository(s, 'Repo').addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('*')], actions: ['ecr:BatchGetImage'] })),
  },
  {
    area: 'registry', mistake: 'a repository policy that allows everyone',
    library: s => repo(s).addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] })),
    message: /addToResourcePolicy statement .* allows everyone \("\*"\) to use the repository/,
    fixed: s => repo(s).addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('111122223333')], actions: ['ecr:BatchGetImage'] })),
    plain: s => new ecr.Repository(s, 'Repo').addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] })),
  },
  {
    area: 'registry', mistake: 'an image tag Docker does not accept',
    library: s => repo(s).imageByTag('v1:2'),
    message: /Stack\/Repo: imageByTag tag "v1:2" is not a Docker image tag/,
    fixed: s => repo(s).imageByTag('v1-2'),
    plain: s => plainRepoImage(s, 'v1:2'),
  },
  {
    area: 'registry', mistake: 'a truncated image digest',
    library: s => repo(s).imageByDigest('sha256:abc'),
    message: /imageByDigest digest "sha256:abc" is not an image digest/,
    fixed: s => repo(s).imageByDigest(`sha256:${'a'.repeat(64)}`),
    plain: s => plainRepoImage(s, 'sha256:abc'),
  },
  {
    area: 'registry', mistake: 'a GitHub push role for a repository that is not owner/name',
    library: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'shop' }),
    message: /addGitHubPushRole\(Ci\) gitHubRepository "shop" is not a GitHub repository/,
    fixed: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop' }),
    plain: s => new iam.Role(s, 'Ci', { assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:shop:ref:refs/heads/main' } }) }),
  },
  {
    area: 'registry', mistake: 'a GitHub push role for every branch',
    library: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop', branches: ['*'] }),
    message: /addGitHubPushRole\(Ci\) branches\[0\] "\*" is not a branch name or is a pattern that matches every branch/,
    fixed: s => repo(s).addGitHubPushRole('Ci', { gitHubRepository: 'acme/shop', branches: ['main'] }),
    plain: s => new iam.Role(s, 'Ci', { assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/*' } }) }),
  },
];

/** Releases and push to deploy. */
export const RELEASE_BAD_INPUTS: BadInput[] = [
  {
    area: 'registry', mistake: 'a release parameter name CloudFormation refuses (a dash)',
    library: s => new ImageRelease(s, 'Release', { repository: repo(s), parameterName: 'image-tag' }),
    message: /Stack\/Release: parameterName "image-tag" is not a CloudFormation parameter name/,
    plain: s => new CfnParameter(s, 'Release', { type: 'String', default: '' }).overrideLogicalId('image-tag'),
    fixed: s => new ImageRelease(s, 'Release', { repository: repo(s), parameterName: 'ImageTag' }),
  },
  {
    area: 'registry', mistake: 'a push-to-deploy tag pattern with a character no tag has (a slash)',
    library: s => {
      const c = cluster(s);
      new PushToDeploy(s, 'Deploy', { releases: [new ImageRelease(s, 'Release', { repository: repo(s) })], tagPattern: 'release/*', topic: c.notificationTopic });
    },
    message: /Stack\/Deploy: tagPattern "release\/\*" is not a tag pattern/,
    plain: s => new events.Rule(s, 'Rule', { eventPattern: { source: ['aws.ecr'], detail: { 'image-tag': events.Match.wildcard('release/*') } } }),
    fixed: s => {
      const c = cluster(s);
      new PushToDeploy(s, 'Deploy', { releases: [new ImageRelease(s, 'Release', { repository: repo(s) })], tagPattern: 'release-*', topic: c.notificationTopic });
    },
  },
];

/** Issue 26: a role name of an existing role the stack imports. */
export const IMPORTED_ROLE_BAD_INPUTS: BadInput[] = [
  {
    area: 'registry', mistake: 'a push role named as an existing role the stack imports (IAM: "Role with name github-push already exists")',
    library: s => {
      iam.Role.fromRoleName(s, 'Deployer', 'github-push');
      repo(s).addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push' });
    },
    message: /Stack\/Repo\/Push: addGitHubPushRole\(Push\) roleName "github-push" is the name of the existing IAM role that this stack imports \(Stack\/Deployer\)/,
    plain: s => {
      iam.Role.fromRoleName(s, 'Deployer', 'github-push');
      new iam.Role(s, 'Push', { roleName: 'github-push', assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    },
    fixed: s => {
      iam.Role.fromRoleName(s, 'Deployer', 'github-push');
      repo(s).addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push-shop' });
    },
  },
];
