import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { Deployment, ImageRepository, Ingress, PlatformCluster, Route, WebService } from '../../lib';
import { homePriority, placeRoutes, RegisteredRoute } from '../../lib/ingress/private/ingress-rules';
import { testApp } from '../util';

const env = { region: 'us-east-1' };
const host = (n: number) => `t${String(n).padStart(3, '0')}.example.com`;

/** Routes as the ingress registers them, owned by constructs named after their host. */
function registered(hosts: string[]): RegisteredRoute[] {
  const root = new Construct(undefined as any, '');
  return hosts.map(h => ({ owner: new Construct(root, h), route: Route.host(h), home: homePriority(Route.host(h)) }));
}

/** `host -> priority` of the routes placed on one listener. */
function placed(hosts: string[], reserved: number[] = []): Map<string, number> {
  return new Map(placeRoutes(registered(hosts), reserved).map(p => [p.owner.node.id, p.priority!]));
}

const hundred = Array.from({ length: 100 }, (_, n) => host(n));

describe('derived route priorities', () => {
  test('100 host routes of equal length (one band) get 100 distinct priorities from 1 to 50000, though many share a home', () => {
    const homes = hundred.map(h => homePriority(Route.host(h)));
    // The case the derivation has to survive: equal homes (a hash into 190 priorities).
    expect(new Set(homes).size).toBeLessThan(100);
    const found = [...placed(hundred).values()];
    expect(new Set(found).size).toBe(100);
    for (const p of found) {
      expect(Number.isInteger(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(50000);
    }
    // All in the band of their specificity, so ordering across bands is kept.
    const bandOf = (p: number) => Math.floor((p - 1) / 190);
    expect(new Set(found.map(bandOf))).toEqual(new Set(homes.map(bandOf)));
  });

  test('a route whose home is free keeps it; a route whose home is taken gets the next free priority of its band', () => {
    const routes = placeRoutes(registered(hundred));
    const taken = new Set<number>();
    for (const r of routes) {
      if (!taken.has(r.home)) expect(r.priority).toBe(r.home);
      else expect(r.priority).not.toBe(r.home);
      taken.add(r.priority!);
    }
  });

  test('adding a route moves none attached before it; removing one moves only routes its priority had pushed along', () => {
    const before = placed(hundred);
    const added = placed([...hundred, host(100)]);
    for (const h of hundred) expect(added.get(h)).toBe(before.get(h));

    // Remove a route that another one collided with: only routes attached after it, off their home, may move.
    const routes = placeRoutes(registered(hundred));
    const pushed = routes.find(r => r.priority !== r.home)!;
    const cause = routes.find(r => r.priority === pushed.home)!;
    const without = hundred.filter(h => h !== cause.owner.node.id);
    const after = placed(without);
    const moved = without.filter(h => after.get(h) !== before.get(h));
    expect(moved).toContain(pushed.owner.node.id);
    expect(after.get(pushed.owner.node.id)).toBe(pushed.home);
    const index = (h: string) => hundred.indexOf(h);
    for (const h of moved) {
      const r = routes.find(x => x.owner.node.id === h)!;
      expect(index(h)).toBeGreaterThan(index(cause.owner.node.id));
      expect(r.priority).not.toBe(r.home);
    }
  });

  test('a given priority is kept free: a derived route attached earlier steps aside, and rules added to the listener are avoided', () => {
    const hosts = hundred.slice(0, 10);
    const derived = placed(hosts);
    const first = hosts[0];
    const withGiven = new Map(placeRoutes([
      ...registered(hosts),
      { owner: new Construct(undefined as any, 'given'), route: Route.path('/given/*', { priority: derived.get(first)! }), home: derived.get(first)! },
    ]).map(p => [p.owner.node.id, p.priority]));
    expect(withGiven.get('given')).toBe(derived.get(first));
    expect(withGiven.get(first)).not.toBe(derived.get(first));
    expect(placed(hosts, [derived.get(first)!]).get(first)).not.toBe(derived.get(first));
  });
});

/** A platform stack (cluster, ingress, repository) and tenants in stacks of ten. */
function tenants(app: App, numbers: number[], ingressProps: { rulesQuota?: number } = {}) {
  const platform = new Stack(app, 'Platform', { env });
  const cluster = new PlatformCluster(platform, 'Cluster');
  const ingress = new Ingress(platform, 'Ingress', { cluster, ...ingressProps });
  const repository = new ImageRepository(platform, 'Repository');
  const stacks: Stack[] = [];
  numbers.forEach((n, i) => {
    if (i % 10 === 0) stacks.push(new Stack(app, `Tenants${i / 10}`, { env }));
    new WebService(stacks[stacks.length - 1], `Tenant${n}`, {
      cluster, image: repository.imageByTag('v1'), ingress, route: Route.host(`tenant${n}.example.com`),
    });
  });
  return { platform, cluster, ingress, repository, stacks };
}

function priorities(stacks: Stack[]): number[] {
  return stacks.flatMap(stack => Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))
    .map((r: any) => r.Properties.Priority));
}

describe('an ingress of many tenants', () => {
  test('thirty tenants routed by host (tenant10 to tenant39.example.com), no priorities given, synthesize with distinct priorities', () => {
    const app = testApp();
    const { stacks } = tenants(app, Array.from({ length: 30 }, (_, i) => i + 10));
    const found = priorities(stacks);
    expect(found).toHaveLength(30);
    expect(new Set(found).size).toBe(30);
  });

  test('a rule added to the ingress\'s listener keeps its priority; a route given the same one is refused, and without a priority it synthesizes', () => {
    const build = (route: Route) => {
      const app = testApp();
      const { platform, cluster, ingress, repository } = tenants(app, []);
      ingress.listener.addAction('Legacy', {
        priority: homePriority(Route.host('shop.example.com')),
        conditions: [elbv2.ListenerCondition.pathPatterns(['/legacy/*'])],
        action: elbv2.ListenerAction.fixedResponse(410),
      });
      new WebService(platform, 'Shop', { cluster, image: repository.imageByTag('v1'), ingress, route });
      return { app, platform };
    };
    const given = build(Route.host('shop.example.com', { priority: homePriority(Route.host('shop.example.com')) }));
    expect(() => given.app.synth()).toThrow(/Platform\/Shop: route priority \d+ is also the priority of Platform\/Ingress\/LoadBalancer\/Listener\/LegacyRule, a rule of the ingress's listener; a listener takes each priority once\. Allowed: /);
    const derived = build(Route.host('shop.example.com'));
    expect(() => derived.app.synth()).not.toThrow();
    expect(new Set(priorities([derived.platform])).size).toBe(2);
  });

  test('a route beyond the rules quota is refused with two remedies, and the raised quota synthesizes', () => {
    expect(() => tenants(testApp(), [1, 2, 3], { rulesQuota: 2 })).toThrow(new RegExp(
      '^Tenants0/Tenant3: route "Route.host\\(\\\\"tenant3.example.com\\\\"\\)" would be rule 3 of ingress Platform/Ingress, beyond the account\'s quota of 2 rules ' +
      'per load balancer\\. Allowed: another Ingress for more services, or the quota raised in Service Quotas and given as rulesQuota'));
    const app = testApp();
    tenants(app, [1, 2, 3], { rulesQuota: 3 });
    expect(() => app.synth()).not.toThrow();
  });

  test('beyond 100 target groups the message names the limit that cannot be raised, whatever rulesQuota says, and a second ingress synthesizes', () => {
    // 51 canary services: 51 rules, 102 target groups.
    const canaries = (app: App, second: boolean) => {
      const { cluster, ingress, repository } = tenants(app, [], { rulesQuota: 200 });
      const other = second ? new Ingress(Stack.of(ingress), 'Second', { cluster }) : ingress;
      for (let n = 0; n < 51; n++) {
        const stack = n % 10 === 0 ? new Stack(app, `Canaries${n / 10}`, { env }) : (app.node.findChild(`Canaries${Math.floor(n / 10)}`) as Stack);
        new WebService(stack, `Canary${n}`, {
          cluster, image: repository.imageByTag('v1'), deployment: Deployment.canary(),
          ingress: n === 50 ? other : ingress, route: Route.host(`canary${n}.example.com`),
        });
      }
    };
    expect(() => canaries(testApp(), false)).toThrow(
      /^Canaries5\/Canary50: ingress "Platform\/Ingress" would have 102 target groups, and an Application Load Balancer takes at most 100, a quota Elastic Load Balancing does not raise .*\. Allowed: another Ingress for more services\.$/);
    const app = testApp();
    canaries(app, true);
    expect(() => app.synth()).not.toThrow();
  });
});
