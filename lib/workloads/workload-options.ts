import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IPlatformCluster } from '../cluster/cluster-reference';
import type { Placement } from '../cluster/placement';
import type { Volume } from '../storage/volume';
import type { Deployment, RollbackAlarmOptions } from './deployment';
import type { ICallableService } from './service-port';
import type { ServiceScaling } from './service-scaling';
import type { IAppEnvironment, WorkloadOverrides } from './workload-environment';

/** What every workload (web service, worker service, scheduled task) is given. */
export interface WorkloadOptions {
  /**
   * The cluster the workload runs in: a `PlatformCluster`, or an existing one
   * (`PlatformCluster.fromClusterAttributes(...)`). Give this or `appEnvironment`.
   *
   * @default - the cluster of `appEnvironment`
   */
  readonly cluster?: IPlatformCluster;

  /**
   * The environment of an application the workload runs in (`shop.addEnvironment('Staging', ...)`): its
   * cluster, its shared load balancer and its settings, read from another stack without CloudFormation
   * exports. Give this or `cluster`.
   *
   * @default - none: `cluster` says where the workload runs
   */
  readonly appEnvironment?: IAppEnvironment;

  /**
   * What the workload does differently in an environment, by environment name (`{ Staging: { cpu:
   * 256, memoryMiB: 512 } }`): the entry of `appEnvironment` applies, after that environment's own
   * `workloadDefaults`.
   *
   * @default - the same in every environment
   */
  readonly overrides?: { [environmentName: string]: WorkloadOverrides };

  /**
   * The main container's image: `release.image` of an `ImageRelease` (the released tag; no task runs
   * before the first release), `repository.imageByTag('v1.2.3')`, `imageByDigest(...)`,
   * `new SourceImage(...).image`, `imagePendingPush()` (no task, with a warning), or any
   * `ecs.ContainerImage`.
   */
  readonly image: ecs.ContainerImage;

  /**
   * Where tasks run: `Placement.fargate()`, `Placement.fargateSpot({ onDemandBase })` or
   * `Placement.ec2(pool)`.
   *
   * @default - the cluster's default placement
   */
  readonly placement?: Placement;

  /**
   * The task's CPU units (1024 = 1 vCPU). On Fargate, one of 256, 512, 1024, 2048, 4096, 8192, 16384;
   * on EC2, at most what one instance type of the pool has.
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * The task's memory in MiB. On Fargate, a value Fargate offers for the CPU; on EC2, at most what one
   * instance type of the pool registers.
   *
   * @default 512
   */
  readonly memoryMiB?: number;

  /**
   * The CPU architecture the image is built for: the task's runtime platform. On EC2 it must be the
   * pool's (an image for the other one fails with "exec format error").
   *
   * @default - the pool's architecture on EC2; X86_64 on Fargate
   */
  readonly architecture?: ecs.CpuArchitecture;

  /**
   * The command, replacing the image's CMD.
   *
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Environment variables. cdk-nag's AwsSolutions-ECS2 flags every environment variable (it prefers
   * secrets); acknowledge it for values that are not secret. Names ECS reserves for credentials
   * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `ECS_ENGINE_AUTH_DATA`) are refused.
   *
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Secrets from Secrets Manager or SSM Parameter Store (`ecs.Secret.fromSecretsManager(secret, 'field')`,
   * `ecs.Secret.fromSsmParameter(parameter)`), read by the execution role at task start; kms:Decrypt
   * is granted when the secret's or parameter's key is known to the stack.
   *
   * @default - none
   */
  readonly secrets?: { [name: string]: ecs.Secret };

  /**
   * The user (name, UID, or `UID:GID`) the main container runs as.
   *
   * @default - the image's USER
   */
  readonly user?: string;

  /**
   * Mount the container's root filesystem read-only; `writablePaths` stay writable.
   *
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Paths that stay writable with a read-only root filesystem, each backed by the task's ephemeral
   * storage. On Fargate such a volume is owned by root (mode 0755) unless the image declares the
   * path with `VOLUME`, in which case ECS copies its owner and mode: with a non-root `user`, declare
   * each path in the Dockerfile (`VOLUME ["/tmp"]`) so the user can write to it.
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * The main container's health check (Docker HEALTHCHECK, run by the ECS agent). Interval 5 to 300 s,
   * timeout 2 to 60 s, retries 1 to 10, start period 0 to 300 s.
   *
   * @default - none (a web service is still checked by its load balancer)
   */
  readonly healthCheck?: ecs.HealthCheck;

  /**
   * How long ECS waits after SIGTERM before it kills the main container. Fargate allows at most 120 s.
   *
   * @default Duration.seconds(30)
   */
  readonly stopTimeout?: Duration;

  /**
   * How long the workload's logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the log group when it leaves the stack: logs are data, so it is kept.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * Allow `aws ecs execute-command` into the tasks. AWS documents ECS Exec as needing a writable root
   * filesystem; with a read-only one, the directories the SSM agent writes (`/managed-agents`,
   * `/var/lib/amazon/ssm`, `/var/log/amazon/ssm`) are mounted writable, the known workaround
   * (aws/containers-roadmap#1359). If sessions do not start, set `readonlyRootFilesystem: false`.
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * Persistent volumes mounted into the main container: `Volume.efs(files, { containerPath: '/data' })`
   * for a `SharedFileSystem`. Each directory gets an access point of the workload's own, owned by its
   * `user`, which must then be numeric and not root ("1000:1000"). The root filesystem stays read-only.
   * Not on Bottlerocket pools (no TLS or IAM authorization for EFS there).
   *
   * @default - none
   */
  readonly volumes?: Volume[];
}

/** What web and worker services are given beyond {@link WorkloadOptions}. */
export interface ServiceOptions extends WorkloadOptions {
  /**
   * How many tasks run, when `scaling` is not set.
   *
   * @default 2 for a web or network service (one per Availability Zone), 1 for a worker
   */
  readonly desiredCount?: number;

  /**
   * Auto scaling. When set, deploys leave the running task count alone (no desired count is sent).
   *
   * @default - a fixed `desiredCount`
   */
  readonly scaling?: ServiceScaling;

  /**
   * The lowest percentage of desired tasks that keep running during a deploy. When it lets ECS stop no
   * task first (100, or a share that rounds up to every task), a rolling deploy on an EC2 pool needs
   * room for one task more than the count at `maxInstances`: synth refuses it otherwise.
   *
   * @default 100 (a deploy never reduces capacity)
   */
  readonly minHealthyPercent?: number;

  /**
   * The highest percentage of desired tasks that run during a deploy.
   *
   * @default 200 (a whole new set starts before the old one stops)
   */
  readonly maxHealthyPercent?: number;

  /**
   * Roll back automatically when the deployment circuit breaker finds that new tasks do not become
   * healthy. The circuit breaker itself is always on.
   *
   * @default true
   */
  readonly rollbackOnFailure?: boolean;

  /**
   * More CloudWatch alarms that, when they fire during a deploy or its bake time, roll it back (next
   * to the `rollbackAlarms` the library builds). Give them literal names (`alarmName`) when they use
   * the service's own metrics: ECS lists alarms by name, and a reference would be circular.
   *
   * @default - none
   */
  readonly deploymentAlarms?: cloudwatch.IAlarm[];

  /**
   * How a new version rolls out: `Deployment.rolling()`, `canary({ percent })`, `linear({ stepPercent })`
   * or `blueGreen({ bake })`. Canary and linear need a load balancer (a `WebService`). The progressive
   * strategies run a full second set of tasks until their bake time ends.
   *
   * @default Deployment.rolling()
   */
  readonly deployment?: Deployment;

  /**
   * The alarms built from the service's own metrics that roll a release back (web: one alarm on the target
   * 5xx share, p99 response time and unhealthy targets; worker: tasks running below desired, from Container
   * Insights). They notify the cluster's notification topic.
   *
   * @default - on, with 5 % errors, 3 s p99 and 3 one-minute periods
   */
  readonly rollbackAlarms?: RollbackAlarmOptions;

  /**
   * The services this one calls through ECS Service Connect: each must publish a port (a `WorkerService`
   * with `port`, a `WebService` with `serviceConnectName`) in this cluster's namespace, and be created
   * before this one. Each callee's security group admits this service on its port, and nothing more is
   * opened; the code reaches a callee at its `serviceConnectEndpoint.address` (`http://api:8080`).
   * The task then runs the Service Connect proxy, which is counted in its size (256 CPU units, 64 MiB).
   *
   * @default - none: the service joins Service Connect only if it publishes a port
   */
  readonly calls?: ICallableService[];
}

/** A container that runs next to the main one (a log router, a proxy, an agent). */
export interface SidecarOptions {
  /** The image. */
  readonly image: ecs.ContainerImage;

  /** Memory reserved for the sidecar, in MiB; the main container gets the rest of the task's. */
  readonly memoryMiB: number;

  /**
   * CPU units reserved for the sidecar.
   *
   * @default 0 (shares the task's CPU)
   */
  readonly cpu?: number;

  /**
   * The command.
   *
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * Environment variables.
   *
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Secrets.
   *
   * @default - none
   */
  readonly secrets?: { [name: string]: ecs.Secret };

  /**
   * The user the sidecar runs as.
   *
   * @default - the image's USER
   */
  readonly user?: string;

  /**
   * Stop the task when the sidecar stops.
   *
   * @default true
   */
  readonly essential?: boolean;

  /**
   * Mount the sidecar's root filesystem read-only.
   *
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * The sidecar's health check.
   *
   * @default - none
   */
  readonly healthCheck?: ecs.HealthCheck;
}
