import { Annotations as CoreAnnotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageReference, ImageRepository, ImageSelection, ImageTagPolicy, LifecycleRule } from '../../lib';
import { testStack } from '../util';

function lifecyclePolicy(stack: Stack): any {
  const repos = Template.fromStack(stack).findResources('AWS::ECR::Repository');
  const [repo] = Object.values(repos) as any[];
  return JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText);
}

function taskWith(stack: Stack, image: ecs.ContainerImage): ecs.FargateTaskDefinition {
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image });
  return task;
}

describe('ImageRepository defaults', () => {
  test('scans on push, keeps tags immutable and encrypts with AES-256 (ECR\'s encryption when none is configured)', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository');
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: Match.absent(),
    });
  });

  test('the default lifecycle rules cannot be changed for every repository by one caller', () => {
    expect(Object.isFrozen(ImageRepository.DEFAULT_LIFECYCLE_RULES)).toBe(true);
    expect(() => (ImageRepository.DEFAULT_LIFECYCLE_RULES as unknown[]).push('x')).toThrow(TypeError);
    expect(ImageRepository.DEFAULT_LIFECYCLE_RULES).toHaveLength(2);
  });

  test('is retained when removed from the stack or replaced', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository');
    Template.fromStack(stack).hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    Template.fromStack(stack).hasResource('AWS::ECR::Repository', {
      Properties: Match.not(Match.objectLike({ EmptyOnDelete: true })),
    });
  });

  test('expires untagged images after 14 days and keeps the newest 200 images', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository');
    expect(lifecyclePolicy(stack).rules).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images after 14 days',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'Keep the newest 200 images',
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 200 },
        action: { type: 'expire' },
      },
    ]);
  });

  test('has no repository policy unless access is granted across accounts', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository');
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
  });

  test('keeps the logical ID that aws-cdk-lib\'s ecr.Repository would have under the same id', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository');
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::ECR::Repository'))).toEqual(['Repository22E53BBD']);
  });
});

describe('ImageRepository props', () => {
  test('uses the repository name given', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { repositoryName: 'team/web-app' });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'team/web-app' });
  });

  test('encrypts with a customer managed KMS key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ImageRepository(stack, 'Repository', { encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('keeps tags matching exclusion filters mutable', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { tagPolicy: ImageTagPolicy.immutableExcept(['dev-latest', 'pr-*']) });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'dev-latest' },
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'pr-*' },
      ],
    });
  });

  test('can make every tag mutable', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { tagPolicy: ImageTagPolicy.mutable() });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { ImageTagMutability: 'MUTABLE' });
  });

  test('can turn scan on push off', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { scanOnPush: false });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { ImageScanningConfiguration: { ScanOnPush: false } });
  });

  test('is destroyed with its images only when both are asked for', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { removalPolicy: RemovalPolicy.DESTROY, emptyOnDelete: true });
    Template.fromStack(stack).hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ EmptyOnDelete: true }),
    });
  });

  test('lets other accounts pull, by account principal and never "*"', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { pullAccounts: ['111122223333'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: [{
          Sid: 'CrossAccountPull',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        }],
      },
    });
  });

  test('replaces the default lifecycle rules with the ones given, priorities in order and the rule on every image last', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', {
      lifecycleRules: [
        LifecycleRule.keepLast(5, ImageSelection.anyImage()),
        LifecycleRule.keepLast(30, ImageSelection.tagPrefixes(['release-']), { description: 'Keep 30 releases' }),
        LifecycleRule.expireAfter(Duration.days(7), ImageSelection.tagPatterns(['pr-*'])),
      ],
    });
    const rules = lifecyclePolicy(stack).rules;
    expect(rules.map((r: any) => [r.rulePriority, r.selection.tagStatus, r.description])).toEqual([
      [1, 'tagged', 'Keep 30 releases'],
      [2, 'tagged', 'Expire images tagged pr-* after 7 days'],
      [3, 'any', 'Keep the newest 5 images'],
    ]);
    expect(rules[0].selection).toEqual({ tagStatus: 'tagged', tagPrefixList: ['release-'], countType: 'imageCountMoreThan', countNumber: 30 });
    expect(rules[1].selection).toEqual({ tagStatus: 'tagged', tagPatternList: ['pr-*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 });
  });

  test('adds rules after construction and keeps explicit priorities', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    repo.addLifecycleRule(LifecycleRule.keepLast(10, ImageSelection.tagPrefixes(['nightly-']), { priority: 50 }));
    expect(lifecyclePolicy(stack).rules.map((r: any) => r.rulePriority)).toEqual([1, 50, 51]);
  });

  test('renders no lifecycle policy for an empty list of rules', () => {
    const stack = testStack();
    new ImageRepository(stack, 'Repository', { lifecycleRules: [] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { LifecyclePolicy: Match.absent() });
  });
});

describe('ImageRepository access', () => {
  test('grants pull, push and both to a grantee, scoped to the repository', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const puller = new iam.Role(stack, 'Puller', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const pusher = new iam.Role(stack, 'Pusher', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    repo.grantPull(puller);
    repo.grantPullPush(pusher);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Puller') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: { 'Fn::GetAtt': ['Repository22E53BBD', 'Arn'] },
          }),
          Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Pusher') }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart']),
          Resource: { 'Fn::GetAtt': ['Repository22E53BBD', 'Arn'] },
        })]),
      },
    });
  });

  test('grantPush grants push actions without pull', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    repo.grantPush(role);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0] as any;
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions).toContain('ecr:PutImage');
    expect(actions).not.toContain('ecr:BatchGetImage');
  });

  test('the GitHub push role trusts one repository and its branches, and pushes to this repository only', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    repo.addGitHubPushRole('GitHubPush', { gitHubRepository: 'acme/shop', branches: ['main', 'release/*'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRoleWithWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: { Ref: Match.stringLikeRegexp('^RepositoryGitHubPushProvider') } },
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/shop:ref:refs/heads/main', 'repo:acme/shop:ref:refs/heads/release/*'] },
          },
        }],
      },
    });
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))[0] as any;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      if (statement.Action === 'ecr:GetAuthorizationToken') {
        expect(statement.Resource).toBe('*');
      } else {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['Repository22E53BBD', 'Arn'] });
      }
    }
  });

  test('the GitHub push role uses an existing provider instead of creating one', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const provider = iam.OidcProviderNative.fromOidcProviderArn(stack, 'Provider',
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
    repo.addGitHubPushRole('GitHubPush', { gitHubRepository: 'acme/shop', provider });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          Condition: Match.objectLike({ StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/shop:ref:refs/heads/main'] } }),
        })],
      },
    });
  });
});

describe('image references', () => {
  test('an image by tag renders the repository URI with the tag and grants pull to the execution role', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const task = taskWith(stack, repo.imageByTag('v1.2.3'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Image: { 'Fn::Join': ['', Match.arrayWith([':v1.2.3'])] },
      })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(task.executionRole!.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: { 'Fn::GetAtt': ['Repository22E53BBD', 'Arn'] },
        })]),
      },
    });
  });

  test('an image by digest renders repository@sha256:...', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const digest = `sha256:${'a1'.repeat(32)}`;
    taskWith(stack, repo.imageByDigest(digest));
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Image: { 'Fn::Join': ['', Match.arrayWith([`@${digest}`])] } })],
    });
  });

  test('an immutable tag gets no warning', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    taskWith(stack, repo.imageByTag('v1.2.3'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('can be pushed again'));
  });

  test.each([
    ['latest on an immutable repository', ImageTagPolicy.immutable(), 'latest'],
    ['a tag excluded from immutability', ImageTagPolicy.immutableExcept(['dev-*']), 'dev-latest'],
    ['any tag of a mutable repository', ImageTagPolicy.mutable(), 'v1'],
  ])('warns, acknowledgeably, that a re-push redeploys nothing: %s', (_title, tagPolicy, tag) => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository', { tagPolicy });
    taskWith(stack, repo.imageByTag(tag));
    Annotations.fromStack(stack).hasWarning('/Stack/Task/app', Match.stringLikeRegexp(
      `image tag "${tag}" can be pushed again\\. Pushing a new image under the same tag redeploys nothing.*\\[ack: cdk-ecs-platform:mutableImageTag\\]`));
  });

  test('the mutable tag warning can be acknowledged', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const task = taskWith(stack, repo.imageByTag('latest'));
    CoreAnnotations.of(task).acknowledgeWarning(ImageReference.MUTABLE_TAG_WARNING, 'dev stack follows latest on purpose');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a pending image is marked so workloads can run zero tasks', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'Repository');
    const image = repo.imagePendingPush();
    expect(image.pendingPush).toBe(true);
    expect(repo.imageByTag('v1').pendingPush).toBe(false);
  });
});

describe('imported repositories', () => {
  test('by name: grants and image references work on the existing repository', () => {
    const stack = testStack();
    const repo = ImageRepository.fromRepositoryName(stack, 'Repo', 'team/web');
    taskWith(stack, repo.imageByTag('v2'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECR::Repository', 0);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Image: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/team/web:v2$')])] } })],
    });
    expect(repo.tagPolicy).toBeUndefined();
  });

  test('by ARN', () => {
    const stack = testStack();
    const repo = ImageRepository.fromRepositoryArn(stack, 'Repo', 'arn:aws:ecr:eu-west-1:111122223333:repository/team/web');
    expect(stack.resolve(repo.repository.repositoryName)).toBe('team/web');
  });

  test('warns for latest on an imported repository, whose tag policy is unknown', () => {
    const stack = testStack();
    const repo = ImageRepository.fromRepositoryName(stack, 'Repo', 'team/web');
    taskWith(stack, repo.imageByTag('latest'));
    Annotations.fromStack(stack).hasWarning('/Stack/Task/app', Match.stringLikeRegexp('image tag "latest" can be pushed again'));
  });
});

describe('ImageRepository validation', () => {
  test.each([
    ['uppercase', 'MyRepo'],
    ['a double slash', 'team//web'],
    ['one character', 'a'],
    ['257 characters', 'a'.repeat(257)],
    ['a trailing separator', 'web-'],
  ])('rejects a repository name with %s', (_title, repositoryName) => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'Repository', { repositoryName }))
      .toThrow(new RegExp(`^Stack/Repository: repositoryName "${repositoryName}" is not a valid ECR repository name\\. Allowed: 2 to 256 characters`));
  });

  test('rejects an imported repository name or ARN that ECR would not accept', () => {
    const stack = testStack();
    expect(() => ImageRepository.fromRepositoryName(stack, 'A', 'Team/Web')).toThrow(/Stack\/A: repositoryName "Team\/Web" is not a valid ECR repository name/);
    expect(() => ImageRepository.fromRepositoryArn(stack, 'B', 'arn:aws:s3:::bucket')).toThrow(/Stack\/B: repositoryArn "arn:aws:s3:::bucket" is not an ECR repository ARN/);
  });

  test('rejects no exclusion filter, and more than five', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { tagPolicy: ImageTagPolicy.immutableExcept([]) }))
      .toThrow(/Stack\/A: tagPolicy exclusions \[\] has 0 patterns\. Allowed: 1 to 5 patterns\./);
    expect(() => new ImageRepository(stack, 'B', { tagPolicy: ImageTagPolicy.immutableExcept(['a', 'b', 'c', 'd', 'e', 'f']) }))
      .toThrow(/Stack\/B: tagPolicy exclusions .* has 6 patterns\. Allowed: 1 to 5 patterns\./);
  });

  test('rejects an exclusion filter with characters ECR does not allow', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { tagPolicy: ImageTagPolicy.immutableExcept(['dev/latest']) }))
      .toThrow(/Stack\/A: tagPolicy exclusions\[0\] "dev\/latest" is not a valid exclusion filter\. Allowed: 1 to 128 letters/);
  });

  test('rejects emptyOnDelete on a retained repository', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { emptyOnDelete: true }))
      .toThrow(/Stack\/A: emptyOnDelete true cannot delete images of a repository that is kept \(removalPolicy retain\)\. Allowed: emptyOnDelete: true only together with removalPolicy: RemovalPolicy.DESTROY\./);
  });

  test('rejects a removal policy ECR repositories do not have', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/Stack\/A: removalPolicy "snapshot" does not apply to an ECR repository\. Allowed: RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY\./);
  });

  test('rejects a pull account that is not a 12-digit id', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { pullAccounts: ['*'] }))
      .toThrow(/Stack\/A: pullAccounts\[0\] "\*" is not an AWS account id\. Allowed: a 12-digit account id\./);
  });

  test('rejects a policy statement that allows everyone, also through the aws-cdk-lib repository', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'A');
    const everyone = () => new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] });
    expect(() => repo.addToResourcePolicy(everyone())).toThrow(/Stack\/A: addToResourcePolicy statement .* allows everyone \("\*"\) to use the repository/);
    repo.repository.addToResourcePolicy(everyone());
    expect(() => Template.fromStack(stack)).toThrow(/Stack\/A: repository policy statement .* allows everyone \("\*"\) to use the repository\. Allowed: statements that allow specific accounts/);
  });

  test('rejects two lifecycle rules with the same priority', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', {
      lifecycleRules: [
        LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 3 }),
        LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 3 }),
      ],
    })).toThrow(/Stack\/A: lifecycleRules\[1\]\.priority 3 is already the priority of lifecycleRules\[0\]\. Allowed: a priority no other rule of this repository has\./);
  });

  test('rejects a duplicate priority added after construction, at synth', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'A', { lifecycleRules: [LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['a']), { priority: 1 })] });
    repo.addLifecycleRule(LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 1 }));
    expect(() => Template.fromStack(stack)).toThrow(/lifecycleRules\[1\]\.priority 1 is already the priority of lifecycleRules\[0\]/);
  });

  test('rejects a rule on every image that is not evaluated last', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', {
      lifecycleRules: [
        LifecycleRule.keepLast(50, ImageSelection.anyImage(), { priority: 1 }),
        LifecycleRule.keepLast(5, ImageSelection.tagPrefixes(['b']), { priority: 2 }),
      ],
    })).toThrow(/Stack\/A: lifecycleRules\[0\]\.priority 1 puts the rule on every image before lifecycleRules\[1\] \(priority 2\)\. Allowed: the rule on every image has the highest priority/);
  });

  test('rejects a second rule on every image', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', {
      lifecycleRules: [LifecycleRule.keepLast(50, ImageSelection.anyImage()), LifecycleRule.keepLast(10, ImageSelection.anyImage())],
    })).toThrow(/Stack\/A: lifecycleRules\[1\]\.selection "anyImage" is the second rule on every image/);
  });

  test('rejects a count below one', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { lifecycleRules: [LifecycleRule.keepLast(0, ImageSelection.untagged())] }))
      .toThrow(/Stack\/A: lifecycleRules\[0\]\.count 0 would keep no image\. Allowed: a whole number of images, 1 or more\./);
  });

  test('rejects an age that is not whole days', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { lifecycleRules: [LifecycleRule.expireAfter(Duration.hours(36), ImageSelection.untagged())] }))
      .toThrow(/Stack\/A: lifecycleRules\[0\]\.age "1 day 12 hours" is not a whole number of days/);
    // 90 minutes made aws-cdk-lib's Duration#toHours throw its own message first.
    expect(() => new ImageRepository(stack, 'B', { lifecycleRules: [LifecycleRule.expireAfter(Duration.minutes(90), ImageSelection.untagged())] }))
      .toThrow(/^Stack\/B: lifecycleRules\[0\]\.age "1 hour 30 minutes" is not a whole number of days/);
  });

  test('rejects a tag pattern with more than four wildcards', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPatterns(['*a*b*c*d*']))] }))
      .toThrow(/Stack\/A: lifecycleRules\[0\]\.selection\.tagPatterns\[0\] "\*a\*b\*c\*d\*" has 5 wildcards\. Allowed: at most 4 '\*' per pattern\./);
  });

  test('rejects an empty list of prefixes', () => {
    const stack = testStack();
    expect(() => new ImageRepository(stack, 'A', { lifecycleRules: [LifecycleRule.keepLast(3, ImageSelection.tagPrefixes([]))] }))
      .toThrow(/Stack\/A: lifecycleRules\[0\]\.selection\.tagPrefixes \[\] selects nothing/);
  });

  test('rejects a tag Docker would not accept and a malformed digest', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'A');
    expect(() => repo.imageByTag('v1:2')).toThrow(/Stack\/A: imageByTag tag "v1:2" is not a Docker image tag\. Allowed: letters, digits/);
    expect(() => repo.imageByTag('')).toThrow(/imageByTag tag "" is not a Docker image tag/);
    expect(() => repo.imageByDigest('sha256:abc')).toThrow(/Stack\/A: imageByDigest digest "sha256:abc" is not an image digest\. Allowed: "sha256:" followed by 64 lowercase hexadecimal digits\./);
    expect(() => repo.imageByDigest(`sha256:${'A'.repeat(64)}`)).toThrow(/is not an image digest/);
  });

  test('rejects a GitHub repository that is not owner/name, and branch patterns that match everything', () => {
    const stack = testStack();
    const repo = new ImageRepository(stack, 'A');
    expect(() => repo.addGitHubPushRole('Ci', { gitHubRepository: 'shop' }))
      .toThrow(/Stack\/A: addGitHubPushRole\(Ci\) gitHubRepository "shop" is not a GitHub repository\. Allowed: "owner\/name"/);
    expect(() => repo.addGitHubPushRole('Ci2', { gitHubRepository: 'acme/shop', branches: ['*'] }))
      .toThrow(/Stack\/A: addGitHubPushRole\(Ci2\) branches\[0\] "\*" is not a branch name or is a pattern that matches every branch/);
    expect(() => repo.addGitHubPushRole('Ci3', { gitHubRepository: 'acme/shop', branches: [] }))
      .toThrow(/Stack\/A: addGitHubPushRole\(Ci3\) branches \[\] lets no workflow push/);
  });
});
