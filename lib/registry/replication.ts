/**
 * A registry ECR copies images to: another region of this account, or a region of another account.
 */
export class ReplicationDestination {
  /** A region of the registry's own account. */
  public static region(region: string): ReplicationDestination {
    return new ReplicationDestination(region, undefined);
  }

  /**
   * A region of another account. That account's registry must allow this one to replicate into it: an
   * `ImageRegistry` there with `replicationSources: ['<this account>']`, or the registry policy README shows.
   */
  public static account(account: string, region: string): ReplicationDestination {
    return new ReplicationDestination(region, account);
  }

  /** The destination region. */
  public readonly destinationRegion: string;
  /** The destination account, when it is not the registry's own. */
  public readonly destinationAccount?: string;

  private constructor(region: string, account: string | undefined) {
    this.destinationRegion = region;
    this.destinationAccount = account;
  }
}

/** Which repositories an `ImageRegistry` replicates, and where to. */
export interface ReplicationRule {
  /** Where the images are copied: 1 or more destinations. */
  readonly destinations: ReplicationDestination[];

  /**
   * Replicate only repositories whose names start with one of these prefixes (`shop/`, `shop/web`).
   *
   * @default - every repository of the registry (cached ones included)
   */
  readonly repositoryPrefixes?: string[];
}

/**
 * How the registry scans images for vulnerabilities. Repositories that ECR creates (a pull through cache,
 * a replication) have no scan-on-push setting of their own: the registry's decides.
 */
export class RegistryScanning {
  /**
   * Basic scanning on push for every repository of the registry (free): the same as an
   * `ImageRepository`'s `scanOnPush`, for the repositories ECR creates too. This replaces the registry's
   * scanning configuration: if Amazon Inspector's enhanced scanning is on in the account, use `unmanaged()`.
   */
  public static basicOnPush(): RegistryScanning {
    return new RegistryScanning(true);
  }

  /** Leave the registry's scanning configuration as it is (enhanced scanning managed elsewhere, for example). */
  public static unmanaged(): RegistryScanning {
    return new RegistryScanning(false);
  }

  /** True when the registry's scanning configuration is set by this construct. */
  public readonly managed: boolean;

  private constructor(managed: boolean) {
    this.managed = managed;
  }
}
