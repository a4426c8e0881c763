import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { contextOf, IPlatformCluster } from '../cluster/cluster-reference';
import { fail } from '../core/errors';
import { publishValues } from '../core/shared-values';
import { fitText, TEXT_LIMITS } from '../core/text';

/** Properties of a {@link SharedFileSystem}. */
export interface SharedFileSystemProps {
  /**
   * The cluster whose workloads mount the file system (a `PlatformCluster`, or one imported with
   * `PlatformCluster.fromClusterAttributes`): it gets mount targets in the cluster's workload subnets.
   */
  readonly cluster: IPlatformCluster;

  /**
   * The KMS key that encrypts the files at rest (they are always encrypted).
   *
   * @default - the AWS managed key `aws/elasticfilesystem`: no key to pay for or to lose (the platform
   * key follows the cluster's `removalPolicy`, and a retained file system must outlive a destroyed key)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Back the file system up with AWS Backup's default plan for EFS (daily, kept 35 days, in the
   * vault `aws/efs/automatic-backup-vault`). Backup storage costs about 0.05 USD per GB a month.
   *
   * @default true
   */
  readonly automaticBackups?: boolean;

  /**
   * What happens to the file system, and every file in it, when it leaves the stack. Files are data,
   * so it is kept; `RemovalPolicy.DESTROY` deletes it with the stack (tests, throwaway environments).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A persistent, shared file system (Amazon EFS) for the workloads of a cluster, secure by default:
 * encrypted at rest, backed up, retained, reachable on NFS (2049) only from the workloads that mount
 * it, and only over TLS with IAM authorization. Workloads mount it with `volumes: [Volume.efs(files,
 * { containerPath: '/data' })]`: each gets an access point of its own that runs every file operation as
 * the workload's `user`, and its task role may mount that access point and nothing else.
 *
 * Elastic throughput (pay per GB read and written, no baseline to run out of); files not read for 30
 * days move to Infrequent Access and back on their first read.
 */
export class SharedFileSystem extends Construct {
  /** The aws-cdk-lib file system, for everything this library does not wrap. */
  public readonly fileSystem: efs.FileSystem;
  /** The security group of the mount targets: NFS from the workloads that mount the file system, nothing else. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The cluster whose VPC holds the mount targets. */
  public readonly cluster: IPlatformCluster;

  /** Owners of the directories that access points create, by path: two owners of one path would lock each other out. */
  private readonly owners = new Map<string, { uid: number; gid: number; workload: string }>();

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (![RemovalPolicy.RETAIN, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, RemovalPolicy.DESTROY].includes(removalPolicy)) {
      fail(this, 'removalPolicy', removalPolicy, 'does not apply to an EFS file system (EFS has no snapshot on delete)',
        'RETAIN (the default), RETAIN_ON_UPDATE_OR_DELETE or DESTROY; AWS Backup keeps daily recovery points');
    }
    this.cluster = props.cluster;
    const cluster = contextOf(this, 'cluster', props.cluster);

    // EFS never opens connections: no outbound rule.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: fitText(`${this.node.path}: NFS from the workloads that mount the file system`, TEXT_LIMITS.securityGroup),
      allowAllOutbound: false,
    });
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: cluster.vpc,
      vpcSubnets: cluster.workloadSubnets,
      securityGroup: this.securityGroup,
      encrypted: true,
      kmsKey: props.encryptionKey,
      enableAutomaticBackups: props.automaticBackups ?? true,
      throughputMode: efs.ThroughputMode.ELASTIC,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      removalPolicy,
      // aws-cdk-lib's "deny anonymous access" statement would allow ClientRootAccess and ClientWrite to
      // every principal. Left out: the policy below allows nothing, so anonymous clients (no IAM) cannot
      // mount, and IAM principals get exactly what their own policies grant (a workload: its access point).
      allowAnonymousAccess: true,
      fileSystemPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'DenyWithoutTls',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        })],
      }),
    });
    // Said either way: aws-cdk-lib leaves BackupPolicy out when backups are off, and a property removed
    // from the template would not turn them off on an existing file system.
    (this.fileSystem.node.defaultChild as efs.CfnFileSystem).backupPolicy = { status: props.automaticBackups ?? true ? 'ENABLED' : 'DISABLED' };
    // In an environment's stack: what workloads of other stacks read, through Parameter Store.
    publishValues(this, {
      FileSystemArn: this.fileSystem.fileSystemArn,
      SecurityGroupId: this.securityGroup.securityGroupId,
    });
  }

  /** @internal Records that a workload's access point creates `path` owned by uid:gid; refuses a second owner. */
  public _claimPath(workload: Construct, prop: string, path: string, uid: number, gid: number): void {
    const owner = this.owners.get(path);
    if (owner && (owner.uid !== uid || owner.gid !== gid)) {
      const problem = `is already the directory of ${owner.workload} in ${this.node.path}, owned by ${owner.uid}:${owner.gid}; ` +
        `this workload runs as ${uid}:${gid} and could not write there`;
      fail(workload, prop, path, problem, `another path, or the same user (${owner.uid}:${owner.gid}) in both workloads`);
    }
    if (!owner) this.owners.set(path, { uid, gid, workload: workload.node.path });
  }
}
