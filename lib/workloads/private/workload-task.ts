import { Annotations, CfnCondition, Duration, Lazy, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { originOf } from '../../cluster/cluster-reference';
import type { Placement } from '../../cluster/placement';
import { enisPerTask, TaskShape } from '../../cluster/private/pool-capacity';
import { TaskNetworking } from '../../cluster/task-networking';
import { checkPrivilegedPort, checkRetention, checkSecretRegions } from '../../core/checks';
import { checkAtSynth, fail, Problems } from '../../core/errors';
import { acknowledgeFinding, acknowledgeWildcardResources } from '../../core/nag';
import { guardStackLimits } from '../../core/stack-limits';
import { ImageReference } from '../../registry/image-reference';
import type { ServiceOptions, SidecarOptions, WorkloadOptions } from '../workload-options';
import type { WithCluster } from './app-environment';
import { validateContainer, validateStopTimeout, validateWritablePaths } from './container-checks';
import { portMapping, SERVICE_CONNECT_PROXY, TaskPort, usesServiceConnect } from './service-connect';
import { MountedFileSystem, mountVolumes } from './volumes';

/** The name of every workload's main container. */
export const MAIN_CONTAINER = 'app';

/**
 * The SSM agent behind ECS Exec writes here: AWS documents ECS Exec as needing a writable root
 * filesystem, and these three writable mounts are the known workaround (aws/containers-roadmap#1359).
 */
const EXEC_WRITABLE_PATHS = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The task definition, main container and log group every workload has, with the checks that
 * apply to all of them. Built by WebService, WorkerService and ScheduledTask.
 */
export class WorkloadTask {
  public readonly taskDefinition: ecs.TaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly placement: Placement;
  /** True when the image is a placeholder of an empty repository: the workload runs no task. */
  public readonly pendingImage: boolean;
  /** For the image of an ImageRelease: true in the deployed stack while nothing is released (no task runs). */
  public readonly unreleased?: CfnCondition;
  public readonly cpu: number;
  public readonly memoryMiB: number;
  /** The port the main container listens on, if any. */
  public readonly port?: TaskPort;
  /** What the Service Connect proxy is counted for, when the task runs one (it publishes or calls a port). */
  public readonly proxy?: { cpu: number; memoryMiB: number };
  /** The file systems the main container mounts (`volumes`): the workload admits itself to them once it has a security group. */
  public readonly fileSystems: MountedFileSystem[];
  /**
   * True when nothing of the workload needs a security group per task, so bridge networking is open to
   * it (no Service Connect, no worker port, a kind of workload that allows it): capacity messages name it.
   */
  public readonly bridgeable: boolean;

  private readonly sidecars: Array<{ name: string; options: SidecarOptions }> = [];
  /** Writable volumes by name, and the path each serves. */
  private readonly volumes = new Map<string, string>();
  /** Environment variables the library sets on the main container (a queue's URL, a topic's ARN): what each holds, by name. */
  private readonly libraryVariables = new Map<string, string>();

  /** `bridgeKind`: false for the kinds of workload that refuse bridge networking (NetworkService, ScheduledTask). */
  constructor(private readonly scope: Construct, private readonly props: WithCluster<WorkloadOptions>, port?: number | TaskPort, bridgeKind = true) {
    const { cluster } = props;
    this.port = typeof port === 'number' ? { port, protocol: 'http', serviceConnect: false } : port;
    this.proxy = usesServiceConnect(this.port, (props as ServiceOptions).calls) ? SERVICE_CONNECT_PROXY : undefined;
    this.placement = props.placement ?? cluster.defaultPlacement;
    this.cpu = props.cpu ?? 256;
    this.memoryMiB = props.memoryMiB ?? 512;
    this.pendingImage = props.image instanceof ImageReference && props.image.pendingPush;
    this.unreleased = props.image instanceof ImageReference ? props.image.unreleased : undefined;
    this.bridgeable = bridgeKind && !this.proxy && !this.port?.serviceConnect && this.port?.source === undefined;

    // Validate first.
    const capacity = this.placement._capacity;
    this.placement._check(scope, 'placement');
    capacity.checkCluster(scope, originOf(cluster));
    const architecture = capacity.architecture(scope, props.architecture, props.placement ? 'placement' : 'the cluster\'s defaultPlacement');
    if (!Token.isUnresolved(this.cpu) && !Token.isUnresolved(this.memoryMiB)) {
      capacity.checkTaskSize(scope, this.cpu, this.memoryMiB, this.proxy !== undefined);
    }
    this.validateProxyRoom();
    validateContainer(scope, '', props);
    checkSecretRegions(scope, 'secrets', props.secrets);
    checkRetention(scope, 'logRetention', props.logRetention);
    checkPrivilegedPort(scope, typeof port === 'number' ? port : port?.port, props.user);
    validateStopTimeout(scope, props.stopTimeout, capacity.maxStopTimeout);
    const writablePaths = [...(props.writablePaths ?? ['/tmp'])];
    validateWritablePaths(scope, writablePaths);
    const readonlyRootFilesystem = props.readonlyRootFilesystem ?? true;
    if (props.enableExecuteCommand && readonlyRootFilesystem) {
      writablePaths.push(...EXEC_WRITABLE_PATHS.filter(p => !writablePaths.includes(p)));
    }

    this.logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: cluster.key,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.taskDefinition = new ecs.TaskDefinition(scope, 'TaskDefinition', {
      ...capacity.taskDefinition(architecture),
      networkMode: this.placement.networking.networkMode,
      cpu: String(this.cpu),
      memoryMiB: String(this.memoryMiB),
    });

    this.container = this.taskDefinition.addContainer(MAIN_CONTAINER, {
      image: props.image,
      command: props.command,
      environment: props.environment,
      secrets: props.secrets,
      user: props.user,
      readonlyRootFilesystem,
      healthCheck: props.healthCheck,
      stopTimeout: props.stopTimeout ?? Duration.seconds(30),
      essential: true,
      // Control Tower CT.ECS.PR.7 asks for a container-level memory limit: the task's, less the sidecars'.
      // With Service Connect, also less the proxy's share: ECS wants the task's memory above the containers' limits.
      memoryLimitMiB: Lazy.number({ produce: () => this.memoryMiB - this.reservedMemoryMiB() }),
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: MAIN_CONTAINER }),
      portMappings: this.port ? [portMapping(this.port)] : undefined,
    });
    this.mountWritablePaths(this.container, writablePaths);
    this.fileSystems = mountVolumes(scope, {
      volumes: props.volumes ?? [], user: props.user, cluster, placement: this.placement,
      taskDefinition: this.taskDefinition, container: this.container, writablePaths,
    });
    this.addSecretEndpoints(props.secrets);

    // ecr:GetAuthorizationToken has no resource scope; every other statement of the role is scoped.
    const executionRole = this.taskDefinition.obtainExecutionRole();
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken does not support resource-level permissions; image pull, logs and secrets are scoped to their resources',
    });
    if (props.enableExecuteCommand) {
      Validations.of(this.taskDefinition.taskRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'ECS Exec: ssmmessages channel actions do not support resource-level permissions',
      });
      cluster.ensureEndpoint('SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES);
    }

    checkAtSynth(scope, problems => this.checkTask(problems));
    guardStackLimits(scope);
  }

  /** The capacity provider strategy the workload sends (always one, never a launch type). */
  public get strategies(): ecs.CapacityProviderStrategy[] {
    return this.placement._capacity.strategies(this.scope);
  }

  /**
   * Grants what aws-cdk-lib's services grant a task role for ECS Exec, for tasks no service starts
   * (scheduled tasks): the Session Manager channels and, when the cluster configures ECS Exec, the
   * platform key that encrypts sessions and the log group that records them.
   */
  public grantExecuteCommand(): void {
    const { cluster } = this.props;
    const stack = Stack.of(this.scope);
    this.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
      actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      resources: ['*'],
    }));
    if (cluster.executeCommandLogGroup) {
      this.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [cluster.key.keyArn] }));
      this.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }));
      this.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        // Written the way aws-cdk-lib's services write it, so both get the same cdk-nag acknowledgment.
        resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${cluster.executeCommandLogGroup.logGroupName}:*`],
      }));
    }
    this.acknowledgeExecLogStreams();
  }

  /**
   * Sets an environment variable of the library's on the main container (a queue's URL, a topic's ARN).
   * A name the workload's `environment` has too is refused. cdk-nag's AwsSolutions-ECS2 (environment
   * variables) is acknowledged for the library's variables when the task has no others; with others,
   * the user acknowledges it as before.
   */
  public addLibraryVariable(prop: string, name: string, value: string, what: string): void {
    if (this.props.environment?.[name] !== undefined) {
      fail(this.scope, 'environment', name, `is the variable the library sets to ${what} (${prop})`, 'other names in environment');
    }
    if (this.libraryVariables.has(name)) {
      fail(this.scope, prop, name, `is already set to ${this.libraryVariables.get(name)}`, 'a name of its own');
    }
    if (this.libraryVariables.size === 0) {
      this.taskDefinition.node.addValidation({
        validate: () => {
          const sidecarVariables = this.sidecars.filter(s => Object.keys(s.options.environment ?? {}).length > 0).length;
          const others = Object.keys(this.props.environment ?? {}).length + sidecarVariables;
          if (others === 0) {
            acknowledgeFinding(this.taskDefinition, 'AwsSolutions-ECS2', `The library's variables only (${[...this.libraryVariables]
              .map(([n, w]) => `${n}: ${w}`).join('; ')}): resource names and URLs, not secrets`);
          }
          return [];
        },
      });
    }
    this.libraryVariables.set(name, what);
    this.container.addEnvironment(name, value);
  }

  /** ECS Exec writes session logs to the cluster's log group, one stream per session: log-group:<name>:*. */
  public acknowledgeExecLogStreams(): void {
    acknowledgeWildcardResources(this.taskDefinition.taskRole, ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      'ECS Exec session logs go to log streams of the cluster\'s exec log group, which are created per session (log-group:<name>:*)');
  }

  /** Adds a sidecar container with the library's secure defaults. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    const prop = `addSidecar(${name})`;
    if (!CONTAINER_NAME.test(name) || name === MAIN_CONTAINER || this.sidecars.some(s => s.name === name)) {
      fail(this.scope, `${prop} name`, name, 'is not a free container name',
        `1 to 255 letters, digits, "-" and "_", unique in the task, and not "${MAIN_CONTAINER}" (the main container)`);
    }
    if (!Token.isUnresolved(options.memoryMiB) && (!Number.isInteger(options.memoryMiB) || options.memoryMiB < 6)) {
      fail(this.scope, `${prop} memoryMiB`, options.memoryMiB, 'is too small', 'a whole number of MiB, 6 or more (Docker\'s minimum)');
    }
    validateContainer(this.scope, `${prop} `, options);
    const proxy = this.proxy ? ` and the Service Connect proxy's ${this.proxy.memoryMiB} MiB` : '';
    const memory = this.reservedMemoryMiB() + options.memoryMiB;
    if (memory >= this.memoryMiB) {
      fail(this.scope, `${prop} memoryMiB`, options.memoryMiB, `brings the sidecars${proxy} to ${memory} MiB, which leaves the main container nothing of the task's ${this.memoryMiB} MiB`,
        `sidecars that together reserve less than the task's memoryMiB (${this.memoryMiB})${this.proxy ? ` less ${this.proxy.memoryMiB}` : ''}`);
    }
    const cpu = this.sidecars.reduce((sum, s) => sum + (s.options.cpu ?? 0), 0) + (options.cpu ?? 0) + (this.proxy?.cpu ?? 0);
    if (cpu > this.cpu) {
      fail(this.scope, `${prop} cpu`, options.cpu, `brings the sidecars${this.proxy ? ` and the Service Connect proxy's ${this.proxy.cpu} CPU units` : ''} to ${cpu} CPU units, more than the task's ${this.cpu}`,
        `sidecars that together reserve at most the task's cpu (${this.cpu})${this.proxy ? ` less ${this.proxy.cpu}` : ''}`);
    }
    if (this.placement.networking.isBridge) {
      Annotations.of(this.scope).addWarningV2(TaskNetworking.BRIDGE_SIDECAR_WARNING,
        `addSidecar(${name}): with bridge networking each container of the task has a network namespace of its own, so the main container ` +
        'cannot reach the sidecar at localhost (nor the sidecar it), as it could in awsvpc mode. Use TaskNetworking.awsvpc() for a sidecar ' +
        'reached over localhost (an OpenTelemetry collector, a proxy); acknowledge this warning for one that is not');
    }
    this.sidecars.push({ name, options });
    const readonlyRootFilesystem = options.readonlyRootFilesystem ?? true;
    const container = this.taskDefinition.addContainer(name, {
      image: options.image,
      command: options.command,
      environment: options.environment,
      secrets: options.secrets,
      user: options.user,
      essential: options.essential ?? true,
      readonlyRootFilesystem,
      healthCheck: options.healthCheck,
      cpu: options.cpu,
      memoryLimitMiB: options.memoryMiB,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: name }),
    });
    if (readonlyRootFilesystem) this.mountWritablePaths(container, ['/tmp']);
    this.addSecretEndpoints(options.secrets);
    return container;
  }

  /** Memory the main container cannot use: the sidecars' and the Service Connect proxy's. */
  private reservedMemoryMiB(): number {
    return this.sidecars.reduce((sum, s) => sum + s.options.memoryMiB, 0) + (this.proxy?.memoryMiB ?? 0);
  }

  /**
   * The Service Connect proxy is counted as AWS recommends (256 CPU units, 64 MiB), inside the task's
   * size, as a sidecar would be: a task smaller than that is refused; a task of exactly 256 CPU units
   * runs, with the app and the proxy sharing them, and a warning.
   */
  private validateProxyRoom(): void {
    const proxy = this.proxy;
    if (!proxy || Token.isUnresolved(this.cpu) || Token.isUnresolved(this.memoryMiB)) return;
    if (this.cpu < proxy.cpu) {
      fail(this.scope, 'cpu', this.cpu, `is less than the ${proxy.cpu} CPU units AWS recommends for the Service Connect proxy alone, which this task runs (it publishes or calls a port)`,
        `at least ${proxy.cpu}; ${2 * proxy.cpu} or more leaves ${proxy.cpu} for the app`);
    }
    if (this.cpu === proxy.cpu) {
      Annotations.of(this.scope).addWarningV2('cdk-ecs-platform:serviceConnectProxyCpu',
        `cpu ${this.cpu}: the app and the Service Connect proxy share the task's ${this.cpu} CPU units, where AWS recommends adding ${proxy.cpu} for the proxy. ` +
        `Give cpu ${2 * proxy.cpu} (memoryMiB 1024 or more on Fargate) to a busy service; acknowledge this warning for a quiet one`);
    }
  }

  private mountWritablePaths(container: ecs.ContainerDefinition, paths: string[]): void {
    for (const containerPath of paths) {
      // One volume per path, shared by the containers that mount it; "/a-b" and "/a_b" get two.
      const base = `writable-${containerPath.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      let name = base;
      for (let n = 2; this.volumes.has(name) && this.volumes.get(name) !== containerPath; n++) name = `${base}-${n}`;
      if (!this.volumes.has(name)) {
        this.volumes.set(name, containerPath);
        this.taskDefinition.addVolume({ name });
      }
      container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    }
  }

  /** In an endpoint-only VPC, tasks read secrets through the endpoints of Secrets Manager or SSM. */
  private addSecretEndpoints(secrets: { [name: string]: ecs.Secret } | undefined): void {
    for (const secret of Object.values(secrets ?? {})) {
      const arn = JSON.stringify(Stack.of(this.scope).resolve(secret.arn));
      if (arn.includes(':ssm:') || arn.includes('"ssm"')) {
        this.props.cluster.ensureEndpoint('Ssm', ec2.InterfaceVpcEndpointAwsService.SSM);
      } else {
        this.props.cluster.ensureEndpoint('SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
      }
    }
  }

  /**
   * Checks of what aws-cdk-lib escape hatches may have added to the task definition: the rendered
   * resource is read, so property overrides (`addPropertyOverride`) are seen too.
   */
  private checkTask(problems: Problems): void {
    const cfn = this.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    const rendered = Stack.of(this.scope).resolve((cfn as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as
      { Resources: Record<string, { Properties?: Record<string, unknown> }> };
    const properties = Object.values(rendered.Resources)[0]?.Properties ?? {};
    if (properties.PidMode === 'host') {
      problems.add(this.scope, 'taskDefinition pidMode', 'host', 'shares the host\'s process namespace (Security Hub ECS.3)', 'no pidMode, or "task"');
    }
    for (const c of (properties.ContainerDefinitions ?? []) as Array<Record<string, unknown>>) {
      if (c.Privileged === true || c.Privileged === 'true') {
        problems.add(this.scope, `container ${c.Name} privileged`, true, 'gives the container root on the host (Security Hub ECS.4)', 'privileged unset or false');
      }
      if (this.placement.networking.isBridge) {
        for (const mapping of (c.PortMappings ?? []) as Array<Record<string, unknown>>) {
          if (mapping.HostPort === undefined || mapping.HostPort === 0 || Token.isUnresolved(mapping.HostPort)) continue;
          problems.add(this.scope, `container ${c.Name} port mapping hostPort`, mapping.HostPort,
            'fixes a host port with bridge networking: one task per instance, which the pool\'s capacity check does not count, and a rolling ' +
            'deploy cannot start a new task next to an old one, nor is the load balancer admitted to that port',
            'no hostPort (or 0): ECS maps the container port to a dynamic host port');
        }
      }
    }
  }
}

/** What one task of a workload takes of an instance. */
export function taskShape(task: WorkloadTask): TaskShape {
  return {
    cpu: task.cpu,
    memoryMiB: task.memoryMiB,
    enis: enisPerTask(task.taskDefinition.networkMode),
    distinctInstance: task.placement.placementConstraints.some(c => c.type === 'distinctInstance'),
    bridgeable: task.bridgeable,
  };
}

