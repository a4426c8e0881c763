import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AppEnvironment, Application, Deployment, Domain, EnvironmentIngress, ImageRepository, Network, Placement, PlatformCluster, Route,
  ServicePort, WebService, WorkerService,
} from '../../lib';
import { buildReport } from '../../lib/report/report';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testApp } from '../util';

const ENV = { account: '111111111111', region: 'us-east-1' };

/** Staging and Prod of one application, with a web service and an API each in stacks of their own. */
function shopApp(options: { app?: App; webCpu?: number; webMemoryMiB?: number; stagingIngress?: EnvironmentIngress } = {}) {
  const app = options.app ?? testApp();
  const shop = new Application(app, 'Shop');
  const staging = shop.addEnvironment('Staging', {
    env: ENV, containerInsights: ecs.ContainerInsights.DISABLED, ingress: options.stagingIngress,
    workloadDefaults: { placement: Placement.fargateSpot(), deployment: Deployment.rolling(), desiredCount: 1 },
  });
  const prod = shop.addEnvironment('Prod', { env: { ...ENV, account: '222222222222' } });
  const services: Record<string, { api: Stack; web: Stack }> = {};
  for (const environment of [staging, prod]) {
    const api = environment.addServiceStack('Api');
    const web = environment.addServiceStack('Web');
    const callee = new WorkerService(api, 'Api', { appEnvironment: environment, image: image(api), port: ServicePort.http(8080) });
    new WebService(web, 'Web', {
      appEnvironment: environment, image: image(web), route: Route.path('/*'), calls: [callee],
      cpu: options.webCpu ?? 512, memoryMiB: options.webMemoryMiB ?? 1024, deployment: Deployment.canary(),
      overrides: { Staging: { cpu: 256, memoryMiB: 512 } },
    });
    services[environment.environmentName] = { api, web };
  }
  return { app, shop, staging, prod, services };
}

function image(scope: Stack) {
  return ImageRepository.fromRepositoryName(scope, 'Repository', 'shop/web').imageByTag('v1.0.0');
}

function json(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).toJSON();
}

describe('Application and AppEnvironment', () => {
  test('an environment is a stack named <application>-<environment>, tagged, with a cluster, an ingress, a namespace and a topic', () => {
    const { staging } = shopApp();
    expect(staging.stackName).toBe('Shop-Staging');
    expect(staging.tags.tagValues()).toEqual({
      'cdk-ecs-platform:application': 'Shop', 'cdk-ecs-platform:environment': 'Staging', 'cdk-ecs-platform:stack': 'environment',
    });
    const template = Template.fromStack(staging);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'staging.shop' });
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] });
  });

  test('the environment writes what its services read to Parameter Store, under /cdk-ecs-platform/<application>/<environment>', () => {
    const { staging } = shopApp();
    const names = Object.values(Template.fromStack(staging).findResources('AWS::SSM::Parameter')).map((p: any) => p.Properties.Name).sort();
    expect(names).toEqual(expect.arrayContaining([
      '/cdk-ecs-platform/Shop/Staging/Platform/ClusterName', '/cdk-ecs-platform/Shop/Staging/Platform/VpcId',
      '/cdk-ecs-platform/Shop/Staging/Platform/WorkloadSubnetIds', '/cdk-ecs-platform/Shop/Staging/Platform/NamespaceArn',
      '/cdk-ecs-platform/Shop/Staging/Platform/NotificationTopicArn', '/cdk-ecs-platform/Shop/Staging/Ingress/ListenerArn',
      '/cdk-ecs-platform/Shop/Staging/Ingress/SecurityGroupId',
    ]));
  });

  test('each service stack reads its environment by name: no Fn::ImportValue, no dependency on another stack', () => {
    const { app, services } = shopApp();
    const assembly = app.synth();
    for (const { api, web } of Object.values(services)) {
      for (const stack of [api, web]) {
        expect(JSON.stringify(json(stack))).not.toContain('Fn::ImportValue');
        expect(assembly.getStackByName(stack.stackName).dependencies.filter(d => d.id.endsWith('.assets') === false)).toEqual([]);
        expect(Object.values(json(stack).Parameters).some((p: any) => String(p.Default).startsWith('/cdk-ecs-platform/Shop/'))).toBe(true);
      }
    }
    expect(services.Staging.web.stackName).toBe('Shop-Staging-Web');
    expect(services.Prod.api.node.path).toBe('Shop/Prod-Api');
  });

  test('a change to one service changes its stack only', () => {
    const before = shopApp({ webCpu: 512 });
    const after = shopApp({ webCpu: 1024, webMemoryMiB: 2048 });
    const templates = (app: App) => Object.fromEntries(app.synth().stacks.map(s => [s.stackName, JSON.stringify(s.template)]));
    const a = templates(before.app);
    const b = templates(after.app);
    const changed = Object.keys(a).filter(name => a[name] !== b[name]);
    expect(changed).toEqual(['Shop-Prod-Web']); // Staging's web service runs its override (256), in both
  });

  test('the environment can change what it shares while services run: the service stacks do not change', () => {
    const internetFacing = shopApp();
    const internal = shopApp({ stagingIngress: EnvironmentIngress.internal() });
    expect(JSON.stringify(json(internal.services.Staging.web))).toBe(JSON.stringify(json(internetFacing.services.Staging.web)));
    expect(JSON.stringify(json(internal.staging))).not.toBe(JSON.stringify(json(internetFacing.staging)));
  });

  test('overrides apply in their environment; workloadDefaults fill what a workload leaves unset', () => {
    const { services } = shopApp();
    const task = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))[0] as any;
    const service = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0] as any;
    expect([task(services.Staging.web).Properties.Cpu, task(services.Prod.web).Properties.Cpu]).toEqual(['256', '512']);
    // The web service says canary itself, so staging's default rolling does not apply; Spot and one task do.
    expect(service(services.Staging.web).Properties.DeploymentConfiguration.Strategy).toBe('CANARY');
    expect(service(services.Staging.api).Properties.CapacityProviderStrategy.map((s: any) => s.CapacityProvider)).toEqual(['FARGATE_SPOT']);
    expect(service(services.Prod.api).Properties.CapacityProviderStrategy.map((s: any) => s.CapacityProvider)).toEqual(['FARGATE']);
    expect(service(services.Staging.api).Properties.DesiredCount).toBe(1);
  });

  test('a value from an override that cannot run is refused with the override named', () => {
    const app = testApp();
    const shop = new Application(app, 'Shop');
    const staging = shop.addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Web');
    expect(() => new WorkerService(stack, 'Api', { appEnvironment: staging, image: image(stack), cpu: 1024, memoryMiB: 2048, overrides: { Staging: { memoryMiB: 9000 } } }))
      .toThrow(/^Shop\/Staging-Web\/Api: memoryMiB \(from overrides\.Staging\) 9000 /);
  });

  test('an override for an environment the application does not have is refused at synth', () => {
    const app = testApp();
    const shop = new Application(app, 'Shop');
    const staging = shop.addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Api');
    new WorkerService(stack, 'Api', { appEnvironment: staging, image: image(stack), overrides: { Stagging: { cpu: 512, memoryMiB: 1024 } } });
    expect(() => app.synth()).toThrow(/Shop\/Staging-Api\/Api: overrides "Stagging" is not an environment of the application \(Staging\), so it would never apply/);
  });

  test('an override for an environment added after the workload is accepted', () => {
    const app = testApp();
    const shop = new Application(app, 'Shop');
    const staging = shop.addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Api');
    new WorkerService(stack, 'Api', { appEnvironment: staging, image: image(stack), overrides: { Prod: { cpu: 512, memoryMiB: 1024 } } });
    shop.addEnvironment('Prod', { env: ENV });
    expect(() => app.synth()).not.toThrow();
  });

  test.each([
    ['both cluster and appEnvironment', (s: Stack, e: AppEnvironment) => ({ cluster: new PlatformCluster(s, 'C'), appEnvironment: e }), 'cluster "Shop/Staging-Api/C" is given together with appEnvironment Staging'],
    ['neither cluster nor appEnvironment', () => ({}), 'cluster (not set) is missing: the workload needs a cluster to run in'],
    ['overrides without appEnvironment', (s: Stack) => ({ cluster: new PlatformCluster(s, 'C'), overrides: { Staging: { cpu: 512 } } }), 'overrides ["Staging"] apply per environment, and the workload has no appEnvironment'],
    ['a scaling bound for a workload without scaling', (_s: Stack, e: AppEnvironment) => ({ appEnvironment: e, overrides: { Staging: { maxTasks: 2 } } }),
      'overrides.Staging.maxTasks 2 bounds scaling, and this workload has no scaling'],
  ])('refuses %s', (_title, make, message) => {
    const app = testApp();
    const staging = new Application(app, 'Shop').addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Api');
    expect(() => new WorkerService(stack, 'Api', { image: image(stack), ...make(stack, staging) } as any)).toThrow(message);
  });

  test.each([
    ['an application name CloudFormation cannot use', () => new Application(testApp(), 'Shop', { applicationName: 'shop_app' }), 'Shop: applicationName "shop_app" cannot name stacks'],
    ['two environments of one name', () => { const shop = new Application(testApp(), 'Shop'); shop.addEnvironment('Staging'); shop.addEnvironment('staging'); },
      'Shop: addEnvironment id "staging" is the name of environment Shop/Staging already'],
    ['a domain without a load balancer', () => new Application(testApp(), 'Shop').addEnvironment('Staging', { ingress: EnvironmentIngress.none(), domain: domain(new Stack(testApp(), 'Z')) }),
      'Shop/Staging: domain "staging.example.com" names the environment\'s load balancer, and it has none'],
  ])('refuses %s', (_title, build, message) => {
    expect(build).toThrow(message);
  });

  test('a web service of an environment with a domain gets <service>.<environment domain>, on the environment\'s ingress, with HTTPS', () => {
    const app = testApp();
    const zoneStack = new Stack(app, 'Zone', { env: ENV });
    const shop = new Application(app, 'Shop', { domain: Domain.fromHostedZone({ zone: zone(zoneStack), name: 'shop.example.com' }) });
    const staging = shop.addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Storefront');
    const web = new WebService(stack, 'StoreFront', { appEnvironment: staging, image: image(stack) });
    expect(web.url).toBe('https://store-front.staging.shop.example.com');
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['store-front.staging.shop.example.com'] } }],
    });
    Template.fromStack(staging).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.staging.shop.example.com', SubjectAlternativeNames: ['staging.shop.example.com'],
    });
  });

  test('without a domain a web service needs a route', () => {
    const app = testApp();
    const staging = new Application(app, 'Shop').addEnvironment('Staging', { env: ENV });
    const stack = staging.addServiceStack('Web');
    expect(() => new WebService(stack, 'Web', { appEnvironment: staging, image: image(stack) }))
      .toThrow(/route \(not set\) is missing: on ingress Shop\/Staging\/Ingress each service needs the requests it serves/);
  });

  test('a service stack prints its URL, cluster, service, log group and image', () => {
    const { services } = shopApp();
    const outputs = json(services.Prod.web).Outputs;
    expect(Object.keys(outputs).filter(k => k.startsWith('Web')).sort()).toEqual(['WebCluster', 'WebImage', 'WebLogGroup', 'WebServiceName', 'WebUrl']);
    expect(Object.keys(json(services.Prod.api).Outputs).filter(k => k.startsWith('Api')).sort())
      .toEqual(['ApiCluster', 'ApiImage', 'ApiLogGroup', 'ApiServiceConnect', 'ApiServiceName']);
    expect(json(services.Prod.api).Outputs.ApiServiceConnect.Value).toBe('api:8080');
  });

  test('an environment and its service stacks pass cdk-nag and the CloudFormation validator', () => {
    const { app, staging, services } = shopApp();
    expect(nagFindings(app)).toEqual([]);
    expect(cfnFindings([staging, services.Staging.api, services.Staging.web])).toEqual([]);
  });
});

describe('sharedWith', () => {
  function shared(options: { hostDomain?: boolean } = {}) {
    const app = testApp();
    const zoneStack = new Stack(app, 'Zone', { env: ENV });
    const shop = new Application(app, 'Shop', { domain: Domain.fromHostedZone({ zone: zone(zoneStack), name: 'shop.example.com' }) });
    const dev = shop.addEnvironment('Dev', { env: ENV, domain: options.hostDomain === false ? undefined : undefined });
    const staging = shop.addEnvironment('Staging', { env: ENV, sharedWith: dev });
    return { app, dev, staging };
  }

  test('a guest environment has its own cluster, namespace and key, and no VPC, NAT or load balancer', () => {
    const { staging } = shared();
    const template = Template.fromStack(staging);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::Instance', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'staging.shop' });
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('its domain gets a certificate on the shared listener and alias records to the shared load balancer, from its own stack', () => {
    const { dev, staging } = shared();
    const template = Template.fromStack(staging);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: '*.staging.shop.example.com' });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerCertificate', 1);
    template.resourceCountIs('AWS::Route53::RecordSet', 2);
    const stack = staging.addServiceStack('Web');
    const web = new WebService(stack, 'Web', { appEnvironment: staging, image: image(stack) });
    expect(web.url).toBe('https://web.staging.shop.example.com');
    expect(staging.ingress).toBe(dev.ingress);
  });

  test('is refused across accounts or regions', () => {
    const app = testApp();
    const shop = new Application(app, 'Shop');
    const dev = shop.addEnvironment('Dev', { env: ENV });
    expect(() => shop.addEnvironment('Staging', { env: { ...ENV, region: 'eu-west-1' }, sharedWith: dev }))
      .toThrow('Shop/Staging: sharedWith "Shop/Dev" is in 111111111111/us-east-1, and this environment in 111111111111/eu-west-1');
  });

  test.each(['network', 'ingress'] as const)('is refused together with %s', (prop) => {
    const app = testApp();
    const shop = new Application(app, 'Shop');
    const dev = shop.addEnvironment('Dev', { env: ENV });
    const value = prop === 'network' ? Network.highlyAvailable() : EnvironmentIngress.internal();
    expect(() => shop.addEnvironment('Staging', { env: ENV, sharedWith: dev, [prop]: value })).toThrow(`Shop/Staging: ${prop} "given" is the one of Shop/Dev, with sharedWith`);
  });

  test('a guest domain on a host load balancer without a domain is refused', () => {
    const app = testApp();
    const zoneStack = new Stack(app, 'Zone', { env: ENV });
    const shop = new Application(app, 'Shop');
    const dev = shop.addEnvironment('Dev', { env: ENV });
    expect(() => shop.addEnvironment('Staging', { env: ENV, sharedWith: dev, domain: domain(zoneStack) }))
      .toThrow('Shop/Staging: domain "staging.example.com" needs HTTPS on the shared listener of Shop/Dev/Ingress, which has no domain (HTTP only)');
  });

  test('guest services on an EC2 pool of the guest, and host and guest services on one listener, synthesize', () => {
    const { app, dev, staging } = shared();
    const pool = staging.cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
    for (const environment of [dev, staging]) {
      const stack = environment.addServiceStack('Web');
      new WebService(stack, 'Web', { appEnvironment: environment, image: image(stack), placement: environment === staging ? Placement.ec2(pool) : undefined });
    }
    expect(() => app.synth()).not.toThrow();
  });
});

function zone(scope: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

function domain(scope: Stack): Domain {
  return Domain.fromHostedZone({ zone: zone(scope), name: 'staging.example.com' });
}

describe('cdk-ecs-platform report on environments', () => {
  function report() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-report-'));
    const app = new App({ outdir, context: testApp().node.getAllContext(), stackTraces: false });
    const shop = new Application(app, 'Shop');
    const staging = shop.addEnvironment('Staging', { env: ENV, containerInsights: ecs.ContainerInsights.DISABLED });
    const preview = shop.addEnvironment('Preview', { env: ENV, sharedWith: staging, containerInsights: ecs.ContainerInsights.DISABLED });
    for (const environment of [staging, preview]) {
      const stack = environment.addServiceStack('Web');
      new WebService(stack, 'Web', { appEnvironment: environment, image: image(stack), route: Route.path(`/${environment.environmentName.toLowerCase()}/*`), desiredCount: 1 });
    }
    app.synth();
    try {
      return buildReport(outdir);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  test('groups the stacks by environment, with the environment\'s own cost before any task and its total', () => {
    const { environments, stacks } = report();
    const byName = Object.fromEntries(environments.map(e => [e.environment, e]));
    expect(environments.map(e => `${e.application}/${e.environment}`)).toEqual(['Shop/Staging', 'Shop/Preview']);
    expect(byName.Staging.stacks).toEqual([stacks.find(s => s.displayName === 'Shop/Staging')!.id, stacks.find(s => s.displayName === 'Shop/Staging-Web')!.id]);
    const total = (name: string) => stacks.filter(s => byName[name].stacks.includes(s.id)).reduce((sum, s) => sum + s.monthlyUsd, 0);
    expect(byName.Staging.monthlyUsd).toBeCloseTo(total('Staging'), 2);
    // NAT instance 9.46 + load balancer 29.57 + key 1.00, Container Insights off.
    expect(byName.Staging.fixedMonthlyUsd).toBeCloseTo(40.03, 1);
  });

  test('an environment sharing another\'s network and load balancer costs at most 30 USD a month before any task (its key)', () => {
    const preview = report().environments.find(e => e.environment === 'Preview')!;
    expect(preview.fixedMonthlyUsd).toBeLessThanOrEqual(30);
    expect(preview.fixedMonthlyUsd).toBeCloseTo(1.0, 2);
  });
});
