import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { checkIntegerRange, fail } from '../../core/errors';
import type { Route } from '../route';

// Limits of an Application Load Balancer listener rule (Elastic Load Balancing user guide, "Quotas for
// your Application Load Balancers" and "Condition types for listener rules").
export const MAX_PRIORITY = 50000;
const MAX_VALUES_PER_CONDITION = 3;
const MAX_VALUES_PER_RULE = 5;
const MAX_WILDCARDS_PER_RULE = 5;
const MAX_VALUE_LENGTH = 128;
/** Host headers: letters, digits, "-", "_", "." and the wildcards; at least one "."; letters only after the last. */
const HOST = /^[A-Za-z0-9_.*?-]+$/;
/** Path patterns: letters, digits, _-.$/~"'@:+& and the wildcards. */
const PATH = /^[A-Za-z0-9_.$/~"'@:+&*?-]+$/;

// Derived priorities: more literal characters first, in bands of BAND priorities, a hash within the band.
const MAX_LITERALS = 2 * MAX_VALUE_LENGTH;
const BAND = 190; // (MAX_LITERALS + 1) * BAND stays below MAX_PRIORITY

/** A route attached to a shared listener, with the construct that owns it and its home priority. */
export interface RegisteredRoute {
  readonly owner: IConstruct;
  readonly route: Route;
  /** The priority given, or the one derived from the route alone (its home). */
  readonly home: number;
}

/** A route with the priority its listener rule gets (none when rules added by other means fill its band). */
export interface PlacedRoute extends RegisteredRoute {
  readonly priority?: number;
}

/** The checks of one route on its own: values, characters, lengths and the per-rule limits. */
export function validateRoute(scope: IConstruct, route: Route): void {
  if (route.hosts.length === 0 && route.paths.length === 0) {
    fail(scope, 'route', 'Route.match({})', 'has no host and no path, so it would take every request of the shared load balancer',
      'at least one host or path (Route.host, Route.path, Route.hostAndPath, Route.match)');
  }
  for (const [prop, values] of [['route hosts', route.hosts], ['route paths', route.paths]] as const) {
    if (values.length > MAX_VALUES_PER_CONDITION) {
      fail(scope, prop, values, `has ${values.length} values, and a listener rule condition takes at most ${MAX_VALUES_PER_CONDITION}`,
        `at most ${MAX_VALUES_PER_CONDITION} values per condition (split the route across services, or use wildcards)`);
    }
    const duplicate = values.find((v, i) => values.indexOf(v) !== i);
    if (duplicate !== undefined) fail(scope, prop, duplicate, 'is given twice', 'each value once');
  }
  const all = [...route.hosts, ...route.paths];
  if (all.length > MAX_VALUES_PER_RULE) {
    fail(scope, 'route', all, `has ${all.length} condition values, and a listener rule takes at most ${MAX_VALUES_PER_RULE}`,
      `at most ${MAX_VALUES_PER_RULE} hosts and paths together`);
  }
  const wildcards = all.filter(v => !Token.isUnresolved(v)).reduce((n, v) => n + (v.match(/[*?]/g) ?? []).length, 0);
  if (wildcards > MAX_WILDCARDS_PER_RULE) {
    fail(scope, 'route', all, `has ${wildcards} wildcards, and a listener rule takes at most ${MAX_WILDCARDS_PER_RULE}`,
      `at most ${MAX_WILDCARDS_PER_RULE} "*" and "?" across the route's hosts and paths`);
  }
  for (const host of route.hosts) {
    if (Token.isUnresolved(host)) continue;
    const last = host.split('.').pop() ?? '';
    if (host.length > MAX_VALUE_LENGTH || !HOST.test(host) || !host.includes('.') || !/^[A-Za-z]+$/.test(last)) {
      fail(scope, 'route host', host, 'is not a host name a listener rule can match',
        `1 to ${MAX_VALUE_LENGTH} letters, digits, "-", "_", "." and the wildcards "*" and "?", with at least one "." and only letters after the last one (no port)`);
    }
  }
  for (const path of route.paths) {
    if (Token.isUnresolved(path)) continue;
    if (path.length > MAX_VALUE_LENGTH || !PATH.test(path)) {
      fail(scope, 'route path', path, 'is not a path pattern a listener rule can match',
        `1 to ${MAX_VALUE_LENGTH} letters, digits, the characters _-.$/~"'@:+& and the wildcards "*" and "?" (no query string, no "#", no spaces)`);
    }
    if (!/^[/*?]/.test(path)) {
      fail(scope, 'route path', path, 'can never match: request paths start with "/"', 'a pattern starting with "/" (such as "/api/*"), or with a wildcard');
    }
  }
  if (route.priority !== undefined) checkIntegerRange(scope, 'route priority', route.priority, 1, MAX_PRIORITY);
}

/**
 * The route's home priority: the one given, or one derived from the route alone. Routes with more
 * literal (non-wildcard) characters come first, so `/api/*` is evaluated before `/*` and
 * `shop.example.com` + `/api/*` before `shop.example.com`; a hash of the conditions picks a priority
 * within the band of routes with as many literal characters (190 priorities).
 */
export function homePriority(route: Route): number {
  if (route.priority !== undefined) return route.priority;
  const literals = (values: string[]) => values.length === 0 ? 0 : Math.min(...values.map(v => v.replace(/[*?]/g, '').length));
  const specificity = Math.min(MAX_LITERALS, literals(route.hosts) + literals(route.paths));
  const hash = createHash('sha256').update(routeKey(route)).digest().readUInt32BE(0);
  return (MAX_LITERALS - specificity) * BAND + (hash % BAND) + 1;
}

/**
 * The priority of every route of a listener. A given priority is the route's; `reserved` ones (rules
 * added to the listener by other means) are taken too. A derived route gets its home priority unless a
 * given or reserved priority, or a derived route attached before it, already has it: then the next free
 * priority of its band (wrapping around within the band), so it stays after the routes with more
 * literal characters and before those with fewer. Hence an existing route's priority depends on that
 * route alone unless its home was taken when it was attached; adding a route never moves one attached
 * before it, and removing a route moves only the routes its priority had pushed along. A band holds 190
 * priorities and a listener at most 100 routes (one target group each, 100 per load balancer), so a
 * derived route always finds one; `undefined` only when rules added by other means fill its band.
 */
export function placeRoutes(routes: RegisteredRoute[], reserved: number[] = []): PlacedRoute[] {
  const taken = new Set<number>([...reserved, ...routes.filter(r => r.route.priority !== undefined).map(r => r.home)]);
  return routes.map(r => {
    if (r.route.priority !== undefined) return { ...r, priority: r.home };
    const bandStart = r.home - ((r.home - 1) % BAND);
    for (let step = 0; step < BAND; step++) {
      const priority = bandStart + ((r.home - bandStart + step) % BAND);
      if (!taken.has(priority)) {
        taken.add(priority);
        return { ...r, priority };
      }
    }
    return { ...r };
  });
}

/** The listener rule conditions of a route. */
export function routeConditions(route: Route): elbv2.ListenerCondition[] {
  return [
    ...route.hosts.length > 0 ? [elbv2.ListenerCondition.hostHeaders(route.hosts)] : [],
    ...route.paths.length > 0 ? [elbv2.ListenerCondition.pathPatterns(route.paths)] : [],
  ];
}

/**
 * Checks a new route against those already on the listener: the same conditions, or the same given
 * priority, are refused, naming both owners.
 */
export function checkAgainst(scope: IConstruct, route: Route, existing: RegisteredRoute[]): void {
  const key = routeKey(route);
  for (const other of existing) {
    if (routeKey(other.route) === key) {
      fail(scope, 'route', describeRoute(route), `has the same conditions as the route of ${other.owner.node.path}, so one of them would never get a request`,
        'a route of its own for each service on a shared ingress');
    }
    if (route.priority !== undefined && other.route.priority === route.priority) {
      fail(scope, 'route priority', route.priority, `is also the priority of the route of ${other.owner.node.path} (${describeRoute(other.route)}); a listener takes each priority once`,
        `another priority from 1 to ${MAX_PRIORITY} (Route.path(pattern, { priority }))`);
    }
  }
}

/**
 * Refuses a pair of routes of which the first evaluated takes every request of the other, which would
 * never match. The message goes to `newer`'s owner (the route attached later), and says it either way
 * round.
 */
export function checkOrder(newer: PlacedRoute, others: PlacedRoute[]): void {
  const scope = newer.owner;
  for (const other of others) {
    if (other === newer || newer.priority === undefined || other.priority === undefined) continue;
    const [first, second] = other.priority < newer.priority ? [other, newer] : [newer, other];
    if (!covers(first.route, second.route)) continue;
    const problem = second === newer
      ? `can never match: the route of ${first.owner.node.path} (${describeRoute(first.route)}, priority ${first.priority}) takes every request it matches and is evaluated first`
      : `would take every request of the route of ${second.owner.node.path} (${describeRoute(second.route)}, priority ${second.priority}), which is evaluated later and would never match`;
    fail(scope, 'route', `${describeRoute(newer.route)} (priority ${newer.priority})`, problem,
      'a lower priority number for the more specific route (Route.path(pattern, { priority })), or routes that do not contain each other');
  }
}

/** `Route.hostAndPath("a.example.com", "/api/*")` and the like, for messages. */
export function describeRoute(route: Route): string {
  const hosts = route.hosts.map(h => JSON.stringify(h)).join(', ');
  const paths = route.paths.map(p => JSON.stringify(p)).join(', ');
  if (route.hosts.length === 1 && route.paths.length === 0) return `Route.host(${hosts})`;
  if (route.hosts.length === 0 && route.paths.length === 1) return `Route.path(${paths})`;
  if (route.hosts.length === 1 && route.paths.length === 1) return `Route.hostAndPath(${hosts}, ${paths})`;
  return `Route.match({ hosts: [${hosts}], paths: [${paths}] })`;
}

function routeKey(route: Route): string {
  return JSON.stringify({ hosts: route.hosts.map(h => h.toLowerCase()).sort(), paths: [...route.paths].sort() });
}

/** True when every request `b` matches is also matched by `a` (sound, not complete: false when unsure). */
function covers(a: Route, b: Route): boolean {
  const dimension = (as: string[], bs: string[], fold: (s: string) => string) =>
    as.length === 0 || (bs.length > 0 && bs.every(bv => as.some(av => patternCovers(fold(av), fold(bv)))));
  return dimension(a.hosts, b.hosts, s => s.toLowerCase()) && dimension(a.paths, b.paths, s => s);
}

function patternCovers(a: string, b: string): boolean {
  if (Token.isUnresolved(a) || Token.isUnresolved(b)) return false;
  if (a === b || a === '*') return true;
  const wildcards = (s: string) => (s.match(/[*?]/g) ?? []).length;
  if (wildcards(b) === 0) return globMatches(a, b);
  if (wildcards(a) === 1 && a.endsWith('*')) return b.slice(0, b.search(/[*?]/)).startsWith(a.slice(0, -1));
  if (wildcards(a) === 1 && a.startsWith('*')) return b.slice(Math.max(b.lastIndexOf('*'), b.lastIndexOf('?')) + 1).endsWith(a.slice(1));
  return false;
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\/"'@:&~-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}
