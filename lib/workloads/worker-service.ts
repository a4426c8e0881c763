import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ClusterContext } from '../cluster/cluster-reference';
import { fail } from '../core/errors';
import { Deployment } from './deployment';
import { resolveWorkload } from './private/app-environment';
import { refuseWithBridge, serviceConnections } from './private/bridge';
import { workerRollbackAlarms } from './private/deployment/deployment-alarms';
import { validateBacklog } from './private/messaging/backlog-scaling';
import { buildWorkerQueue, subscribeQueue } from './private/messaging/queue';
import { addWorkloadTopic } from './private/messaging/topics';
import { addWorkloadOutputs } from './private/outputs';
import { followScalingSignals } from './private/scaling';
import { resolveTaskPort } from './private/service-connect';
import { createService, enableRollback } from './private/workload-service';
import { WorkloadTask } from './private/workload-task';
import { ICallableService, ServiceConnectEndpoint, ServicePort } from './service-port';
import { ServiceTopicOptions, TopicSubscription, WorkerQueue } from './worker-queue';
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

  /**
   * The SQS queue the worker consumes: `WorkerQueue.create()` for one it owns, with a dead-letter queue,
   * or `WorkerQueue.fromQueue(queue)`. The task role may receive, delete and change the visibility of
   * its messages, nothing more; the container finds its URL in `QUEUE_URL`. `scaling.backlog` scales
   * the worker on it, from zero tasks if you like.
   *
   * @default - no queue
   */
  readonly queue?: WorkerQueue;

  /**
   * SNS topics whose messages reach the queue (Copilot's `subscribe.topics`), each with an optional
   * filter policy: a topic another service owns (`service.addTopic('orders')`) or any topic. Needs `queue`.
   *
   * @default - none
   */
  readonly subscriptions?: TopicSubscription[];
}

/**
 * A service with no load balancer: queue consumers, stream processors, background jobs, and internal
 * APIs that other services call through Service Connect (`port`). Tasks accept no inbound connection
 * unless `port` says who may connect; they run on Fargate, Fargate Spot or an EC2 pool. With `queue`,
 * the worker consumes an SQS queue (subscribed to `subscriptions`) and may scale on its backlog.
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
  /** The queue the worker consumes, with `queue`. */
  public readonly queue?: sqs.IQueue;
  /** The dead-letter queue of a queue the worker owns (`WorkerQueue.create()`). */
  public readonly deadLetterQueue?: sqs.Queue;
  /** The subscriptions of the queue to the `subscriptions` topics. */
  public readonly subscriptions: sns.Subscription[];

  private readonly task: WorkloadTask;
  private readonly cluster: ClusterContext;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const resolved = resolveWorkload(this, props, { countProp: 'desiredCount', services: true, takesDeployment: d => !d.shiftsTraffic });
    if (resolved.port) {
      refuseWithBridge(this, resolved, 'port', resolved.port.port,
        'is reached at the task\'s own address and security group; a bridge task\'s port is a dynamic port of its instance, which callers cannot find',
        'port with TaskNetworking.awsvpc() (the default), or a bridge worker without port (a WebService for HTTP behind a load balancer)');
    }
    if ((resolved.subscriptions ?? []).length > 0 && !resolved.queue) {
      fail(this, 'subscriptions', resolved.subscriptions!.map(s => s.topic.node.path), 'deliver to the worker\'s queue, and it has none',
        'queue: WorkerQueue.create() (or WorkerQueue.fromQueue(queue)) with subscriptions');
    }
    const backlog = resolved.scaling?.backlog;
    if (backlog && resolved.queue) {
      validateBacklog(this, backlog);
      if (resolved.cluster.containerInsights === ecs.ContainerInsights.DISABLED) {
        fail(this, 'scaling.backlog', 'set', `divides the backlog by the running tasks, which Container Insights counts, and cluster ${resolved.cluster.node.path} has it disabled`,
          'Container Insights on the cluster (containerInsights ENABLED, the default, or ENHANCED), or cpuTargetPercent scaling');
      }
    }
    this.cluster = resolved.cluster;
    this.task = new WorkloadTask(this, resolved, resolveTaskPort(this, 'port', resolved.port));
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;

    if (resolved.queue) {
      const timing = { stopTimeout: resolved.stopTimeout ?? Duration.seconds(30), timePerMessage: backlog?.timePerMessage };
      const built = buildWorkerQueue(this, resolved.queue, timing);
      this.queue = built.queue;
      this.deadLetterQueue = built.deadLetterQueue;
      this.queue.grantConsumeMessages(this.taskDefinition.taskRole);
      this.task.addLibraryVariable('queue', 'QUEUE_URL', this.queue.queueUrl, 'the URL of the worker\'s queue');
    }

    const { service, scaling, deployment, serviceConnectEndpoint } = createService(this, this.task, resolved, {
      defaultDesiredCount: 1,
      loadBalanced: false,
      scalingSupport: {
        workload: 'a worker',
        refused: {
          requests: 'needs a load balancer, which a worker has not',
          backlog: this.queue ? undefined : 'reads the backlog of the worker\'s queue, and this worker has no queue',
        },
      },
    });
    this.service = service;
    this.scaling = scaling;
    this.deployment = deployment;
    this.serviceConnectEndpoint = serviceConnectEndpoint;
    followScalingSignals(this, scaling, resolved.scaling, {
      backlog: this.queue && { queue: this.queue, clusterName: resolved.cluster.cluster.clusterName, serviceName: service.serviceName },
    });
    this.subscriptions = this.queue ? subscribeQueue(this, this.queue, resolved.subscriptions ?? []) : [];
    if (props.appEnvironment) {
      addWorkloadOutputs(this, {
        cluster: resolved.cluster, logGroup: this.logGroup, container: this.container, service,
        serviceConnectAddress: serviceConnectEndpoint?.address,
      });
    }
    this.rollbackAlarms = workerRollbackAlarms(this, resolved.cluster, service, resolved.rollbackAlarms);
    enableRollback(service, [...this.rollbackAlarms, ...resolved.deploymentAlarms ?? []]);
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

  /**
   * Adds an SNS topic the worker owns and publishes to (Copilot's `publish.topics`): encrypted with the
   * platform key, TLS only; the task role may publish to it, and the container finds its ARN in
   * `<NAME>_TOPIC_ARN` (`order-events` gives `ORDER_EVENTS_TOPIC_ARN`). Other workers subscribe to it.
   */
  public addTopic(name: string, options: ServiceTopicOptions = {}): sns.Topic {
    return addWorkloadTopic(this, this.task, this.cluster, name, options);
  }
}
