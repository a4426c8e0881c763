import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Deployment, Reachable, ServicePort, WorkerService } from '../../lib';
import { BadInput, busybox, cluster, plainCluster, plainService, plainTask, repo, web, worker } from './bad-input-kit';

/**
 * Mistakes with deployments (linear, canary, blue/green) and Service Connect. Part of the corpus that
 * `bad-inputs.ts` composes: test/quality/bad-input.test.ts requires each case to be refused at synth.
 */

/** Deployments (linear, canary, blue/green) and Service Connect. */
export const DEPLOYMENT_BAD_INPUTS: BadInput[] = [
  {
    area: 'workloads', mistake: 'a linear deployment whose bake times exceed CloudFormation\'s 33 hours',
    library: s => web(s, { deployment: Deployment.linear({ stepPercent: 3, stepBake: Duration.hours(1) }) }),
    message: /Stack\/Web: deployment \(linear\) "33 steps x 60 min \+ 5 min bake" adds up to 1985 minutes/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.LINEAR, bakeTime: Duration.minutes(5),
      linearConfiguration: { stepPercent: 3, stepBakeTime: Duration.hours(1) } }),
    fixed: s => web(s, { deployment: Deployment.linear({ stepPercent: 10, stepBake: Duration.hours(1) }) }),
  },
  {
    area: 'workloads', mistake: 'a canary deployment for a service without a load balancer',
    library: s => worker(s, { deployment: Deployment.canary() }),
    message: /Stack\/Worker: deployment "Deployment.canary\(\)" moves a share of the traffic, which needs a load balancer/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.CANARY, canaryConfiguration: { stepPercent: 10 } }),
    fixed: s => worker(s, { deployment: Deployment.blueGreen() }),
  },
  {
    area: 'workloads', mistake: 'a blue/green bake time over 24 hours',
    library: s => web(s, { deployment: Deployment.blueGreen({ bake: Duration.minutes(1500) }) }),
    message: /Stack\/Web: deployment \(blueGreen\) bake "1 day 1 hour" is not a bake time ECS accepts/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: Duration.minutes(1500) }),
    fixed: s => web(s, { deployment: Deployment.blueGreen({ bake: Duration.minutes(1440) }) }),
  },
  {
    area: 'workloads', mistake: 'minHealthyPercent with a blue/green deployment (it applies to rolling ones)',
    library: s => web(s, { deployment: Deployment.blueGreen(), minHealthyPercent: 50 }),
    message: /Stack\/Web: minHealthyPercent 50 applies to rolling deployments/,
    plain: s => plainService(s, { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime: Duration.minutes(5), minHealthyPercent: 50 }),
    fixed: s => web(s, { deployment: Deployment.blueGreen() }),
  },
  {
    area: 'workloads', mistake: 'a listening port of 0 on a service without a load balancer',
    library: s => worker(s, { port: ServicePort.tcp(0, { reachableFrom: Reachable.vpc() }) }),
    message: /Stack\/Worker: port\.port 0 is out of range/,
    plain: s => plainService(s, {}, {}, { portMappings: [{ containerPort: 0 }] }),
    fixed: s => worker(s, { port: ServicePort.tcp(8080, { reachableFrom: Reachable.vpc() }) }),
  },
  {
    area: 'workloads', mistake: 'a Service Connect port name with capitals (ECS refuses the port mapping name)',
    library: s => worker(s, { port: ServicePort.http(8080, { name: 'Api' }) }),
    message: /Stack\/Worker: port\.name "Api" is not a Service Connect name/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s, {}, { portMappings: [{ containerPort: 8080, name: 'Api' }] }),
        serviceConnectConfiguration: { services: [{ portMappingName: 'Api' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.http(8080, { name: 'api' }) }),
  },
  {
    area: 'workloads', mistake: 'a UDP port published through Service Connect',
    library: s => worker(s, { port: ServicePort.udp(514, { serviceConnect: true, reachableFrom: Reachable.vpc() }) }),
    message: /Stack\/Worker: port\.serviceConnect true cannot publish a UDP port/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s, {}, { portMappings: [{ containerPort: 514, name: 'syslog', protocol: ecs.Protocol.UDP }] }),
        serviceConnectConfiguration: { services: [{ portMappingName: 'syslog' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.udp(514, { reachableFrom: Reachable.vpc() }) }),
  },
  {
    area: 'workloads', mistake: 'calling a service that publishes no Service Connect endpoint',
    library: s => {
      const c = cluster(s);
      const r = repo(s);
      const plain = new WorkerService(s, 'Plain', { cluster: c, image: r.imageByTag('v1') });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), calls: [plain] });
    },
    message: /Stack\/Worker: calls\[0\] "Stack\/Plain" publishes no port through Service Connect/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: plainTask(s), serviceConnectConfiguration: {} });
    },
    fixed: s => {
      const c = cluster(s);
      const r = repo(s);
      const api = new WorkerService(s, 'Plain', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), calls: [api] });
    },
  },
  {
    area: 'workloads', mistake: 'two services publishing one Service Connect name in a namespace',
    library: s => {
      const c = cluster(s);
      const r = repo(s);
      new WorkerService(s, 'Api', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8081, { name: 'api' }) });
    },
    message: /Stack\/Worker: Service Connect name "api" is already the endpoint of Stack\/Api/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      for (const [id, port] of [['One', 8080], ['Two', 8081]] as const) {
        const task = new ecs.FargateTaskDefinition(s, `${id}Task`);
        task.addContainer('app', { image: busybox(), portMappings: [{ containerPort: port, name: 'api' }] });
        new ecs.FargateService(s, id, { cluster: c, taskDefinition: task, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] } });
      }
    },
    fixed: s => {
      const c = cluster(s);
      const r = repo(s);
      new WorkerService(s, 'Api', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8080) });
      new WorkerService(s, 'Worker', { cluster: c, image: r.imageByTag('v1'), port: ServicePort.http(8081, { name: 'worker' }) });
    },
  },
  {
    area: 'workloads', mistake: 'sidecars that leave the Service Connect proxy no memory (ECS wants the task above the containers\' limits)',
    library: s => worker(s, { port: ServicePort.http(8080) }).addSidecar('agent', { image: busybox(), memoryMiB: 448 }),
    message: /Stack\/Worker: addSidecar\(agent\) memoryMiB 448 brings the sidecars and the Service Connect proxy's 64 MiB to 512 MiB/,
    plain: s => {
      const c = plainCluster(s);
      c.addDefaultCloudMapNamespace({ name: 'shop', type: servicediscovery.NamespaceType.HTTP, useForServiceConnect: true });
      const task = plainTask(s, { cpu: 256, memoryLimitMiB: 512 }, { memoryLimitMiB: 64, portMappings: [{ containerPort: 8080, name: 'api' }] });
      task.addContainer('agent', { image: busybox(), memoryLimitMiB: 448 });
      new ecs.FargateService(s, 'Service', { cluster: c, taskDefinition: task, serviceConnectConfiguration: { services: [{ portMappingName: 'api' }] } });
    },
    fixed: s => worker(s, { port: ServicePort.http(8080) }).addSidecar('agent', { image: busybox(), memoryMiB: 384 }),
  },
];
