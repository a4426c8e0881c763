import { Lazy, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { contextOf, IPlatformCluster, originOf, sameVpc } from '../cluster/cluster-reference';
import { checkAtSynth, checkIntegerRange, fail } from '../core/errors';
import { publishValues } from '../core/shared-values';
import { Domain } from './domain';
import { IngressListenerAttributes } from './existing-listener';
import { buildLoadBalancer, validateLoadBalancerOptions } from './private/application-load-balancer';
import { certificateCovers, checkAliasTarget, createAliasRecords, createCertificate, validateCertificateRegion, validateDomain } from './private/domain-names';
import { checkAgainst, checkOrder, describeRoute, homePriority, MAX_PRIORITY, placeRoutes, PlacedRoute, RegisteredRoute, validateRoute } from './private/ingress-rules';
import { Route } from './route';

/** Properties of an {@link Ingress}. */
export interface IngressProps {
  /**
   * The cluster whose VPC the load balancer serves (a `PlatformCluster` or an existing one imported with
   * `PlatformCluster.fromClusterAttributes`); web services of that VPC attach to it.
   */
  readonly cluster: IPlatformCluster;

  /**
   * Reachable from the internet (public subnets) or only from inside the VPC (private subnets).
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * A DNS name in a Route 53 hosted zone: the ingress requests a DNS-validated certificate for it
   * (unless `certificate` is given), serves HTTPS on 443 (TLS 1.2+), redirects HTTP on 80 to it, and points an alias record at the load
   * balancer. A wildcard (`*.example.com`) covers one host route per service under it.
   *
   * @default - no domain (HTTP only, unless `certificate` is given)
   */
  readonly domain?: Domain;

  /**
   * An ACM certificate of the stack's region: HTTPS on 443 and a redirect from 80. With `domain`, it is
   * served instead of requesting one, and the domain gives the alias records and the names routes are
   * checked against (assumed: the certificate covers them). A certificate of another region is refused.
   *
   * @default - HTTP only, unless `domain` is given
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The security policy of the HTTPS listener (with `domain` or `certificate`): which TLS versions and
   * ciphers clients may use. Set `elbv2.SslPolicy.RECOMMENDED_TLS` to keep the policy of aws-cdk-lib's
   * patterns and of earlier versions of this library (see the migration guide).
   *
   * @default elbv2.SslPolicy.TLS13_12_PQ (`ELBSecurityPolicy-TLS13-1-2-PQ-2025-09`: TLS 1.2 and 1.3,
   * post-quantum key exchange offered)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Where the load balancer writes access logs.
   *
   * @default - a new bucket: SSE-S3, SSL enforced, public access blocked, versioned, logs expired
   * after a year, retained when the stack goes away
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Refuse to delete the load balancer (and so its DNS name) until this is turned off again.
   *
   * @default false (so `cdk destroy` works)
   */
  readonly deletionProtection?: boolean;

  /**
   * Your account's quota of listener rules per Application Load Balancer (default 100, adjustable in
   * Service Quotas): a route beyond it is refused at synth instead of failing the deploy.
   *
   * @default 100
   */
  readonly rulesQuota?: number;
}

/**
 * One Application Load Balancer shared by several web services, each reached by its own listener rule
 * (a {@link Route} by host, path or both). The ingress owns the load balancer, its access logs, its
 * listener (HTTP on 80, or HTTPS on 443 with a redirect from 80) and a default answer of 404; each
 * `WebService` with `ingress` adds a target group and a listener rule in its own stack, so services in
 * other stacks attach without a dependency cycle, and a second service adds no load balancer hours.
 *
 * `Ingress.fromListener` makes one of a listener that exists already: the same routes, checks and
 * priorities, and nothing of the load balancer created.
 */
export class Ingress extends Construct {
  /**
   * An ingress of an Application Load Balancer listener that exists already: web services with this
   * `ingress` add their target groups and listener rules to it (in their own stacks), with the same
   * route checks and priorities as on a new ingress. Nothing of the listener or its load balancer is
   * created or changed; what cannot be read at synth (protocol, certificate names, the priorities of the
   * listener's rules) is stated in `attributes`.
   */
  public static fromListener(scope: Construct, id: string, attributes: IngressListenerAttributes): Ingress {
    importing = attributes;
    try {
      return new Ingress(scope, id, { cluster: attributes.cluster, rulesQuota: attributes.rulesQuota });
    } finally {
      importing = undefined;
    }
  }

  /** The load balancer (an imported one with `Ingress.fromListener`). */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The listener the services' rules attach to (443 with a certificate, 80 without; the existing one with `Ingress.fromListener`). */
  public readonly listener: elbv2.IApplicationListener;
  /** The load balancer's security group; each service adds its rules towards its tasks. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Where the load balancer writes access logs (undefined with `Ingress.fromListener`: not known). */
  public readonly accessLogsBucket?: s3.IBucket;
  /** True for an ingress of an existing listener (`Ingress.fromListener`). */
  public readonly imported: boolean;
  /** The certificate of the HTTPS listener, when there is one. */
  public readonly certificate?: acm.ICertificate;
  /** The domain, when one was given. */
  public readonly domain?: Domain;
  /** The cluster whose VPC the load balancer serves. */
  public readonly cluster: IPlatformCluster;
  /** `https` with a certificate or domain, `http` without. */
  public readonly scheme: string;
  /** The URL of the load balancer: `https://<domain name>`, or `<scheme>://<load balancer DNS name>`. */
  public readonly url: string;

  private readonly routes: RegisteredRoute[] = [];
  /** Names of certificates other stacks add to the listener (an environment sharing this ingress). */
  private readonly addedNames: string[] = [];
  /** Route hosts are checked against certificate names: with a domain, or stated names of an existing listener. */
  private readonly checkNames: boolean;
  private readonly rulesQuota: number;
  /** Priorities the existing listener's rules take (`Ingress.fromListener`). */
  private readonly reserved: number[];
  private targetGroups = 0;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const existing = importing;
    importing = undefined;
    this.rulesQuota = props.rulesQuota ?? 100;
    checkIntegerRange(this, 'rulesQuota', this.rulesQuota, 1, 1000);
    this.cluster = props.cluster;
    this.imported = existing !== undefined;
    if (existing) {
      this.reserved = validateExisting(this, existing);
      this.loadBalancer = existing.loadBalancer;
      this.listener = existing.listener;
      this.securityGroup = existing.securityGroup;
      this.scheme = existing.protocol === elbv2.ApplicationProtocol.HTTPS ? 'https' : 'http';
      this.addedNames.push(...existing.certificateNames ?? []);
      this.checkNames = existing.certificateNames !== undefined || existing.domain !== undefined;
      this.domain = existing.domain;
      // The certificate is the user's, on their listener: the domain gives the alias records, and the names routes are checked against.
      if (existing.domain) createAliasRecords(this, existing.domain, this.loadBalancer, existing.ipAddressType === elbv2.IpAddressType.DUAL_STACK);
      const name = existing.domain?.name;
      this.url = name && !name.startsWith('*') ? `https://${name}` : `${this.scheme}://${this.loadBalancer.loadBalancerDnsName}`;
      this.checkPrioritiesAtSynth();
      publishValues(this, {
        ListenerArn: this.listener.listenerArn,
        SecurityGroupId: this.securityGroup.securityGroupId,
        LoadBalancerDnsName: this.loadBalancer.loadBalancerDnsName,
      });
      return;
    }
    this.reserved = [];
    validateLoadBalancerOptions(this, props);
    if (props.domain) validateDomain(this, props.domain);
    validateCertificateRegion(this, 'certificate', props.certificate);

    this.domain = props.domain;
    this.checkNames = props.domain !== undefined;
    // A certificate of the user's with a domain: the domain gives the records only (assumed: the certificate covers its names).
    this.certificate = props.certificate ?? (props.domain ? createCertificate(this, props.domain) : undefined);
    const built = buildLoadBalancer(this, id, {
      cluster: contextOf(this, 'cluster', props.cluster),
      internetFacing: props.internetFacing ?? true,
      certificate: this.certificate,
      accessLogsBucket: props.accessLogsBucket,
      deletionProtection: props.deletionProtection,
      sslPolicy: props.sslPolicy,
      // Requests no route matches: a plain 404, never a service's page by accident.
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
      what: 'ingress shared by web services',
    });
    this.loadBalancer = built.loadBalancer;
    this.listener = built.listener;
    this.accessLogsBucket = built.accessLogsBucket;
    this.securityGroup = this.loadBalancer.connections.securityGroups[0];
    if (props.domain) createAliasRecords(this, props.domain, this.loadBalancer);
    this.scheme = this.certificate ? 'https' : 'http';
    this.checkPrioritiesAtSynth();
    const name = props.domain?.name;
    this.url = name && !name.startsWith('*') ? `https://${name}` : `${this.scheme}://${this.loadBalancer.loadBalancerDnsName}`;
    // In an environment's stack: what web services of other stacks read, through Parameter Store.
    publishValues(this, {
      ListenerArn: this.listener.listenerArn,
      SecurityGroupId: this.securityGroup.securityGroupId,
      LoadBalancerDnsName: this.loadBalancer.loadBalancerDnsName,
      LoadBalancerHostedZoneId: this.loadBalancer.loadBalancerCanonicalHostedZoneId,
    });
  }

  /**
   * Records the names of a certificate another stack adds to the listener, so that routes under them
   * are accepted. Called by an environment that shares this ingress.
   *
   * @internal
   */
  public _addCertificateNames(names: string[]): void {
    this.addedNames.push(...names);
  }

  /**
   * Checks a service's route against the listener's limits and the routes already attached, and
   * returns its priority: the one given, or the derived one, resolved when the app is synthesized
   * (a priority given by a route attached later is kept free). Called by `WebService`.
   *
   * @internal
   */
  public _attach(owner: IConstruct, route: Route, targetGroups: number): number {
    validateRoute(owner, route);
    checkAgainst(owner, route, this.routes);
    if (route.priority !== undefined && this.reserved.includes(route.priority)) {
      fail(owner, 'route priority', route.priority, `is also the priority of a rule the listener has already (reservedPriorities of ${this.node.path}); a listener takes each priority once`,
        'another priority from 1 to 50000, or no priority (derived ones keep clear of the reserved priorities)');
    }
    if (this.checkNames) {
      const names = [...this.domain?.names ?? [], ...this.addedNames];
      for (const host of route.hosts) {
        if (!names.some(name => certificateCovers(name, host))) {
          fail(owner, 'route host', host, `is not covered by the certificate${this.addedNames.length > 0 ? 's' : ''} of ingress ${this.node.path} (${names.join(', ')}), so browsers would refuse the connection`,
            'a host the ingress\'s domain names cover (a wildcard covers one label), or the name added to the domain\'s alternativeNames');
        }
      }
    }
    // Target groups first: their limit cannot be raised, so a raised rules quota would not help beyond it.
    if (this.targetGroups + targetGroups > MAX_TARGET_GROUPS) {
      fail(owner, 'ingress', this.node.path, `would have ${this.targetGroups + targetGroups} target groups, and an Application Load Balancer takes at most ` +
        `${MAX_TARGET_GROUPS}, a quota Elastic Load Balancing does not raise (each service takes one, a progressive deployment two)`,
      'another Ingress for more services');
    }
    if (this.reserved.length + this.routes.length + 1 > this.rulesQuota) {
      fail(owner, 'route', describeRoute(route), `would be rule ${this.reserved.length + this.routes.length + 1} of ingress ${this.node.path}, beyond the account's quota of ${this.rulesQuota} rules per load balancer`,
        'another Ingress for more services, or the quota raised in Service Quotas and given as rulesQuota (a load balancer still holds at most ' +
        `${MAX_TARGET_GROUPS} target groups, one per service, two with a progressive deployment)`);
    }
    this.routes.push({ owner, route, home: homePriority(route) });
    this.targetGroups += targetGroups;
    const placed = this.placeRoutes();
    checkOrder(placed[placed.length - 1], placed);
    return Lazy.number({ produce: () => this.priorityOf(owner) });
  }

  /** A route attached later, or a rule added to the listener by other means, can move a derived priority. */
  private checkPrioritiesAtSynth(): void {
    checkAtSynth(this, () => {
      const placed = this.placeRoutes();
      for (const route of placed) {
        this.priorityOf(route.owner);
        checkOrder(route, placed);
      }
    });
  }

  /** Every route with its priority, around the priorities of rules added to the listener by other means. */
  private placeRoutes(): PlacedRoute[] {
    return placeRoutes(this.routes, [...this.otherRules().keys()]);
  }

  /** The rules added to the listener by other means (`ingress.listener.addAction(...)`, or reserved), by priority. */
  private otherRules(): Map<number, string> {
    const rules = new Map<number, string>(this.reserved.map(p => [p, `reservedPriorities of ${this.node.path}`]));
    for (const rule of this.listener.node.children) {
      if (!(rule instanceof elbv2.ApplicationListenerRule)) continue;
      const priority = (rule.node.defaultChild as elbv2.CfnListenerRule).priority;
      if (!Token.isUnresolved(priority)) rules.set(priority, rule.node.path);
    }
    return rules;
  }

  private priorityOf(owner: IConstruct): number {
    const placed = this.placeRoutes().find(p => p.owner === owner)!;
    const other = placed.route.priority !== undefined ? this.otherRules().get(placed.route.priority) : undefined;
    if (other) {
      fail(owner, 'route priority', placed.route.priority, `is also the priority of ${other}, a rule of the ingress's listener; a listener takes each priority once`,
        'another priority from 1 to 50000 (Route.path(pattern, { priority })), or no priority (derived ones keep clear of that rule)');
    }
    if (placed.priority === undefined) {
      fail(owner, 'route', describeRoute(placed.route), `finds no free priority among the 190 of its band (${placed.home - ((placed.home - 1) % 190)} and up): ` +
        `rules added to ${this.listener.node.path} by other means take them`, 'a priority given for this route (Route.host(host, { priority }))');
    }
    return placed.priority;
  }
}

/** Not adjustable: 100 target groups per Application Load Balancer (Elastic Load Balancing quotas). */
const MAX_TARGET_GROUPS = 100;

/** The attributes `Ingress.fromListener` passes to the constructor (jsii classes have one constructor). */
let importing: IngressListenerAttributes | undefined;

/** The checks of an existing listener's attributes; returns the reserved priorities. */
function validateExisting(scope: Construct, existing: IngressListenerAttributes): number[] {
  const clusterVpc = originOf(contextOf(scope, 'cluster', existing.cluster)).vpc;
  if (existing.loadBalancer.vpc && !sameVpc(existing.loadBalancer.vpc, clusterVpc)) {
    fail(scope, 'loadBalancer', existing.loadBalancer.node.path, `is in VPC ${existing.loadBalancer.vpc.node.path}, and the tasks of ${existing.cluster.node.path} run in VPC ${clusterVpc.node.path}`,
      'the load balancer of the cluster\'s VPC (a load balancer registers targets of its own VPC)');
  }
  const protocol = existing.protocol;
  if (protocol !== elbv2.ApplicationProtocol.HTTP && protocol !== elbv2.ApplicationProtocol.HTTPS) {
    fail(scope, 'protocol', protocol, 'is not a protocol of an Application Load Balancer listener', 'elbv2.ApplicationProtocol.HTTP or HTTPS');
  }
  if (existing.certificateNames !== undefined && protocol !== elbv2.ApplicationProtocol.HTTPS) {
    fail(scope, 'certificateNames', existing.certificateNames, `are given for an ${protocol} listener, which serves no certificate`,
      'protocol HTTPS with certificateNames (the listener\'s certificates), or no certificateNames for an HTTP listener');
  }
  if (existing.certificateNames?.length === 0) {
    fail(scope, 'certificateNames', [], 'is empty, so every route host would be refused', 'the names the listener\'s certificates cover, or no certificateNames (hosts not checked)');
  }
  if (existing.domain) {
    if (protocol !== elbv2.ApplicationProtocol.HTTPS) {
      fail(scope, 'domain', existing.domain.name, `is given for an ${protocol} listener, which serves no certificate for it`,
        'protocol HTTPS (a listener with your certificate for the domain), or no domain');
    }
    validateDomain(scope, existing.domain);
    checkAliasTarget(scope, 'loadBalancer', existing.loadBalancer);
  }
  const reserved = existing.reservedPriorities ?? [];
  for (const priority of reserved) {
    if (Token.isUnresolved(priority)) continue;
    checkIntegerRange(scope, 'reservedPriorities', priority, 1, MAX_PRIORITY);
  }
  const duplicate = reserved.find((p, i) => reserved.indexOf(p) !== i);
  if (duplicate !== undefined) fail(scope, 'reservedPriorities', duplicate, 'is given twice', 'each priority once (a listener takes each priority once)');
  return reserved.filter(p => !Token.isUnresolved(p));
}
