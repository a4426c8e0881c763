import { createHash } from 'crypto';
import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { ImageReference } from './image-reference';
import { ImageRepositoryBase } from './image-repository';
import { ImageTagPolicy } from './image-tag-policy';
import { FIRST_PULL_ACTIONS, PullSource, recordPullSource } from './private/pull-source';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** What a registry tells its cached images: where it is, its cache prefixes (when known), who it admits. */
export interface CacheSource {
  readonly account: string;
  readonly region: string;
  /** The prefixes of its pull through cache rules, with the upstream's ECR name; undefined for an imported registry that did not list them. */
  readonly prefixes?: Array<{ readonly prefix: string; readonly upstreamRegistry?: string }>;
  readonly encryptionKeyArn?: string;
  readonly tagPolicy?: ImageTagPolicy;
  readonly admission?: PullSource['admission'];
}

/** A repository that a pull through cache creates on the first pull: nothing is deployed for it. */
class CachedRepository extends ImageRepositoryBase {
  public readonly repository: ecr.IRepository;
  public readonly tagPolicy?: ImageTagPolicy;

  constructor(scope: Construct, id: string, name: string, source: CacheSource) {
    super(scope, id);
    this.tagPolicy = source.tagPolicy;
    this.repository = ecr.Repository.fromRepositoryAttributes(this, 'Default', {
      repositoryName: name,
      repositoryArn: Stack.of(this).formatArn({ service: 'ecr', account: source.account, region: source.region, resource: 'repository', resourceName: name }),
    });
    recordPullSource(this, {
      account: source.account, region: source.region, repositoryName: name, encryptionKeyArn: source.encryptionKeyArn,
      admission: source.admission, firstPullActions: FIRST_PULL_ACTIONS,
    });
  }
}

/**
 * The image `<prefix>/<repository>:<tag or digest>` of a registry's pull through cache, for an ECS
 * container: the execution role may pull it and, on the first pull, create the cached repository.
 */
export function cachedImage(registry: IConstruct, source: CacheSource, prefix: string, repositoryName: string, tagOrDigest: string): ImageReference {
  const method = `cachedImage(${JSON.stringify(prefix)}, ...)`;
  const known = source.prefixes?.find(p => p.prefix === prefix);
  if (source.prefixes !== undefined && !Token.isUnresolved(prefix) && !known) {
    fail(registry, `${method} prefix`, prefix, 'is not the prefix of a pull through cache rule of this registry',
      source.prefixes.length > 0 ? source.prefixes.map(p => JSON.stringify(p.prefix)).join(', ') : 'none: give the registry upstreams first');
  }
  if (!Token.isUnresolved(repositoryName)) {
    if (!REPOSITORY_NAME.test(repositoryName) || prefix.length + 1 + repositoryName.length > 256) {
      fail(registry, `${method} repository`, repositoryName, 'is not a repository name of the upstream',
        'lowercase letters and digits separated by ".", "_" or "-", with "/" between namespaces (for example "library/nginx"), 256 characters with the prefix');
    }
    if (known?.upstreamRegistry === 'docker-hub' && !repositoryName.includes('/')) {
      fail(registry, `${method} repository`, repositoryName, 'is a Docker Hub official image without its namespace, which ECR cannot find upstream',
        `"library/${repositoryName}" (Docker Hub's official images are under library/)`);
    }
  }
  if (!Token.isUnresolved(tagOrDigest) && !DIGEST.test(tagOrDigest) && (tagOrDigest.startsWith('sha256:') || !TAG.test(tagOrDigest))) {
    fail(registry, `${method} tag or digest`, tagOrDigest, 'is neither a Docker image tag nor an image digest',
      'a tag (letters, digits, _, . and -, starting with a letter, digit or _, at most 128 characters) or "sha256:" and 64 lowercase hex digits');
  }
  const name = `${prefix}/${repositoryName}`;
  const id = `Cached${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
  const repository = registry.node.tryFindChild(id) as CachedRepository | undefined ?? new CachedRepository(registry as Construct, id, name, source);
  return !Token.isUnresolved(tagOrDigest) && DIGEST.test(tagOrDigest) ? repository.imageByDigest(tagOrDigest) : repository.imageByTag(tagOrDigest);
}
