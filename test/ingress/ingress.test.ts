import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Deployment, Domain, ImageRepository, Ingress, Network, PlatformCluster, Route, WebService } from '../../lib';
import { testApp } from '../util';

const env = { region: 'us-east-1' };

/** A platform stack with a cluster and an ingress, and a repository. */
function platform(app: App = testApp(), ingressProps: Partial<ConstructorParameters<typeof Ingress>[2]> = {}) {
  const stack = new Stack(app, 'Platform', { env });
  const cluster = new PlatformCluster(stack, 'Cluster');
  const ingress = new Ingress(stack, 'Ingress', { cluster, ...ingressProps });
  const repository = new ImageRepository(stack, 'Repository');
  return { app, stack, cluster, ingress, repository };
}

type Platform = ReturnType<typeof platform>;

/** A web service on the ingress, in the platform stack or in a stack of its own. */
function service(p: Platform, id: string, route: Route, props: Record<string, unknown> = {}, stack: Stack = p.stack) {
  return new WebService(stack, id, { cluster: p.cluster, image: p.repository.imageByTag('v1'), ingress: p.ingress, route, ...props });
}

/** `logical id -> priority` of every listener rule of a stack. */
function rules(stack: Stack): Record<string, number> {
  const found = Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::ListenerRule');
  return Object.fromEntries(Object.entries(found).map(([id, r]: [string, any]) => [id, r.Properties.Priority]));
}

describe('Ingress: one load balancer, several web services', () => {
  test('two services in one stack share one load balancer, each through a rule of its route; the default answer is 404', () => {
    const p = platform();
    const shop = service(p, 'Shop', Route.host('shop.example.com'));
    const api = service(p, 'Api', Route.path('/api/*'));
    const template = Template.fromStack(p.stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('^ShopTargetGroup') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
    });
    expect(shop.loadBalancer).toBe(p.ingress.loadBalancer);
    expect(shop.accessLogsBucket).toBe(p.ingress.accessLogsBucket);
    expect(p.stack.resolve(api.url)).toEqual({ 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [expect.stringMatching(/^IngressLoadBalancer/), 'DNSName'] }, '/api/']] });
    expect(shop.url).toBe('http://shop.example.com');
  });

  test('the load balancer reaches each service\'s tasks on the container port only, and nothing else', () => {
    const p = platform();
    service(p, 'Shop', Route.host('shop.example.com'), { containerPort: 3000 });
    const template = Template.fromStack(p.stack);
    const egress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress')).map(r => r.Properties);
    expect(egress).toEqual([expect.objectContaining({
      FromPort: 3000, ToPort: 3000, IpProtocol: 'tcp',
      GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^IngressLoadBalancerSecurityGroup/), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ShopServiceSecurityGroup/), 'GroupId'] },
    })]);
    const ingress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress')).map(r => r.Properties);
    expect(ingress).toEqual([expect.objectContaining({
      FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^IngressLoadBalancerSecurityGroup/), 'GroupId'] },
    })]);
  });

  test('services in other stacks attach without a dependency cycle: the ingress\'s stack refers to none of them', () => {
    const p = platform();
    const shopStack = new Stack(p.app, 'ShopStack', { env });
    const apiStack = new Stack(p.app, 'ApiStack', { env });
    service(p, 'Shop', Route.host('shop.example.com'), {}, shopStack);
    service(p, 'Api', Route.path('/api/*'), { scaling: { minTasks: 1, maxTasks: 4, requestsPerTarget: 500 } }, apiStack);
    expect(() => p.app.synth()).not.toThrow();
    expect(JSON.stringify(Template.fromStack(p.stack).toJSON())).not.toContain('Fn::ImportValue');
    for (const stack of [shopStack, apiStack]) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
      template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
      expect(stack.dependencies).toEqual([p.stack]);
    }
    Template.fromStack(apiStack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }) },
    });
  });

  test('priorities are stable: adding a third service and removing the first keep the others\' rules, ids and priorities', () => {
    const build = (routes: Array<[string, Route]>) => {
      const p = platform();
      const stacks = routes.map(([id, route]) => {
        const stack = new Stack(p.app, `${id}Stack`, { env });
        service(p, id, route, {}, stack);
        return [id, stack] as const;
      });
      const byService: Record<string, unknown> = Object.fromEntries(stacks.map(([id, stack]) => [id, rules(stack)]));
      return { ...byService, platform: Template.fromStack(p.stack).toJSON() } as Record<string, any>;
    };
    const before = build([['Shop', Route.host('shop.example.com')], ['Api', Route.path('/api/*')]]);
    const after = build([['Api', Route.path('/api/*')], ['Admin', Route.hostAndPath('shop.example.com', '/admin/*')]]);
    expect(after.Api).toEqual(before.Api);
    // The ingress's stack does not change at all when services come and go.
    expect(after.platform).toEqual(before.platform);
    expect(Object.keys(before.Api)).toHaveLength(1);
    // Within one stack too: the rule's logical id and priority depend on the service alone.
    const one = platform();
    service(one, 'Shop', Route.host('shop.example.com'));
    service(one, 'Api', Route.path('/api/*'));
    const two = platform();
    service(two, 'Api', Route.path('/api/*'));
    service(two, 'Admin', Route.hostAndPath('shop.example.com', '/admin/*'));
    const apiRule = (stack: Stack) => Object.entries(rules(stack)).filter(([id]) => id.startsWith('Api'));
    expect(apiRule(two.stack)).toEqual(apiRule(one.stack));
  });

  test('derived priorities put routes with more literal characters first, so /api/* is evaluated before /*', () => {
    const p = platform();
    service(p, 'Site', Route.path('/*'));
    service(p, 'Api', Route.path('/api/*'));
    service(p, 'Shop', Route.host('shop.example.com'));
    service(p, 'ShopApi', Route.hostAndPath('shop.example.com', '/api/*'));
    const priority = (prefix: string) => Object.entries(rules(p.stack)).find(([id]) => id.startsWith(prefix))![1];
    expect(priority('ShopApiRule')).toBeLessThan(priority('ShopRule'));
    expect(priority('ApiRule')).toBeLessThan(priority('SiteRule'));
    for (const id of ['SiteRule', 'ApiRule', 'ShopRule', 'ShopApiRule']) {
      expect(priority(id)).toBeGreaterThanOrEqual(1);
      expect(priority(id)).toBeLessThanOrEqual(50000);
    }
  });

  test('an explicit priority is kept', () => {
    const p = platform();
    service(p, 'Api', Route.path('/api/*', { priority: 7 }));
    expect(Object.values(rules(p.stack))).toEqual([7]);
  });

  test('a rolling deploy of a service on the ingress waits at most 60 s on load balancer settings (50 s by default)', () => {
    const p = platform();
    const shop = service(p, 'Shop', Route.host('shop.example.com'), { healthCheckPath: '/health' });
    Template.fromStack(p.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health', HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, TargetType: 'ip',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    expect(shop.loadBalancerDeployWait.toSeconds()).toBe(50);
    expect(shop.loadBalancerDeployWait.toSeconds()).toBeLessThanOrEqual(60);
  });
});

describe('Ingress: progressive delivery on a shared listener', () => {
  test('the service\'s own rule is the production rule ECS moves weights on; the listener\'s default stays 404', () => {
    const p = platform();
    const shopStack = new Stack(p.app, 'ShopStack', { env });
    const shop = service(p, 'Shop', Route.host('shop.example.com'), { deployment: Deployment.canary() }, shopStack);
    service(p, 'Api', Route.path('/api/*'), {}, new Stack(p.app, 'ApiStack', { env }));
    expect(() => p.app.synth()).not.toThrow();
    const template = Template.fromStack(shopStack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [Match.objectLike({ Weight: 100 }), Match.objectLike({ Weight: 0 })] } }],
    });
    const svc = Object.values<any>(template.findResources('AWS::ECS::Service'))[0].Properties;
    expect(svc.LoadBalancers[0].AdvancedConfiguration).toEqual({
      AlternateTargetGroupArn: { Ref: expect.stringMatching(/^ShopAlternateTargetGroup/) },
      ProductionListenerRule: { Ref: expect.stringMatching(/^ShopRule/) },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ShopDeploymentRole/), 'Arn'] },
    });
    expect(shop.listenerRule).toBeDefined();
    Template.fromStack(p.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [Match.objectLike({ Type: 'fixed-response' })],
    });
    const policy = JSON.stringify(Object.values<any>(template.findResources('AWS::IAM::Policy')).find(r => JSON.stringify(r).includes('ModifyRule')));
    expect(policy).toContain('"Action":"elasticloadbalancing:ModifyRule","Effect":"Allow","Resource":{"Ref":"ShopRule');
  });

  test('switching a service from rolling to canary keeps its target group and rule (same logical ids)', () => {
    const ids = (deployment?: Deployment) => {
      const p = platform();
      service(p, 'Shop', Route.host('shop.example.com'), { deployment });
      const resources = Template.fromStack(p.stack).toJSON().Resources as Record<string, any>;
      return Object.keys(resources).filter(id => ['AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::ListenerRule'].includes(resources[id].Type));
    };
    const rolling = ids();
    expect(ids(Deployment.canary())).toEqual(expect.arrayContaining(rolling));
  });
});

describe('Ingress: HTTPS from a domain', () => {
  const zoneOf = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });

  test('a wildcard domain gives a DNS-validated certificate, HTTPS with TLS 1.2+, a redirect from HTTP and an alias record', () => {
    const app = testApp();
    const stack = new Stack(app, 'Platform', { env });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const ingress = new Ingress(stack, 'Ingress', { cluster, domain: Domain.fromHostedZone({ zone: zoneOf(stack), name: '*.example.com' }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.example.com', ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: '*.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS' }) }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: '*.example.com.', Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    expect(ingress.scheme).toBe('https');
    const repository = new ImageRepository(stack, 'Repository');
    const shop = new WebService(stack, 'Shop', { cluster, image: repository.imageByTag('v1'), ingress, route: Route.host('shop.example.com') });
    expect(shop.url).toBe('https://shop.example.com');
  });

  test('refuses a host route the ingress\'s certificate does not cover', () => {
    const app = testApp();
    const stack = new Stack(app, 'Platform', { env });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const ingress = new Ingress(stack, 'Ingress', { cluster, domain: Domain.fromHostedZone({ zone: zoneOf(stack), name: '*.example.com' }) });
    const repository = new ImageRepository(stack, 'Repository');
    expect(() => new WebService(stack, 'Deep', { cluster, image: repository.imageByTag('v1'), ingress, route: Route.host('a.shop.example.com') }))
      .toThrow(/^Platform\/Deep: route host "a.shop.example.com" is not covered by the certificate of ingress Platform\/Ingress \(\*.example.com\), so browsers would refuse the connection\. Allowed: /);
  });

  test('refuses a name outside the hosted zone, and a name that is not a DNS name', () => {
    const app = testApp();
    const stack = new Stack(app, 'Platform', { env });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const zone = zoneOf(stack);
    expect(() => new Ingress(stack, 'Other', { cluster, domain: Domain.fromHostedZone({ zone, name: 'shop.example.org' }) }))
      .toThrow(/^Platform\/Other: domain.name "shop.example.org" is not in hosted zone example.com, so its validation and alias records cannot be created there\. Allowed: example.com or a name ending in .example.com\./);
    expect(() => new Ingress(stack, 'Bad', { cluster, domain: Domain.fromHostedZone({ zone, name: 'shop_1.example.com' }) }))
      .toThrow(/^Platform\/Bad: domain.name "shop_1.example.com" is not a DNS name a certificate can cover\. Allowed: /);
    expect(() => new Ingress(stack, 'Twice', { cluster, domain: Domain.fromHostedZone({ zone, name: 'example.com', alternativeNames: ['Example.com'] }) }))
      .toThrow(/^Platform\/Twice: domain.alternativeNames "example.com" repeats a name of the domain\. Allowed: each name once\./);
  });

  test('refuses a certificate of another region', () => {
    const app = testApp();
    const stack = new Stack(app, 'Platform', { env: { region: 'eu-west-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    expect(() => new Ingress(stack, 'Ingress', { cluster, certificate }))
      .toThrow(/^Platform\/Ingress: certificate "arn:aws:acm:us-east-1:111122223333:certificate\/abc" is a certificate of us-east-1, and a load balancer in eu-west-1 can only use certificates of its own region\. Allowed: /);
    // Environment-agnostic stacks: the region is unknown at synth, so the check is skipped.
    const agnostic = new Stack(app, 'Agnostic');
    const imported = acm.Certificate.fromCertificateArn(agnostic, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    expect(() => new Ingress(agnostic, 'Ingress', { cluster: new PlatformCluster(agnostic, 'Cluster'), certificate: imported })).not.toThrow();
  });
});

describe('WebService with a domain of its own', () => {
  test('gets a DNS-validated certificate, HTTPS with a redirect, an alias record and an https URL', () => {
    const app = testApp();
    const stack = new Stack(app, 'Shop', { env });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const web = new WebService(stack, 'Web', {
      cluster, image: new ImageRepository(stack, 'Repository').imageByTag('v1'),
      domain: Domain.fromHostedZone({ zone, name: 'shop.example.com' }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'shop.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('^WebCertificate') } }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'shop.example.com.', Type: 'A', AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    expect(web.url).toBe('https://shop.example.com');
    expect(web.certificate).toBeDefined();
  });

  test('refuses a certificate of another region than the stack\'s', () => {
    const app = testApp();
    const stack = new Stack(app, 'Shop', { env: { region: 'eu-central-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    expect(() => new WebService(stack, 'Web', { cluster, image: new ImageRepository(stack, 'Repository').imageByTag('v1'), certificate }))
      .toThrow(/^Shop\/Web: certificate ".*" is a certificate of us-east-1, and a load balancer in eu-central-1 can only use certificates of its own region/);
  });
});

describe('Ingress: routes refused at synth', () => {
  const refuse = (route: () => Route, message: RegExp, setup: (p: Platform) => void = () => undefined) => {
    const p = platform();
    setup(p);
    expect(() => service(p, 'Web', route())).toThrow(message);
  };

  test.each([
    ['four hosts in one condition', () => Route.match({ hosts: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'] }),
      /^Platform\/Web: route hosts \[.*\] has 4 values, and a listener rule condition takes at most 3\. Allowed: /],
    ['six condition values in one rule', () => Route.match({ hosts: ['a.example.com', 'b.example.com', 'c.example.com'], paths: ['/a', '/b', '/c'] }),
      /^Platform\/Web: route \[.*\] has 6 condition values, and a listener rule takes at most 5\. Allowed: /],
    ['six wildcards in one rule', () => Route.match({ hosts: ['*.example.com'], paths: ['/*/*/*', '/?/*'] }),
      /^Platform\/Web: route \[.*\] has 6 wildcards, and a listener rule takes at most 5\. Allowed: /],
    ['a host with a port', () => Route.host('shop.example.com:8080'), /^Platform\/Web: route host "shop.example.com:8080" is not a host name a listener rule can match\. Allowed: /],
    ['a host without a dot', () => Route.host('localhost'), /route host "localhost" is not a host name a listener rule can match/],
    ['a host ending in digits', () => Route.host('10.0.0.1'), /route host "10.0.0.1" is not a host name a listener rule can match/],
    ['a path that does not start with a slash', () => Route.path('api/*'), /^Platform\/Web: route path "api\/\*" can never match: request paths start with "\/"\. Allowed: /],
    ['a path with a query string', () => Route.path('/search?q=1'), /^Platform\/Web: route path "\/search\?q=1" is not a path pattern a listener rule can match\. Allowed: /],
    ['a path of 129 characters', () => Route.path('/' + 'a'.repeat(128)), /route path "\/a{128}" is not a path pattern a listener rule can match/],
    ['a priority out of range', () => Route.path('/api/*', { priority: 50001 }), /^Platform\/Web: route priority 50001 is out of range\. Allowed: a whole number from 1 to 50000\./],
    ['a route without conditions', () => Route.match({}), /^Platform\/Web: route "Route.match\(\{\}\)" has no host and no path/],
  ])('%s', (_title, route, message) => refuse(route, message));

  test('refuses a route with the same conditions as another service\'s, naming both', () => {
    refuse(() => Route.path('/api/*'), /^Platform\/Web: route "Route.path\(\\"\/api\/\*\\"\)" has the same conditions as the route of Platform\/Api, so one of them would never get a request\. Allowed: /,
      p => service(p, 'Api', Route.path('/api/*')));
    // Host names are case-insensitive.
    refuse(() => Route.host('Shop.Example.com'), /has the same conditions as the route of Platform\/Shop/, p => service(p, 'Shop', Route.host('shop.example.com')));
  });

  test('refuses a priority another service has, naming both', () => {
    refuse(() => Route.path('/b/*', { priority: 10 }),
      /^Platform\/Web: route priority 10 is also the priority of the route of Platform\/A \(Route.path\("\/a\/\*"\)\); a listener takes each priority once\. Allowed: /,
      p => service(p, 'A', Route.path('/a/*', { priority: 10 })));
  });

  test('refuses a route an earlier rule would always take (it can never match), either way round', () => {
    refuse(() => Route.path('/api/*', { priority: 2 }),
      /^Platform\/Web: route "Route.path\(\\"\/api\/\*\\"\) \(priority 2\)" can never match: the route of Platform\/All \(Route.path\("\/\*"\), priority 1\) takes every request it matches and is evaluated first\. Allowed: /,
      p => service(p, 'All', Route.path('/*', { priority: 1 })));
    refuse(() => Route.host('*.example.com', { priority: 1 }), /would take every request of the route of Platform\/Shop \(Route.hostAndPath\("shop.example.com", "\/api\/\*"\), priority 5\)/,
      p => service(p, 'Shop', Route.hostAndPath('shop.example.com', '/api/*', { priority: 5 })));
  });

  test('refuses a route beyond the rules quota, and accepts up to it', () => {
    const p = platform(testApp(), { rulesQuota: 2 });
    service(p, 'A', Route.path('/a/*'));
    service(p, 'B', Route.path('/b/*'));
    expect(() => service(p, 'C', Route.path('/c/*')))
      .toThrow(/^Platform\/C: route "Route.path\(\\"\/c\/\*\\"\)" would be rule 3 of ingress Platform\/Ingress, beyond the account's quota of 2 rules per load balancer\. Allowed: /);
  });

  test('refuses load balancer props with an ingress, a route without one, an ingress without a route, and an ingress of another VPC', () => {
    const p = platform();
    const image = p.repository.imageByTag('v1');
    expect(() => new WebService(p.stack, 'A', { cluster: p.cluster, image, ingress: p.ingress, route: Route.path('/a/*'), internetFacing: false }))
      .toThrow(/^Platform\/A: internetFacing false configures the load balancer, and with ingress the load balancer is Platform\/Ingress's\. Allowed: no internetFacing with ingress \(set it on the Ingress\)\./);
    expect(() => new WebService(p.stack, 'B', { cluster: p.cluster, image, route: Route.path('/b/*') }))
      .toThrow(/^Platform\/B: route "a Route" is given without ingress/);
    expect(() => new WebService(p.stack, 'C', { cluster: p.cluster, image, ingress: p.ingress }))
      .toThrow(/^Platform\/C: route \(not set\) is missing: on ingress Platform\/Ingress each service needs the requests it serves\. Allowed: /);
    const other = new PlatformCluster(p.stack, 'Other');
    expect(() => new WebService(p.stack, 'D', { cluster: other, image, ingress: p.ingress, route: Route.path('/d/*') }))
      .toThrow(/^Platform\/D: ingress "Platform\/Ingress" serves the VPC of Platform\/Cluster, and this service's tasks run in the VPC of Platform\/Other/);
  });

  test('an internal ingress admits the VPC only', () => {
    const p = platform(testApp(), { internetFacing: false });
    Template.fromStack(p.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    Template.fromStack(p.stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', Description: 'From inside the VPC', FromPort: 80, IpProtocol: 'tcp', ToPort: 80 }],
    });
  });

  test('an imported VPC without public subnets cannot have an internet-facing ingress', () => {
    const app = testApp();
    const stack = new Stack(app, 'Platform', { env });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['s-1', 's-2'] });
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });
    expect(() => new Ingress(stack, 'Ingress', { cluster })).toThrow(/^Platform\/Ingress: internetFacing true needs public subnets for the load balancer/);
  });
});
