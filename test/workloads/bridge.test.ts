import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  Deployment, ImageRepository, Ingress, Reachable, NetworkPort, NetworkService, Placement, PlatformCluster, Route, ScheduledTask, ServicePort,
  SharedFileSystem, TaskNetworking, Volume, WebService, WorkerService,
} from '../../lib';
import { testApp } from '../util';
import { fixture, mainContainer, resource } from './fixtures';

const bridge = (f: ReturnType<typeof fixture>) => Placement.ec2(f.pool, { networking: TaskNetworking.bridge() });

/** The logical id of a resource of the stack by type and prefix. */
function logicalId(stack: Stack, type: string, prefix: string): string {
  const ids = Object.keys(Template.fromStack(stack).findResources(type)).filter(id => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** Every ingress rule of a stack (inline and separate) on a security group, as `from -> ports`. */
function ingressTo(stack: Stack, groupLogicalId: string): string[] {
  const template = Template.fromStack(stack).toJSON();
  const rules: string[] = [];
  const render = (rule: any) => `${JSON.stringify(rule.SourceSecurityGroupId ?? rule.CidrIp)} ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort}`;
  for (const r of Object.values<any>(template.Resources)) {
    if (r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.GroupId).includes(`"${groupLogicalId}"`)) rules.push(render(r.Properties));
  }
  for (const rule of template.Resources[groupLogicalId]?.Properties?.SecurityGroupIngress ?? []) rules.push(render(rule));
  return rules;
}

describe('TaskNetworking.bridge(): dense packing on an EC2 pool', () => {
  test('awsvpc stays the default, on EC2 and on Fargate', () => {
    const f = fixture();
    expect(Placement.ec2(f.pool).networking.kind).toBe('awsvpc');
    expect(Placement.fargate().networking.kind).toBe('awsvpc');
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool) });
    expect(resource(f.stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').Properties.NetworkMode).toBe('awsvpc');
    expect(resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties.NetworkConfiguration).toBeDefined();
  });

  test('a web service maps its port to a dynamic host port behind instance targets, with no network configuration', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: bridge(f) });
    expect(resource(f.stack, 'AWS::ECS::TaskDefinition', 'WebTaskDefinition').Properties.NetworkMode).toBe('bridge');
    expect(mainContainer(f.stack, 'WebTaskDefinition').PortMappings).toEqual([{ ContainerPort: 8080, HostPort: 0, Protocol: 'tcp' }]);
    const service = resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties;
    expect(service.NetworkConfiguration).toBeUndefined();
    expect(service.LoadBalancers).toEqual([{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: logicalId(f.stack, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Web') } }]);
    Template.fromStack(f.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'instance', Port: 8080 });
    // The service has no security group of its own.
    expect(Object.keys(Template.fromStack(f.stack).findResources('AWS::EC2::SecurityGroup')).filter(id => id.startsWith('WebService'))).toEqual([]);
  });

  test('admits only the load balancer, only to the instances of the workload\'s pool, on the dynamic port range', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: bridge(f) });
    const pool = logicalId(f.stack, 'AWS::EC2::SecurityGroup', 'ClusterPoolSecurityGroup');
    const armPool = logicalId(f.stack, 'AWS::EC2::SecurityGroup', 'ClusterArmPoolSecurityGroup');
    const loadBalancer = logicalId(f.stack, 'AWS::EC2::SecurityGroup', 'WebLoadBalancerSecurityGroup');
    expect(ingressTo(f.stack, pool)).toEqual([`{"Fn::GetAtt":["${loadBalancer}","GroupId"]} tcp 32768-65535`]);
    expect(ingressTo(f.stack, armPool)).toEqual([]);
    // The load balancer's group reaches the pool on that range and nothing else.
    Template.fromStack(f.stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [loadBalancer, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [pool, 'GroupId'] },
      FromPort: 32768, ToPort: 65535, IpProtocol: 'tcp',
    });
  });

  test('keeps the pool\'s metadata protection: IMDSv2 only, hop limit 1, so bridge containers (one hop further) cannot reach it', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: bridge(f) });
    const template = resource(f.stack, 'AWS::EC2::LaunchTemplate', 'ClusterPoolLaunchTemplate').Properties.LaunchTemplateData;
    expect(template.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  });

  test('behind a shared ingress, services on one pool share one rule pair, in the ingress\'s stack, whatever their stacks', () => {
    const app = testApp();
    const env = { region: 'us-east-1' };
    const platform = new Stack(app, 'Platform', { env });
    const cluster = new PlatformCluster(platform, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.medium')], maxInstances: 3 });
    const repository = new ImageRepository(platform, 'Repository');
    const edge = new Stack(app, 'Edge', { env });
    const ingress = new Ingress(edge, 'Ingress', { cluster });
    const shop = new Stack(app, 'Shop', { env });
    const blog = new Stack(app, 'Blog', { env });
    const placement = Placement.ec2(pool, { networking: TaskNetworking.bridge() });
    const web = (stack: Stack, id: string, route: Route) => new WebService(stack, id, {
      cluster, image: repository.imageByTag('v1'), ingress, route, placement, desiredCount: 1,
    });
    web(shop, 'Shop', Route.host('shop.example.com'));
    web(shop, 'Admin', Route.host('admin.example.com'));
    web(blog, 'Blog', Route.host('blog.example.com'));
    const rules = (stack: Stack, type: string) =>
      Object.values(Template.fromStack(stack).findResources(type)).filter((r: any) => r.Properties.FromPort === 32768);
    // EC2 refuses a second identical rule: one pair for the (ingress, pool) pair, however many services.
    expect(rules(edge, 'AWS::EC2::SecurityGroupIngress')).toEqual([{ Type: 'AWS::EC2::SecurityGroupIngress', Properties: expect.objectContaining({
      GroupId: { 'Fn::ImportValue': expect.stringMatching(/PoolSecurityGroup/) }, FromPort: 32768, ToPort: 65535, IpProtocol: 'tcp',
    }) }]);
    expect(rules(edge, 'AWS::EC2::SecurityGroupEgress')).toHaveLength(1);
    for (const stack of [platform, shop, blog]) {
      expect(rules(stack, 'AWS::EC2::SecurityGroupIngress')).toEqual([]);
      expect(rules(stack, 'AWS::EC2::SecurityGroupEgress')).toEqual([]);
    }
    Template.fromStack(shop).resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'instance' }, 2);
    expect(() => app.synth()).not.toThrow();
  });

  test('packs by CPU and memory, not ENIs: a count awsvpc refuses on t3.small fits in bridge mode', () => {
    const build = (networking: TaskNetworking) => {
      const f = fixture();
      return new WorkerService(f.stack, 'Worker', {
        cluster: f.cluster, image: f.repository.imageByTag('v1'), cpu: 256, memoryMiB: 256, desiredCount: 12,
        placement: Placement.ec2(f.pool, { networking }),
      });
    };
    expect(() => build(TaskNetworking.awsvpc())).toThrow(/desiredCount 12 cannot be placed on pool/);
    expect(() => build(TaskNetworking.bridge())).not.toThrow();
  });

  test('an ENI refusal points to bridge networking when ENIs alone are short, for one service and for a shared pool', () => {
    const app = testApp();
    const stack = new Stack(app, 'Dense', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.medium')], maxInstances: 2 });
    const repository = new ImageRepository(stack, 'Repository');
    // minHealthyPercent 50: ECS stops tasks first, so the rolling room check stays out of the way.
    const worker = (id: string, desiredCount: number, networking = TaskNetworking.awsvpc()) => new WorkerService(stack, id, {
      cluster, image: repository.imageByTag('v1'), cpu: 256, memoryMiB: 256, desiredCount, minHealthyPercent: 50, placement: Placement.ec2(pool, { networking }),
    });
    expect(() => worker('Alone', 5)).toThrow(/desiredCount 5 cannot be placed .* or bridge networking \(Placement.ec2\(pool, \{ networking: TaskNetworking.bridge\(\) \}\)\), where tasks take no ENI/);
    worker('One', 4);
    worker('Two', 4);
    expect(() => app.synth()).toThrow(/Dense\/Cluster\/Pool: workloads .* need 8 task ENIs together .* larger instance types, bridge networking for some of them \(TaskNetworking.bridge\(\): no task ENI\), or a pool per service/);
  });

  test('a shared pool short of CPU as well as ENIs is not told that bridge networking would do', () => {
    const app = testApp();
    const stack = new Stack(app, 'Dense', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.medium')], maxInstances: 2 });
    const repository = new ImageRepository(stack, 'Repository');
    for (const id of ['One', 'Two']) {
      new WorkerService(stack, id, {
        cluster, image: repository.imageByTag('v1'), cpu: 1024, memoryMiB: 256, desiredCount: 3, minHealthyPercent: 50, placement: Placement.ec2(pool),
      });
    }
    expect(() => app.synth()).toThrow(/need 6 task ENIs together .* larger instance types, or a pool per service/);
  });

  test('a worker on bridge: no subnets, no security group; its connections are refused, not the cluster\'s pools handed out', () => {
    const f = fixture();
    const worker = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: bridge(f) });
    expect(resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties.NetworkConfiguration).toBeUndefined();
    expect(() => worker.connections).toThrow(
      /Stack\/Worker: connections "Placement.ec2\(Stack\/Cluster\/Pool, \{ networking: TaskNetworking.bridge\(\) \}\)" are not the service's own with bridge networking.*Allowed: .*the pool's securityGroup/);
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: bridge(f) });
    expect(() => web.connections).toThrow(/Stack\/Web: connections .* are not the service's own/);
  });

  test('an EFS volume admits the workload\'s pool only (NFS from the instances), never the other pools', () => {
    const f = fixture();
    const files = new SharedFileSystem(f.stack, 'Files', { cluster: f.cluster });
    new WorkerService(f.stack, 'Worker', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), user: '1000:1000', placement: bridge(f),
      volumes: [Volume.efs(files, { containerPath: '/data' })],
    });
    const fileSystemGroup = logicalId(f.stack, 'AWS::EC2::SecurityGroup', 'FilesSecurityGroup');
    const pool = logicalId(f.stack, 'AWS::EC2::SecurityGroup', 'ClusterPoolSecurityGroup');
    expect(ingressTo(f.stack, fileSystemGroup)).toEqual([`{"Fn::GetAtt":["${pool}","GroupId"]} tcp 2049-2049`]);
  });
});

describe('TaskNetworking.bridge(): what needs a security group per task is refused', () => {
  const image = (f: ReturnType<typeof fixture>) => f.repository.imageByTag('v1');

  test('Service Connect: a web service\'s serviceConnectName', () => {
    const f = fixture();
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: image(f), placement: bridge(f), serviceConnectName: 'web' }))
      .toThrow(/Stack\/Web: serviceConnectName "web" publishes the port through Service Connect.*placement runs the tasks with bridge networking \(Placement.ec2\(Stack\/Cluster\/Pool, \{ networking: TaskNetworking.bridge\(\) \}\)\).*Allowed: serviceConnectName with TaskNetworking.awsvpc\(\)/);
  });

  test('Service Connect: calls', () => {
    const f = fixture();
    const cluster = new PlatformCluster(f.stack, 'Sc', { serviceConnect: {} });
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
    const api = new WorkerService(f.stack, 'Api', { cluster, image: image(f), port: ServicePort.http(8080) });
    expect(() => new WorkerService(f.stack, 'Caller', {
      cluster, image: image(f), calls: [api], cpu: 512, placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
    })).toThrow(/Stack\/Caller: calls \["Stack\/Api"\] admits this service to its callees by the security group of its tasks, and placement runs the tasks with bridge networking/);
  });

  test('a worker\'s port', () => {
    const f = fixture();
    expect(() => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: image(f), placement: bridge(f), port: ServicePort.tcp(9000) }))
      .toThrow(/Stack\/Worker: port 9000 is reached at the task's own address.*Allowed: port with TaskNetworking.awsvpc\(\)/);
  });

  test.each([['blueGreen', Deployment.blueGreen()], ['canary', Deployment.canary()], ['linear', Deployment.linear()]])('Deployment.%s', (kind, deployment) => {
    const f = fixture();
    expect(() => new WebService(f.stack, 'Web', { cluster: f.cluster, image: image(f), placement: bridge(f), deployment }))
      .toThrow(new RegExp(`Stack/Web: deployment "Deployment.${kind}\\(\\)" moves traffic between two target groups, which AWS documents for IP targets .*Allowed: Deployment.rolling\\(\\) with bridge networking`));
    // A rolling deploy of the same service synthesizes.
    expect(() => new WebService(f.stack, 'Rolling', { cluster: f.cluster, image: image(f), placement: bridge(f), deployment: Deployment.rolling() })).not.toThrow();
  });

  test('a NetworkService', () => {
    const f = fixture();
    expect(() => new NetworkService(f.stack, 'Nlb', { cluster: f.cluster, image: image(f), placement: bridge(f), listener: NetworkPort.tcp(7000) }))
      .toThrow(/Stack\/Nlb: placement "Placement.ec2\(Stack\/Cluster\/Pool, \{ networking: TaskNetworking.bridge\(\) \}\)" is not available for a NetworkService: .*client.*Allowed: Placement.ec2\(pool\) \(awsvpc/);
  });

  test('a ScheduledTask', () => {
    const app = new App();
    const stack = new Stack(app, 'Jobs', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')] });
    const repository = new ImageRepository(stack, 'Repository');
    const schedule = scheduler.ScheduleExpression.rate(Duration.days(1));
    expect(() => new ScheduledTask(stack, 'Job', {
      cluster, image: repository.imageByTag('v1'), schedule, placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }),
    })).toThrow(/Jobs\/Job: placement .* is not available for a ScheduledTask: its tasks run with a security group of their own/);
  });
});

describe('TaskNetworking.bridge() and the rolling deploy room check', () => {
  test('a rolling deploy short of ENIs alone is told bridge networking would do, and the bridge version passes', () => {
    const build = (networking: TaskNetworking, memoryMiB: number) => {
      const f = fixture();
      const pool = f.cluster.addCapacityPool('Small', { instanceTypes: [new ec2.InstanceType('t3.small')], maxInstances: 2 });
      return () => new WorkerService(f.stack, 'Worker', {
        cluster: f.cluster, image: f.repository.imageByTag('v1'), cpu: 256, memoryMiB, desiredCount: 4, placement: Placement.ec2(pool, { networking }),
      });
    };
    expect(build(TaskNetworking.awsvpc(), 256)).toThrow(/minHealthyPercent 100 \(the default\) with desiredCount 4 lets a rolling deploy .*, or bridge networking \(Placement.ec2\(pool, \{ networking: TaskNetworking.bridge\(\) \}\)\), where tasks take no ENI\./);
    expect(build(TaskNetworking.bridge(), 256)).not.toThrow();
    // With 1024 MiB tasks memory holds 1 per instance, fewer than the ENIs: bridge would not help, and is not named.
    expect(build(TaskNetworking.awsvpc(), 1024)).toThrow(/desiredCount 4 cannot be placed/);
  });
});

describe('TaskNetworking.bridge(): the rest of a bridge task', () => {
  const image = (f: ReturnType<typeof fixture>) => f.repository.imageByTag('v1');

  test('a sidecar gives a warning: the task\'s containers do not share localhost', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: image(f), placement: bridge(f), cpu: 512, memoryMiB: 512 });
    web.addSidecar('otel', { image: image(f), memoryMiB: 128 });
    Annotations.fromStack(f.stack).hasWarning('/Stack/Web',
      Match.stringLikeRegexp('addSidecar\\(otel\\): with bridge networking each container of the task has a network namespace of its own.*\\[ack: cdk-ecs-platform:bridgeSidecar\\]'));
    // The same sidecar in awsvpc mode: no warning.
    const g = fixture();
    const plain = new WebService(g.stack, 'Web', { cluster: g.cluster, image: image(g), placement: Placement.ec2(g.pool), cpu: 512, memoryMiB: 512, desiredCount: 1 });
    plain.addSidecar('otel', { image: image(g), memoryMiB: 128 });
    Annotations.fromStack(g.stack).hasNoWarning('/Stack/Web', Match.stringLikeRegexp('bridgeSidecar'));
  });

  test('a fixed hostPort added through the escape hatch is refused where it is added, naming the workload; awsvpc is not concerned', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: image(f), placement: bridge(f) });
    expect(() => web.container.addPortMappings({ containerPort: 9090, hostPort: 9090 })).toThrow(
      /^Stack\/Web: container app port mapping hostPort 9090 fixes a host port with bridge networking: one task per instance.*Allowed: no hostPort \(or 0\): ECS maps the container port to a dynamic host port\.$/);
    const sidecar = web.addSidecar('metrics', { image: image(f), memoryMiB: 64 });
    expect(() => sidecar.addPortMappings({ containerPort: 9100, hostPort: 9100 })).toThrow(/^Stack\/Web: container metrics port mapping hostPort 9100 fixes a host port/);
    // The remedy the message names: a dynamic host port.
    web.container.addPortMappings({ containerPort: 9090 }, { containerPort: 9091, hostPort: 0 });
    expect(() => Template.fromStack(f.stack)).not.toThrow();
    // A property override is read at synth.
    const g = fixture();
    const other = new WebService(g.stack, 'Web', { cluster: g.cluster, image: image(g), placement: bridge(g) });
    (other.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.PortMappings.0.HostPort', 8080);
    expect(() => Template.fromStack(g.stack)).toThrow(/Stack\/Web: container app port mapping hostPort 8080 fixes a host port with bridge networking/);
    const h = fixture();
    new WebService(h.stack, 'Web', { cluster: h.cluster, image: image(h), placement: Placement.ec2(h.pool), desiredCount: 1 }).container
      .addPortMappings({ containerPort: 9090, hostPort: 9090 });
    expect(() => Template.fromStack(h.stack)).not.toThrow();
  });

  test('Reachable.services([...]) naming a bridge service is refused on the port that names it', () => {
    const f = fixture();
    const bridged = new WorkerService(f.stack, 'Bridged', { cluster: f.cluster, image: image(f), placement: bridge(f) });
    expect(() => new WorkerService(f.stack, 'Api', {
      cluster: f.cluster, image: image(f), port: ServicePort.tcp(9000, { reachableFrom: Reachable.services([bridged]) }),
    })).toThrow(new RegExp('Stack/Api: port.reachableFrom "Reachable.services\\(\\[Stack/Bridged, ...\\]\\)" names Stack/Bridged, ' +
      'whose tasks use bridge networking.*Allowed: .*the bridge pool\'s securityGroup'));
    // The pool's group itself is a valid peer.
    expect(() => new WorkerService(f.stack, 'Api2', {
      cluster: f.cluster, image: image(f), port: ServicePort.tcp(9000, { reachableFrom: Reachable.services([f.pool.securityGroup]) }),
    })).not.toThrow();
  });

  test('capacity messages do not name bridge networking to workloads that refuse it', () => {
    const message = (build: (f: ReturnType<typeof fixture>) => void) => {
      const f = fixture();
      try {
        build(f);
        Template.fromStack(f.stack);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    const onPool = (f: ReturnType<typeof fixture>) => Placement.ec2(f.pool);
    // t3a.small: 1 task ENI per instance, 2 on the pool, where CPU and memory hold more.
    const cases = {
      worker: message(f => new WorkerService(f.stack, 'W', { cluster: f.cluster, image: image(f), placement: onPool(f), memoryMiB: 256, desiredCount: 3 })),
      workerWithPort: message(f => new WorkerService(f.stack, 'W', {
        cluster: f.cluster, image: image(f), placement: onPool(f), memoryMiB: 256, desiredCount: 3,
        port: ServicePort.tcp(9000, { reachableFrom: Reachable.vpc() }),
      })),
      networkService: message(f => new NetworkService(f.stack, 'N', {
        cluster: f.cluster, image: image(f), placement: onPool(f), memoryMiB: 256, desiredCount: 3, listener: NetworkPort.tcp(7000),
      })),
      scheduledTask: message(f => new ScheduledTask(f.stack, 'S', {
        cluster: f.cluster, image: image(f), placement: onPool(f), memoryMiB: 256, taskCount: 3,
        schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
      })),
    };
    expect(cases.worker).toMatch(/cannot be placed on pool .* or bridge networking/);
    for (const refused of [cases.workerWithPort, cases.networkService, cases.scheduledTask]) {
      expect(refused).toMatch(/cannot be placed on pool/);
      expect(refused).not.toMatch(/bridge networking/);
    }
  });
});
