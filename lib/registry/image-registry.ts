import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { checkSameRegion } from '../core/checks';
import { checkAtSynth, fail, Problems } from '../core/errors';
import { cachedImage, CacheSource } from './cached-repository';
import { ImageReference } from './image-reference';
import { ImageTagPolicy } from './image-tag-policy';
import { ImageSelection, LifecycleRule } from './lifecycle';
import { checkLifecycleRules } from './private/lifecycle-policy';
import {
  checkReplication, checkUpstreams, creationTemplate, credentialsSecret, pascal, registryStatements, renderReplication, templateRole,
} from './private/registry-parts';
import { acknowledgeOrganizationPull, admits, checkAccount, checkKeyArn, checkPullers, describePullers, grantKeyToPullers, Pullers } from './private/repository-access';
import { RegistryScanning, ReplicationRule } from './replication';
import { Upstream } from './upstream';

/** Properties of an {@link ImageRegistry}. */
export interface ImageRegistryProps {
  /**
   * Public registries to cache (ECR pull through cache rules): workloads pull `<prefix>/<repository>`
   * from this registry, and ECR fetches it upstream on the first pull.
   *
   * @default - no cache
   */
  readonly upstreams?: Upstream[];

  /**
   * AWS accounts (12 digits) that may pull cached images, and create a cached repository on a first pull.
   * Each still needs an IAM policy of its own: workloads of this library get it.
   *
   * @default - no other account
   */
  readonly pullAccounts?: string[];

  /**
   * An AWS Organization (`o-...`) whose accounts may pull cached images, as `pullAccounts` do.
   *
   * @default - no organization
   */
  readonly pullOrganization?: string;

  /**
   * Where to replicate this registry's images: other regions, other accounts. ECR replicates pushes made
   * after the configuration exists, not earlier images.
   *
   * @default - no replication
   */
  readonly replication?: ReplicationRule[];

  /**
   * Accounts whose registries may replicate into this one (the registry policy a destination needs), your
   * own included when replicas come from another region of it: repositories ECR creates for replicas get
   * this registry's defaults (`tagPolicy`, `lifecycleRules`, `encryptionKey`).
   *
   * @default - this registry receives no replicas
   */
  readonly replicationSources?: string[];

  /**
   * Whether tags of the repositories ECR creates here (cached, replicas) can be pushed again. Immutable,
   * a cached tag keeps the image of its first pull (ECR does not refresh it from upstream).
   *
   * @default ImageTagPolicy.immutable()
   */
  readonly tagPolicy?: ImageTagPolicy;

  /**
   * Lifecycle rules of the repositories ECR creates here.
   *
   * @default ImageRegistry.DEFAULT_LIFECYCLE_RULES: untagged images expire after 14 days, the newest 200 are kept
   */
  readonly lifecycleRules?: LifecycleRule[];

  /**
   * A customer managed KMS key for the repositories ECR creates here (a role lets ECR use it).
   *
   * @default - AES-256, with keys that ECR manages
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How the registry scans images (repositories ECR creates have no scan-on-push setting of their own).
   *
   * @default RegistryScanning.basicOnPush()
   */
  readonly scanning?: RegistryScanning;
}

/** A private ECR registry (an account's, in one region) whose cached images workloads of this library can pull. */
export interface IImageRegistry extends IConstruct {
  /** The registry's account. */
  readonly registryAccount: string;
  /** The registry's region. */
  readonly registryRegion: string;

  /**
   * An image of the registry's pull through cache, `<prefix>/<repository>` by tag or digest, for an ECS
   * container: its execution role may pull it and, on the first pull, create the cached repository.
   * `latest` gives the warning `cdk-ecs-platform:mutableImageTag`.
   */
  cachedImage(prefix: string, repository: string, tagOrDigest: string): ImageReference;
}

/** A registry of another account (or region), for `ImageRegistry.fromAccount()`. */
export interface ImageRegistryAttributes {
  /** The registry's account (12 digits). */
  readonly account: string;

  /**
   * The registry's region.
   *
   * @default - the region of the stack that imports it
   */
  readonly region?: string;

  /**
   * The prefixes of its pull through cache rules: `cachedImage` refuses others.
   *
   * @default - any prefix is taken
   */
  readonly cachePrefixes?: string[];

  /**
   * The KMS key of its cached repositories, when they use one: the execution role may decrypt with it.
   *
   * @default - AES-256: nothing to grant
   */
  readonly encryptionKeyArn?: string;
}

/**
 * An account's private registry in one region, for an organization: pull through cache rules for public
 * registries, with repositories that ECR creates getting this library's defaults (scan on push, immutable
 * tags, lifecycle rules, encryption); pulls by other accounts or the organization; replication to other
 * regions and accounts. One per account and region: ECR keeps one replication configuration, one registry
 * policy and one scanning configuration per registry.
 *
 * @example
 * const registry = new ImageRegistry(this, 'Registry', {
 *   upstreams: [Upstream.ecrPublic(), Upstream.dockerHub()],
 *   pullOrganization: 'o-a1b2c3d4e5',
 * });
 * const nginx = registry.cachedImage('docker-hub', 'library/nginx', '1.27.3');
 */
export class ImageRegistry extends Construct implements IImageRegistry {
  /** The default lifecycle rules of repositories ECR creates: those of an `ImageRepository`. */
  public static readonly DEFAULT_LIFECYCLE_RULES: LifecycleRule[] = Object.freeze([
    LifecycleRule.expireAfter(Duration.days(14), ImageSelection.untagged()),
    LifecycleRule.keepLast(200, ImageSelection.anyImage()),
  ]) as LifecycleRule[];

  /** A registry of another account or region, for workloads that pull its cached images. */
  public static fromAccount(scope: Construct, id: string, attributes: ImageRegistryAttributes): IImageRegistry {
    return new ImportedImageRegistry(scope, id, attributes);
  }

  public readonly registryAccount: string;
  public readonly registryRegion: string;
  /** The pull through cache rules, by upstream. */
  public readonly cacheRules: ecr.CfnPullThroughCacheRule[] = [];
  /** The repository creation templates (one per cache prefix, and `ROOT` for replicas when the registry receives some). */
  public readonly creationTemplates: ecr.CfnRepositoryCreationTemplate[] = [];
  /** The secrets this registry created for upstream credentials: put your credentials in them. */
  public readonly credentials: secretsmanager.ISecret[] = [];
  /** The registry policy, when other accounts pull cached images or replicate here. */
  public readonly policy?: ecr.CfnRegistryPolicy;
  /** The replication configuration, when images are replicated. */
  public readonly replicationConfiguration?: ecr.CfnReplicationConfiguration;
  /** The scanning configuration, when this construct manages it. */
  public readonly scanningConfiguration?: ecr.CfnRegistryScanningConfiguration;
  /** The role ECR uses to create repositories with `encryptionKey`. */
  public readonly templateRole?: iam.Role;
  /** The accounts whose replicas this registry accepts. */
  public readonly replicationSources: string[];
  private readonly upstreams: Upstream[];
  private readonly pullers: Pullers;
  private readonly encryptionKeyArn?: string;
  private readonly tagPolicy: ImageTagPolicy;

  constructor(scope: Construct, id: string, props: ImageRegistryProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.registryAccount = stack.account;
    this.registryRegion = stack.region;
    this.refuseSecondRegistry();
    this.upstreams = props.upstreams ?? [];
    checkUpstreams(this, this.upstreams);
    this.pullers = checkPullers(this, props.pullAccounts, props.pullOrganization);
    this.replicationSources = props.replicationSources ?? [];
    checkReplication(this, props.replication ?? [], this.replicationSources);
    checkSameRegion(this, 'encryptionKey', props.encryptionKey?.keyArn, 'a KMS key');
    this.tagPolicy = props.tagPolicy ?? ImageTagPolicy.immutable();
    const lifecycleRules = [...(props.lifecycleRules ?? ImageRegistry.DEFAULT_LIFECYCLE_RULES)];
    const problems = new Problems();
    checkLifecycleRules(this, lifecycleRules, problems);
    problems.throwIfAny();
    this.encryptionKeyArn = props.encryptionKey?.keyArn;

    const prefixes = this.upstreams.map(u => u.prefix);
    const repositoryArn = (name: string) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: name });
    if (props.encryptionKey) {
      this.templateRole = templateRole(this, props.encryptionKey, [...prefixes.map(p => repositoryArn(`${p}/*`)),
        ...this.replicationSources.length > 0 ? [repositoryArn('*')] : []]);
      grantKeyToPullers(this, props.encryptionKey, this.pullers);
    }
    const defaults = { tagPolicy: this.tagPolicy, lifecycleRules, encryptionKey: props.encryptionKey, pullers: this.pullers };
    for (const upstream of this.upstreams) {
      const name = pascal(upstream.prefix);
      const template = creationTemplate(this, `CacheTemplate${name}`, upstream.prefix, 'PULL_THROUGH_CACHE', defaults, this.templateRole,
        `Repositories ECR creates for ${upstream.registryUrl} images cached by ${this.node.path}`);
      let secret = upstream.credentials;
      if (upstream.needsCredentials && !secret) {
        secret = credentialsSecret(this, upstream);
        this.credentials.push(secret);
      }
      const rule = new ecr.CfnPullThroughCacheRule(this, `CacheRule${name}`, {
        ecrRepositoryPrefix: upstream.prefix,
        upstreamRegistry: upstream.upstreamRegistry,
        upstreamRegistryUrl: upstream.registryUrl,
        credentialArn: upstream.needsCredentials ? secret!.secretArn : undefined,
      });
      // The defaults are in place before anything can be cached.
      rule.node.addDependency(template);
      this.cacheRules.push(rule);
      this.creationTemplates.push(template);
    }
    if (this.replicationSources.length > 0) {
      this.creationTemplates.push(creationTemplate(this, 'ReplicaTemplate', 'ROOT', 'REPLICATION', defaults, this.templateRole,
        `Repositories ECR creates for images replicated into ${this.node.path}`));
    }

    const statements = registryStatements(stack, prefixes, this.pullers, this.replicationSources);
    if (statements.length > 0) {
      this.policy = new ecr.CfnRegistryPolicy(this, 'Policy', { policyText: new iam.PolicyDocument({ statements }) });
      acknowledgeOrganizationPull(this.policy, this.pullers.organization, 'accounts of the organization may create cached repositories on a first pull');
    }
    if ((props.replication ?? []).length > 0) {
      this.replicationConfiguration = new ecr.CfnReplicationConfiguration(this, 'Replication', {
        replicationConfiguration: { rules: renderReplication(props.replication!, stack.account) },
      });
      checkAtSynth(this, later => this.checkDestinations(props.replication!, later));
    }
    if (props.scanning?.managed ?? true) {
      this.scanningConfiguration = new ecr.CfnRegistryScanningConfiguration(this, 'Scanning', {
        scanType: 'BASIC',
        rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
      });
    }
  }

  /** An image of this registry's pull through cache, `<prefix>/<repository>` by tag or digest, for an ECS container. */
  public cachedImage(prefix: string, repository: string, tagOrDigest: string): ImageReference {
    return cachedImage(this, this.cacheSource(), prefix, repository, tagOrDigest);
  }

  /** True when this registry accepts replicas from an account (`replicationSources`). */
  public acceptsReplicationFrom(account: string): boolean {
    return this.replicationSources.includes(account);
  }

  private cacheSource(): CacheSource {
    return {
      account: this.registryAccount, region: this.registryRegion, encryptionKeyArn: this.encryptionKeyArn, tagPolicy: this.tagPolicy,
      prefixes: this.upstreams.map(u => ({ prefix: u.prefix, upstreamRegistry: u.upstreamRegistry })),
      admission: {
        admits: account => admits(this.pullers, account),
        owner: this,
        fix: `add "<account>" to pullAccounts of ${this.node.path} (now: ${describePullers(this.pullers)}), or give its pullOrganization`,
      },
    };
  }

  /** ECR keeps one replication configuration, registry policy and scanning configuration per account and region. */
  private refuseSecondRegistry(): void {
    const other = this.node.root.node.findAll().find((c): c is ImageRegistry => c instanceof ImageRegistry && c !== this &&
      c.registryAccount === this.registryAccount && c.registryRegion === this.registryRegion);
    if (!other) return;
    const where = Token.isUnresolved(this.registryAccount) || Token.isUnresolved(this.registryRegion)
      ? 'an account and region this app cannot tell apart from its own (environment-agnostic stacks)' : `account ${this.registryAccount}, region ${this.registryRegion}`;
    fail(this, 'stack', Stack.of(this).stackName, `is in ${where}, which ${other.node.path} already manages: ECR keeps one replication configuration, ` +
      'one registry policy and one scanning configuration per account and region, and a second would replace the first',
    'one ImageRegistry per account and region (give stacks an env to tell them apart)');
  }

  /** Replication into a registry of this app in another account needs that registry to accept this account. */
  private checkDestinations(rules: ReplicationRule[], problems: Problems): void {
    const registries = this.node.root.node.findAll().filter((c): c is ImageRegistry => c instanceof ImageRegistry);
    rules.forEach((rule, i) => rule.destinations.forEach((destination, j) => {
      const account = destination.destinationAccount;
      if (account === undefined || account === this.registryAccount || Token.isUnresolved(this.registryAccount)) return;
      const target = registries.find(r => r.registryAccount === account && r.registryRegion === destination.destinationRegion);
      if (!target || target.acceptsReplicationFrom(this.registryAccount)) return;
      problems.add(this, `replication[${i}].destinations[${j}]`, `${destination.destinationAccount}/${destination.destinationRegion}`,
        `is the registry of ${target.node.path}, whose replicationSources do not include ${this.registryAccount}: ECR would refuse the replicas`,
        `add "${this.registryAccount}" to replicationSources of ${target.node.path}`);
    }));
  }
}

/** A registry of another account or region: its cached images, pulled with grants on this side. */
class ImportedImageRegistry extends Construct implements IImageRegistry {
  public readonly registryAccount: string;
  public readonly registryRegion: string;
  private readonly source: CacheSource;

  constructor(scope: Construct, id: string, attributes: ImageRegistryAttributes) {
    super(scope, id);
    checkAccount(this, 'account', attributes.account);
    this.registryAccount = attributes.account;
    this.registryRegion = attributes.region ?? Stack.of(this).region;
    checkKeyArn(this, attributes.encryptionKeyArn, this.registryAccount, this.registryRegion);
    this.source = {
      account: this.registryAccount, region: this.registryRegion, encryptionKeyArn: attributes.encryptionKeyArn,
      prefixes: attributes.cachePrefixes?.map(prefix => ({ prefix, upstreamRegistry: prefix === 'docker-hub' ? 'docker-hub' : undefined })),
    };
  }

  public cachedImage(prefix: string, repository: string, tagOrDigest: string): ImageReference {
    return cachedImage(this, this.source, prefix, repository, tagOrDigest);
  }
}
