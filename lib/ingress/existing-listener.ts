import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IPlatformCluster } from '../cluster/cluster-reference';
import type { Domain } from './domain';

/**
 * An Application Load Balancer listener that exists already (created outside this app, or by aws-cdk-lib
 * constructs of it), for `Ingress.fromListener`: web services add their target groups and listener rules
 * to it, and nothing of the listener or its load balancer is created, changed or replaced.
 *
 * What CloudFormation cannot tell at synth is stated here: the listener's protocol, the names its
 * certificates cover, the priorities its rules already take.
 */
export interface IngressListenerAttributes {
  /** The cluster whose VPC the load balancer serves (its tasks are the targets). */
  readonly cluster: IPlatformCluster;

  /**
   * The listener (`elbv2.ApplicationListener.fromApplicationListenerAttributes`, or one of this app).
   */
  readonly listener: elbv2.IApplicationListener;

  /**
   * The listener's load balancer: its DNS name makes the services' URLs, and when it states its VPC
   * (`vpc` in `fromApplicationLoadBalancerAttributes`), a VPC other than the cluster's is refused.
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * The load balancer's security group: each service adds an egress rule on it towards its tasks and an
   * ingress rule from it on theirs (import it with `mutable: true` and `allowAllOutbound: false`).
   */
  readonly securityGroup: ec2.ISecurityGroup;

  /**
   * The listener's protocol, stated (an imported listener does not say): `HTTPS` makes the services'
   * URLs `https://`, and allows `certificateNames`.
   */
  readonly protocol: elbv2.ApplicationProtocol;

  /**
   * The names the listener's certificates cover (`shop.example.com`, `*.example.com`): a route whose
   * host none covers is refused, as on an ingress with a domain. Only with `protocol: HTTPS`.
   *
   * @default - route hosts are not checked against certificates (assumed: the listener's certificates cover them)
   */
  readonly certificateNames?: string[];

  /**
   * Priorities the listener's rules already take (`aws elbv2 describe-rules`): derived priorities keep
   * clear of them, a route given one of them is refused, and they count towards `rulesQuota`. The
   * listener's existing rules cannot be read at synth.
   *
   * @default - none (assumed: no rule of the listener has a priority a route of this app derives or is given)
   */
  readonly reservedPriorities?: number[];

  /**
   * DNS names for the services behind the listener, in a Route 53 hosted zone, that the listener's
   * certificate covers (a certificate you brought): each name gets an alias record pointing at the load
   * balancer, route hosts are checked against the names (with `certificateNames`, if also given), and the
   * ingress's URL is `https://<name>`. Only with `protocol: HTTPS`; the load balancer must be imported with
   * `loadBalancerDnsName` and `loadBalancerCanonicalHostedZoneId`. Give names that have no record yet: Route 53
   * refuses a second record of a name and type.
   *
   * @default - no DNS record is created
   */
  readonly domain?: Domain;

  /**
   * The load balancer's IP address type, which decides the alias records of `domain`: `IPV4` gets A
   * records, `DUAL_STACK` A and AAAA records.
   *
   * @default elbv2.IpAddressType.IPV4 (assumed: A records only)
   */
  readonly ipAddressType?: elbv2.IpAddressType;

  /**
   * Your account's quota of listener rules per Application Load Balancer (default 100, adjustable in
   * Service Quotas); the reserved priorities count towards it.
   *
   * @default 100
   */
  readonly rulesQuota?: number;
}
