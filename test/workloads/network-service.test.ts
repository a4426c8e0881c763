import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Deployment, NetworkPort, NetworkService } from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { fixture, mainContainer, resource } from './fixtures';

type Props = Partial<ConstructorParameters<typeof NetworkService>[2]>;

function nlb(props: Props = {}) {
  const f = fixture();
  const service = new NetworkService(f.stack, 'Net', { cluster: f.cluster, image: f.repository.imageByTag('v1'), listener: NetworkPort.tcp(5432), ...props });
  return { ...f, service, get template() { return Template.fromStack(f.stack); } };
}

const certificate = (stack: Stack, region = 'us-east-1') => acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:${region}:111122223333:certificate/abc`);

describe('NetworkService', () => {
  test('TCP: an internet-facing Network Load Balancer with a security group, cross-zone on, IP targets on the container port', () => {
    const { template, stack } = nlb();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network', Scheme: 'internet-facing',
      SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^NetLoadBalancerSecurityGroup'), 'GroupId'] }],
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 5432, Protocol: 'TCP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 5432, Protocol: 'TCP', TargetType: 'ip',
      HealthCheckProtocol: 'TCP', HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, UnhealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }, { Key: 'preserve_client_ip.enabled', Value: 'false' }]),
    });
    const group = resource(stack, 'AWS::EC2::SecurityGroup', 'NetLoadBalancerSecurityGroup').Properties;
    expect(group.SecurityGroupIngress).toEqual([{ CidrIp: '0.0.0.0/0', Description: 'From anywhere', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }]);
    expect(mainContainer(stack, 'NetTaskDefinition').PortMappings).toEqual([{ ContainerPort: 5432, Protocol: 'tcp' }]);
  });

  test('tasks admit only the load balancer\'s security group, on the container port; the load balancer may reach nothing else', () => {
    const { template } = nlb({ containerPort: 15432 });
    const ingress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress')).map(r => r.Properties);
    expect(ingress).toEqual([expect.objectContaining({
      FromPort: 15432, ToPort: 15432, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^NetLoadBalancerSecurityGroup/), 'GroupId'] },
    })]);
    const egress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress')).map(r => r.Properties);
    expect(egress).toEqual([expect.objectContaining({ FromPort: 15432, ToPort: 15432, IpProtocol: 'tcp' })]);
  });

  test('a rolling deploy waits at most 60 s on load balancer settings: 10 s x 2 checks + 30 s', () => {
    const { service } = nlb();
    expect(service.loadBalancerDeployWait.toSeconds()).toBe(50);
    expect(service.loadBalancerDeployWait.toSeconds()).toBeLessThanOrEqual(60);
  });

  test('internal: private subnets, the port open to the VPC only', () => {
    const { template, stack } = nlb({ internetFacing: false, crossZone: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal', LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }]),
    });
    expect(resource(stack, 'AWS::EC2::SecurityGroup', 'NetLoadBalancerSecurityGroup').Properties.SecurityGroupIngress)
      .toEqual([{ CidrIp: '10.0.0.0/16', Description: 'From inside the VPC', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }]);
  });

  test('UDP: a UDP port mapping and target group, health checks over TCP on the health check port, admitted from the load balancer', () => {
    const { template, stack } = nlb({ listener: NetworkPort.udp(53), containerPort: 5353, healthCheckPort: 8080 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 53, Protocol: 'UDP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 5353, Protocol: 'UDP', HealthCheckProtocol: 'TCP', HealthCheckPort: '8080' });
    expect(mainContainer(stack, 'NetTaskDefinition').PortMappings).toEqual([{ ContainerPort: 5353, Protocol: 'udp' }, { ContainerPort: 8080, Protocol: 'tcp' }]);
    const ingress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress')).map(r => [r.Properties.IpProtocol, r.Properties.FromPort]);
    expect(ingress).toEqual([['udp', 5353], ['tcp', 8080]]);
    expect(resource(stack, 'AWS::EC2::SecurityGroup', 'NetLoadBalancerSecurityGroup').Properties.SecurityGroupIngress[0]).toMatchObject({ IpProtocol: 'udp', FromPort: 53 });
    expect(resource(stack, 'AWS::ECS::Service', 'NetService').Properties.LoadBalancers).toEqual([{ ContainerName: 'app', ContainerPort: 5353, TargetGroupArn: { Ref: expect.stringMatching(/^NetTargetGroup/) } }]);
  });

  test('TLS: terminated at the load balancer with TLS 1.2+ (post-quantum key exchange offered), TCP to the tasks, and access logs', () => {
    const f = fixture();
    new NetworkService(f.stack, 'Net', { cluster: f.cluster, image: f.repository.imageByTag('v1'), listener: NetworkPort.tls(443, certificate(f.stack)), containerPort: 8443, healthCheckPath: '/health' });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8443, Protocol: 'TCP', HealthCheckProtocol: 'HTTP', HealthCheckPath: '/health', Matcher: { HttpCode: '200-399' } });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.prefix', Value: 'Net' }]),
    });
  });

  test('sslPolicy sets the TLS listener\'s policy (the old one can be kept), and is refused for TCP and UDP listeners, which have none', () => {
    const f = fixture();
    const image = f.repository.imageByTag('v1');
    new NetworkService(f.stack, 'Net', {
      cluster: f.cluster, image, listener: NetworkPort.tls(443, certificate(f.stack)), containerPort: 8443,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(() => new NetworkService(f.stack, 'Tcp', { cluster: f.cluster, image, listener: NetworkPort.tcp(5432), sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }))
      .toThrow(/Stack\/Tcp: sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" applies to a TLS listener, and the listener is TCP, so it would be ignored/);
  });

  test('TCP has no access logs (Network Load Balancers log TLS only), and the cdk-nag finding is acknowledged with that reason', () => {
    const { template } = nlb();
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('rolls back when targets are unhealthy', () => {
    const { stack, service } = nlb();
    expect(service.rollbackAlarms).toHaveLength(1);
    expect(resource(stack, 'AWS::CloudWatch::Alarm', 'NetUnhealthyTargetsAlarm').Properties).toMatchObject({ MetricName: 'UnHealthyHostCount', Namespace: 'AWS/NetworkELB', Threshold: 0 });
    expect(resource(stack, 'AWS::ECS::Service', 'NetService').Properties.DeploymentConfiguration.Alarms.AlarmNames).toEqual([expect.stringMatching(/^Stack-Net-[0-9A-F]{8}-UnhealthyTargetsAlarm$/)]);
  });

  test('passes cdk-nag and the CloudFormation validator (TCP, UDP and TLS)', () => {
    const f = fixture();
    const image = f.repository.imageByTag('v1');
    // Internal: the CloudFormation validator warns (W2508) about a database port open to 0.0.0.0/0, rightly.
    new NetworkService(f.stack, 'Tcp', { cluster: f.cluster, image, listener: NetworkPort.tcp(5432), internetFacing: false });
    new NetworkService(f.stack, 'Udp', { cluster: f.cluster, image, listener: NetworkPort.udp(53), healthCheckPort: 8080, internetFacing: false });
    new NetworkService(f.stack, 'Tls', { cluster: f.cluster, image, listener: NetworkPort.tls(443, certificate(f.stack)), containerPort: 8443 });
    const app = f.stack.node.root as any;
    expect(nagFindings(app)).toEqual([]);
    expect(cfnFindings([f.stack])).toEqual([]);
  });
});

describe('NetworkService refuses at synth', () => {
  test.each<[string, Props, RegExp]>([
    ['a certificate of another region', {}, /^Stack\/Net: listener certificate ".*" is a certificate of eu-west-1, and a load balancer in us-east-1 can only use certificates of its own region/],
    ['access logs for a TCP listener', { accessLogsBucket: 'bucket' as any }, /^Stack\/Net: accessLogsBucket "Stack\/Logs" is given for a TCP listener, and Network Load Balancers write access logs only for TLS connections\. Allowed: /],
    ['a canary deployment', { deployment: Deployment.canary() }, /^Stack\/Net: deployment "Deployment.canary\(\)" is not available behind a Network Load Balancer here/],
    ['request-count scaling', { scaling: { minTasks: 1, maxTasks: 2, requestsPerTarget: 100 } }, /^Stack\/Net: scaling.requestsPerTarget 100 counts HTTP requests, which a Network Load Balancer does not see/],
    ['an error-rate rollback alarm', { rollbackAlarms: { errorRatePercent: 5 } }, /^Stack\/Net: rollbackAlarms.errorRatePercent "5" watches HTTP responses/],
    ['client IP preservation off for UDP', { listener: NetworkPort.udp(53), preserveClientIp: false }, /^Stack\/Net: preserveClientIp false cannot be turned off for UDP/],
    ['a listener port of 0', { listener: NetworkPort.tcp(0) }, /^Stack\/Net: listener port 0 is out of range\. Allowed: a whole number from 1 to 65535\./],
    ['a health check interval of 400 s', { healthCheckInterval: Duration.seconds(400) }, /^Stack\/Net: healthCheckInterval \(seconds\) 400 is out of range\. Allowed: a whole number from 5 to 300\./],
    ['a health check path without a slash', { healthCheckPath: 'health' }, /^Stack\/Net: healthCheckPath "health" is not a path\./],
  ])('%s', (title, props, message) => {
    const f = fixture();
    if (title.startsWith('a certificate')) props = { listener: NetworkPort.tls(443, certificate(f.stack, 'eu-west-1')) };
    if (title.startsWith('access logs')) props = { accessLogsBucket: new s3.Bucket(f.stack, 'Logs', { encryptionKey: new kms.Key(f.stack, 'Key') }) };
    expect(() => new NetworkService(f.stack, 'Net', { cluster: f.cluster, image: f.repository.imageByTag('v1'), listener: NetworkPort.tcp(5432), ...props })).toThrow(message);
  });
});

describe('NetworkService: the library\'s message where aws-cdk-lib or the deploy would answer', () => {
  const build = (props: Props) => () => nlb(props);

  test('a TLS listener without a certificate is refused with the construct path, and with one it synthesizes', () => {
    expect(build({ listener: NetworkPort.tls(443, undefined as unknown as acm.ICertificate) })).toThrow(
      /^Stack\/Net: listener "NetworkPort.tls\(443\)" has no certificate, and a TLS listener ends TLS at the load balancer with one\. Allowed: NetworkPort.tls\(port, certificate\) .*, or NetworkPort.tcp\(port\) to pass TLS through to the tasks\.$/);
    const f = fixture();
    new NetworkService(f.stack, 'Net', { cluster: f.cluster, image: f.repository.imageByTag('v1'), listener: NetworkPort.tls(443, certificate(f.stack)) });
    expect(() => Template.fromStack(f.stack)).not.toThrow();
  });

  test('a UDP service checked over HTTP with no healthCheckPort is refused; with healthCheckPort, or over TCP, it synthesizes', () => {
    expect(build({ listener: NetworkPort.udp(7777), healthCheckPath: '/health' })).toThrow(
      /^Stack\/Net: healthCheckPath "\/health" checks health over HTTP on port 7777, the number of the service's UDP port, as no healthCheckPort is given: .*Allowed: healthCheckPort: the TCP port the container serves that path on/);
    const fixed = nlb({ listener: NetworkPort.udp(7777), healthCheckPath: '/health', healthCheckPort: 8080 });
    fixed.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Protocol: 'UDP', HealthCheckProtocol: 'HTTP', HealthCheckPort: '8080', HealthCheckPath: '/health' });
    // A TCP check on the UDP port's number stays allowed: a DNS server answers on 53 over both.
    expect(build({ listener: NetworkPort.udp(53) })).not.toThrow();
  });
});
