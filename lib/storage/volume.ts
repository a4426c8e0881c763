import type { SharedFileSystem } from './shared-file-system';

/** Where and how a workload mounts a {@link SharedFileSystem}. */
export interface EfsVolumeOptions {
  /**
   * Where the main container sees the files: an absolute path, not `/`, not one of `writablePaths`.
   * The root filesystem stays read-only; this path is a volume and writable unless `readOnly`.
   */
  readonly containerPath: string;

  /**
   * Mount read-only: the task role may then only read (`elasticfilesystem:ClientMount`).
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * The directory of the file system the workload sees as its root (its access point's root
   * directory), created on first mount, owned by the workload's `user`, mode 750. Workloads that share
   * files give the same path (and must run as the same user). At most 100 characters and 4 levels of
   * letters, digits, `.`, `_` and `-`, not `/`.
   *
   * @default - a directory of the workload's own, named after its construct path (`/Shop-Worker`)
   */
  readonly path?: string;
}

/**
 * A volume a workload mounts into its main container (`volumes: [...]` of a web service, worker
 * service or scheduled task).
 */
export class Volume {
  /**
   * A directory of an EFS file system, mounted over TLS with IAM authorization through an access point
   * of the workload's own, which runs every file operation as the workload's `user` ("uid:gid").
   */
  public static efs(fileSystem: SharedFileSystem, options: EfsVolumeOptions): Volume {
    return new Volume(fileSystem, options);
  }

  /** The file system. */
  public readonly fileSystem: SharedFileSystem;
  /** Where the main container sees the files. */
  public readonly containerPath: string;
  /** True when the volume is mounted read-only. */
  public readonly readOnly: boolean;
  /** The directory of the file system, when given (otherwise one named after the workload). */
  public readonly path?: string;

  private constructor(fileSystem: SharedFileSystem, options: EfsVolumeOptions) {
    this.fileSystem = fileSystem;
    this.containerPath = options.containerPath;
    this.readOnly = options.readOnly ?? false;
    this.path = options.path;
  }
}
