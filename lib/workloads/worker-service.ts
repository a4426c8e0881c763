import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Deployment } from './deployment';
import { refuseWithBridge, serviceConnections } from './private/bridge';
import { workerRollbackAlarms } from './private/deployment-alarms';
import { followScalingSignals } from './private/scaling';
import { resolveTaskPort } from './private/service-connect';
import { createService, enableRollback } from './private/workload-service';
import { WorkloadTask } from './private/workload-task';
import { ICallableService, ServiceConnectEndpoint, ServicePort } from './service-port';
import { ServiceOptions, SidecarOptions } from './workload-options';

/** Properties of a {@link WorkerService}. */
export interface WorkerServiceProps extends ServiceOptions {
  /**
   * A port the main container listens on, without a load balancer: `ServicePort.http(8080)`,
   * `http2`, `grpc`, `tcp` or `udp`. TCP-based ports are published through ECS Service Connect
   * (`<name>:<port>` for services that name this one in `calls`); only the callers, and what
   * `reachableFrom` names (`Reachable.vpc()`, `Reachable.services([...])`), may connect.
   *
   * @default - no port: the tasks accept no inbound connection
   */
  readonly port?: ServicePort;
}

/**
 * A service with no load balancer: queue consumers, stream processors, background jobs, and internal
 * APIs that other services call through Service Connect (`port`). Tasks accept no inbound connection
 * unless `port` says who may connect; they run on Fargate, Fargate Spot or an EC2 pool.
 */
export class WorkerService extends Construct implements ICallableService {
  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;
  /** The main container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service (a FargateService or an Ec2Service). */
  public readonly service: ecs.BaseService;
  /** The log group of every container of the task. */
  public readonly logGroup: logs.LogGroup;
  /** The task count scaling, when `scaling` is set (and the image is not pending). */
  public readonly scaling?: ecs.ScalableTaskCount;
  /** How new versions roll out. */
  public readonly deployment: Deployment;
  /** The alarms built from the service's metrics that roll a release back (tasks running below desired). */
  public readonly rollbackAlarms: cloudwatch.Alarm[];
  /** Where callers reach the service through Service Connect, when its `port` is published. */
  public readonly serviceConnectEndpoint?: ServiceConnectEndpoint;

  private readonly task: WorkloadTask;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    if (props.port) {
      refuseWithBridge(this, props, 'port', props.port.port,
        'is reached at the task\'s own address and security group; a bridge task\'s port is a dynamic port of its instance, which callers cannot find',
        'port with TaskNetworking.awsvpc() (the default), or a bridge worker without port (a WebService for HTTP behind a load balancer)');
    }
    this.task = new WorkloadTask(this, props, resolveTaskPort(this, 'port', props.port));
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;
    const { service, scaling, deployment, serviceConnectEndpoint } = createService(this, this.task, props, {
      defaultDesiredCount: 1,
      loadBalanced: false,
      scalingSupport: {
        workload: 'a worker',
        refused: {
          requests: 'needs a load balancer, which a worker has not',
          backlog: 'reads the backlog of the worker\'s queue, and this worker has no queue',
        },
      },
    });
    this.service = service;
    this.scaling = scaling;
    followScalingSignals(this, scaling, props.scaling, {});
    this.deployment = deployment;
    this.serviceConnectEndpoint = serviceConnectEndpoint;
    this.rollbackAlarms = workerRollbackAlarms(this, props.cluster, service, props.rollbackAlarms);
    enableRollback(service, [...this.rollbackAlarms, ...props.deploymentAlarms ?? []]);
  }

  /**
   * The tasks' security groups: what callers and `Reachable.services([...])` peers are admitted by.
   * Not available with bridge networking, where tasks use their instances' group.
   */
  public get connections(): ec2.Connections {
    return serviceConnections(this, this.task.placement, this.service);
  }

  /** Adds a sidecar container; the main container's memory limit shrinks by the sidecar's. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    return this.task.addSidecar(name, options);
  }
}
