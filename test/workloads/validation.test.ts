import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ImageRepository, Placement, PlatformCluster, WebService, WebServiceProps, WorkerService } from '../../lib';
import { testStack } from '../util';
import { fixture } from './fixtures';

type Case = [string, (f: ReturnType<typeof fixture>) => Partial<WebServiceProps>, RegExp];

const cases: Case[] = [
  ['a CPU value Fargate does not have', () => ({ cpu: 300 }),
    /^Stack\/Web: cpu 300 is not a Fargate task size\. Allowed: one of 256, 512, 1024, 2048, 4096, 8192, 16384\.$/],
  ['memory Fargate does not offer with the CPU (256 / 4096)', () => ({ cpu: 256, memoryMiB: 4096 }),
    /^Stack\/Web: memoryMiB 4096 is not offered by Fargate with cpu 256\. Allowed: with cpu 256: 512, 1024, 2048\.$/],
  ['memory Fargate does not offer with the CPU (1024 / 1536)', () => ({ cpu: 1024, memoryMiB: 1536 }),
    /memoryMiB 1536 is not offered by Fargate with cpu 1024\. Allowed: with cpu 1024: 2048 to 8192 in steps of 1024\./],
  ['memory off the 4 GiB steps of 8 vCPU', () => ({ cpu: 8192, memoryMiB: 18432 }),
    /memoryMiB 18432 is not offered by Fargate with cpu 8192\. Allowed: with cpu 8192: 16384 to 61440 in steps of 4096\./],
  ['a task larger than an instance of the EC2 pool', f => ({ placement: Placement.ec2(f.pool), cpu: 4096, memoryMiB: 1024 }),
    /^Stack\/Web: cpu and memoryMiB "4096 CPU units, 1024 MiB" do not fit instance type t3.small of pool Stack\/Cluster\/Pool, which registers 2048 CPU units and about 1986 MiB.*waits in PROVISIONING forever\. Allowed: at most 2048 CPU units and 1986 MiB/],
  ['memory above what a pool instance registers', f => ({ placement: Placement.ec2(f.pool), memoryMiB: 2048 }),
    /do not fit instance type t3.small of pool Stack\/Cluster\/Pool/],
  ['an architecture that is not the pool\'s', f => ({ placement: Placement.ec2(f.armPool), architecture: ecs.CpuArchitecture.X86_64 }),
    /^Stack\/Web: architecture "X86_64" does not match pool Stack\/Cluster\/ArmPool \(ARM64\); the container would fail with "exec format error"\. Allowed: ARM64 on this pool/],
  ['a stop timeout Fargate does not allow', () => ({ stopTimeout: Duration.seconds(121) }),
    /^Stack\/Web: stopTimeout "2 minutes 1 second" is more than Fargate allows\. Allowed: 1 to 120 seconds on Fargate\.$/],
  ['a health check interval above 300 s', () => ({ healthCheck: { command: ['CMD', 'true'], interval: Duration.seconds(301) } }),
    /^Stack\/Web: healthCheck.interval "5 minutes 1 second" is out of range\. Allowed: 5 to 300 seconds\.$/],
  ['a health check timeout under 2 s', () => ({ healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(1) } }),
    /healthCheck.timeout "1 second" is out of range\. Allowed: 2 to 60 seconds\./],
  ['11 health check retries', () => ({ healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
    /healthCheck.retries 11 is out of range\. Allowed: a whole number from 1 to 10\./],
  ['an empty health check command', () => ({ healthCheck: { command: [] } }), /healthCheck.command \[\] is empty/],
  ['a credential variable in the environment', () => ({ environment: { AWS_SECRET_ACCESS_KEY: 'x' } }),
    /^Stack\/Web: environment "AWS_SECRET_ACCESS_KEY" is a credential variable ECS reserves \(Security Hub ECS.8\)\. Allowed: other names/],
  ['a name in both environment and secrets', f => ({
    environment: { TOKEN: 'x' },
    secrets: { TOKEN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(f.stack, 'S', 'token')) },
  }), /^Stack\/Web: secrets "TOKEN" is also an environment variable\. Allowed: each name either in environment or in secrets\.$/],
  ['a relative writable path', () => ({ writablePaths: ['tmp'] }), /^Stack\/Web: writablePaths\[0\] "tmp" is not a distinct absolute path below \//],
  ['a writable path given twice', () => ({ writablePaths: ['/tmp', '/tmp'] }), /writablePaths\[1\] "\/tmp" is not a distinct absolute path/],
  ['a writable path with a trailing slash (Docker would mount /tmp twice)', () => ({ writablePaths: ['/tmp', '/tmp/'] }),
    /writablePaths\[1\] "\/tmp\/" is not a distinct absolute path below \/\. Allowed: .*without a trailing "\/", "\/\/", "\." or "\.\."/],
  ['a writable path that climbs out with ..', () => ({ writablePaths: ['/var/../etc'] }), /writablePaths\[0\] "\/var\/\.\.\/etc" is not a distinct absolute path/],
  ['ARM64 on Fargate Spot, which runs X86_64 only', () => ({ architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargateSpot({ onDemandBase: 1 }) }),
    /^Stack\/Web: architecture "ARM64" cannot run on Fargate Spot, where placement puts the tasks: Fargate Spot runs X86_64 Linux tasks only\. Allowed: X86_64 on Fargate Spot, or ARM64 with Placement\.fargate\(\) or an ARM64 pool\.$/],
  ['minHealthyPercent above 100', () => ({ minHealthyPercent: 101 }), /^Stack\/Web: minHealthyPercent 101 is out of range\. Allowed: a whole number from 0 to 100\.$/],
  ['maxHealthyPercent below 100', () => ({ maxHealthyPercent: 90 }), /^Stack\/Web: maxHealthyPercent 90 is out of range\. Allowed: a whole number from 101 to 200 \(100 only with minHealthyPercent below 100\)\.$/],
  ['maxHealthyPercent below 100 with minHealthyPercent below 100', () => ({ maxHealthyPercent: 90, minHealthyPercent: 50 }),
    /^Stack\/Web: maxHealthyPercent 90 is out of range\. Allowed: a whole number from 100 to 200\.$/],
  ['min and max healthy both 100 (a deploy that cannot move)', () => ({ minHealthyPercent: 100, maxHealthyPercent: 100 }),
    /^Stack\/Web: maxHealthyPercent 100 with minHealthyPercent 100 leaves a deploy no room to start or stop a task/],
  ['a negative desired count', () => ({ desiredCount: -1 }), /^Stack\/Web: desiredCount -1 is out of range\. Allowed: a whole number from 0 to 5000\.$/],
  ['a desired count together with scaling', () => ({ desiredCount: 2, scaling: { minTasks: 1, maxTasks: 3 } }),
    /^Stack\/Web: desiredCount 2 is set together with scaling, which owns the task count/],
  ['scaling with more min than max tasks', () => ({ scaling: { minTasks: 5, maxTasks: 2 } }),
    /^Stack\/Web: scaling.minTasks 5 is more than scaling.maxTasks \(2\)\. Allowed: minTasks <= maxTasks\.$/],
  ['a CPU target of 0', () => ({ scaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 0 } }),
    /scaling.cpuTargetPercent 0 is out of range\. Allowed: a whole number from 5 to 95\./],
  ['Fargate Spot weights out of range', () => ({ placement: Placement.fargateSpot({ onDemandWeight: 1001 }) }),
    /^Stack\/Web: placement Placement.fargateSpot onDemandWeight 1001 is out of range\. Allowed: a whole number from 0 to 1000\.$/],
  ['Fargate Spot with every weight 0', () => ({ placement: Placement.fargateSpot({ onDemandBase: 1, spotWeight: 0 }) }),
    /placement Placement.fargateSpot spotWeight 0 leaves every weight at 0/],
  ['container port 0', () => ({ containerPort: 0 }), /^Stack\/Web: containerPort 0 is out of range\. Allowed: a whole number from 1 to 65535\.$/],
  ['a health check path without a leading slash', () => ({ healthCheckPath: 'health' }),
    /^Stack\/Web: healthCheckPath "health" is not a path\. Allowed: a path starting with "\/", at most 1024 characters\.$/],
  ['a load balancer check every 4 s', () => ({ healthCheckInterval: Duration.seconds(4) }),
    /healthCheckInterval \(seconds\) 4 is out of range\. Allowed: a whole number from 5 to 300\./],
  ['a healthy threshold of 1', () => ({ healthyThresholdCount: 1 }), /healthyThresholdCount 1 is out of range\. Allowed: a whole number from 2 to 10\./],
  ['a deregistration delay over an hour', () => ({ deregistrationDelay: Duration.seconds(3601) }),
    /deregistrationDelay \(seconds\) 3601 is out of range\. Allowed: a whole number from 0 to 3600\./],
];

describe('workload validation', () => {
  test.each(cases)('rejects %s', (_title, props, message) => {
    const f = fixture();
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ...props(f) })).toThrow(message);
  });

  test('rejects a pool of another cluster', () => {
    const f = fixture();
    const other = new PlatformCluster(f.stack, 'Other');
    const otherPool = other.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(otherPool) }))
      .toThrow(/^Stack\/Worker: placement "Placement.ec2\(Stack\/Other\/Pool\)" names a pool of another cluster \(Stack\/Other\)\. Allowed: a pool of this workload's cluster \(Stack\/Cluster\)/);
  });

  test('rejects sidecars: a taken name, too little memory, and sums beyond the task', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), cpu: 256, memoryMiB: 512 });
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');
    expect(() => web.addSidecar('app', { image, memoryMiB: 64 })).toThrow(/^Stack\/Web: addSidecar\(app\) name "app" is not a free container name/);
    expect(() => web.addSidecar('tiny', { image, memoryMiB: 4 })).toThrow(/^Stack\/Web: addSidecar\(tiny\) memoryMiB 4 is too small\. Allowed: a whole number of MiB, 6 or more/);
    web.addSidecar('agent', { image, memoryMiB: 256, cpu: 200 });
    expect(() => web.addSidecar('agent', { image, memoryMiB: 64 })).toThrow(/addSidecar\(agent\) name "agent" is not a free container name/);
    expect(() => web.addSidecar('proxy', { image, memoryMiB: 256 }))
      .toThrow(/^Stack\/Web: addSidecar\(proxy\) memoryMiB 256 brings the sidecars to 512 MiB, which leaves the main container nothing of the task's 512 MiB/);
    expect(() => web.addSidecar('proxy', { image, memoryMiB: 64, cpu: 100 }))
      .toThrow(/^Stack\/Web: addSidecar\(proxy\) cpu 100 brings the sidecars to 300 CPU units, more than the task's 256\. Allowed: sidecars that together reserve at most the task's cpu \(256\)\./);
  });

  test('rejects a privileged container or the host PID namespace added through aws-cdk-lib', () => {
    const f = fixture();
    const web = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool) });
    web.taskDefinition.addContainer('debug', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'), memoryLimitMiB: 64, privileged: true });
    (web.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).pidMode = 'host';
    expect(() => Template.fromStack(f.stack)).toThrow(/Stack\/Worker: taskDefinition pidMode "host" shares the host's process namespace/);
    expect(() => Template.fromStack(f.stack)).toThrow(/Stack\/Worker: container debug privileged true gives the container root on the host/);
  });

  test('rejects a privileged container or the host PID namespace written as a property override', () => {
    const f = fixture();
    const worker = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool) });
    const cfn = worker.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    cfn.addPropertyOverride('ContainerDefinitions.0.Privileged', true);
    cfn.addPropertyOverride('PidMode', 'host');
    expect(() => Template.fromStack(f.stack)).toThrow(/Stack\/Worker: container app privileged true gives the container root on the host/);
    expect(() => Template.fromStack(f.stack)).toThrow(/Stack\/Worker: taskDefinition pidMode "host" shares the host's process namespace/);
  });

  test('ARM64 with the cluster\'s default placement on Fargate Spot is refused, naming the default', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster', { defaultPlacement: Placement.fargateSpot() });
    const repository = new ImageRepository(stack, 'Repo');
    expect(() => new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), architecture: ecs.CpuArchitecture.ARM64 }))
      .toThrow(/^Stack\/Worker: architecture "ARM64" cannot run on Fargate Spot, where the cluster's defaultPlacement puts the tasks/);
    // The same task on regular Fargate is fine.
    new WorkerService(stack, 'Arm', { cluster, image: repository.imageByTag('v1'), architecture: ecs.CpuArchitecture.ARM64, placement: Placement.fargate() });
  });

  test('writable paths whose names fold to the same volume get a volume each', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), writablePaths: ['/a-b', '/a_b'] });
    const td = Object.values(Template.fromStack(f.stack).findResources('AWS::ECS::TaskDefinition'))[0] as any;
    expect(td.Properties.Volumes).toEqual([{ Name: 'writable-a-b' }, { Name: 'writable-a-b-2' }]);
    expect(td.Properties.ContainerDefinitions[0].MountPoints.map((m: any) => [m.SourceVolume, m.ContainerPath]))
      .toEqual([['writable-a-b', '/a-b'], ['writable-a-b-2', '/a_b']]);
  });

  test('warns, acknowledgeably, when a pool has instance types whose size the library does not know', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('x2idn.large')] });
    const repository = new ImageRepository(stack, 'Repo');
    new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool) });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('cannot check that the task \\(256 CPU units, 512 MiB\\) fits instance types x2idn.large'));
  });
});
