import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Deployment, ImageRepository, Ingress, NetworkPort, NetworkService, Placement, PlatformCluster, Route, WebService, WorkerService } from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testApp, testStack } from '../util';
import { fixture, resource } from './fixtures';
import { evaluate } from './metric-math';

describe('deployment strategies', () => {
  test('rolling is the default and is sent as ROLLING, so a service going back from a progressive strategy says so', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    const config = resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties.DeploymentConfiguration;
    expect(config.Strategy).toBe('ROLLING');
    expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(web.deployment.kind).toBe('rolling');
    expect(web.alternateTargetGroup).toBeUndefined();
    expect(web.releaseWait.toSeconds()).toBe(50); // 2 x 10 s health checks + 30 s deregistration
  });

  test('canary: ECS strategy, canary share and bake times, an alternate target group, a production rule and a least-privilege role', () => {
    const f = fixture();
    const web = new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), deployment: Deployment.canary({ percent: 5 }) });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties;
    expect(service.DeploymentConfiguration).toMatchObject({
      Strategy: 'CANARY', BakeTimeInMinutes: 5, CanaryConfiguration: { CanaryPercent: 5, CanaryBakeTimeInMinutes: 5 },
      Alarms: { Enable: true, Rollback: true, AlarmNames: ['Stack-Web-3B3D323C-RollbackAlarm'] },
    });
    expect(service.LoadBalancers[0].AdvancedConfiguration).toEqual({
      AlternateTargetGroupArn: { Ref: expect.stringMatching(/^WebLoadBalancerListenerAlternateGroup/) },
      ProductionListenerRule: { Ref: expect.stringMatching(/^WebLoadBalancerListenerProductionRule/) },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^WebDeploymentRole/), 'Arn'] },
    });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [Match.objectLike({ Weight: 100 }), Match.objectLike({ Weight: 0 })] } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    const policy = JSON.stringify(resource(f.stack, 'AWS::IAM::Policy', 'WebDeploymentRoleDefaultPolicy').Properties.PolicyDocument);
    expect(policy).toContain('"Action":"elasticloadbalancing:ModifyRule","Effect":"Allow","Resource":{"Ref":"WebLoadBalancerListenerProductionRule');
    expect(policy).not.toMatch(/"Action":\["elasticloadbalancing:RegisterTargets","elasticloadbalancing:DeregisterTargets"\],"Effect":"Allow","Resource":"\*"/);
    // ECS uses the role from the service's creation to its deletion: the service waits for the role's permissions.
    expect(resource(f.stack, 'AWS::ECS::Service', 'WebService').DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WebDeploymentRoleDefaultPolicy/)]));
    // The rollback alarm watches both target groups: either may hold production traffic. 8 metrics, of CloudWatch's 10.
    const metrics = resource(f.stack, 'AWS::CloudWatch::Alarm', 'WebRollbackAlarm').Properties.Metrics;
    expect(metrics.filter((m: any) => m.MetricStat).map((m: any) => m.Id)).toEqual(['e0', 'e1', 'r0', 'r1', 'l0', 'l1', 'u0', 'u1']);
    expect(metrics[0].Expression).toContain('MAX([FILL(l0, 0), FILL(l1, 0)])');
    expect(web.rollbackAlarms).toHaveLength(1);
    expect(web.releaseWait.toSeconds()).toBe(20 + 300 + 300 + 30); // health checks, canary bake, bake, deregistration
  });

  test('linear and blue/green render their settings; the release wait adds each step', () => {
    const f = fixture();
    const linear = new WebService(f.stack, 'Linear', { cluster: f.cluster, image: f.repository.imageByTag('v1'),
      deployment: Deployment.linear({ stepPercent: 20, stepBake: Duration.minutes(2), bake: Duration.minutes(10) }) });
    const blueGreen = new WebService(f.stack, 'BlueGreen', { cluster: f.cluster, image: f.repository.imageByTag('v1'), deployment: Deployment.blueGreen() });
    expect(resource(f.stack, 'AWS::ECS::Service', 'LinearService').Properties.DeploymentConfiguration).toMatchObject({
      Strategy: 'LINEAR', BakeTimeInMinutes: 10, LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 2 },
    });
    expect(resource(f.stack, 'AWS::ECS::Service', 'BlueGreenService').Properties.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 });
    expect(linear.releaseWait.toSeconds()).toBe(20 + 4 * 120 + 600 + 30); // 100 / 20 - 1 = 4 waits
    expect(blueGreen.releaseWait.toSeconds()).toBe(20 + 300 + 30);
  });

  test('a worker may use blue/green (a second set of tasks, no traffic to move)', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), deployment: Deployment.blueGreen({ bake: Duration.minutes(2) }) });
    const service = resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties;
    expect(service.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 2 });
    expect(service.LoadBalancers).toBeUndefined();
  });

  test('a worker rolls back when fewer tasks run than desired (Container Insights)', () => {
    const f = fixture();
    const worker = new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    const alarm = resource(f.stack, 'AWS::CloudWatch::Alarm', 'WorkerTasksMissingAlarm').Properties;
    expect(alarm.Metrics[0].Expression).toBe('FILL(desired, 0) - FILL(running, 0)');
    expect(alarm.Metrics.slice(1).map((m: any) => m.MetricStat.Metric.Namespace)).toEqual(['ECS/ContainerInsights', 'ECS/ContainerInsights']);
    expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ClusterNotifications/) }]);
    expect(worker.rollbackAlarms).toHaveLength(1);
  });

  test('a worker on a cluster without Container Insights gets a warning instead of an alarm', () => {
    const f = fixture();
    const cluster = new PlatformCluster(f.stack, 'Plain', { containerInsights: ecs.ContainerInsights.DISABLED });
    new WorkerService(f.stack, 'Worker', { cluster, image: f.repository.imageByTag('v1') });
    Template.fromStack(f.stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    Annotations.fromStack(f.stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('no rollback alarm, because cluster Stack/Plain has Container Insights disabled'));
  });

  test('rollback alarms can be tuned or turned off', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), rollbackAlarms: { errorRatePercent: 2, responseTime: Duration.millis(800), periods: 2 } });
    new WebService(f.stack, 'Quiet', { cluster: f.cluster, image: f.repository.imageByTag('v1'), rollbackAlarms: { enabled: false } });
    const alarm = resource(f.stack, 'AWS::CloudWatch::Alarm', 'WebRollbackAlarm').Properties;
    expect(alarm).toMatchObject({ Threshold: 0, EvaluationPeriods: 2, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    const expression = alarm.Metrics[0].Expression;
    expect(evaluate(expression, { e0: 3, r0: 100, l0: 0.1, u0: 0 })).toBe(1); // 3 % of requests: over 2, not over 5
    expect(evaluate(expression, { e0: 0, r0: 100, l0: 0.9, u0: 0 })).toBe(2); // 900 ms: over 800 ms
    expect(alarm.AlarmDescription).toBe('Stack/Web: target 5xx above 2 % of requests (alarm value 1), p99 target response time above 800 millis (2) ' +
      'or unhealthy targets (4; the value adds up the conditions breached) for 2 minute(s); rolls back a release in progress (ECS deployment alarm)');
    Template.fromStack(f.stack).resourceCountIs('AWS::CloudWatch::Alarm', 1);
    expect(resource(f.stack, 'AWS::ECS::Service', 'QuietService').Properties.DeploymentConfiguration.Alarms).toBeUndefined();
  });
});

describe('a web service\'s rollback alarm', () => {
  const expressionOf = (deployment?: Deployment) => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), deployment });
    return resource(f.stack, 'AWS::CloudWatch::Alarm', 'WebRollbackAlarm').Properties.Metrics[0].Expression as string;
  };
  const healthy = { e0: 0, r0: 500, l0: 0.2, u0: 0 };

  test.each([
    ['a healthy minute', {}, 0],
    ['6 % target 5xx (over 5 %)', { e0: 30 }, 1],
    ['exactly 5 % target 5xx (not over)', { e0: 25 }, 0],
    ['9 requests, all failing: under 10 requests counts no error rate', { e0: 9, r0: 9 }, 0],
    ['10 requests, 1 failing (10 %)', { e0: 1, r0: 10 }, 1],
    ['a p99 of 3.2 s (over 3 s)', { l0: 3.2 }, 2],
    ['a p99 of exactly 3 s (not over)', { l0: 3 }, 0],
    ['one unhealthy target', { u0: 1 }, 4],
    ['errors and unhealthy targets', { e0: 100, u0: 2 }, 5],
    ['all three', { e0: 100, l0: 10, u0: 1 }, 7],
    ['a minute without requests (no 5xx, RequestCount or response time data points)', { e0: undefined, r0: undefined, l0: undefined }, 0],
    ['a minute without any data point', { e0: undefined, r0: undefined, l0: undefined, u0: undefined }, 0],
  ])('a rolling service: %s gives %s', (_title, minute, value) => {
    expect(evaluate(expressionOf(), { ...healthy, ...minute })).toBe(value);
  });

  test.each([
    ['the new set slow (p99 4 s in the alternate group)', { l1: 4 }, 2],
    ['errors counted across both groups: 2 of 15 requests (13 %)', { e0: 1, r0: 5, e1: 1, r1: 10 }, 1],
    ['8 + 1 requests with 1 failing: under 10 across both groups', { e0: 0, r0: 8, e1: 1, r1: 1 }, 0],
    ['an unhealthy target in the alternate group', { u1: 1 }, 4],
    ['the alternate group without traffic or targets yet', { e1: undefined, r1: undefined, l1: undefined, u1: undefined }, 0],
  ])('a canary service watches both target groups: %s gives %s', (_title, minute, value) => {
    expect(evaluate(expressionOf(Deployment.canary()), { ...healthy, e1: 0, r1: 0, l1: 0.2, u1: 0, ...minute })).toBe(value);
  });
});

describe('rollback alarm metrics', () => {
  /** The LoadBalancer dimension of every metric of every alarm of a stack. */
  const loadBalancerDimensions = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).flatMap(alarm => {
    const p = alarm.Properties;
    const dimensions = p.Metrics ? p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions) : [p.Dimensions];
    return dimensions.map((d: any[]) => d.find(x => x.Name === 'LoadBalancer').Value);
  });

  test('name the service\'s own load balancer by its LoadBalancerFullName, not by splitting the listener\'s ARN (issue 18, item 6: 300 bytes a metric)', () => {
    const f = fixture();
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1') });
    const certificate = acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111122223333:certificate/abc');
    new NetworkService(f.stack, 'Net', { cluster: f.cluster, image: f.repository.imageByTag('v1'), listener: NetworkPort.tls(443, certificate), containerPort: 8443 });
    const values = loadBalancerDimensions(f.stack);
    expect(values).toHaveLength(5);
    expect(values.map(v => v['Fn::GetAtt'])).toEqual([
      ...Array(4).fill([expect.stringMatching(/^WebLoadBalancer/), 'LoadBalancerFullName']),
      [expect.stringMatching(/^NetLoadBalancer/), 'LoadBalancerFullName'],
    ]);
  });

  test('keep aws-cdk-lib\'s form for an ingress of another stack (and so does the request-count policy), so the ingress\'s stack gets no new export', () => {
    const app = testApp();
    const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
    const cluster = new PlatformCluster(platform, 'Cluster');
    const ingress = new Ingress(platform, 'Ingress', { cluster });
    const services = new Stack(app, 'Services', { env: { region: 'us-east-1' } });
    new WebService(services, 'Shop', {
      cluster, image: new ImageRepository(platform, 'Repo').imageByTag('v1'), ingress, route: Route.path('/shop'), scaling: { minTasks: 1, maxTasks: 2, requestsPerTarget: 100 },
    });
    const values = loadBalancerDimensions(services);
    const label = Object.values(Template.fromStack(services).findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
      .map(p => p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification?.ResourceLabel).find(l => l);
    values.push(label);
    expect(values).toHaveLength(5);
    for (const value of values) expect(JSON.stringify(value)).toMatch(/"Fn::Select":\[1,\{"Fn::Split":\["\/",\{"Fn::ImportValue":"Platform:ExportsOutputRefIngressLoadBalancerListener/);
    expect(Object.keys(Template.fromStack(platform).toJSON().Outputs).filter(o => /FullName/.test(o))).toEqual([]);
  });
});

describe('deployment checks', () => {
  const web = (props: Record<string, unknown>) => {
    const f = fixture();
    return () => new WebService(f.stack, 'Web', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ...props });
  };
  const worker = (props: Record<string, unknown>) => {
    const f = fixture();
    return () => new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), ...props });
  };

  test.each([
    ['a canary share under 0.1 %', { deployment: Deployment.canary({ percent: 0.05 }) }, 'Stack/Web: deployment (canary) percent 0.05 is not a share ECS accepts. Allowed: 0.1 to 100, in steps of 0.1.'],
    ['a canary share that is not a multiple of 0.1', { deployment: Deployment.canary({ percent: 12.34 }) }, 'deployment (canary) percent 12.34 is not a share ECS accepts'],
    ['a canary share over 100 %', { deployment: Deployment.canary({ percent: 101 }) }, 'deployment (canary) percent 101 is not a share ECS accepts'],
    ['a linear step under 3 %', { deployment: Deployment.linear({ stepPercent: 2 }) }, 'Stack/Web: deployment (linear) stepPercent 2 is not a share ECS accepts. Allowed: 3 to 100, in steps of 0.1.'],
    ['a canary bake over 24 hours', { deployment: Deployment.canary({ canaryBake: Duration.minutes(1441) }) }, 'deployment (canary) canaryBake "1 day 1 minute" is not a bake time ECS accepts. Allowed: whole minutes from 0 to 1440'],
    ['a linear step bake of 90 seconds', { deployment: Deployment.linear({ stepBake: Duration.seconds(90) }) }, 'deployment (linear) stepBake "1 minute 30 seconds" is not a bake time ECS accepts'],
    ['a blue/green bake over 24 hours', { deployment: Deployment.blueGreen({ bake: Duration.hours(25) }) }, 'deployment (blueGreen) bake "1 day 1 hour" is not a bake time ECS accepts'],
    ['a linear deployment over CloudFormation\'s 33 hours', { deployment: Deployment.linear({ stepPercent: 3, stepBake: Duration.hours(1) }) },
      'deployment (linear) "33 steps x 60 min + 5 min bake" adds up to 1985 minutes, and CloudFormation refuses a linear deployment over 33 hours'],
    ['a canary deployment over CloudFormation\'s 33 hours', { deployment: Deployment.canary({ canaryBake: Duration.minutes(1440), bake: Duration.minutes(1440) }) },
      'deployment (canary) "1440 min canary bake + 1440 min bake" adds up to 2880 minutes, and CloudFormation refuses a canary deployment over 33 hours'],
    ['minHealthyPercent with blue/green', { deployment: Deployment.blueGreen(), minHealthyPercent: 50 },
      'Stack/Web: minHealthyPercent 50 applies to rolling deployments, and deployment (blueGreen) starts a full second set of tasks instead'],
    ['request-count scaling with a canary', { deployment: Deployment.canary(), scaling: { minTasks: 1, maxTasks: 2, requestsPerTarget: 100 } },
      'scaling.requestsPerTarget 100 tracks the requests of one target group, and deployment (canary) moves production traffic between two'],
    ['rollback alarms at 0 % errors', { rollbackAlarms: { errorRatePercent: 0 } }, 'rollbackAlarms.errorRatePercent 0 is out of range. Allowed: a whole number from 1 to 100.'],
    ['rollback alarms over 11 periods', { rollbackAlarms: { periods: 11 } }, 'rollbackAlarms.periods 11 is out of range'],
    ['a 50 ms response time alarm', { rollbackAlarms: { responseTime: Duration.millis(50) } }, 'rollbackAlarms.responseTime "50 millis" is out of range. Allowed: 0.1 to 60 seconds.'],
  ])('a web service refuses %s', (_title, props, message) => {
    expect(web(props)).toThrow(message);
  });

  test('a worker refuses canary and linear, which move traffic it does not have', () => {
    expect(worker({ deployment: Deployment.canary() })).toThrow(
      'Stack/Worker: deployment "Deployment.canary()" moves a share of the traffic, which needs a load balancer, and a worker has none. Allowed: Deployment.rolling() or Deployment.blueGreen() for a WorkerService');
    expect(worker({ deployment: Deployment.linear() })).toThrow(/deployment "Deployment.linear\(\)" moves a share of the traffic/);
  });

  test('on an EC2 pool, a progressive release needs room for two full sets of tasks', () => {
    const f = fixture();
    // t3.small: 2048 CPU units and about 1.9 GiB registered; 1024/1024 fits once; maxInstances 2 holds 2, two sets need 4.
    expect(() => new WorkerService(f.stack, 'Worker', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool), cpu: 1024, memoryMiB: 1024, desiredCount: 2, deployment: Deployment.blueGreen(),
    })).toThrow(/Stack\/Worker: deployment \(blueGreen\) "2 task\(s\) on pool Stack\/Cluster\/Pool" runs two full sets \(4 tasks\) during a release, and the pool holds at most 2 .*Allowed: maxInstances of at least 4 on this pool/);
    // Rolling needs one task of room, or none when it may stop a task first (minHealthyPercent 50 of 2 tasks).
    new WorkerService(f.stack, 'Rolling', {
      cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: Placement.ec2(f.pool), cpu: 1024, memoryMiB: 1024, desiredCount: 2, minHealthyPercent: 50,
    });
  });

  test('Fargate has room for any second set: the same service passes there', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), cpu: 1024, memoryMiB: 2048, desiredCount: 20, deployment: Deployment.blueGreen() });
  });
});

describe('quality gates on progressive deployments', () => {
  test('a canary web service and a blue/green worker have no cdk-nag finding and no CloudFormation validator ERROR or WARN', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const repository = new ImageRepository(stack, 'Repository');
    new WebService(stack, 'Web', { cluster, image: repository.imageByTag('v1'), deployment: Deployment.canary() });
    new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), deployment: Deployment.blueGreen() });
    expect(nagFindings(stack.node.root as App)).toEqual([]);
    expect(cfnFindings([stack])).toEqual([]);
  });
});
