import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { Domain, ImageRepository, Ingress, IPlatformCluster, Placement, PlatformCluster, Route, ServicePort, WebService, WorkerService } from '../../lib';
import { testApp } from '../util';

const env = { account: '123456789012', region: 'us-east-1' };

/** A stack with the production VPC and ECS cluster of an existing aws-cdk-lib app, imported by name. */
function existing(app: App = testApp(), id = 'Adopt') {
  const stack = new Stack(app, id, { env });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-pub1', 'subnet-pub2'], privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
  });
  const ecsCluster = ecs.Cluster.fromClusterAttributes(stack, 'Existing', { clusterName: 'production', vpc, securityGroups: [] });
  const repository = ImageRepository.fromRepositoryName(stack, 'Repository', 'shop/web');
  return { app, stack, vpc, ecsCluster, repository };
}

describe('PlatformCluster.fromClusterAttributes: an existing ECS cluster', () => {
  test('a web service and a worker run in the existing cluster, which the stack does not create or change', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1') });
    new WorkerService(f.stack, 'Worker', { cluster, image: f.repository.imageByTag('v1') });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ECS::Cluster', 0);
    template.resourceCountIs('AWS::ECS::ClusterCapacityProviderAssociations', 0);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourcePropertiesCountIs('AWS::ECS::Service', { Cluster: 'production' }, 2);
    // The library's default placement is sent as a strategy naming the cluster's Fargate provider.
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [Match.objectLike({ CapacityProvider: 'FARGATE' })],
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ Subnets: ['subnet-priv1', 'subnet-priv2'] }) },
    });
    expect(cluster.clusterName).toBe('production');
  });

  test('creates one key for the workloads\' log groups in the importing stack, retained, and no key when one is given', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new WorkerService(f.stack, 'Worker', { cluster, image: f.repository.imageByTag('v1') });
    new WorkerService(f.stack, 'Other', { cluster, image: f.repository.imageByTag('v1') });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });

    const g = existing();
    const key = kms.Key.fromKeyArn(g.stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    const given = PlatformCluster.fromClusterAttributes(g.stack, 'Cluster', { cluster: g.ecsCluster, key });
    new WorkerService(g.stack, 'Worker', { cluster: given, image: g.repository.imageByTag('v1') });
    Template.fromStack(g.stack).resourceCountIs('AWS::KMS::Key', 0);
    Template.fromStack(g.stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: key.keyArn });
  });

  test('Service Connect uses the cluster\'s default namespace when it has one, else a new HTTP namespace', () => {
    const f = existing();
    const namespace = servicediscovery.HttpNamespace.fromHttpNamespaceAttributes(f.stack, 'Ns', {
      namespaceName: 'production', namespaceId: 'ns-1234567890', namespaceArn: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1234567890',
    });
    const withNamespace = ecs.Cluster.fromClusterAttributes(f.stack, 'WithNamespace', {
      clusterName: 'production', vpc: f.vpc, securityGroups: [], defaultCloudMapNamespace: namespace,
    });
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: withNamespace });
    new WorkerService(f.stack, 'Worker', { cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 0);
    template.hasResourceProperties('AWS::ECS::Service', { ServiceConnectConfiguration: Match.objectLike({ Namespace: namespace.namespaceArn }) });

    const g = existing();
    const bare = PlatformCluster.fromClusterAttributes(g.stack, 'Cluster', { cluster: g.ecsCluster });
    new WorkerService(g.stack, 'Worker', { cluster: bare, image: g.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    Template.fromStack(g.stack).resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
  });

  test('an Ingress serves the existing cluster\'s VPC, and web services of that cluster attach to it', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    const ingress = new Ingress(f.stack, 'Ingress', { cluster });
    new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.path('/shop/*') });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-pub1', 'subnet-pub2'] });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    expect(ingress.cluster).toBe(cluster);
  });

  test('refuses an EC2 default placement: the imported cluster\'s default names its Fargate providers', () => {
    const f = existing();
    const platform = new PlatformCluster(new Stack(f.app, 'Other', { env }), 'Platform');
    const pool = platform.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')], maxInstances: 2 });
    expect(() => PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster, defaultPlacement: Placement.ec2(pool) }))
      .toThrow(/Adopt\/Cluster: defaultPlacement .* is an EC2 pool; an imported cluster's default placement names the Fargate capacity providers it has/);
  });

  test('refuses a cluster the library did not create or import, naming the import to use', () => {
    const f = existing();
    const foreign = new Construct(f.stack, 'Foreign') as unknown as IPlatformCluster;
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: foreign, image: f.repository.imageByTag('v1') }))
      .toThrow(/Adopt\/Worker: cluster "Adopt\/Foreign" is not a cluster of this library.*PlatformCluster\.fromClusterAttributes/);
  });
});

describe('Name collisions with existing resources are refused at synth', () => {
  test('refuses a new PlatformCluster named like a cluster its stack imports, in either order', () => {
    const f = existing();
    PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new PlatformCluster(f.stack, 'Platform', { clusterName: 'production' });
    expect(() => f.app.synth()).toThrow(/Adopt\/Platform: clusterName "production" is the name of the existing ECS cluster that this stack imports \(Adopt\/Cluster\)/);

    const g = existing();
    new PlatformCluster(g.stack, 'Platform', { clusterName: 'production' });
    PlatformCluster.fromClusterAttributes(g.stack, 'Cluster', { cluster: g.ecsCluster });
    expect(() => g.app.synth()).toThrow(/clusterName "production" is the name of the existing ECS cluster that this stack imports/);
  });

  test('accepts a name created in one stack and imported in another (a reference by name), and another name in the same stack', () => {
    const f = existing();
    new PlatformCluster(new Stack(f.app, 'Platform', { env }), 'Platform', { clusterName: 'production' });
    PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new PlatformCluster(f.stack, 'Other', { clusterName: 'production-2' });
    new ImageRepository(new Stack(f.app, 'Registry', { env }), 'Web', { repositoryName: 'shop/web' });
    expect(() => f.app.synth()).not.toThrow();
  });

  test('refuses a new ImageRepository named like an imported repository', () => {
    const f = existing();
    new ImageRepository(f.stack, 'Web', { repositoryName: 'shop/web' });
    expect(() => f.app.synth()).toThrow(/Adopt\/Web: repositoryName "shop\/web" is the name of the existing ECR repository that this stack imports \(Adopt\/Repository\)/);
  });
});

describe('sslPolicy: the HTTPS listener\'s TLS policy', () => {
  const certificateOf = (stack: Stack, id = 'Cert') => acm.Certificate.fromCertificateArn(stack, id, 'arn:aws:acm:us-east-1:123456789012:certificate/abc');

  test('defaults to the newest post-quantum TLS 1.2+ policy on a web service and an ingress', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1'), certificate: certificateOf(f.stack) });
    new Ingress(f.stack, 'Ingress', { cluster, certificate: certificateOf(f.stack, 'IngressCert') });
    Template.fromStack(f.stack).resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener',
      { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09' }, 2);
  });

  test('keeps the policy of aws-cdk-lib\'s patterns when asked', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1'), certificate: certificateOf(f.stack), sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
  });

  test('refuses sslPolicy on an HTTP listener, and on a service of an ingress', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    expect(() => new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1'), sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }))
      .toThrow(/Adopt\/Web: sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" applies to an HTTPS listener/);
    expect(() => new Ingress(f.stack, 'Ingress', { cluster, sslPolicy: elbv2.SslPolicy.TLS13_12_PQ }))
      .toThrow(/Adopt\/Ingress: sslPolicy .* applies to an HTTPS listener/);
    const ingress = new Ingress(f.stack, 'Shared', { cluster, certificate: certificateOf(f.stack) });
    expect(() => new WebService(f.stack, 'OnIngress', {
      cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.path('/a/*'), sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    })).toThrow(/OnIngress: sslPolicy .* configures the load balancer, and with ingress the load balancer is Adopt\/Shared's/);
  });

  test('a workload on an imported cluster synthesizes without errors', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1') });
    Annotations.fromStack(f.stack).hasNoError('*', Match.anyValue());
  });
});

describe('a certificate brought by the user gets its DNS records from the domain', () => {
  test('a web service and an ingress serve the given certificate and create the alias records, requesting no certificate', () => {
    const f = existing();
    const cluster = PlatformCluster.fromClusterAttributes(f.stack, 'Cluster', { cluster: f.ecsCluster });
    const zone = route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const certificate = acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const web = new WebService(f.stack, 'Web', { cluster, image: f.repository.imageByTag('v1'), certificate, domain: Domain.fromHostedZone({ zone, name: 'shop.example.com' }) });
    const ingress = new Ingress(f.stack, 'Ingress', { cluster, certificate, domain: Domain.fromHostedZone({ zone, name: '*.example.com' }) });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: certificate.certificateArn }] }, 2);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'shop.example.com.', Type: 'A' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: '*.example.com.', Type: 'A' });
    expect(web.url).toBe('https://shop.example.com');
    expect(web.certificate).toBe(certificate);
    expect(ingress.certificate).toBe(certificate);
    // Routes are still checked against the domain's names.
    expect(() => new WebService(f.stack, 'Elsewhere', { cluster, image: f.repository.imageByTag('v1'), ingress, route: Route.host('shop.example.org') }))
      .toThrow(/route host "shop\.example\.org" is not covered by the certificate of ingress Adopt\/Ingress/);
  });
});
