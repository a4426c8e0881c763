import { Aws, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { checkSameRegion } from '../../core/checks';
import { fail } from '../../core/errors';
import { acknowledgeWildcardResources } from '../../core/nag';
import { ImageTagPolicy } from '../image-tag-policy';
import { LifecycleRule } from '../lifecycle';
import { ReplicationRule } from '../replication';
import { Upstream } from '../upstream';
import { renderLifecyclePolicy } from './lifecycle-policy';
import { FIRST_PULL_ACTIONS } from './pull-source';
import { PULL_ACTIONS, Pullers, pullerStatements } from './repository-access';

/** ECR's pull through cache rule prefix: 2 to 30 characters of a repository name (CreatePullThroughCacheRule). */
const CACHE_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** A replication filter (PREFIX_MATCH): the start of repository names, a trailing "/" allowed. */
const REPLICATION_PREFIX = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*\/?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
/** ECR requires the name of a pull through cache secret to start with this. */
export const CREDENTIALS_PREFIX = 'ecr-pullthroughcache/';

/** The settings of the repositories ECR creates in a registry (cached ones, replicas it receives). */
export interface CreatedRepositoryDefaults {
  readonly tagPolicy: ImageTagPolicy;
  readonly lifecycleRules: LifecycleRule[];
  readonly encryptionKey?: kms.IKey;
  readonly pullers: Pullers;
}

/** Checks the upstreams of a registry: prefixes ECR takes, each once, and credentials named and placed as ECR requires. */
export function checkUpstreams(scope: IConstruct, upstreams: Upstream[]): void {
  const seen = new Map<string, number>();
  upstreams.forEach((upstream, i) => {
    const prop = `upstreams[${i}]`;
    if (!Token.isUnresolved(upstream.prefix) && (upstream.prefix.length < 2 || upstream.prefix.length > 30 || !CACHE_PREFIX.test(upstream.prefix))) {
      fail(scope, `${prop} prefix`, upstream.prefix, 'is not a pull through cache prefix ECR takes', '2 to 30 lowercase letters and digits, separated by ".", "_", "-" or "/"');
    }
    const earlier = seen.get(upstream.prefix);
    if (earlier !== undefined) {
      fail(scope, `${prop} prefix`, upstream.prefix, `is also the prefix of upstreams[${earlier}]: a prefix caches one upstream`, 'a prefix of its own for each upstream');
    }
    seen.set(upstream.prefix, i);
    const secret = upstream.credentials;
    if (!secret) return;
    const name = knownSecretName(secret);
    if (name !== undefined && !name.startsWith(CREDENTIALS_PREFIX)) {
      fail(scope, `${prop} credentials`, name, 'is not a secret name ECR reads for a pull through cache', `a secret whose name starts with "${CREDENTIALS_PREFIX}"`);
    }
    checkSameRegion(scope, `${prop} credentials`, Token.isUnresolved(secret.secretArn) ? undefined : secret.secretArn, 'a Secrets Manager secret');
    const account = Stack.of(scope).account;
    const secretAccount = Token.isUnresolved(secret.secretArn) ? undefined : secret.secretArn.split(':')[4];
    if (secretAccount && !Token.isUnresolved(account) && secretAccount !== account) {
      fail(scope, `${prop} credentials`, secret.secretArn, `is in account ${secretAccount}, and ECR reads credentials of its own account (${account})`,
        `a secret of account ${account}`);
    }
  });
}

/** A secret's name when the app knows it: a literal name, a name given to a secret of this app, or the name in a literal ARN. */
function knownSecretName(secret: secretsmanager.ISecret): string | undefined {
  const cfn = secret.node.defaultChild;
  if (cfn instanceof secretsmanager.CfnSecret) return typeof cfn.name === 'string' && !Token.isUnresolved(cfn.name) ? cfn.name : undefined;
  if (!Token.isUnresolved(secret.secretName)) return secret.secretName;
  return undefined;
}

/** The secret for an upstream's credentials when none is given: named as ECR requires, a placeholder to replace, retained. */
export function credentialsSecret(scope: Construct, upstream: Upstream): secretsmanager.ISecret {
  const secret = new secretsmanager.Secret(scope, `Credentials${pascal(upstream.prefix)}`, {
    secretName: `${CREDENTIALS_PREFIX}${upstream.prefix}`,
    description: `Credentials ECR uses to pull ${upstream.registryUrl} images into ${upstream.prefix}/: replace the placeholder with your username and access token`,
    // Nothing secret in the template: a generated placeholder that you replace (aws secretsmanager put-secret-value).
    generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'replace-me' }), generateStringKey: 'accessToken', excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'The access token is issued by the upstream registry, which rotates it; a Secrets Manager rotation function cannot',
  });
  return secret;
}

/** A construct id fragment for a prefix: `docker-hub` -> `DockerHub`. */
export function pascal(prefix: string): string {
  return prefix.split(/[^A-Za-z0-9]+/).filter(Boolean).map(p => p[0].toUpperCase() + p.slice(1)).join('');
}

/** The repository creation template for a prefix (a cache rule's, or ROOT for replicas). */
export function creationTemplate(scope: Construct, id: string, prefix: string, appliedFor: string, defaults: CreatedRepositoryDefaults,
  role: iam.IRole | undefined, description: string): ecr.CfnRepositoryCreationTemplate {
  const stack = Stack.of(scope);
  // Accounts by ARN with the partition as a reference: a JSON string naming another account's literal ARN is
  // what AWS's validator takes for a forgotten AWS::AccountId (W9013), and the account here is meant.
  const pullers = { ...defaults.pullers, accounts: [] };
  const accounts = defaults.pullers.accounts.map(account => new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${account}:root`));
  const actions = appliedFor === 'PULL_THROUGH_CACHE' ? [...PULL_ACTIONS, 'ecr:BatchImportUpstreamImage'] : PULL_ACTIONS;
  const policy = new iam.PolicyDocument({
    statements: [
      ...accounts.length > 0 ? [new iam.PolicyStatement({ sid: 'PullAccounts', actions, principals: accounts })] : [],
      ...pullerStatements('Pull', pullers, actions),
    ],
  });
  const filters = defaults.tagPolicy.exclusions;
  return new ecr.CfnRepositoryCreationTemplate(scope, id, {
    prefix,
    appliedFor: [appliedFor],
    description,
    imageTagMutability: defaults.tagPolicy.mutability,
    imageTagMutabilityExclusionFilters: filters.length > 0
      ? filters.map(filter => ({ imageTagMutabilityExclusionFilterType: 'WILDCARD', imageTagMutabilityExclusionFilterValue: filter })) : undefined,
    lifecyclePolicy: defaults.lifecycleRules.length > 0 ? renderLifecyclePolicy(defaults.lifecycleRules) : undefined,
    repositoryPolicy: policy.isEmpty ? undefined : stack.toJsonString(policy.toJSON()),
    encryptionConfiguration: defaults.encryptionKey ? { encryptionType: 'KMS', kmsKey: defaults.encryptionKey.keyArn } : { encryptionType: 'AES256' },
    customRoleArn: role?.roleArn,
  });
}

/**
 * The role ECR assumes to create repositories from a template with a KMS key (ECR's service-linked
 * role cannot use a customer managed key): create repositories under the registry's prefixes, and
 * grant ECR the key.
 */
export function templateRole(scope: Construct, key: kms.IKey, repositoryArns: string[]): iam.Role {
  const role = new iam.Role(scope, 'TemplateRole', {
    assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
    description: `ECR creates the repositories of ${scope.node.path} (cached and replicated) with it, encrypted with their KMS key`,
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecr:ReplicateImage'], resources: repositoryArns }));
  key.grant(role, 'kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey');
  acknowledgeWildcardResources(role, ['ecr:CreateRepository', 'ecr:ReplicateImage'],
    'ECR creates the repositories under the registry\'s cache prefixes (and its replicas) when they are first pulled or replicated: their names are not known before');
  return role;
}

/** The registry policy statements: first pulls through the cache for the pullers, replication from other accounts. */
export function registryStatements(stack: Stack, prefixes: string[], pullers: Pullers, replicationSources: string[]): iam.PolicyStatement[] {
  const arn = (name: string) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: name });
  const statements = prefixes.length > 0 ? pullerStatements('CacheFirstPull', pullers, FIRST_PULL_ACTIONS, prefixes.map(p => arn(`${p}/*`))) : [];
  const others = replicationSources.filter(account => account !== stack.account);
  if (others.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'ReplicationFrom', actions: ['ecr:CreateRepository', 'ecr:ReplicateImage'], resources: [arn('*')],
      principals: others.map(account => new iam.AccountPrincipal(account)),
    }));
  }
  return statements;
}

/** Checks replication rules: destinations ECR takes, none the registry itself, prefixes ECR matches. */
export function checkReplication(scope: IConstruct, rules: ReplicationRule[], replicationSources: string[]): void {
  const stack = Stack.of(scope);
  rules.forEach((rule, i) => {
    if (rule.destinations.length === 0) fail(scope, `replication[${i}].destinations`, [], 'is empty', 'one or more ReplicationDestination');
    const seen = new Set<string>();
    rule.destinations.forEach((destination, j) => {
      const prop = `replication[${i}].destinations[${j}]`;
      if (!Token.isUnresolved(destination.destinationRegion) && !REGION.test(destination.destinationRegion)) {
        fail(scope, `${prop} region`, destination.destinationRegion, 'is not an AWS region', 'a region name such as "eu-west-1"');
      }
      const account = destination.destinationAccount;
      if (account !== undefined && !Token.isUnresolved(account) && !ACCOUNT.test(account)) {
        fail(scope, `${prop} account`, account, 'is not an AWS account id', 'a 12-digit account id');
      }
      const sameAccount = destination.destinationAccount === undefined || destination.destinationAccount === stack.account;
      if (sameAccount && destination.destinationRegion === stack.region) {
        fail(scope, prop, `${destination.destinationAccount ?? stack.account}/${destination.destinationRegion}`, 'is this registry: ECR replicates to other regions or accounts only',
          'another region, or another account');
      }
      const key = `${destination.destinationAccount ?? 'this account'}/${destination.destinationRegion}`;
      if (seen.has(key)) fail(scope, prop, key, 'is named twice in this rule', 'each destination once');
      seen.add(key);
    });
    (rule.repositoryPrefixes ?? []).forEach((prefix, j) => {
      if (!Token.isUnresolved(prefix) && (prefix.length < 2 || prefix.length > 256 || !REPLICATION_PREFIX.test(prefix))) {
        fail(scope, `replication[${i}].repositoryPrefixes[${j}]`, prefix, 'is not the start of a repository name ECR can match',
          '2 to 256 lowercase letters and digits separated by ".", "_", "-" or "/", ending in "/" or not ("shop/")');
      }
    });
    if (rule.repositoryPrefixes !== undefined && rule.repositoryPrefixes.length === 0) {
      fail(scope, `replication[${i}].repositoryPrefixes`, [], 'selects no repository', 'one or more prefixes, or leave it out for every repository');
    }
  });
  replicationSources.forEach((account, i) => {
    if (!Token.isUnresolved(account) && !ACCOUNT.test(account)) fail(scope, `replicationSources[${i}]`, account, 'is not an AWS account id', 'a 12-digit account id');
  });
}

/** The CloudFormation replication rules. */
export function renderReplication(rules: ReplicationRule[], account: string): ecr.CfnReplicationConfiguration.ReplicationRuleProperty[] {
  return rules.map(rule => ({
    destinations: rule.destinations.map(d => ({ region: d.destinationRegion, registryId: d.destinationAccount ?? account })),
    repositoryFilters: rule.repositoryPrefixes?.map(filter => ({ filter, filterType: 'PREFIX_MATCH' })),
  }));
}
