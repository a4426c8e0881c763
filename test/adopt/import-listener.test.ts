import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Domain, ImageRepository, Ingress, IngressListenerAttributes, PlatformCluster, Route, WebService } from '../../lib';
import { testApp } from '../util';

const env = { account: '123456789012', region: 'us-east-1' };

/** An existing cluster, and an existing HTTPS listener of a load balancer in the cluster's VPC, imported by id. */
function existing(app: App = testApp()) {
  const stack = new Stack(app, 'Adopt', { env });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-pub1', 'subnet-pub2'], privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
  });
  const ecsCluster = ecs.Cluster.fromClusterAttributes(stack, 'Existing', { clusterName: 'production', vpc, securityGroups: [] });
  const cluster = PlatformCluster.fromClusterAttributes(stack, 'Cluster', { cluster: ecsCluster });
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'LoadBalancerGroup', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: true });
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'Listener', {
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/production/0123456789abcdef/0123456789abcdef', securityGroup,
  });
  const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'LoadBalancer', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/production/0123456789abcdef',
    securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'production-123.us-east-1.elb.amazonaws.com', vpc,
  });
  const repository = ImageRepository.fromRepositoryName(stack, 'Repository', 'shop/web');
  const attributes: IngressListenerAttributes = { cluster, listener, loadBalancer, securityGroup, protocol: elbv2.ApplicationProtocol.HTTPS };
  return { app, stack, vpc, cluster, listener, loadBalancer, securityGroup, repository, attributes };
}

describe('Ingress.fromListener: an existing load balancer listener', () => {
  test('a web service adds its target group and rule to the existing listener, and an ingress rule from its security group', () => {
    const f = existing();
    const ingress = Ingress.fromListener(f.stack, 'Ingress', f.attributes);
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.path('/shop/*') });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: f.listener.listenerArn,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/shop/*'] } }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourceSecurityGroupId: 'sg-0123456789abcdef0', FromPort: 8080 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: 'sg-0123456789abcdef0', FromPort: 8080 });
    expect(web.url).toBe('https://production-123.us-east-1.elb.amazonaws.com/shop/');
    expect(ingress.imported).toBe(true);
    expect(ingress.accessLogsBucket).toBeUndefined();
  });

  test('derived priorities keep clear of reserved ones, and a route given a reserved priority is refused', () => {
    const f = existing();
    const probe = Ingress.fromListener(f.stack, 'Probe', f.attributes);
    const first = new WebService(f.stack, 'First', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress: probe, route: Route.path('/a/*') });
    const home = f.stack.resolve((first.listenerRule!.node.defaultChild as elbv2.CfnListenerRule).priority);

    const g = existing();
    const ingress = Ingress.fromListener(g.stack, 'Ingress', { ...g.attributes, reservedPriorities: [home] });
    const web = new WebService(g.stack, 'First', { cluster: g.cluster, image: g.repository.imageByTag('v1'), ingress, route: Route.path('/a/*') });
    const moved = g.stack.resolve((web.listenerRule!.node.defaultChild as elbv2.CfnListenerRule).priority);
    expect(moved).not.toBe(home);
    Template.fromStack(g.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: moved });

    const h = existing();
    const taken = Ingress.fromListener(h.stack, 'Ingress', { ...h.attributes, reservedPriorities: [10] });
    expect(() => new WebService(h.stack, 'Web', { cluster: h.cluster, image: h.repository.imageByTag('v1'), ingress: taken, route: Route.path('/a/*', { priority: 10 }) }))
      .toThrow(/Adopt\/Web: route priority 10 is also the priority of a rule the listener has already \(reservedPriorities of Adopt\/Ingress\)/);
  });

  test('reserved priorities count towards the rules quota', () => {
    const f = existing();
    const ingress = Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, reservedPriorities: [1, 2], rulesQuota: 2 });
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.path('/a/*') }))
      .toThrow(/would be rule 3 of ingress Adopt\/Ingress, beyond the account's quota of 2 rules/);
    const g = existing();
    const fits = Ingress.fromListener(g.stack, 'Ingress', { ...g.attributes, reservedPriorities: [1], rulesQuota: 2 });
    new WebService(g.stack, 'Web', { cluster: g.cluster, image: g.repository.imageByTag('v1'), ingress: fits, route: Route.path('/a/*') });
    Template.fromStack(g.stack).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
  });

  test('route hosts are checked against the stated certificate names', () => {
    const f = existing();
    const ingress = Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, certificateNames: ['*.example.com'] });
    new WebService(f.stack, 'Shop', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.host('shop.example.com') });
    expect(() => new WebService(f.stack, 'Other', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.host('shop.example.org') }))
      .toThrow(/Adopt\/Other: route host "?shop\.example\.org"? is not covered by the certificates of ingress Adopt\/Ingress \(\*\.example\.com\)/);
  });

  test('refuses certificate names for an HTTP listener', () => {
    const f = existing();
    expect(() => Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, protocol: elbv2.ApplicationProtocol.HTTP, certificateNames: ['shop.example.com'] }))
      .toThrow(/Adopt\/Ingress: certificateNames .* are given for an HTTP listener, which serves no certificate/);
    const g = existing();
    const http = Ingress.fromListener(g.stack, 'Ingress', { ...g.attributes, protocol: elbv2.ApplicationProtocol.HTTP });
    expect(http.url).toBe('http://production-123.us-east-1.elb.amazonaws.com');
  });

  test('refuses a load balancer of another VPC than the cluster\'s, when it states its VPC', () => {
    const f = existing();
    const other = ec2.Vpc.fromVpcAttributes(f.stack, 'OtherVpc', { vpcId: 'vpc-0ffffffffffffffff', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-x'] });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(f.stack, 'OtherLoadBalancer', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/0123456789abcdef',
      securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'other.us-east-1.elb.amazonaws.com', vpc: other,
    });
    expect(() => Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, loadBalancer }))
      .toThrow(/Adopt\/Ingress: loadBalancer "?Adopt\/OtherLoadBalancer"? is in VPC Adopt\/OtherVpc, and the tasks of Adopt\/Cluster run in VPC Adopt\/Vpc/);
  });

  test('refuses reserved priorities out of range or given twice', () => {
    const f = existing();
    expect(() => Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, reservedPriorities: [0] }))
      .toThrow(/Adopt\/Ingress: reservedPriorities 0 is out of range\. Allowed: a whole number from 1 to 50000/);
    expect(() => Ingress.fromListener(f.stack, 'Twice', { ...f.attributes, reservedPriorities: [5, 5] }))
      .toThrow(/Adopt\/Twice: reservedPriorities 5 is given twice/);
  });

  test('a web service with a load balancer prop on an existing listener is refused as on any ingress', () => {
    const f = existing();
    const ingress = Ingress.fromListener(f.stack, 'Ingress', f.attributes);
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.path('/a/*'), internetFacing: false }))
      .toThrow(/Adopt\/Web: internetFacing false configures the load balancer, and with ingress the load balancer is Adopt\/Ingress's/);
  });

  test('with a domain, the names get alias A records to the existing load balancer, routes are checked against them and the URL is the name', () => {
    const f = existing();
    const zone = route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(f.stack, 'Aliased', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/production/0123456789abcdef',
      securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'production-123.us-east-1.elb.amazonaws.com',
      loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K', vpc: f.vpc,
    });
    const domain = Domain.fromHostedZone({ zone, name: 'reports.example.com', alternativeNames: ['billing.example.com'] });
    const ingress = Ingress.fromListener(f.stack, 'Ingress', { ...f.attributes, loadBalancer, domain });
    new WebService(f.stack, 'Reports', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.host('reports.example.com') });
    expect(() => new WebService(f.stack, 'Other', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.host('other.example.com') }))
      .toThrow(/Adopt\/Other: route host "other.example.com" is not covered by the certificate of ingress Adopt\/Ingress \(reports.example.com, billing.example.com\)/);
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
    for (const name of ['reports.example.com.', 'billing.example.com.']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: name, Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: { DNSName: 'dualstack.production-123.us-east-1.elb.amazonaws.com', HostedZoneId: 'Z35SXDOTRQ7X7K' },
      });
    }
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    expect(ingress.url).toBe('https://reports.example.com');
  });

  test('with a domain on a dual-stack load balancer, each name gets an A and an AAAA alias record', () => {
    const f = existing();
    const zone = route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(f.stack, 'Aliased', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/production/0123456789abcdef',
      securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'production-123.us-east-1.elb.amazonaws.com', loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    });
    Ingress.fromListener(f.stack, 'Ingress', {
      ...f.attributes, loadBalancer, domain: Domain.fromHostedZone({ zone, name: 'reports.example.com' }), ipAddressType: elbv2.IpAddressType.DUAL_STACK,
    });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'reports.example.com.', Type: 'AAAA' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'reports.example.com.', Type: 'A' });
  });

  test('refuses a domain without the load balancer\'s canonical hosted zone id, on an HTTP listener, or outside its zone', () => {
    const f = existing();
    const zone = route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const domain = Domain.fromHostedZone({ zone, name: 'reports.example.com' });
    expect(() => Ingress.fromListener(f.stack, 'NoZoneId', { ...f.attributes, domain }))
      .toThrow(/Adopt\/NoZoneId: loadBalancer "Adopt\/LoadBalancer" has no loadBalancerCanonicalHostedZoneId, which an alias record of the domain points at/);
    expect(() => Ingress.fromListener(f.stack, 'Http', { ...f.attributes, domain, protocol: elbv2.ApplicationProtocol.HTTP }))
      .toThrow(/Adopt\/Http: domain "reports.example.com" is given for an HTTP listener, which serves no certificate for it/);
    expect(() => Ingress.fromListener(f.stack, 'Outside', { ...f.attributes, domain: Domain.fromHostedZone({ zone, name: 'reports.example.org' }) }))
      .toThrow(/Adopt\/Outside: domain.name "reports.example.org" is not in hosted zone example.com/);
  });
});
