/** A repository of another account or region, for `ImageRepository.fromAccount()`. */
export interface ImageRepositoryAttributes {
  /** The account that owns the repository (12 digits). */
  readonly account: string;

  /**
   * The repository's region. A task pulling from another region pays cross-region data transfer on
   * every pull (and gets the warning `cdk-ecs-platform:crossRegionPull`): prefer a replica.
   *
   * @default - the region of the stack that imports it
   */
  readonly region?: string;

  /** The repository name. */
  readonly repositoryName: string;

  /**
   * The customer managed KMS key the repository encrypts images with, if any: the execution role is
   * allowed to decrypt with it (the key's policy must allow this account too).
   *
   * @default - the repository uses AES-256 or an AWS managed key: nothing to grant
   */
  readonly encryptionKeyArn?: string;
}
