import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { checkAtSynth, fail } from '../../core/errors';
import { fitText, TEXT_LIMITS } from '../../core/text';
import type { GitHubPushRoleOptions } from '../github-push-role';

/** The repository the role may push to: what this builder uses of an IImageRepository (so it imports no construct file). */
export interface PushTarget extends IConstruct {
  grantPullPush(grantee: iam.IGrantable): iam.Grant;
}

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^[A-Za-z0-9_.\-/*]+$/;

/**
 * The role a GitHub Actions job assumes (`aws-actions/configure-aws-credentials` with `role-to-assume`)
 * to `docker push` to one repository. It trusts only the given repository and branches, and may
 * push and pull on that repository and on nothing else.
 */
export function addGitHubPushRole(repository: PushTarget, id: string, options: GitHubPushRoleOptions): iam.Role {
  const { gitHubRepository } = options;
  if (!Token.isUnresolved(gitHubRepository) && !GITHUB_REPOSITORY.test(gitHubRepository)) {
    fail(repository, `addGitHubPushRole(${id}) gitHubRepository`, gitHubRepository, 'is not a GitHub repository', '"owner/name", for example "acme/shop"');
  }
  const branches = options.branches ?? ['main'];
  if (branches.length === 0) {
    fail(repository, `addGitHubPushRole(${id}) branches`, branches, 'lets no workflow push', 'one or more branch names or patterns');
  }
  branches.forEach((branch, i) => {
    if (!Token.isUnresolved(branch) && (!BRANCH.test(branch) || /^\*+$/.test(branch))) {
      fail(repository, `addGitHubPushRole(${id}) branches[${i}]`, branch, 'is not a branch name or is a pattern that matches every branch',
        'a branch name such as "main", or a pattern such as "release/*"');
    }
  });

  const provider = options.provider ?? new iam.OidcProviderNative(repository, `${id}Provider`, {
    url: `https://${GITHUB_OIDC_HOST}`,
    clientIds: ['sts.amazonaws.com'],
  });

  const role = new iam.Role(repository, id, {
    roleName: options.roleName,
    description: fitText(`Lets GitHub Actions in ${gitHubRepository} (${branches.join(', ')}) push images to ${repository.node.path}`, TEXT_LIMITS.iamRole),
    maxSessionDuration: Duration.hours(1),
    assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
      StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: branches.map(branch => `repo:${gitHubRepository}:ref:refs/heads/${branch}`) },
    }),
  });
  refuseImportedRoleName(role, `addGitHubPushRole(${id}) roleName`, options.roleName);
  repository.grantPullPush(role);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ecr:GetAuthorizationToken has no resource-level permissions; every other action is scoped to this repository',
  });
  return role;
}

/**
 * Refuses, at synth (imports made later count too), a role name that a role the same stack imports has
 * (`iam.Role.fromRoleName`, or `fromRoleArn` with a literal ARN): IAM role names are unique in an
 * account, so the new role would fail to create ("already exists") instead of being the existing one.
 */
function refuseImportedRoleName(role: iam.Role, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  checkAtSynth(role, problems => {
    const stack = Stack.of(role);
    for (const c of stack.node.findAll()) {
      if (c === role || iam.Role.isRole(c) || c instanceof iam.CfnRole || Stack.of(c) !== stack) continue;
      const imported = c as Partial<iam.IRole>;
      if (typeof imported.roleArn !== 'string' || typeof imported.roleName !== 'string' || imported.grantPrincipal === undefined) continue;
      if (!Token.isUnresolved(imported.roleName) && imported.roleName === name) {
        problems.add(role, prop, name, `is the name of the existing IAM role that this stack imports (${c.node.path}): role names are unique in an account, so this role would fail to create`,
          'another name, no roleName (CloudFormation generates one), or the existing role itself');
        return;
      }
    }
  });
}
