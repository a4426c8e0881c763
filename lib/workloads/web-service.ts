import { CfnResource, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ClusterContext } from '../cluster/cluster-reference';
import { dropRedundantDependsOn } from '../core/dependencies';
import { checkIntegerRange } from '../core/errors';
import { Domain } from '../ingress/domain';
import { Ingress } from '../ingress/ingress';
import { buildLoadBalancer, validateLoadBalancerOptions } from '../ingress/private/application-load-balancer';
import { createAliasRecords, createCertificate, validateCertificateRegion, validateDomain } from '../ingress/private/domain-names';
import { targetGroupSettings } from '../ingress/private/target-group';
import { Route } from '../ingress/route';
import { Deployment } from './deployment';
import { admitLoadBalancerToPool, refuseWithBridge, serviceConnections, targetTypeOf } from './private/bridge';
import { attachBlueGreen, createBlueGreenTargets } from './private/deployment/blue-green';
import { webRollbackAlarms } from './private/deployment/deployment-alarms';
import { releaseWait } from './private/deployment/deployment-rules';
import { addWorkloadTopic } from './private/messaging/topics';
import { addWorkloadOutputs } from './private/outputs';
import { followScalingSignals } from './private/scaling';
import { resolveTaskPort } from './private/service-connect';
import { attachToIngress, validateIngressProps, webServiceProps } from './private/shared-ingress';
import { createService, enableRollback } from './private/workload-service';
import { MAIN_CONTAINER, WorkloadTask } from './private/workload-task';
import { ICallableService, ServiceConnectEndpoint } from './service-port';
import { ServiceTopicOptions } from './worker-queue';
import { ServiceOptions, SidecarOptions } from './workload-options';

/** Properties of a {@link WebService}. */
export interface WebServiceProps extends ServiceOptions {
  /**
   * The port the main container listens on. Above 1023, so the container needs no root to bind it.
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * The path the load balancer checks; a response from 200 to 399 means healthy.
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;

  /**
   * Reachable from the internet (public subnets) or only from inside the VPC (private subnets).
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * An ACM certificate of the stack's region: the load balancer then serves HTTPS on 443 (TLS 1.2+
   * policy) and redirects HTTP on 80 to it. Without one (and without `domain`) it serves HTTP on 80.
   * A certificate of another region is refused. With `domain`, this certificate is served instead of
   * requesting one, and the domain gives the alias records (assumed: the certificate covers its names).
   *
   * @default - HTTP only, unless `domain` is given
   */
  readonly certificate?: acm.ICertificate;

  /**
   * A DNS name in a Route 53 hosted zone (`Domain.fromHostedZone({ zone, name })`): the service gets
   * a DNS-validated certificate for it (unless `certificate` is given), HTTPS on 443 (TLS 1.2+) with a redirect from 80, and an alias
   * record pointing at its load balancer. Not with `ingress` (the ingress has the domain).
   *
   * @default - no domain
   */
  readonly domain?: Domain;

  /**
   * A shared load balancer to attach to instead of building one: the service adds a target group and
   * a listener rule for `route` to the ingress's listener, in this service's stack. The load balancer
   * props (`internetFacing`, `certificate`, `domain`, `accessLogsBucket`, `deletionProtection`) belong
   * to the ingress then.
   *
   * @default - the service has a load balancer of its own
   */
  readonly ingress?: Ingress;

  /**
   * Which requests of the `ingress` reach this service: `Route.host('shop.example.com')`,
   * `Route.path('/api/*')`, `Route.hostAndPath(...)` or `Route.match({ hosts, paths })`. Required with
   * `ingress`.
   *
   * @default - no route (the service's own load balancer sends it every request)
   */
  readonly route?: Route;

  /**
   * How often the load balancer checks each task. With `healthyThresholdCount` it sets how long a new
   * task waits before it gets traffic.
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
   * How long the load balancer keeps sending in-flight requests to a task it is draining. Raise it for
   * long requests, uploads, WebSockets or server-sent events: every rolling deploy waits this long.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * How long ECS ignores failing load balancer checks after a task starts (its cold start).
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Where the load balancer writes access logs.
   *
   * @default - the stack's access-log bucket (`LoadBalancerAccessLogs`), shared by the load balancers of
   * the stack's web and network services, each under its construct path: SSE-S3 (the only encryption
   * ALB log delivery supports), SSL enforced, public access blocked, versioned, logs expired after a
   * year, retained when the stack goes away
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Refuse to delete the load balancer (and so its DNS name) until this is turned off again.
   *
   * @default false (so `cdk destroy` works)
   */
  readonly deletionProtection?: boolean;

  /**
   * The security policy of the HTTPS listener (with `domain` or `certificate`). Set
   * `elbv2.SslPolicy.RECOMMENDED_TLS` to keep what `ApplicationLoadBalancedFargateService` and earlier versions
   * of this library used. Not with `ingress` (set it on the Ingress).
   *
   * @default elbv2.SslPolicy.TLS13_12_PQ (`ELBSecurityPolicy-TLS13-1-2-PQ-2025-09`: TLS 1.2 and 1.3,
   * post-quantum key exchange offered)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Also publish the container port through ECS Service Connect under this name, so services that
   * name this one in `calls` reach it at `<name>:<containerPort>` without the load balancer.
   *
   * @default - not published
   */
  readonly serviceConnectName?: string;
}

/**
 * A load-balanced web service: an Application Load Balancer (public or internal, HTTPS with an HTTP
 * redirect when given a certificate) in front of tasks that pull their image from the registry and
 * run on Fargate, Fargate Spot or an EC2 pool.
 *
 * Rolling deploys are tuned to wait at most 50 seconds on load balancer settings (10 s health check
 * interval x 2 healthy checks + 30 s deregistration delay), against 450 s with aws-cdk-lib's defaults.
 */
export class WebService extends Construct implements ICallableService {
  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;
  /** The main container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service (a FargateService or an Ec2Service). */
  public readonly service: ecs.BaseService;
  /** The load balancer (the ingress's, with `ingress`: an imported one with `Ingress.fromListener`). */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The listener that forwards to the tasks (443 with a certificate, 80 without; the ingress's, with `ingress`). */
  public readonly listener: elbv2.IApplicationListener;
  /**
   * The listener rule that forwards to the tasks: with `ingress`, the rule of the route, in this
   * service's stack; with a blue/green, canary or linear deployment, the production rule whose weights
   * ECS moves. Undefined for a rolling service on its own load balancer (the listener's default action).
   */
  public readonly listenerRule?: elbv2.ApplicationListenerRule;
  /** The certificate of the HTTPS listener, when there is one (with `domain`, the one requested for it). */
  public readonly certificate?: acm.ICertificate;
  /** The target group of the tasks (with a progressive deployment, the one the first release starts in). */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * With a blue/green, canary or linear deployment: the second target group, where each release's new
   * tasks start (the two groups swap roles at every release).
   */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** How new versions roll out. */
  public readonly deployment: Deployment;
  /**
   * The alarm built from the target groups' metrics that rolls a release back: one, whose value adds up the
   * conditions breached (1 target 5xx, 2 p99 response time, 4 unhealthy targets), or none when turned off.
   */
  public readonly rollbackAlarms: cloudwatch.Alarm[];
  /**
   * How long a release waits once its new tasks started: on the load balancer (health checks, then
   * the deregistration delay) and on the strategy's bake times. Image pulls and application start
   * come on top.
   */
  public readonly releaseWait: Duration;
  /** The log group of every container of the task. */
  public readonly logGroup: logs.LogGroup;
  /** Where the load balancer writes access logs (undefined with an ingress of `Ingress.fromListener`: not known). */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The task count scaling, when `scaling` is set (and the image is not pending). */
  public readonly scaling?: ecs.ScalableTaskCount;
  /**
   * The URL of the service: `https://<domain name>` with a domain, `https://<dns>` with a certificate,
   * `http://<dns>` without; with `ingress`, the route's host (or the load balancer's DNS name) and the
   * literal start of its path.
   */
  public readonly url: string;
  /**
   * How long a rolling deploy waits on load balancer settings: health check interval x healthy
   * threshold (before a new task gets traffic) + deregistration delay (before an old one stops).
   */
  public readonly loadBalancerDeployWait: Duration;
  /** Where callers reach the service through Service Connect, with `serviceConnectName`. */
  public readonly serviceConnectEndpoint?: ServiceConnectEndpoint;

  private readonly task: WorkloadTask;
  private readonly cluster: ClusterContext;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const resolved = webServiceProps(this, id, props);
    const containerPort = resolved.containerPort ?? 8080;

    this.cluster = resolved.cluster;
    // Validate first.
    checkIntegerRange(this, 'containerPort', containerPort, 1, 65535);
    const { deregistrationDelay, healthCheck, healthyWait, deployWait } = targetGroupSettings(this, { ...resolved, healthCheckPath: resolved.healthCheckPath ?? '/' });
    validateLoadBalancerOptions(this, resolved);
    validateIngressProps(this, resolved);
    if (resolved.domain) validateDomain(this, resolved.domain);
    validateCertificateRegion(this, 'certificate', resolved.certificate);
    if (resolved.serviceConnectName !== undefined) {
      refuseWithBridge(this, resolved, 'serviceConnectName', resolved.serviceConnectName,
        'publishes the port through Service Connect, whose callers are admitted by the security group of this service\'s tasks',
        'serviceConnectName with TaskNetworking.awsvpc() (the default), or bridge networking without it');
    }

    this.task = new WorkloadTask(this, resolved, resolveTaskPort(this, 'containerPort', undefined, { port: containerPort, name: resolved.serviceConnectName }));
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;
    const { cluster, ingress } = resolved;

    let url: string;
    let ownListener: elbv2.ApplicationListener | undefined;
    if (ingress) {
      this.loadBalancer = ingress.loadBalancer;
      this.listener = ingress.listener;
      this.accessLogsBucket = ingress.accessLogsBucket;
      this.certificate = ingress.certificate;
    } else {
      // A certificate of the user's with a domain: the domain gives the records only (assumed: the certificate covers its names).
      this.certificate = resolved.certificate ?? (resolved.domain ? createCertificate(this, resolved.domain) : undefined);
      const built = buildLoadBalancer(this, id, {
        cluster,
        internetFacing: resolved.internetFacing ?? true,
        certificate: this.certificate,
        accessLogsBucket: resolved.accessLogsBucket,
        accessLogsBucketScope: 'stack',
        deletionProtection: resolved.deletionProtection,
        sslPolicy: resolved.sslPolicy,
        what: 'web service',
      });
      this.loadBalancer = built.loadBalancer;
      this.listener = ownListener = built.listener;
      this.accessLogsBucket = built.accessLogsBucket;
      if (resolved.domain) createAliasRecords(this, resolved.domain, this.loadBalancer);
      url = `${this.certificate ? 'https' : 'http'}://${resolved.domain && !resolved.domain.name.startsWith('*') ? resolved.domain.name : this.loadBalancer.loadBalancerDnsName}`;
    }

    const kind = (resolved.deployment ?? Deployment.rolling()).kind;
    const { service, scaling, deployment, serviceConnectEndpoint } = createService(this, this.task, resolved, {
      defaultDesiredCount: 2,
      healthCheckGracePeriod: resolved.healthCheckGracePeriod ?? Duration.seconds(60),
      loadBalanced: true,
      scalingSupport: {
        workload: `a WebService with Deployment.${kind}()`,
        refused: {
          requests: kind === 'rolling' ? undefined : `tracks the requests of one target group, and deployment (${kind}) moves production traffic between two`,
          backlog: 'reads the backlog of a queue, which a web service does not consume',
        },
      },
    });
    this.service = service;
    this.deployment = deployment;
    this.serviceConnectEndpoint = serviceConnectEndpoint;

    const targetGroupProps = {
      vpc: cluster.vpc, port: containerPort, protocol: elbv2.ApplicationProtocol.HTTP, targetType: targetTypeOf(this.task.placement),
      deregistrationDelay, healthCheck,
    };
    if (ingress) {
      const attached = attachToIngress(this, ingress, resolved.route!, service, deployment, targetGroupProps);
      this.targetGroup = attached.targetGroup;
      this.alternateTargetGroup = attached.alternateTargetGroup;
      this.listenerRule = attached.rule;
      url = attached.url;
    } else if (deployment.isProgressive) {
      // ECS moves traffic between two target groups by changing the weights of a listener rule.
      const targets = createBlueGreenTargets(this, ownListener!, targetGroupProps);
      attachBlueGreen(service, targets, MAIN_CONTAINER, containerPort);
      this.targetGroup = targets.primary;
      this.alternateTargetGroup = targets.alternate;
      this.listenerRule = targets.productionRule;
    } else {
      this.targetGroup = ownListener!.addTargets('Tasks', {
        port: containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [service.loadBalancerTarget({ containerName: MAIN_CONTAINER, containerPort })],
        deregistrationDelay,
        healthCheck,
      });
    }
    // Bridge tasks: the load balancer (the ingress's, with ingress) reaches the pool's instances on the dynamic ports.
    admitLoadBalancerToPool(this, this.task.placement, this.loadBalancer);
    const targetGroups = [this.targetGroup, ...this.alternateTargetGroup ? [this.alternateTargetGroup] : []];
    this.rollbackAlarms = webRollbackAlarms(this, cluster, targetGroups, resolved.rollbackAlarms, this.loadBalancer);
    enableRollback(service, [...this.rollbackAlarms, ...resolved.deploymentAlarms ?? []]);

    dropRedundantDependsOn(service.node.defaultChild as CfnResource, this.targetGroup.node.defaultChild as CfnResource);

    followScalingSignals(this, scaling, resolved.scaling, { requests: this.targetGroup, requestsLoadBalancer: this.loadBalancer });
    this.scaling = scaling;
    this.url = url!;
    this.loadBalancerDeployWait = deployWait;
    this.releaseWait = releaseWait(deployment, healthyWait, deregistrationDelay);
    if (props.appEnvironment) {
      addWorkloadOutputs(this, {
        cluster: resolved.cluster, logGroup: this.logGroup, container: this.container, service, url: this.url,
        serviceConnectAddress: serviceConnectEndpoint?.address,
      });
    }
  }

  /**
   * The tasks' security groups (not the load balancer's): what Service Connect callers are admitted by.
   * Not available with bridge networking, where tasks use their instances' group (open the pool's
   * `securityGroup` deliberately if you must).
   */
  public get connections(): ec2.Connections {
    return serviceConnections(this, this.task.placement, this.service);
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
