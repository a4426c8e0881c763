import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import {
  Deployment, ImageRepository, Network, Placement, PlatformCluster, Reachable, ServiceConnectNamespace, ServicePort, WebService, WorkerService,
} from '../../lib';
import { testApp, testStack } from '../util';
import { fixture, mainContainer, resource } from './fixtures';

const busybox = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36');

/** Every ingress rule of the workloads' groups (not the NAT instance's), written inline or as its own resource. */
function ingressRules(stack: Stack): any[] {
  return allIngressRules(stack).filter(rule => !JSON.stringify(rule.GroupId).includes('NatSecurityGroup'));
}

function allIngressRules(stack: Stack): any[] {
  const template = Template.fromStack(stack);
  const inline = Object.entries(template.findResources('AWS::EC2::SecurityGroup'))
    .flatMap(([id, sg]: [string, any]) => (sg.Properties.SecurityGroupIngress ?? []).map((rule: any) => ({ ...rule, GroupId: { 'Fn::GetAtt': [id, 'GroupId'] } })));
  return [...inline, ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties)];
}

describe('Service Connect', () => {
  test('a worker publishes its port: an HTTP namespace on first use, a named port, the proxy logging to the workload\'s group', () => {
    const f = fixture();
    const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    template.resourceCountIs('AWS::ServiceDiscovery::PrivateDnsNamespace', 0);
    expect(resource(f.stack, 'AWS::ServiceDiscovery::HttpNamespace', 'Cluster').Properties.Name).toMatch(/^Stack-Cluster-[0-9A-F]{8}$/);
    expect(resource(f.stack, 'AWS::ECS::Cluster', 'Cluster').Properties.ServiceConnectDefaults).toEqual({ Namespace: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterDefaultServiceDiscoveryNamespace/), 'Arn'] } });
    expect(mainContainer(f.stack, 'ApiTaskDefinition').PortMappings).toEqual([{ ContainerPort: 8080, Protocol: 'tcp', Name: 'api', AppProtocol: 'http' }]);
    expect(resource(f.stack, 'AWS::ECS::Service', 'ApiService').Properties.ServiceConnectConfiguration).toEqual({
      Enabled: true,
      Namespace: { 'Fn::GetAtt': [expect.stringMatching(/^ClusterDefaultServiceDiscoveryNamespace/), 'Arn'] },
      Services: [{ PortName: 'api', ClientAliases: [{ DnsName: 'api', Port: 8080 }] }],
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: expect.stringMatching(/^ApiLogs/) }, 'awslogs-stream-prefix': 'service-connect', 'awslogs-region': 'us-east-1' } },
    });
    expect(api.serviceConnectEndpoint).toMatchObject({ dnsName: 'api', port: 8080, address: 'api:8080', protocol: 'http' });
    // Published, but open to no one yet: only callers are admitted.
    expect(ingressRules(f.stack)).toEqual([]);
  });

  test('a caller joins the namespace as a client; only the callee\'s group opens, to the caller\'s group, on the callee\'s port', () => {
    const f = fixture();
    const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.grpc(9090, { name: 'orders' }) });
    new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [api] });
    const jobs = resource(f.stack, 'AWS::ECS::Service', 'JobsService');
    expect(jobs.Properties.ServiceConnectConfiguration).toMatchObject({ Enabled: true });
    expect(jobs.Properties.ServiceConnectConfiguration.Services).toBeUndefined();
    // Created after the callee: a task resolves only endpoints that existed when it started.
    expect(jobs.DependsOn).toContain(Object.keys(Template.fromStack(f.stack).findResources('AWS::ECS::Service')).find(id => id.startsWith('ApiService')));
    expect(ingressRules(f.stack)).toEqual([{
      GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ApiServiceSecurityGroup/), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^JobsServiceSecurityGroup/), 'GroupId'] },
      IpProtocol: 'tcp', FromPort: 9090, ToPort: 9090,
      Description: 'Stack/Jobs calls orders:9090 through Service Connect',
    }]);
    expect(mainContainer(f.stack, 'ApiTaskDefinition').PortMappings[0].AppProtocol).toBe('grpc');
  });

  test('a web service publishes its container port with serviceConnectName, and calls a worker', () => {
    const f = fixture();
    const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), containerPort: 3000, serviceConnectName: 'web', calls: [api] });
    new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [api, web] });
    expect(web.serviceConnectEndpoint?.address).toBe('web:3000');
    expect(mainContainer(f.stack, 'WebTaskDefinition').PortMappings).toEqual([{ ContainerPort: 3000, Protocol: 'tcp', Name: 'web', AppProtocol: 'http' }]);
    expect(resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties.ServiceConnectConfiguration.Services)
      .toEqual([{ PortName: 'web', ClientAliases: [{ DnsName: 'web', Port: 3000 }] }]);
    const fromJobs = ingressRules(f.stack).filter(r => JSON.stringify(r.SourceSecurityGroupId ?? '').includes('Jobs'));
    expect(fromJobs.map(r => [r.GroupId['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, ''), r.FromPort])).toEqual([['ApiServiceSecurityGroup', 8080], ['WebServiceSecurityGroup', 3000]]);
  });

  test('a web service without serviceConnectName keeps its port mapping as before, and no proxy', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    expect(mainContainer(f.stack, 'WebTaskDefinition')).toMatchObject({ PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }], Memory: 512 });
    expect(resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties.ServiceConnectConfiguration).toBeUndefined();
    Template.fromStack(f.stack).resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 0);
  });

  test('callers in another stack: the rule and the dependency live in the caller\'s stack, and the app synthesizes', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(platform, 'Cluster', { serviceConnect: ServiceConnectNamespace.http('shop') });
    const repository = new ImageRepository(platform, 'Repo');
    const backend = new Stack(app, 'Backend', { env: { region: 'us-east-1' } });
    const api = new WorkerService(backend, 'Api', { cluster, image: repository.imageByTag('v1'), port: ServicePort.http(8080) });
    const frontend = new Stack(app, 'Frontend', { env: { region: 'us-east-1' } });
    new WebService(frontend, 'Web', { cluster, image: repository.imageByTag('v1'), calls: [api] });
    const assembly = app.synth();
    expect(assembly.getStackByName('Frontend').dependencies.map(d => d.id)).toContain('Backend');
    expect(assembly.getStackByName('Backend').dependencies.map(d => d.id)).not.toContain('Frontend');
    expect(Template.fromStack(backend).findResources('AWS::EC2::SecurityGroupIngress')).toEqual({});
    Template.fromStack(frontend).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^Backend:.*ApiServiceSecurityGroup') }, FromPort: 8080,
    });
    Template.fromStack(platform).hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'shop' });
  });

  test('an existing namespace is used as given, and the cluster is left alone', () => {
    const stack = testStack();
    const namespace = new servicediscovery.HttpNamespace(stack, 'Shared', { name: 'shared' });
    const cluster = new PlatformCluster(stack, 'Cluster', { serviceConnect: ServiceConnectNamespace.fromNamespace(namespace) });
    new WorkerService(stack, 'Api', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1'), port: ServicePort.tcp(5432, { name: 'db' }) });
    expect(resource(stack, 'AWS::ECS::Service', 'ApiService').Properties.ServiceConnectConfiguration.Namespace).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Shared/), 'Arn'] });
    expect(resource(stack, 'AWS::ECS::Cluster', 'Cluster').Properties.ServiceConnectDefaults).toBeUndefined();
    expect(mainContainer(stack, 'ApiTaskDefinition').PortMappings).toEqual([{ ContainerPort: 5432, Protocol: 'tcp', Name: 'db' }]);
  });

  test('works with ECS\'s blue/green deployment, which shifts Service Connect traffic too', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080), deployment: Deployment.blueGreen() });
    expect(resource(f.stack, 'AWS::ECS::Service', 'ApiService').Properties).toMatchObject({
      DeploymentConfiguration: { Strategy: 'BLUE_GREEN' }, ServiceConnectConfiguration: { Enabled: true },
    });
  });
});

describe('the Service Connect proxy counts in the task\'s size', () => {
  test('the main container\'s memory leaves the proxy its 64 MiB (ECS wants the task above the containers\' limits)', () => {
    const f = fixture();
    const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080), cpu: 512, memoryMiB: 1024 });
    api.addSidecar('agent', { image: busybox, memoryMiB: 128 });
    expect(mainContainer(f.stack, 'ApiTaskDefinition').Memory).toBe(1024 - 128 - 64);
  });

  test('a 256-CPU task with the proxy runs, with a warning that the app and the proxy share the CPU', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    Annotations.fromStack(f.stack).hasWarning('/Stack/Api', Match.stringLikeRegexp('cpu 256: the app and the Service Connect proxy share the task\'s 256 CPU units'));
    const quiet = fixture();
    new WorkerService(quiet.stack, 'Api', { cluster: quiet.cluster, image: quiet.repository.imageByTag('v1'), port: ServicePort.http(8080), cpu: 512, memoryMiB: 1024 });
    expect(Annotations.fromStack(quiet.stack).findWarning('*', Match.stringLikeRegexp('Service Connect proxy'))).toEqual([]);
  });

  test('Fargate: sidecars that leave the proxy no room are refused, with the proxy in the numbers', () => {
    const f = fixture();
    const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    expect(() => api.addSidecar('agent', { image: busybox, memoryMiB: 448 }))
      .toThrow(/^Stack\/Api: addSidecar\(agent\) memoryMiB 448 brings the sidecars and the Service Connect proxy's 64 MiB to 512 MiB, which leaves the main container nothing of the task's 512 MiB\. Allowed: sidecars that together reserve less than the task's memoryMiB \(512\) less 64\.$/);
    expect(() => api.addSidecar('agent', { image: busybox, memoryMiB: 64, cpu: 64 }))
      .toThrow(/^Stack\/Api: addSidecar\(agent\) cpu 64 brings the sidecars and the Service Connect proxy's 256 CPU units to 320 CPU units, more than the task's 256\. Allowed: sidecars that together reserve at most the task's cpu \(256\) less 256\.$/);
  });

  test('EC2 pool: a task smaller than the proxy\'s share is refused; the fit check names the proxy', () => {
    const f = fixture();
    const caller = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
    expect(() => new WorkerService(f.stack, 'Small', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool), cpu: 128, calls: [caller] }))
      .toThrow(/^Stack\/Small: cpu 128 is less than the 256 CPU units AWS recommends for the Service Connect proxy alone, which this task runs \(it publishes or calls a port\)\. Allowed: at least 256; 512 or more leaves 256 for the app\.$/);
    expect(() => new WorkerService(f.stack, 'Big', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool), memoryMiB: 2048, calls: [caller] }))
      .toThrow(/^Stack\/Big: cpu and memoryMiB "256 CPU units, 2048 MiB \(the Service Connect proxy's share included\)" do not fit instance type t3.small/);
  });
});

describe('a port without a load balancer', () => {
  test('Reachable.vpc() admits the VPC\'s literal CIDR block, nothing wider', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Metrics', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.tcp(9100, { reachableFrom: Reachable.vpc() }) });
    expect(ingressRules(f.stack)).toEqual([expect.objectContaining({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 9100, ToPort: 9100 })]);
  });

  test('Reachable.services([...]) admits those services\' groups; a UDP port runs no proxy', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    const worker = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    new WorkerService(f.stack, 'Statsd', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.udp(8125, { reachableFrom: Reachable.services([web, worker]) }) });
    const rules = ingressRules(f.stack).filter(r => JSON.stringify(r.GroupId).includes('Statsd'));
    expect(rules.map(r => [r.IpProtocol, r.FromPort, JSON.stringify(r.SourceSecurityGroupId).match(/(Web|Worker)Service/)?.[1]])).toEqual([['udp', 8125, 'Web'], ['udp', 8125, 'Worker']]);
    expect(resource(f.stack, 'AWS::ECS::Service', 'StatsdService').Properties.ServiceConnectConfiguration).toBeUndefined();
    expect(mainContainer(f.stack, 'StatsdTaskDefinition')).toMatchObject({ PortMappings: [{ ContainerPort: 8125, Protocol: 'udp', Name: 'statsd' }], Memory: 512 });
    Template.fromStack(f.stack).resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 0);
  });

  test('a TCP port kept out of Service Connect runs no proxy either', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Db', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.tcp(5432, { reachableFrom: Reachable.vpc(), serviceConnect: false }) });
    expect(resource(f.stack, 'AWS::ECS::Service', 'DbService').Properties.ServiceConnectConfiguration).toBeUndefined();
    expect(Annotations.fromStack(f.stack).findWarning('*', Match.stringLikeRegexp('Service Connect proxy'))).toEqual([]);
  });
});

describe('Service Connect and port checks', () => {
  const cases: Array<[string, (f: ReturnType<typeof fixture>) => void, RegExp]> = [
    ['port 0', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(0) }),
      /^Stack\/Api: port\.port 0 is out of range\. Allowed: a whole number from 1 to 65535\.$/],
    ['port 65536', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.tcp(65536) }),
      /^Stack\/Api: port\.port 65536 is out of range/],
    ['a name with capitals', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080, { name: 'Api' }) }),
      /^Stack\/Api: port\.name "Api" is not a Service Connect name\. Allowed: 1 to 64 lowercase letters, digits, "_" and "-", not starting with "-"\.$/],
    ['a web service name starting with "-"', f => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), serviceConnectName: '-web' }),
      /^Stack\/Web: serviceConnectName "-web" is not a Service Connect name/],
    ['a UDP port published through Service Connect', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'),
      port: ServicePort.udp(514, { serviceConnect: true, reachableFrom: Reachable.vpc() }) }),
    /^Stack\/Api: port\.serviceConnect true cannot publish a UDP port: the Service Connect proxy carries TCP only/],
    ['a UDP port only callers may reach', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.udp(514) }),
      /^Stack\/Api: port\.reachableFrom "Reachable\.callers\(\)" admits only services that call this one through Service Connect, and the udp port is not published, so nothing could connect/],
    ['Reachable.services of nothing', f => new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'),
      port: ServicePort.http(8080, { reachableFrom: Reachable.services([]) }) }),
    /^Stack\/Api: port\.reachableFrom "Reachable\.services\(\[\]\)" names no service/],
    ['two services publishing one name', f => {
      new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(f.stack, 'Other', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8081, { name: 'api' }) });
    }, /^Stack\/Other: Service Connect name "api" is already the endpoint of Stack\/Api in the namespace/],
    ['calling a worker that publishes nothing', f => {
      const plain = new WorkerService(f.stack, 'Plain', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
      new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [plain] });
    }, /^Stack\/Jobs: calls\[0\] "Stack\/Plain" publishes no port through Service Connect, so there is nothing to call/],
    ['calling a web service that is not published', f => {
      const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
      new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [web] });
    }, /^Stack\/Jobs: calls\[0\] "Stack\/Web" publishes no port through Service Connect.*Allowed: .*a WebService with serviceConnectName\.$/],
    ['calling one service twice', f => {
      const api = new WorkerService(f.stack, 'Api', { cluster: f.cluster, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [api, api] });
    }, /^Stack\/Jobs: calls\[1\] "Stack\/Api" is named twice/],
    ['calling a service of another cluster\'s namespace', f => {
      const other = new PlatformCluster(f.stack, 'Other');
      const api = new WorkerService(f.stack, 'Api', { cluster: other, image: f.repository.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(f.stack, 'Jobs', { cluster: f.cluster, image: f.repository.imageByTag('v1'), calls: [api] });
    }, /^Stack\/Jobs: calls\[0\] "Stack\/Api" is registered in another Service Connect namespace than Stack\/Cluster's/],
    ['a namespace name with a slash', f => new PlatformCluster(f.stack, 'Shop', { serviceConnect: ServiceConnectNamespace.http('shop/internal') }),
      /^Stack\/Shop: serviceConnect "ServiceConnectNamespace\.http\(\\"shop\/internal\\"\)" does not name a Cloud Map HTTP namespace/],
  ];
  test.each(cases)('rejects %s', (_title, build, message) => {
    expect(() => build(fixture())).toThrow(message);
  });

  test('rejects Reachable.vpc() for an imported VPC that does not carry its CIDR block', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'] });
    const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });
    expect(() => new WorkerService(stack, 'Api', { cluster, image: new ImageRepository(stack, 'Repo').imageByTag('v1'), port: ServicePort.tcp(9100, { reachableFrom: Reachable.vpc() }) }))
      .toThrow(/^Stack\/Api: port\.reachableFrom "Reachable\.vpc\(\)" needs the VPC's CIDR block, and the imported VPC of Stack\/Cluster does not supply one/);
  });
});

describe('Service Connect namespaces of several clusters in one app', () => {
  /** A cluster in a stack of its own, with a worker that publishes a port (so its namespace is created). */
  function publishing(app: ReturnType<typeof testApp>, id: string, serviceConnect?: ServiceConnectNamespace, env?: { region: string }) {
    const stack = new Stack(app, id, { env });
    const cluster = new PlatformCluster(stack, 'Cluster', { serviceConnect });
    new WorkerService(stack, 'Api', { cluster, image: busybox, port: ServicePort.http(8080, { name: `${id.toLowerCase()}-api` }) });
    return cluster;
  }

  test('two clusters creating one namespace name in one account and region are refused, naming both (Cloud Map keeps one)', () => {
    const app = testApp();
    publishing(app, 'Shop', ServiceConnectNamespace.http('shop'));
    expect(() => publishing(app, 'Admin', ServiceConnectNamespace.http('shop'))).toThrow(new RegExp(
      '^Admin/Cluster: serviceConnect "ServiceConnectNamespace.http\\(\\\\"shop\\\\"\\)" creates the HTTP namespace that Shop/Cluster creates in the same ' +
      'account and region, and Cloud Map keeps one namespace of a name there \\(the second deploy fails with NamespaceAlreadyExists\\)\\. ' +
      'Allowed: another name, or ServiceConnectNamespace.fromNamespace\\(<Shop/Cluster>.serviceConnectNamespace\\) to share that namespace\\.$'));
  });

  test('the remedies synthesize: the namespace shared, or another name; other regions and default names never clash', () => {
    const shared = testApp();
    const shop = publishing(shared, 'Shop', ServiceConnectNamespace.http('shop'));
    publishing(shared, 'Admin', ServiceConnectNamespace.fromNamespace(shop.serviceConnectNamespace));
    expect(() => shared.synth()).not.toThrow();
    const renamed = testApp();
    publishing(renamed, 'Shop', ServiceConnectNamespace.http('shop'));
    publishing(renamed, 'Admin', ServiceConnectNamespace.http('shop-admin'));
    expect(() => renamed.synth()).not.toThrow();
    const regions = testApp();
    publishing(regions, 'Us', ServiceConnectNamespace.http('shop'), { region: 'us-east-1' });
    publishing(regions, 'Eu', ServiceConnectNamespace.http('shop'), { region: 'eu-west-1' });
    publishing(regions, 'One', undefined, { region: 'us-east-1' });
    publishing(regions, 'Two', undefined, { region: 'us-east-1' });
    expect(() => regions.synth()).not.toThrow();
  });
});
