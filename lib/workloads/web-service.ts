import { Annotations, CfnResource, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logAccessLogs } from '../private/access-logs';
import { attachBlueGreen, createBlueGreenTargets } from '../private/blue-green';
import { dropRedundantDependsOn } from '../private/dependencies';
import { webRollbackAlarms } from '../private/deployment-alarms';
import { releaseWait } from '../private/deployment-rules';
import { checkIntegerRange, fail } from '../private/errors';
import { scalingCooldowns } from '../private/scaling';
import { resolveTaskPort } from '../private/service-connect';
import { createService, enableRollback } from '../private/workload-service';
import { MAIN_CONTAINER, WorkloadTask } from '../private/workload-task';
import { Deployment } from './deployment';
import { ICallableService, ServiceConnectEndpoint } from './service-port';
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
   * An ACM certificate: the load balancer then serves HTTPS on 443 (TLS 1.2+ policy) and redirects
   * HTTP on 80 to it. Without one it serves HTTP on 80.
   *
   * @default - HTTP only
   */
  readonly certificate?: acm.ICertificate;

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
   * @default - a new bucket: SSE-S3 (the only encryption ALB log delivery supports), SSL enforced,
   * public access blocked, versioned, logs expired after a year, retained when the stack goes
   * away
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Refuse to delete the load balancer (and so its DNS name) until this is turned off again.
   *
   * @default false (so `cdk destroy` works)
   */
  readonly deletionProtection?: boolean;

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
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the tasks (443 with a certificate, 80 without). */
  public readonly listener: elbv2.ApplicationListener;
  /** The target group of the tasks (with a progressive deployment, the one the first release starts in). */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * With a blue/green, canary or linear deployment: the second target group, where each release's new
   * tasks start (the two groups swap roles at every release).
   */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** How new versions roll out. */
  public readonly deployment: Deployment;
  /** The alarms built from the target groups' metrics that roll a release back. */
  public readonly rollbackAlarms: cloudwatch.Alarm[];
  /**
   * How long a release waits once its new tasks started: on the load balancer (health checks, then
   * the deregistration delay) and on the strategy's bake times. Image pulls and application start
   * come on top.
   */
  public readonly releaseWait: Duration;
  /** The log group of every container of the task. */
  public readonly logGroup: logs.LogGroup;
  /** Where the load balancer writes access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The task count scaling, when `scaling` is set (and the image is not pending). */
  public readonly scaling?: ecs.ScalableTaskCount;
  /** The URL of the service: `https://<dns>` with a certificate, `http://<dns>` without. */
  public readonly url: string;
  /**
   * How long a rolling deploy waits on load balancer settings: health check interval x healthy
   * threshold (before a new task gets traffic) + deregistration delay (before an old one stops).
   */
  public readonly loadBalancerDeployWait: Duration;
  /** Where callers reach the service through Service Connect, with `serviceConnectName`. */
  public readonly serviceConnectEndpoint?: ServiceConnectEndpoint;

  private readonly task: WorkloadTask;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const containerPort = props.containerPort ?? 8080;
    const interval = props.healthCheckInterval ?? Duration.seconds(10);
    const healthyThresholdCount = props.healthyThresholdCount ?? 2;
    const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(30);
    const healthCheckPath = props.healthCheckPath ?? '/';

    // Validate first.
    checkIntegerRange(this, 'containerPort', containerPort, 1, 65535);
    if (!Token.isUnresolved(healthCheckPath) && (!healthCheckPath.startsWith('/') || healthCheckPath.length > 1024)) {
      fail(this, 'healthCheckPath', healthCheckPath, 'is not a path', 'a path starting with "/", at most 1024 characters');
    }
    checkIntegerRange(this, 'healthCheckInterval (seconds)', interval.toSeconds(), 5, 300);
    checkIntegerRange(this, 'healthyThresholdCount', healthyThresholdCount, 2, 10);
    checkIntegerRange(this, 'deregistrationDelay (seconds)', deregistrationDelay.toSeconds(), 0, 3600);
    checkIntegerRange(this, 'healthCheckGracePeriod (seconds)', props.healthCheckGracePeriod?.toSeconds(), 0, 2147483647);
    if (props.accessLogsBucket?.encryptionKey) {
      fail(this, 'accessLogsBucket', props.accessLogsBucket.node.path, 'is encrypted with a KMS key, and load balancers deliver access logs only to SSE-S3 buckets',
        'a bucket with S3-managed encryption (SSE-S3), or no accessLogsBucket (the library creates one)');
    }

    this.task = new WorkloadTask(this, props, resolveTaskPort(this, 'containerPort', undefined, { port: containerPort, name: props.serviceConnectName }));
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
    this.logGroup = this.task.logGroup;

    const { cluster } = props;
    const internetFacing = props.internetFacing ?? true;
    let vpcCidrBlock = '';
    if (internetFacing && cluster.vpc.publicSubnets.length === 0) {
      fail(this, 'internetFacing', true, `needs public subnets for the load balancer, and the VPC of ${cluster.node.path} has none`,
        'internetFacing: false (reachable from the VPC), or a VPC with public subnets');
    }
    if (!internetFacing) {
      try {
        vpcCidrBlock = cluster.vpcCidrBlock;
      } catch {
        fail(this, 'internetFacing', false, `needs the VPC's CIDR block to admit the VPC, and the imported VPC of ${cluster.node.path} does not supply one`,
          'an imported VPC with vpcCidrBlock (ec2.Vpc.fromVpcAttributes or ec2.Vpc.fromLookup), or an internet-facing load balancer');
      }
    }
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: cluster.vpc,
      internetFacing,
      vpcSubnets: internetFacing ? { subnetType: ec2.SubnetType.PUBLIC } : cluster.workloadSubnets,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection ?? false,
    });
    this.accessLogsBucket = props.accessLogsBucket ?? new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logAccessLogs(this.loadBalancer, this.accessLogsBucket, id);
    if (props.accessLogsBucket && !props.accessLogsBucket.policy) {
      // An imported bucket's policy cannot be changed from here: the statements above were dropped.
      Annotations.of(this).addWarningV2('cdk-ecs-platform:accessLogsBucketPolicy',
        `accessLogsBucket ${props.accessLogsBucket.node.path} is imported, so its bucket policy is not managed here: it must let the region's ` +
        `load balancer log delivery put objects under ${id}/AWSLogs/<account>/, or the deploy fails when the load balancer enables access logs`);
    }
    if (!props.accessLogsBucket) {
      Validations.of(this.accessLogsBucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This bucket is where the load balancer writes its access logs; logging access to it would need another bucket, and that one another',
      });
    }

    const port = props.certificate ? 443 : 80;
    this.listener = this.loadBalancer.addListener('Listener', {
      port,
      protocol: props.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      certificates: props.certificate ? [props.certificate] : undefined,
      sslPolicy: props.certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
      open: internetFacing,
    });
    if (props.certificate) {
      this.loadBalancer.addRedirect({
        sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS,
        // Internal: port 80 is opened to the VPC below, never to 0.0.0.0/0.
        open: internetFacing,
      });
    }
    if (internetFacing) {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: `An internet-facing web service: its load balancer accepts ${props.certificate ? 'HTTPS on 443 and an HTTP-to-HTTPS redirect on 80' : 'HTTP on 80'} from anywhere, and nothing else`,
      });
    } else {
      // An internal load balancer: reachable from inside the VPC only.
      this.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidrBlock), ec2.Port.tcp(port), 'From inside the VPC');
      if (props.certificate) this.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidrBlock), ec2.Port.tcp(80), 'Redirect to HTTPS');
    }

    const { service, scaling, deployment, serviceConnectEndpoint } = createService(this, this.task, props, {
      defaultDesiredCount: 2,
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? Duration.seconds(60),
      loadBalanced: true,
    });
    this.service = service;
    this.deployment = deployment;
    this.serviceConnectEndpoint = serviceConnectEndpoint;

    const timeout = Duration.seconds(Math.max(2, Math.min(5, interval.toSeconds() - 1)));
    const healthCheck = {
      path: healthCheckPath,
      interval,
      timeout,
      healthyThresholdCount,
      unhealthyThresholdCount: 3,
      healthyHttpCodes: '200-399',
    };
    if (deployment.isProgressive) {
      // ECS moves traffic between two target groups by changing the weights of a listener rule.
      const targets = createBlueGreenTargets(this, this.listener, {
        vpc: cluster.vpc, port: containerPort, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP,
        deregistrationDelay, healthCheck,
      });
      attachBlueGreen(service, targets, MAIN_CONTAINER, containerPort);
      this.targetGroup = targets.primary;
      this.alternateTargetGroup = targets.alternate;
    } else {
      this.targetGroup = this.listener.addTargets('Tasks', {
        port: containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [service.loadBalancerTarget({ containerName: MAIN_CONTAINER, containerPort })],
        deregistrationDelay,
        healthCheck,
      });
    }
    const targetGroups = [this.targetGroup, ...this.alternateTargetGroup ? [this.alternateTargetGroup] : []];
    this.rollbackAlarms = webRollbackAlarms(this, cluster, targetGroups, props.rollbackAlarms);
    enableRollback(service, [...this.rollbackAlarms, ...props.deploymentAlarms ?? []]);

    dropRedundantDependsOn(service.node.defaultChild as CfnResource, this.targetGroup.node.defaultChild as CfnResource);

    if (scaling && props.scaling?.requestsPerTarget !== undefined) {
      scaling.scaleOnRequestCount('RequestScaling', {
        requestsPerTarget: props.scaling.requestsPerTarget, targetGroup: this.targetGroup, ...scalingCooldowns(props.scaling),
      });
    }
    this.scaling = scaling;
    this.url = `${props.certificate ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`;
    this.loadBalancerDeployWait = Duration.seconds(interval.toSeconds() * healthyThresholdCount + deregistrationDelay.toSeconds());
    this.releaseWait = releaseWait(deployment, Duration.seconds(interval.toSeconds() * healthyThresholdCount), deregistrationDelay);
  }

  /** The tasks' security groups (not the load balancer's): what Service Connect callers are admitted by. */
  public get connections(): ec2.Connections {
    return this.service.connections;
  }

  /** Adds a sidecar container; the main container's memory limit shrinks by the sidecar's. */
  public addSidecar(name: string, options: SidecarOptions): ecs.ContainerDefinition {
    return this.task.addSidecar(name, options);
  }
}
