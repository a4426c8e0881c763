import { CfnResource, Names, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { ClusterContext, contextOf, originOf, sameVpc } from '../../cluster/cluster-reference';
import type { Placement } from '../../cluster/placement';
import { poolContextOf } from '../../cluster/private/pool-registry';
import { fail } from '../../core/errors';
import { readsShared, sharedValue } from '../../core/shared-values';
import { fitText, TEXT_LIMITS } from '../../core/text';
import type { SharedFileSystem } from '../../storage/shared-file-system';
import type { Volume } from '../../storage/volume';

/** NFS: EFS mount targets listen on 2049 only, TLS included (the mount helper tunnels it). */
const NFS_PORT = 2049;
/** Kernel filesystems that a volume must not cover. */
const SYSTEM_PATHS = ['/proc', '/sys', '/dev'];
/** An access point's root directory, at most 100 characters: EFS's RootDirectory Path (https://docs.aws.amazon.com/efs/latest/ug/API_RootDirectory.html), "/" aside. */
const ACCESS_POINT_PATH = /^(\/(?!\.)[^$#<>;`|&?{}^*/\n]+){1,4}$/;

/** A file system a workload mounts, with what the workload needs to reach it. */
export interface MountedFileSystem {
  readonly fileSystem: SharedFileSystem;
  readonly accessPoints: efs.AccessPoint[];
}

/**
 * Mounts each volume into the main container: an access point per file system directory, owned by the
 * workload's numeric user; an EFS volume with TLS and IAM authorization; a task role that may mount that
 * access point only (and write, unless every mount of it is read-only). Checked first, in the library's
 * message format. The network rules come later, once the workload has its security group ({@link admitToFileSystems}).
 */
export function mountVolumes(scope: Construct, options: {
  volumes: Volume[];
  user?: string;
  cluster: ClusterContext;
  placement: Placement;
  taskDefinition: ecs.TaskDefinition;
  container: ecs.ContainerDefinition;
  writablePaths: string[];
}): MountedFileSystem[] {
  const { volumes, taskDefinition, container } = options;
  if (volumes.length === 0) return [];
  const owner = volumeOwner(scope, options.user);
  const pool = options.placement.pool ? poolContextOf(options.placement.pool) : undefined;
  const seen = new Set<string>();
  type Directory = { volume: Volume; path: string; readOnly: boolean; mounts: Array<{ containerPath: string; readOnly: boolean }> };
  const byDirectory = new Map<string, Directory>();
  volumes.forEach((volume, i) => {
    const prop = `volumes[${i}]`;
    const { containerPath } = volume;
    if (!Token.isUnresolved(containerPath)) {
      const segments = containerPath.split('/').slice(1);
      if (!/^(\/[A-Za-z0-9._-]+)+$/.test(containerPath) || segments.some(s => s === '.' || s === '..') ||
        SYSTEM_PATHS.some(p => containerPath === p || containerPath.startsWith(`${p}/`))) {
        fail(scope, `${prop}.containerPath`, containerPath, 'is not a path a volume can be mounted on',
          'an absolute path below / such as "/data", without a trailing "/", "//", "." or "..", outside /proc, /sys and /dev');
      }
      if (options.writablePaths.includes(containerPath)) {
        fail(scope, `${prop}.containerPath`, containerPath, 'is also one of writablePaths (or an ECS Exec directory), which mounts a task-local volume there',
          'a path that is not in writablePaths; the volume itself is writable unless readOnly');
      }
      if (seen.has(containerPath)) {
        fail(scope, `${prop}.containerPath`, containerPath, 'is the containerPath of another volume of this workload', 'one volume per containerPath');
      }
      seen.add(containerPath);
    }
    if (!sameVpc(originOf(contextOf(scope, prop, volume.fileSystem.cluster)).vpc, originOf(options.cluster).vpc)) {
      fail(scope, prop, `Volume.efs(${volume.fileSystem.node.path})`, `is a file system in the VPC of ${volume.fileSystem.cluster.node.path}, which this workload's tasks cannot reach`,
        `a SharedFileSystem of a cluster in the same VPC as ${options.cluster.node.path}`);
    }
    if (pool?.image.family === 'bottlerocket') {
      fail(scope, prop, `Volume.efs(${volume.fileSystem.node.path})`,
        `cannot be mounted on pool ${pool.node.path}: Bottlerocket's ECS variant mounts EFS without TLS and IAM authorization (bottlerocket-os/bottlerocket#1080), which this library always uses`,
        'Fargate, or a pool on PoolImage.amazonLinux2023()');
    }
    if (pool && !pool.securityGroup) {
      fail(scope, prop, `Volume.efs(${volume.fileSystem.node.path})`,
        `cannot be mounted on pool ${pool.node.path}, whose instances' security group is not known: EFS on EC2 needs NFS open to the container instances too`,
        'securityGroup in CapacityPool.fromCapacityProvider(...), or Fargate');
    }
    const managed = options.placement.managedInstancesPool;
    if (managed) {
      // ECS Managed Instances run Bottlerocket, which AWS patches and the library cannot configure.
      fail(scope, prop, `Volume.efs(${volume.fileSystem.node.path})`,
        `cannot be mounted on Managed Instances pool ${managed.node.path}: its instances run Bottlerocket, whose ECS variant mounts EFS without TLS and ` +
        'IAM authorization (bottlerocket-os/bottlerocket#1080), which this library always uses, and no deploy has shown otherwise on Managed Instances',
        'Fargate, or a pool on PoolImage.amazonLinux2023()');
    }
    const path = volume.path ?? defaultPath(scope);
    if (path === '/') {
      // EFS allows "/", but it is the file system's root, owned by root and writable by root only; an access
      // point's creation info applies only to a directory that does not exist yet, and "/" always does.
      fail(scope, `${prop}.path`, path, 'is the file system\'s root directory, which EFS creates owned by root and writable by root only, and does not ' +
        `hand to the workload's user (${owner.uid}:${owner.gid}) as it does a directory it creates for an access point: that user could not write ` +
        'there, and every workload mounting it would see every other workload\'s files',
      'a directory below / such as "/data" (created on the first mount, owned by the workload\'s user, mode 750)');
    }
    if (!Token.isUnresolved(path) && (!ACCESS_POINT_PATH.test(path) || path.length > 100)) {
      fail(scope, `${prop}.path`, path, 'is not a directory an access point can have as its root',
        'an absolute path of 1 to 4 directories, none starting with "." or holding $ # < > ; ` | & ? { } ^ * or a line break, at most 100 characters ' +
        '(EFS\'s RootDirectory Path)');
    }
    volume.fileSystem._claimPath(scope, `${prop}.path`, path, owner.uid, owner.gid);
    const key = `${Names.uniqueId(volume.fileSystem)}\n${path}`;
    const directory = byDirectory.get(key) ?? { volume, path, readOnly: true, mounts: [] };
    directory.readOnly = directory.readOnly && volume.readOnly;
    directory.mounts.push({ containerPath, readOnly: volume.readOnly });
    byDirectory.set(key, directory);
  });

  const mounted = new Map<SharedFileSystem, efs.AccessPoint[]>();
  const names = new Set<string>();
  for (const { volume, path, readOnly, mounts } of byDirectory.values()) {
    const files = volume.fileSystem;
    const base = volumeName(files, path);
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base.slice(0, 250)}-${n}`;
    names.add(name);
    const fileSystem = fileSystemIn(scope, files);
    const accessPoint = new efs.AccessPoint(scope, uniqueChildId(scope, `${files.node.id}AccessPoint${path.replace(/[^A-Za-z0-9]/g, '')}`), {
      fileSystem,
      path,
      posixUser: { uid: String(owner.uid), gid: String(owner.gid) },
      createAcl: { ownerUid: String(owner.uid), ownerGid: String(owner.gid), permissions: '750' },
    });
    taskDefinition.addVolume({
      name,
      efsVolumeConfiguration: {
        fileSystemId: fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
      },
    });
    container.addMountPoints(...mounts.map(m => ({ sourceVolume: name, containerPath: m.containerPath, readOnly: m.readOnly })));
    // ECS mounts with the task role (IAM authorization): that access point, through a mount target, nothing else.
    taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
      actions: readOnly ? ['elasticfilesystem:ClientMount'] : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [fileSystem.fileSystemArn],
      conditions: {
        StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn },
        Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      },
    }));
    mounted.set(files, [...mounted.get(files) ?? [], accessPoint]);
  }
  return [...mounted.entries()].map(([fileSystem, accessPoints]) => ({ fileSystem, accessPoints }));
}

/**
 * Opens NFS on each file system to the workload's security groups, with rules created next to the
 * workload (a rule in the file system's stack would import the workload's group: a cycle between the
 * stacks). On an EC2 pool the instances' group is admitted too, from the file system's side (it sits in
 * the cluster's stack, which the file system's stack already follows): AWS documents EFS on EC2 as
 * needing NFS from the container instance as well as from the task. The instances' role has no EFS
 * permission, so they can reach the port but not mount. The workload starts after the mount targets exist and
 * its NFS rules are in place.
 */
export function admitToFileSystems(scope: Construct, mounted: MountedFileSystem[], connections: ec2.Connections,
  placement: Placement, dependents: Construct[]): void {
  for (const { fileSystem } of mounted) {
    const rules = connections.securityGroups.map((group, i) => {
      return new ec2.CfnSecurityGroupIngress(scope, `${fileSystem.node.id}Nfs${i === 0 ? '' : i + 1}`, {
        groupId: sharedValue(scope, fileSystem, 'SecurityGroupId', fileSystem.securityGroup.securityGroupId),
        sourceSecurityGroupId: group.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: NFS_PORT,
        toPort: NFS_PORT,
        description: fitText(`NFS from ${scope.node.path}`, TEXT_LIMITS.securityGroup),
      });
    });
    const pool = placement.pool ? poolContextOf(placement.pool) : undefined;
    // mountVolumes refused a pool whose instances' group is not known.
    if (pool?.securityGroup) fileSystem.securityGroup.addIngressRule(pool.securityGroup, ec2.Port.tcp(NFS_PORT), `NFS from the instances of ${pool.node.path} (EFS on EC2)`);
    // Tasks mount at start: after the mount targets exist and NFS is open to them (the rules are
    // separate resources that nothing else orders). A file system of an environment's stack is there
    // before its workloads' stacks are deployed, which each deploy alone: no stack dependency on it.
    const ready: IDependable | undefined = readsShared(scope, fileSystem) ? undefined : fileSystem.fileSystem.mountTargetsAvailable;
    for (const dependent of dependents) {
      if (ready) dependent.node.addDependency(ready);
      // From the resource itself: the rules reference the workload's security group, a child of the service.
      const resource = dependent instanceof CfnResource ? dependent : dependent.node.defaultChild;
      if (resource instanceof CfnResource) resource.node.addDependency(...rules);
    }
  }
}

/** The file system as the workload's stack sees it: an environment's is imported there from Parameter Store. */
function fileSystemIn(scope: Construct, files: SharedFileSystem): efs.IFileSystem {
  if (!readsShared(scope, files)) return files.fileSystem;
  const id = `${files.node.id}Shared`;
  const known = scope.node.tryFindChild(id) as efs.IFileSystem | undefined;
  if (known) return known;
  const shared = (key: string, value: string) => sharedValue(scope, files, key, value);
  return efs.FileSystem.fromFileSystemAttributes(scope, id, {
    fileSystemArn: shared('FileSystemArn', files.fileSystem.fileSystemArn),
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(scope, `${id}SecurityGroup`, shared('SecurityGroupId', files.securityGroup.securityGroupId)),
  });
}

/** The workload's user as the access point's POSIX owner: numeric, "uid:gid", not root. */
function volumeOwner(scope: Construct, user: string | undefined): { uid: number; gid: number } {
  const match = user !== undefined && !Token.isUnresolved(user) ? /^(\d{1,10}):(\d{1,10})$/.exec(user) : null;
  const allowed = 'a numeric non-root user "uid:gid", such as "1000:1000": its access point runs every file operation as that user, ' +
    'and creates the directory owned by it';
  if (!match) fail(scope, 'user', user, 'does not say which numeric user owns the files of the volumes', allowed);
  const [uid, gid] = [Number(match![1]), Number(match![2])];
  if (uid > 4294967295 || gid > 4294967295) fail(scope, 'user', user, 'is out of range', 'uid and gid from 0 to 4294967295');
  if (uid === 0) fail(scope, 'user', user, 'is root, which would own (and could change) every file of the volumes', allowed);
  return { uid, gid };
}

/** The workload's own directory: its construct path, one level, letters, digits and "-". */
function defaultPath(scope: Construct): string {
  const path = `/${scope.node.path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  return path.length <= 100 ? path : `/${Names.uniqueResourceName(scope, { maxLength: 99, separator: '-' })}`;
}

function volumeName(files: SharedFileSystem, path: string): string {
  return `efs-${files.node.id}${path}`.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-$/, '').slice(0, 255);
}

function uniqueChildId(scope: Construct, base: string): string {
  let id = base;
  for (let n = 2; scope.node.tryFindChild(id); n++) id = `${base}${n}`;
  return id;
}
