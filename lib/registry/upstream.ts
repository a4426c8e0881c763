import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** Options of an upstream registry that needs no credentials. */
export interface UpstreamOptions {
  /**
   * The repository name prefix its images are cached under: `<prefix>/<upstream repository>` in your
   * registry. 2 to 30 lowercase letters, digits, `.`, `_`, `-` and `/`.
   *
   * @default - the upstream's usual namespace: `ecr-public`, `docker-hub`, `github`, `quay` or `kubernetes`
   */
  readonly prefix?: string;
}

/** Options of an upstream registry that ECR authenticates to with credentials of yours. */
export interface AuthenticatedUpstreamOptions extends UpstreamOptions {
  /**
   * The Secrets Manager secret holding your credentials for the upstream, as ECR reads them:
   * `{"username": "...", "accessToken": "..."}`. ECR requires its name to start with
   * `ecr-pullthroughcache/` and it to be in the registry's account and region.
   *
   * @default - a secret named `ecr-pullthroughcache/<prefix>` is created (and retained) with a generated
   * placeholder: put your username and access token in it before the first pull
   */
  readonly credentials?: secretsmanager.ISecret;
}

/**
 * A public registry whose images an `ImageRegistry` caches (an ECR pull through cache rule). Docker Hub
 * and GitHub Container Registry need credentials of yours; ECR Public, Quay and the Kubernetes registry
 * do not.
 *
 * @example
 * new ImageRegistry(this, 'Registry', { upstreams: [Upstream.ecrPublic(), Upstream.dockerHub()] });
 */
export class Upstream {
  /** Amazon ECR Public (`public.ecr.aws`): no credentials. */
  public static ecrPublic(options: UpstreamOptions = {}): Upstream {
    return new Upstream('ecr-public', 'public.ecr.aws', options.prefix ?? 'ecr-public', false);
  }

  /**
   * Docker Hub (`registry-1.docker.io`), with credentials of yours (Docker Hub limits anonymous pulls).
   * Official images are under `library/` (`library/nginx`).
   */
  public static dockerHub(options: AuthenticatedUpstreamOptions = {}): Upstream {
    return new Upstream('docker-hub', 'registry-1.docker.io', options.prefix ?? 'docker-hub', true, options.credentials);
  }

  /** GitHub Container Registry (`ghcr.io`), with credentials of yours (a token that may read packages). */
  public static gitHubContainerRegistry(options: AuthenticatedUpstreamOptions = {}): Upstream {
    return new Upstream('github-container-registry', 'ghcr.io', options.prefix ?? 'github', true, options.credentials);
  }

  /** Quay (`quay.io`): no credentials. */
  public static quay(options: UpstreamOptions = {}): Upstream {
    return new Upstream('quay', 'quay.io', options.prefix ?? 'quay', false);
  }

  /** The Kubernetes container image registry (`registry.k8s.io`): no credentials. */
  public static kubernetes(options: UpstreamOptions = {}): Upstream {
    return new Upstream('k8s', 'registry.k8s.io', options.prefix ?? 'kubernetes', false);
  }

  /** ECR's name for the upstream registry (`AWS::ECR::PullThroughCacheRule` `UpstreamRegistry`). */
  public readonly upstreamRegistry: string;
  /** The upstream registry's URL. */
  public readonly registryUrl: string;
  /** The repository name prefix its images are cached under. */
  public readonly prefix: string;
  /** True when ECR needs credentials for this upstream. */
  public readonly needsCredentials: boolean;
  /** The secret with the credentials, when given. */
  public readonly credentials?: secretsmanager.ISecret;

  private constructor(upstreamRegistry: string, registryUrl: string, prefix: string, needsCredentials: boolean,
    credentials?: secretsmanager.ISecret) {
    this.upstreamRegistry = upstreamRegistry;
    this.registryUrl = registryUrl;
    this.prefix = prefix;
    this.needsCredentials = needsCredentials;
    this.credentials = credentials;
  }
}
