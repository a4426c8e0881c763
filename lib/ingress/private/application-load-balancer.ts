import { Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ClusterContext, loadBalancerVpc } from '../../cluster/cluster-reference';
import { fail } from '../../core/errors';
import { AccessLogsBucketScope, enableAccessLogs } from './access-logs';

/** What an Application Load Balancer the library builds is given (by a WebService or an Ingress). */
export interface LoadBalancerOptions {
  readonly cluster: ClusterContext;
  readonly internetFacing: boolean;
  readonly certificate?: acm.ICertificate;
  readonly accessLogsBucket?: s3.IBucket;
  /** Without `accessLogsBucket`: a bucket of the load balancer's own (an `Ingress`), or the stack's shared one (a `WebService`). */
  readonly accessLogsBucketScope: AccessLogsBucketScope;
  readonly deletionProtection?: boolean;
  /** The HTTPS listener's security policy (with a certificate); {@link DEFAULT_SSL_POLICY} when not given. */
  readonly sslPolicy?: elbv2.SslPolicy;
  /** The listener's default action; without one, the caller adds targets to the listener. */
  readonly defaultAction?: elbv2.ListenerAction;
  /** What the cdk-nag acknowledgment of an internet-facing load balancer says it serves. */
  readonly what: string;
}

/** The load balancer, its HTTP or HTTPS listener and where it logs. */
export interface BuiltLoadBalancer {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * The security policy of HTTPS listeners: the newest TLS 1.2+ policy with post-quantum key exchange that
 * the oldest aws-cdk-lib this library supports (2.257.0) names
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
export const DEFAULT_SSL_POLICY = elbv2.SslPolicy.TLS13_12_PQ;

/** Checks the load balancer options that do not depend on what is built. */
export function validateLoadBalancerOptions(scope: Construct, options: Pick<LoadBalancerOptions, 'accessLogsBucket' | 'sslPolicy' | 'certificate'> & { readonly domain?: unknown; readonly ingress?: unknown }): void {
  // With an ingress, the ingress checks refuse every load balancer option.
  if (options.sslPolicy !== undefined && !options.certificate && !options.domain && !options.ingress) {
    fail(scope, 'sslPolicy', options.sslPolicy, 'applies to an HTTPS listener, and without certificate or domain the listener is HTTP, so it would be ignored',
      'sslPolicy together with domain or certificate, or no sslPolicy');
  }
  if (options.accessLogsBucket?.encryptionKey) {
    fail(scope, 'accessLogsBucket', options.accessLogsBucket.node.path, 'is encrypted with a KMS key, and load balancers deliver access logs only to SSE-S3 buckets',
      'a bucket with S3-managed encryption (SSE-S3), or no accessLogsBucket (the library creates one)');
  }
}

/**
 * An Application Load Balancer in `scope` with the library's defaults: public subnets when
 * internet-facing (the workload subnets otherwise, open to the VPC only), invalid headers dropped,
 * access logs, HTTP on 80 or HTTPS on 443 (TLS 1.2+) with a redirect from 80. The construct ids
 * (`LoadBalancer`, `Listener`, and an ingress's `AccessLogs`) are part of the logical-ID contract.
 */
export function buildLoadBalancer(scope: Construct, logPrefix: string, options: LoadBalancerOptions): BuiltLoadBalancer {
  const { cluster, internetFacing, certificate } = options;
  let vpcCidrBlock = '';
  const vpc = loadBalancerVpc(cluster, internetFacing);
  if (internetFacing && vpc.publicSubnets.length === 0) {
    fail(scope, 'internetFacing', true, `needs public subnets for the load balancer, and the VPC of ${cluster.node.path} has none`,
      'internetFacing: false (reachable from the VPC), or a VPC with public subnets');
  }
  if (!internetFacing) {
    try {
      vpcCidrBlock = cluster.vpcCidrBlock;
    } catch {
      fail(scope, 'internetFacing', false, `needs the VPC's CIDR block to admit the VPC, and the imported VPC of ${cluster.node.path} does not supply one`,
        'an imported VPC with vpcCidrBlock (ec2.Vpc.fromVpcAttributes or ec2.Vpc.fromLookup), or an internet-facing load balancer');
    }
  }
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing,
    vpcSubnets: internetFacing ? { subnetType: ec2.SubnetType.PUBLIC } : cluster.workloadSubnets,
    dropInvalidHeaderFields: true,
    deletionProtection: options.deletionProtection ?? false,
  });
  const accessLogsBucket = enableAccessLogs(scope, loadBalancer, options.accessLogsBucket, logPrefix, options.accessLogsBucketScope);

  const port = certificate ? 443 : 80;
  const listener = loadBalancer.addListener('Listener', {
    port,
    protocol: certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    certificates: certificate ? [certificate] : undefined,
    sslPolicy: certificate ? options.sslPolicy ?? DEFAULT_SSL_POLICY : undefined,
    open: internetFacing,
    defaultAction: options.defaultAction,
  });
  if (certificate) {
    loadBalancer.addRedirect({
      sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      // Internal: port 80 is opened to the VPC below, never to 0.0.0.0/0.
      open: internetFacing,
    });
  }
  if (internetFacing) {
    Validations.of(loadBalancer).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: `An internet-facing ${options.what}: its load balancer accepts ${certificate ? 'HTTPS on 443 and an HTTP-to-HTTPS redirect on 80' : 'HTTP on 80'} from anywhere, and nothing else`,
    });
  } else {
    // An internal load balancer: reachable from inside the VPC only.
    loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidrBlock), ec2.Port.tcp(port), 'From inside the VPC');
    if (certificate) loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidrBlock), ec2.Port.tcp(80), 'Redirect to HTTPS');
  }
  return { loadBalancer, listener, accessLogsBucket };
}
