import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ClusterContext } from '../cluster/cluster-reference';
import { checkIntegerRange, fail } from '../core/errors';
import { DEFAULT_SSL_POLICY } from '../ingress/private/application-load-balancer';
import { validateCertificateRegion } from '../ingress/private/domain-names';
import { targetGroupSettings } from '../ingress/private/target-group';
import { Deployment } from './deployment';
import { NetworkPort } from './network-port';
import { resolveWorkload } from './private/app-environment';
import { refuseBridgeFor } from './private/bridge';
import { networkRollbackAlarms } from './private/deployment/deployment-alarms';
import { addWorkloadTopic } from './private/messaging/topics';
import { buildNetworkLoadBalancer } from './private/network-load-balancer';
import { addWorkloadOutputs } from './private/outputs';
import { followScalingSignals } from './private/scaling';
import { createService, enableRollback } from './private/workload-service';
import { MAIN_CONTAINER, WorkloadTask } from './private/workload-task';
import { ServiceTopicOptions } from './worker-queue';
import { ServiceOptions, SidecarOptions } from './workload-options';

/** Properties of a {@link NetworkService}. */
export interface NetworkServiceProps extends ServiceOptions {
  /** What the load balancer listens on: `NetworkPort.tcp(5432)`, `NetworkPort.tls(443, certificate)` or `NetworkPort.udp(53)`. */
  readonly listener: NetworkPort;

  /**
   * The port the main container listens on, with the listener's protocol (TCP for TLS).
   *
   * @default - the listener's port
   */
  readonly containerPort?: number;

  /**
   * The TCP port the load balancer checks. For UDP the container must answer on it over TCP (load
   * balancers do not check health over UDP).
   *
   * @default - the container port
   */
  readonly healthCheckPort?: number;

  /**
   * Check health over HTTP at this path (200-399 is healthy) instead of opening a TCP connection.
   *
   * @default - a TCP connection
   */
  readonly healthCheckPath?: string;

  /**
   * Reachable from the internet (public subnets, the listener's port open to 0.0.0.0/0) or only from
   * inside the VPC (private subnets, the port open to the VPC's CIDR block).
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * Cross-zone load balancing: each load balancer node sends to tasks in every zone. Off, a node sends
   * only to tasks of its own zone, and a zone without a healthy task (one task, or a deploy that
   * moves tasks) drops out of DNS. On, Elastic Load Balancing bills the traffic that crosses zones.
   *
   * @default true
   */
  readonly crossZone?: boolean;

  /**
   * Pass clients' IP addresses to the tasks for TCP and TLS (UDP always does). Off, tasks see the load
   * balancer's private address. The tasks admit the load balancer's security group either way.
   *
   * @default false (Elastic Load Balancing's default for IP targets)
   */
  readonly preserveClientIp?: boolean;

  /**
   * How often the load balancer checks each task.
   *
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;

  /**
   * How many checks in a row a new task must pass before it gets traffic.
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;

  /**
   * How long the load balancer keeps existing connections to a task it is draining.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * How long ECS ignores failing load balancer checks after a task starts.
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Where a TLS listener's load balancer writes access logs (Network Load Balancers log TLS
   * connections only; refused for TCP and UDP).
   *
   * @default - with a TLS listener, the stack's access-log bucket (`LoadBalancerAccessLogs`), shared by the
   * load balancers of the stack's web and network services, each under its construct path (SSE-S3, SSL
   * enforced, public access blocked, versioned, a year, retained); none for TCP and UDP
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Refuse to delete the load balancer (and so its DNS name) until this is turned off again.
   *
   * @default false (so `cdk destroy` works)
   */
  readonly deletionProtection?: boolean;

  /**
   * The security policy of a TLS listener (`NetworkPort.tls`): which TLS versions and ciphers clients may
   * use. Set `elbv2.SslPolicy.RECOMMENDED_TLS` to keep the policy of earlier versions of this library.
   * Refused for TCP and UDP listeners, which have none.
   *
   * @default elbv2.SslPolicy.TLS13_12_PQ (`ELBSecurityPolicy-TLS13-1-2-PQ-2025-09`: TLS 1.2 and 1.3,
   * post-quantum key exchange offered), with a TLS listener
   */
  readonly sslPolicy?: elbv2.SslPolicy;
}

/**
 * A service behind a Network Load Balancer: TCP, TLS or UDP, internet-facing or internal, with a
 * security group on the load balancer, tasks that admit only that group, and health checks and
 * deregistration tuned so that a rolling deploy waits 50 s on load balancer settings (10 s x 2 checks
 * + 30 s), against 450 s with aws-cdk-lib's defaults. Deploys are rolling (ECS's traffic-shifting
 * strategies move listener rules, which Network Load Balancers do not have).
 */
export class NetworkService extends Construct {
  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;
  /** The main container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service. */
  public readonly service: ecs.BaseService;
  /** The load balancer. */
  public readonly loadBalancer: elbv2.NetworkLoadBalancer;
  /** The load balancer's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The listener. */
  public readonly listener: elbv2.NetworkListener;
  /** The target group of the tasks. */
  public readonly targetGroup: elbv2.NetworkTargetGroup;
  /** Where the load balancer writes access logs (TLS listeners only). */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The log group of every container of the task. */
  public readonly logGroup: logs.LogGroup;
  /** The task count scaling, when `scaling` is set (and the image is not pending). */
  public readonly scaling?: ecs.ScalableTaskCount;
  /** The alarms that roll a release back (unhealthy targets). */
  public readonly rollbackAlarms: cloudwatch.Alarm[];
  /** The load balancer's DNS name and the listener's port: `<dns>:<port>`. */
  public readonly endpoint: string;
  /**
   * How long a rolling deploy waits on load balancer settings: health check interval x healthy
   * threshold + deregistration delay. Registering a target with a Network Load Balancer can take
   * longer than the health checks (Elastic Load Balancing says "a few minutes"); that part is not
   * in your settings.
   */
  public readonly loadBalancerDeployWait: Duration;

  private readonly task: WorkloadTask;
  private readonly cluster: ClusterContext;

  constructor(scope: Construct, id: string, props: NetworkServiceProps) {
    super(scope, id);
    const resolved = resolveWorkload(this, props, { countProp: 'desiredCount', services: true, takesDeployment: d => !d.isProgressive });
    const { listener, cluster } = resolved;
    this.cluster = cluster;
    const containerPort = resolved.containerPort ?? listener.port;
    const healthCheckPort = resolved.healthCheckPort ?? containerPort;
    const udp = listener.protocol === elbv2.Protocol.UDP;

    // Validate first.
    checkIntegerRange(this, 'listener port', listener.port, 1, 65535);
    checkIntegerRange(this, 'containerPort', containerPort, 1, 65535);
    checkIntegerRange(this, 'healthCheckPort', healthCheckPort, 1, 65535);
    const { deregistrationDelay, healthCheck, deployWait } = targetGroupSettings(this, resolved, {
      protocol: resolved.healthCheckPath ? elbv2.Protocol.HTTP : elbv2.Protocol.TCP,
      port: healthCheckPort === containerPort && !udp ? undefined : String(healthCheckPort),
    });
    if (listener.protocol === elbv2.Protocol.TLS && !listener.certificate) {
      // aws-cdk-lib would refuse it later, without a construct path ("you must specify certificates").
      fail(this, 'listener', `NetworkPort.tls(${listener.port})`, 'has no certificate, and a TLS listener ends TLS at the load balancer with one',
        'NetworkPort.tls(port, certificate) with an ACM certificate of the stack\'s region, or NetworkPort.tcp(port) to pass TLS through to the tasks');
    }
    validateCertificateRegion(this, 'listener certificate', listener.certificate);
    if (resolved.sslPolicy !== undefined && listener.protocol !== elbv2.Protocol.TLS) {
      fail(this, 'sslPolicy', resolved.sslPolicy, `applies to a TLS listener, and the listener is ${listener.protocol}, so it would be ignored`,
        'sslPolicy together with NetworkPort.tls(port, certificate), or no sslPolicy');
    }
    if (udp && resolved.healthCheckPath !== undefined && resolved.healthCheckPort === undefined) {
      // Elastic Load Balancing checks UDP targets over TCP or HTTP: without healthCheckPort, on the UDP port's number.
      fail(this, 'healthCheckPath', resolved.healthCheckPath, `checks health over HTTP on port ${containerPort}, the number of the service's UDP port, as no healthCheckPort is given: ` +
        'a task becomes healthy only if its container also serves HTTP over TCP on that port',
      'healthCheckPort: the TCP port the container serves that path on (such as 8080), or no healthCheckPath (a TCP connection to the port)');
    }
    if (udp && resolved.preserveClientIp === false) {
      fail(this, 'preserveClientIp', false, 'cannot be turned off for UDP: Network Load Balancers always pass clients\' addresses to UDP targets', 'true or unset with NetworkPort.udp()');
    }
    const deployment = resolved.deployment ?? Deployment.rolling();
    if (deployment.isProgressive) {
      fail(this, 'deployment', `Deployment.${deployment.kind}()`, 'is not available behind a Network Load Balancer here: ECS moves traffic through listener rules, which Network Load Balancers do not have',
        'Deployment.rolling() for a NetworkService (a WebService for canary, linear and blue/green)');
    }
    for (const prop of ['errorRatePercent', 'responseTime'] as const) {
      if (resolved.rollbackAlarms?.[prop] !== undefined) {
        fail(this, `rollbackAlarms.${prop}`, String(resolved.rollbackAlarms[prop]), 'watches HTTP responses, which a Network Load Balancer does not see',
          'periods and enabled for a NetworkService (its alarm watches unhealthy targets)');
      }
    }

    refuseBridgeFor(this, resolved, 'a NetworkService',
      'a Network Load Balancer\'s instance targets see the clients\' own addresses, so the pool\'s instances would have to admit every client on the whole dynamic port range',
      'Placement.ec2(pool) (awsvpc, the default networking) for a NetworkService; bridge networking for a WebService or a worker');

    // UDP: the container's port mapping is UDP, and the health check reaches it over TCP.
    this.task = new WorkloadTask(this, resolved, udp ? undefined : containerPort, false);
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;
    if (udp) this.container.addPortMappings({ containerPort, protocol: ecs.Protocol.UDP });
    if (udp || healthCheckPort !== containerPort) this.container.addPortMappings({ containerPort: healthCheckPort, protocol: ecs.Protocol.TCP });

    const built = buildNetworkLoadBalancer(this, id, {
      cluster, internetFacing: resolved.internetFacing ?? true, listener, crossZone: resolved.crossZone ?? true,
      accessLogsBucket: resolved.accessLogsBucket, deletionProtection: resolved.deletionProtection,
    });
    this.loadBalancer = built.loadBalancer;
    this.securityGroup = built.securityGroup;
    this.accessLogsBucket = built.accessLogsBucket;

    const { service, scaling } = createService(this, this.task, { ...resolved, deployment }, {
      defaultDesiredCount: 2,
      healthCheckGracePeriod: resolved.healthCheckGracePeriod ?? Duration.seconds(60),
      loadBalanced: true,
      scalingSupport: {
        workload: 'a NetworkService',
        refused: {
          requests: 'counts HTTP requests, which a Network Load Balancer does not see',
          backlog: 'reads the backlog of a queue, which a network service does not consume',
        },
      },
    });
    this.service = service;
    this.scaling = scaling;
    followScalingSignals(this, scaling, resolved.scaling, {});

    this.targetGroup = new elbv2.NetworkTargetGroup(this, 'TargetGroup', {
      vpc: cluster.vpc,
      port: containerPort,
      protocol: listener.targetProtocol,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay,
      preserveClientIp: udp ? undefined : resolved.preserveClientIp ?? false,
      healthCheck,
      targets: [service.loadBalancerTarget({ containerName: MAIN_CONTAINER, containerPort, protocol: udp ? ecs.Protocol.UDP : ecs.Protocol.TCP })],
    });
    this.listener = this.loadBalancer.addListener('Listener', {
      port: listener.port,
      protocol: listener.protocol,
      certificates: listener.certificate ? [listener.certificate] : undefined,
      // Network Load Balancers take the post-quantum policies too:
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
      sslPolicy: listener.certificate ? resolved.sslPolicy ?? DEFAULT_SSL_POLICY : undefined,
      defaultTargetGroups: [this.targetGroup],
    });
    // The tasks admit the load balancer's group only, on the traffic and health check ports.
    const trafficPort = udp ? ec2.Port.udp(containerPort) : ec2.Port.tcp(containerPort);
    service.connections.allowFrom(this.securityGroup, trafficPort, 'Load balancer to target');
    if (udp || healthCheckPort !== containerPort) service.connections.allowFrom(this.securityGroup, ec2.Port.tcp(healthCheckPort), 'Load balancer health checks');

    this.rollbackAlarms = networkRollbackAlarms(this, cluster, this.targetGroup, resolved.rollbackAlarms, this.loadBalancer);
    enableRollback(service, [...this.rollbackAlarms, ...resolved.deploymentAlarms ?? []]);
    this.endpoint = `${this.loadBalancer.loadBalancerDnsName}:${listener.port}`;
    this.loadBalancerDeployWait = deployWait;
    if (props.appEnvironment) {
      addWorkloadOutputs(this, { cluster: resolved.cluster, logGroup: this.logGroup, container: this.container, service, url: this.endpoint });
    }
  }

  /** Adds a sidecar container; the main container's memory limit shrinks by the sidecar's. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    return this.task.addSidecar(name, options);
  }

  /**
   * Adds an SNS topic the workload owns and publishes to (Copilot's `publish.topics`): encrypted with the
   * platform key, TLS only; the task role may publish to it, and the container finds its ARN in
   * `<NAME>_TOPIC_ARN` (`order-events` gives `ORDER_EVENTS_TOPIC_ARN`). Workers subscribe their queues to it.
   */
  public addTopic(name: string, options: ServiceTopicOptions = {}): sns.Topic {
    return addWorkloadTopic(this, this.task, this.cluster, name, options);
  }
}
