import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { contextOf, originOf, sameVpc } from '../../cluster/cluster-reference';
import { fail } from '../../core/errors';
import { sharedValue } from '../../core/shared-values';
import { Domain } from '../../ingress/domain';
import type { Ingress } from '../../ingress/ingress';
import { routeConditions } from '../../ingress/private/ingress-rules';
import { Route } from '../../ingress/route';
import type { Deployment } from '../deployment';
import type { ServiceScaling } from '../service-scaling';
import type { WorkloadOptions } from '../workload-options';
import { resolveWorkload, WithCluster } from './app-environment';
import { attachBlueGreen, createBlueGreenTargets } from './deployment/blue-green';
import { MAIN_CONTAINER } from './workload-task';

/** The props of a web service that belong to its load balancer, and so to the ingress when there is one. */
const LOAD_BALANCER_PROPS = ['internetFacing', 'certificate', 'domain', 'accessLogsBucket', 'deletionProtection', 'sslPolicy'] as const;

/** The props of a web service that these checks read (WebServiceProps has them). */
export interface IngressChoiceProps {
  readonly ingress?: Ingress;
  readonly route?: Route;
  readonly internetFacing?: boolean;
  readonly certificate?: acm.ICertificate;
  readonly domain?: Domain;
  readonly accessLogsBucket?: s3.IBucket;
  readonly deletionProtection?: boolean;
  readonly sslPolicy?: elbv2.SslPolicy;
}

/**
 * A web service's props once its environment is applied ({@link resolveWorkload}), and with an
 * environment: the environment's ingress unless the service configures a load balancer of its own, and
 * the route `<service>.<environment domain>` when the environment has a domain and no route is given.
 */
export function webServiceProps<T extends WebServiceLike>(scope: IConstruct, id: string, props: T): WithCluster<T> {
  const resolved = resolveWorkload(scope, props, { countProp: 'desiredCount', services: true });
  const environment = props.appEnvironment;
  if (!environment) return resolved;
  const ownLoadBalancer = LOAD_BALANCER_PROPS.some(prop => props[prop] !== undefined);
  const ingress = props.ingress ?? (ownLoadBalancer ? undefined : environment.ingress);
  const domain = environment.serviceDomainName;
  const route = props.route ?? (ingress && domain ? Route.host(`${serviceLabel(scope, id)}.${domain}`) : undefined);
  return { ...resolved, ingress, route };
}

/** The DNS label a service is named by under its environment's domain: its id, lowercase, letters, digits and "-". */
function serviceLabel(scope: IConstruct, id: string): string {
  const label = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  if (!label) {
    fail(scope, 'route', undefined, `is missing, and the id "${id}" makes no DNS label for the default host`, 'a route (Route.host(...)), or an id with letters or digits');
  }
  return label;
}

/** What {@link webServiceProps} reads of a web service's props. */
type WebServiceLike = WorkloadOptions & IngressChoiceProps & { readonly desiredCount?: number; readonly scaling?: ServiceScaling };

/** The checks of `ingress` and `route` on a web service. */
export function validateIngressProps(scope: Construct, props: WithCluster<IngressChoiceProps>): void {
  const { ingress, route } = props;
  if (!ingress) {
    if (route) {
      fail(scope, 'route', 'a Route', 'is given without ingress; a service with a load balancer of its own gets every request',
        'route together with ingress (a shared load balancer), or neither');
    }
    return;
  }
  if (!route) {
    fail(scope, 'route', undefined, `is missing: on ingress ${ingress.node.path} each service needs the requests it serves`,
      'Route.host(...), Route.path(...), Route.hostAndPath(...) or Route.match(...); in an environment with a domain, the host <service>.<domain> is the default');
  }
  for (const prop of LOAD_BALANCER_PROPS) {
    if (props[prop] !== undefined) {
      fail(scope, prop, renderProp(props[prop]), `configures the load balancer, and with ingress the load balancer is ${ingress.node.path}'s`,
        `no ${prop} with ingress (set it on the Ingress)`);
    }
  }
  if (!sameVpc(originOf(contextOf(scope, 'ingress', ingress.cluster)).vpc, originOf(props.cluster).vpc)) {
    fail(scope, 'ingress', ingress.node.path, `serves the VPC of ${ingress.cluster.node.path}, and this service's tasks run in the VPC of ${props.cluster.node.path}`,
      'an ingress of the same VPC (a load balancer registers targets of its own VPC)');
  }
}

/** What a web service attached to an ingress has. */
export interface AttachedToIngress {
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  readonly rule: elbv2.ApplicationListenerRule;
  readonly url: string;
}

/**
 * Attaches a web service to a shared ingress: a target group (two with a progressive deployment) and
 * a listener rule for its route, all in the service's scope, so in the service's stack. The listener
 * and the load balancer's security group are imported into the service by reference, and the security
 * group rules between the load balancer and the tasks are created there too (an egress rule on the
 * load balancer's group, an ingress rule on the service's): nothing in the ingress's stack refers to the
 * service, so services in other stacks attach without a dependency cycle, and removing one removes
 * only its own resources.
 */
export function attachToIngress(scope: Construct, ingress: Ingress, route: Route, service: ecs.BaseService, deployment: Deployment,
  targetGroupProps: elbv2.ApplicationTargetGroupProps): AttachedToIngress {
  const containerPort = targetGroupProps.port!;
  const priority = ingress._attach(scope, route, deployment.isProgressive ? 2 : 1);
  // An environment's ingress is read by name (Parameter Store), any other through the CDK's references.
  const shared = (key: string, value: string) => sharedValue(scope, ingress, key, value);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(scope, 'IngressSecurityGroup', shared('SecurityGroupId', ingress.securityGroup.securityGroupId), {
    allowAllOutbound: false, // so the egress rule to the tasks is created (here, in the service's stack)
    mutable: true,
  });
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(scope, 'IngressListener', {
    listenerArn: shared('ListenerArn', ingress.listener.listenerArn),
    securityGroup,
  });
  const conditions = routeConditions(route);
  let targetGroup: elbv2.ApplicationTargetGroup;
  let alternateTargetGroup: elbv2.ApplicationTargetGroup | undefined;
  let rule: elbv2.ApplicationListenerRule;
  if (deployment.isProgressive) {
    // The service's own rule is the production rule whose forward weights ECS moves.
    const targets = createBlueGreenTargets(scope, listener, targetGroupProps, { priority, conditions });
    attachBlueGreen(service, targets, MAIN_CONTAINER, containerPort);
    targetGroup = targets.primary;
    alternateTargetGroup = targets.alternate;
    rule = targets.productionRule;
  } else {
    targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
      ...targetGroupProps,
      targets: [service.loadBalancerTarget({ containerName: MAIN_CONTAINER, containerPort })],
    });
    rule = new elbv2.ApplicationListenerRule(scope, 'Rule', {
      listener, priority, conditions, action: elbv2.ListenerAction.forward([targetGroup]),
    });
  }
  const host = route.hosts.length === 1 && !/[*?]/.test(route.hosts[0]) ? route.hosts[0] : undefined;
  const path = route.paths.length === 1 ? route.paths[0].slice(0, Math.max(1, route.paths[0].search(/[*?]|$/))) : '';
  const url = `${ingress.scheme}://${host ?? shared('LoadBalancerDnsName', ingress.loadBalancer.loadBalancerDnsName)}${path.startsWith('/') ? path : ''}`;
  return { targetGroup, alternateTargetGroup, rule, url };
}

function renderProp(value: unknown): unknown {
  if (value instanceof Construct) return value.node.path;
  if (value instanceof Domain) return `Domain(${value.name})`;
  return value;
}
