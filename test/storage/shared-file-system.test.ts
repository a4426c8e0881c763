import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  ImageRelease, ImageRepository, Placement, PlatformCluster, PoolImage, ScheduledTask, SharedFileSystem, Volume, WebService, WorkerService,
} from '../../lib';
import { controlTowerFindings } from '../quality/gates';
import { testApp } from '../util';
import { fixture, mainContainer, resource } from '../workloads/fixtures';

function files() {
  const f = fixture();
  const fs = new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster });
  const worker = (props: Record<string, unknown> = {}) => new WorkerService(f.stack, 'Worker', {
    cluster: f.cluster, image: f.repository.imageByTag('v1'), user: '1000:1001', volumes: [Volume.efs(fs, { containerPath: '/data' })], ...props,
  });
  return { ...f, fs, worker };
}

describe('SharedFileSystem', () => {
  test('is encrypted, backed up, retained, elastic, in the workload subnets, with a policy that refuses clients without TLS', () => {
    const f = files();
    const template = Template.fromStack(f.stack);
    template.hasResource('AWS::EFS::FileSystem', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Encrypted: true,
        KmsKeyId: Match.absent(),
        BackupPolicy: { Status: 'ENABLED' },
        ThroughputMode: 'elastic',
        LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
        FileSystemPolicy: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
        },
      },
    });
    // Two mount targets, one per private subnet; the file system's group has no outbound rule and no inbound rule yet.
    template.resourceCountIs('AWS::EFS::MountTarget', 2);
    expect(resource(f.stack, 'AWS::EC2::SecurityGroup', 'FilesSecurityGroup').Properties).toMatchObject({
      SecurityGroupEgress: [expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })],
    });
    // A stable logical ID: the construct id 'FileSystem' is part of the contract (a renamed one is a new, empty file system).
    expect(Object.keys(template.findResources('AWS::EFS::FileSystem'))).toEqual([expect.stringMatching(/^FilesFileSystem[0-9A-F]{8}$/)]);
  });

  test('takes a customer key, no backups and DESTROY when asked in writing', () => {
    const stack = fixture().stack;
    const cluster = stack.node.findChild('Cluster') as PlatformCluster;
    new SharedFileSystem(stack, 'Files', { cluster, encryptionKey: cluster.key, automaticBackups: false, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::EFS::FileSystem', {
      DeletionPolicy: 'Delete',
      Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] }, BackupPolicy: { Status: 'DISABLED' } },
    });
  });

  test('refuses SNAPSHOT, which EFS does not have', () => {
    const f = fixture();
    expect(() => new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster, removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/^Stack\/Files: removalPolicy "snapshot" does not apply to an EFS file system \(EFS has no snapshot on delete\)\. Allowed: RETAIN/);
  });
});

describe('Volume.efs on a workload', () => {
  test('an access point owned by the user, TLS and IAM in the volume, the root filesystem still read-only', () => {
    const f = files();
    f.worker();
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::EFS::AccessPoint', {
      FileSystemId: { Ref: Match.stringLikeRegexp('^FilesFileSystem') },
      PosixUser: { Uid: '1000', Gid: '1001' },
      RootDirectory: { Path: '/Stack-Worker', CreationInfo: { OwnerUid: '1000', OwnerGid: '1001', Permissions: '750' } },
    });
    const task = resource(f.stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').Properties;
    expect(task.Volumes).toContainEqual({
      Name: 'efs-Files-Stack-Worker',
      EFSVolumeConfiguration: {
        FilesystemId: { Ref: expect.stringMatching(/^FilesFileSystem/) },
        TransitEncryption: 'ENABLED',
        AuthorizationConfig: { AccessPointId: { Ref: expect.stringMatching(/^WorkerFilesAccessPointStackWorker/) }, IAM: 'ENABLED' },
      },
    });
    const container = mainContainer(f.stack, 'WorkerTaskDefinition');
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.MountPoints).toEqual(expect.arrayContaining([
      { SourceVolume: 'efs-Files-Stack-Worker', ContainerPath: '/data', ReadOnly: false },
      expect.objectContaining({ ContainerPath: '/tmp', ReadOnly: false }),
    ]));
    // Fargate platform 1.4.0 or later mounts EFS: the service names no older version (LATEST is 1.4.0).
    template.hasResourceProperties('AWS::ECS::Service', { PlatformVersion: Match.absent() });
  });

  test('the task role may mount and write through its access point only; a read-only volume only mounts', () => {
    for (const readOnly of [false, true]) {
      const f = files();
      f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data', readOnly, path: '/shared/reports' })] });
      const policy = resource(f.stack, 'AWS::IAM::Policy', 'WorkerTaskDefinitionTaskRoleDefaultPolicy').Properties.PolicyDocument;
      expect(policy.Statement).toContainEqual({
        Effect: 'Allow',
        Action: readOnly ? 'elasticfilesystem:ClientMount' : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^FilesFileSystem/), 'Arn'] },
        Condition: {
          StringEquals: { 'elasticfilesystem:AccessPointArn': { 'Fn::Join': ['', expect.arrayContaining([{ Ref: expect.stringMatching(/^WorkerFilesAccessPointsharedreports/) }])] } },
          Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
        },
      });
      expect(mainContainer(f.stack, 'WorkerTaskDefinition').MountPoints).toContainEqual(expect.objectContaining({ ContainerPath: '/data', ReadOnly: readOnly }));
    }
  });

  test('NFS is opened to the workload\'s group only, by a rule in the workload\'s stack; the service waits for the mount targets', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(platform, 'Cluster');
    const fs = new SharedFileSystem(platform, 'Files', { cluster });
    const services = new Stack(app, 'Services', { env: { region: 'us-east-1' } });
    const repository = new ImageRepository(services, 'Repository');
    new WorkerService(services, 'Worker', { cluster, image: repository.imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(fs, { containerPath: '/data' })] });
    app.synth(); // no cycle between the stacks
    Template.fromStack(services).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('FilesSecurityGroup') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkerServiceSecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049,
    });
    expect(resource(platform, 'AWS::EC2::SecurityGroup', 'FilesSecurityGroup').Properties.SecurityGroupIngress).toBeUndefined();
    expect(services.dependencies).toContain(platform);
    // Tasks mount at start: the service waits for the NFS rule, not only for the mount targets.
    expect(resource(services, 'AWS::ECS::Service', 'WorkerService').DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WorkerFilesNfs/)]));
  });

  test('on an EC2 pool, the pool\'s instances reach NFS too (EFS on EC2), from the file system\'s side', () => {
    const f = files();
    f.worker({ placement: Placement.ec2(f.pool) });
    expect(resource(f.stack, 'AWS::EC2::SecurityGroupIngress', 'FilesSecurityGroupfromStackClusterPool').Properties).toMatchObject({
      GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^FilesSecurityGroup/), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterPoolSecurityGroup/), 'GroupId'] }, FromPort: 2049, ToPort: 2049,
    });
  });

  test('web services and scheduled tasks mount volumes the same way', () => {
    const f = files();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(f.fs, { containerPath: '/srv/uploads' })] });
    new ScheduledTask(f.stack, 'Nightly', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), user: '1000:1000', schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
      volumes: [Volume.efs(f.fs, { containerPath: '/data', path: '/Stack-Web', readOnly: true })],
    });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::EFS::AccessPoint', 2);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 3); // web's tasks, the nightly task; and the load balancer to the web tasks
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlySecurityGroup'), 'GroupId'] }, FromPort: 2049,
    });
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0] as { DependsOn: string[] };
    expect(schedule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^FilesFileSystemEfsMountTarget/), expect.stringMatching(/^NightlyFilesNfs/)]));
  });

  test('works with an ImageRelease: the access point and volume exist before the first release', () => {
    const f = files();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    f.worker({ image: release.image });
    Template.fromStack(f.stack).resourceCountIs('AWS::EFS::AccessPoint', 1);
  });
});

describe('Volume.efs checks', () => {
  test.each([
    ['no user', { user: undefined }, /^Stack\/Worker: user \(not set\) does not say which numeric user owns the files of the volumes\. Allowed: a numeric non-root user "uid:gid"/],
    ['a user name', { user: 'app' }, /^Stack\/Worker: user "app" does not say which numeric user owns the files/],
    ['a uid without gid', { user: '1000' }, /^Stack\/Worker: user "1000" does not say which numeric user/],
    ['root', { user: '0:0' }, /^Stack\/Worker: user "0:0" is root, which would own \(and could change\) every file of the volumes/],
  ])('refuses %s', (_title, props, message) => {
    expect(() => files().worker(props)).toThrow(message);
  });

  test.each([
    ['/', /volumes\[0\]\.containerPath "\/" is not a path a volume can be mounted on/],
    ['data', /volumes\[0\]\.containerPath "data" is not a path/],
    ['/data/../etc', /volumes\[0\]\.containerPath "\/data\/\.\.\/etc" is not a path/],
    ['/proc/x', /volumes\[0\]\.containerPath "\/proc\/x" is not a path.*outside \/proc, \/sys and \/dev/],
    ['/tmp', /volumes\[0\]\.containerPath "\/tmp" is also one of writablePaths/],
  ])('refuses containerPath %s', (containerPath, message) => {
    const f = files();
    expect(() => f.worker({ volumes: [Volume.efs(f.fs, { containerPath })] })).toThrow(message);
  });

  test('refuses two volumes on one containerPath', () => {
    const f = files();
    expect(() => f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data' }), Volume.efs(f.fs, { containerPath: '/data', path: '/other' })] }))
      .toThrow(/^Stack\/Worker: volumes\[1\]\.containerPath "\/data" is the containerPath of another volume of this workload\. Allowed: one volume per containerPath/);
  });

  test.each([
    ['relative'], ['/a/b/c/d/e'], ['/.hidden'], ['/with$dollar'], ['/semi;colon'], [`/${'x'.repeat(100)}`],
  ])('refuses access point path %s, which EFS refuses', (path) => {
    const f = files();
    expect(() => f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data', path })] }))
      .toThrow(/^Stack\/Worker: volumes\[0\]\.path ".*" is not a directory an access point can have as its root\. Allowed: an absolute path of 1 to 4 directories/);
  });

  test.each([['/with space'], ['/team@2/files+'], ['/a/b/c/d']])('accepts access point path %s, which EFS accepts', (path) => {
    const f = files();
    f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data', path })] });
    Template.fromStack(f.stack).hasResourceProperties('AWS::EFS::AccessPoint', { RootDirectory: Match.objectLike({ Path: path }) });
  });

  test('refuses the root directory with the reason (root-owned, shared by every workload), and a directory below it synthesizes', () => {
    const f = files();
    expect(() => f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data', path: '/' })] })).toThrow(new RegExp(
      '^Stack/Worker: volumes\\[0\\]\\.path "/" is the file system\'s root directory, which EFS creates owned by root and writable by root only, .*' +
      'that user could not write there, and every workload mounting it would see every other workload\'s files\\. Allowed: a directory below / such as "/data"'));
    const g = files();
    g.worker({ volumes: [Volume.efs(g.fs, { containerPath: '/data', path: '/data' })] });
    expect(() => Template.fromStack(g.stack)).not.toThrow();
  });

  test('refuses a second owner of one directory', () => {
    const f = files();
    new WorkerService(f.stack, 'Writer', { cluster: f.cluster, image: f.repository.imageByTag('v1'), user: '1000:1000', volumes: [Volume.efs(f.fs, { containerPath: '/data', path: '/shared' })] });
    expect(() => f.worker({ volumes: [Volume.efs(f.fs, { containerPath: '/data', path: '/shared' })] }))
      .toThrow(/^Stack\/Worker: volumes\[0\]\.path "\/shared" is already the directory of Stack\/Writer in Stack\/Files, owned by 1000:1000; this workload runs as 1000:1001/);
  });

  test('refuses a file system in another VPC', () => {
    const f = files();
    const other = new PlatformCluster(f.stack, 'Other');
    const otherFiles = new SharedFileSystem(f.stack, 'OtherFiles', { cluster: other });
    expect(() => f.worker({ volumes: [Volume.efs(otherFiles, { containerPath: '/data' })] }))
      .toThrow(/^Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/OtherFiles\)" is a file system in the VPC of Stack\/Other, which this workload's tasks cannot reach/);
  });

  test('refuses a Bottlerocket pool, whose ECS variant mounts EFS without TLS and IAM', () => {
    const f = files();
    const rocket = f.cluster.addCapacityPool('Rocket', { instanceTypes: [new ec2.InstanceType('t3.small')], image: PoolImage.bottlerocket() });
    expect(() => f.worker({ placement: Placement.ec2(rocket) }))
      .toThrow(/^Stack\/Worker: volumes\[0\] "Volume\.efs\(Stack\/Files\)" cannot be mounted on pool Stack\/Cluster\/Rocket: Bottlerocket's ECS variant.*bottlerocket-os\/bottlerocket#1080/);
  });

  test('a key of its own is passed through (the encryptionKey prop)', () => {
    const f = fixture();
    const key = new kms.Key(f.stack, 'Key');
    new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster, encryptionKey: key });
    Template.fromStack(f.stack).hasResourceProperties('AWS::EFS::FileSystem', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
  });
});

describe('quality gates', () => {
  test('Control Tower\'s EFS and ECS controls find nothing in a file system and a workload that mounts it', () => {
    const f = files();
    f.worker();
    const findings = controlTowerFindings([f.stack]).filter(finding => /^Stack (efs|ecs)_/.test(finding));
    expect(findings).toEqual([]);
  });

  test('the gate fires: a file system without backups is a CT.EFS.PR.1 finding', () => {
    const f = fixture();
    new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster, automaticBackups: false });
    expect(controlTowerFindings([f.stack]).filter(finding => /^Stack efs_/.test(finding)))
      .toEqual([expect.stringMatching(/^Stack efs_automatic_backups_enabled_check FilesFileSystem/)]);
  });
});
