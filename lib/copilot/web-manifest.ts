import type { Fields } from './manifest-fields';
import type { HttpModel, WorkloadModel } from './model';
import { readCommon, type CommonOptions } from './workload-manifest';

/**
 * A Load Balanced Web Service (a `WebService` on the environment's load balancer) or a Backend Service (a
 * `WorkerService` with a Service Connect port; with `http`, a `WebService` on an internal load balancer).
 * https://aws.github.io/copilot-cli/docs/manifest/lb-web-service/, https://aws.github.io/copilot-cli/docs/manifest/backend-service/
 */
export function readWebOrBackend(m: Fields, kind: 'Load Balanced Web Service' | 'Backend Service', options: CommonOptions): WorkloadModel {
  const common = readCommon(m, kind, { ...options, hasCount: true });
  const httpRaw = m.raw('http');
  let http: HttpModel | undefined;
  if (httpRaw === false) {
    if (kind === 'Load Balanced Web Service') m.fail('http', 'http settings: `http: false` leaves a Load Balanced Web Service with no load balancer (use a Backend Service)');
  } else if (httpRaw !== undefined || kind === 'Load Balanced Web Service') {
    http = readHttp(m, kind);
  }
  if (kind === 'Backend Service' && http && common.image.port === undefined) m.fail('image', 'image.port: a Backend Service with `http` needs the port its load balancer sends to');
  const connect = readNetwork(m);
  m.listIfPresent('nlb', 'a Network Load Balancer: add a `NetworkService` (TCP, TLS, UDP) by hand');
  m.finish();
  return { ...common, http, connect, subscriptions: [] };
}

function readHttp(m: Fields, kind: string): HttpModel {
  const h = m.map('http');
  if (!h) return { path: '/', aliases: [] };
  const path = h.string('path') ?? '/';
  if (!/^\/?[A-Za-z0-9._~\-/]*$/.test(path)) h.fail('path', 'a path such as "/" or "api" (letters, digits, ".", "_", "~", "-", "/")', path);
  h.carry('path', 'route (Route.path)');
  const aliases = readAliases(h);
  let healthCheckPath: string | undefined;
  let healthyThreshold: number | undefined;
  let healthCheckIntervalMs: number | undefined;
  let gracePeriodMs: number | undefined;
  if (typeof h.raw('healthcheck') === 'string') {
    healthCheckPath = h.string('healthcheck');
  } else {
    const c = h.map('healthcheck');
    if (c) {
      healthCheckPath = c.string('path');
      c.carry('path', 'healthCheckPath');
      healthyThreshold = c.integer('healthy_threshold', 2, 10);
      c.carry('healthy_threshold', 'healthyThresholdCount');
      healthCheckIntervalMs = c.duration('interval');
      c.carry('interval', 'healthCheckInterval');
      gracePeriodMs = c.duration('grace_period');
      c.carry('grace_period', 'healthCheckGracePeriod');
      c.listIfPresent('port', 'the load balancer checks the traffic port');
      c.listIfPresent('success_codes', 'the library\'s check accepts 200-399');
      c.listIfPresent('unhealthy_threshold', 'the library keeps the target group\'s default');
      c.listIfPresent('timeout', 'the library keeps the target group\'s default');
      c.finish();
    }
  }
  h.carry('healthcheck', 'healthCheckPath');
  const deregistrationDelayMs = h.duration('deregistration_delay');
  h.carry('deregistration_delay', 'deregistrationDelay');
  h.listIfPresent('stickiness', 'sticky sessions: set them on `service.targetGroup` by hand');
  h.listIfPresent('allowed_source_ips', 'source IP conditions: not imported; restrict the load balancer\'s security group by hand');
  h.listIfPresent('redirect_to_https', 'the library redirects HTTP to HTTPS whenever the listener has a certificate');
  h.listIfPresent('target_container', 'the load balancer sends to the main container');
  h.listIfPresent('targetContainer', 'the load balancer sends to the main container');
  h.listIfPresent('target_port', 'the load balancer sends to the main container\'s port');
  h.listIfPresent('version', 'gRPC or HTTP/2 to the targets: not imported');
  h.listIfPresent('additional_rules', 'more listener rules: add a WebService route per rule by hand');
  h.listIfPresent('hosted_zone', 'the alias records are created in the application\'s hosted zone');
  h.listIfPresent('private', 'an internal load balancer setting: not imported');
  h.listIfPresent('public', 'a public load balancer setting: not imported');
  h.finish();
  if (kind === 'Backend Service' && aliases.length > 0) h.fail('alias', 'no alias on a Backend Service here (its internal load balancer gets no DNS name of yours)', aliases);
  return { path, aliases, healthCheckPath, healthyThreshold, healthCheckIntervalMs, gracePeriodMs, deregistrationDelayMs };
}

function readAliases(h: Fields): string[] {
  const raw = h.raw('alias');
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const names = items.map(item => typeof item === 'string' ? item :
    typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name :
      h.fail('alias', 'a DNS name, a list of names, or a list of { name, hosted_zone }', raw));
  for (const name of names) {
    if (!/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i.test(name)) h.fail('alias', 'DNS names such as api.example.com', name);
  }
  h.carry('alias', 'route (Route.host)');
  return names;
}

/** `network`: Service Connect is carried over; the placement and security groups are listed. */
export function readNetwork(m: Fields): boolean {
  const n = m.map('network');
  if (!n) return false;
  let connect = false;
  const raw = n.raw('connect');
  if (typeof raw === 'boolean') {
    connect = raw;
  } else if (raw !== undefined) {
    const c = n.map('connect')!;
    connect = true;
    c.listIfPresent('alias', 'the Service Connect name is the service\'s name');
    c.finish();
  }
  n.carry('connect', 'Service Connect (port / calls)');
  const vpc = n.map('vpc');
  if (vpc) {
    const placement = vpc.raw('placement');
    if (placement === 'private') {
      vpc.carry('placement', 'the library\'s default: tasks in private subnets');
    } else {
      vpc.listIfPresent('placement', placement === 'public'
        ? 'tasks run in private subnets (the library never gives a task a public IP); they reach the internet through the NAT'
        : 'chosen subnets: the library places tasks in the network\'s workload subnets');
    }
    vpc.listIfPresent('security_groups', 'extra security groups: add them to `service.service` by hand (the library opens only what each service calls)');
    vpc.finish();
  }
  n.finish();
  return connect;
}
