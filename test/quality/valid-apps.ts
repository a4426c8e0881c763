import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  Deployment, Domain, ImageRelease, ImageRepository, Ingress, Placement, PlatformCluster, PushToDeploy, Route, ScheduledTask,
  ServiceConnectNamespace, ServicePort, SharedFileSystem, TaskNetworking, Volume, WebService, WorkerService,
} from '../../lib';

/**
 * Valid apps, the other half of the bad-input corpus (*bad-inputs.ts): ordinary layouts that must
 * synthesize with no error and no cdk-nag or CloudFormation validator finding
 * (test/quality/valid-apps.test.ts). A library that refuses valid input is worse than one that lets a
 * mistake through: grow this list with every feature, as the bad-input corpus grows with every mistake.
 */
export interface ValidApp {
  /** The layout, as a user would describe it. */
  readonly name: string;
  /** Builds the app's stacks into `app`. */
  readonly build: (app: App) => void;
}

const env = { region: 'us-east-1' };
const type = (name: string) => new ec2.InstanceType(name);
const user = '1000:1000';

/** A platform stack: cluster, repository and an HTTPS ingress for `*.example.com`. */
function platform(app: App, id = 'Platform') {
  const stack = new Stack(app, id, { env });
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repository');
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0000000000000000000', zoneName: 'example.com' });
  const ingress = new Ingress(stack, 'Ingress', { cluster, domain: Domain.fromHostedZone({ zone, name: '*.example.com' }) });
  return { stack, cluster, repository, ingress };
}

export const VALID_APPS: ValidApp[] = [
  {
    // The case: 30 tenants of equal length were refused for a priority collision.
    name: 'SaaS: 100 tenants routed by host (tenant100 to tenant199.example.com, all of one length) on one ingress, in stacks of 25',
    build: app => {
      const { cluster, repository, ingress } = platform(app);
      for (let n = 0; n < 100; n++) {
        const stack = n % 25 === 0 ? new Stack(app, `Tenants${n / 25}`, { env }) : Stack.of(app.node.findChild(`Tenants${Math.floor(n / 25)}`));
        new WebService(stack, `Tenant${100 + n}`, {
          cluster, image: repository.imageByTag('v1'), ingress, route: Route.host(`tenant${100 + n}.example.com`), healthCheckPath: '/health', user,
        });
      }
    },
  },
  {
    name: 'Mono-repo: eight web services by path and host, four workers, a scheduled job, one stack',
    build: app => {
      const { stack, cluster, repository, ingress } = platform(app, 'Monorepo');
      for (const name of ['cart', 'catalog', 'checkout', 'search', 'users', 'orders']) {
        new WebService(stack, `Api${name}`, { cluster, image: repository.imageByTag('v1'), ingress, route: Route.hostAndPath('shop.example.com', `/${name}/*`), user });
      }
      new WebService(stack, 'Admin', { cluster, image: repository.imageByTag('v1'), ingress, route: Route.host('admin.example.com'), user });
      new WebService(stack, 'Storefront', { cluster, image: repository.imageByTag('v1'), ingress, route: Route.host('shop.example.com'), user });
      for (const name of ['Mailer', 'Indexer', 'Thumbnails', 'Billing']) {
        new WorkerService(stack, name, { cluster, image: repository.imageByTag('v1'), placement: Placement.fargateSpot(), user, desiredCount: 1 });
      }
      new ScheduledTask(stack, 'Nightly', { cluster, image: repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), user });
    },
  },
  {
    name: 'Multi-stack: a platform stack (cluster, ingress, pool) and a stack per team, sharing the ingress and the pool',
    build: app => {
      const { cluster, repository, ingress } = platform(app);
      const pool = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.medium'), type('t3a.medium')], maxInstances: 6 });
      for (const team of ['Shop', 'Blog', 'Docs']) {
        const stack = new Stack(app, team, { env });
        new WebService(stack, 'Web', {
          cluster, image: repository.imageByTag('v1'), ingress, route: Route.host(`${team.toLowerCase()}.example.com`), placement: Placement.ec2(pool), user,
        });
        new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), user, desiredCount: 1 });
      }
    },
  },
  {
    name: 'Bridge and awsvpc tasks on one pool',
    build: app => {
      const stack = new Stack(app, 'Mixed', { env });
      const cluster = new PlatformCluster(stack, 'Cluster');
      const repository = new ImageRepository(stack, 'Repository');
      const pool = cluster.addCapacityPool('Pool', { instanceTypes: [type('t3.large')], maxInstances: 3 });
      new WebService(stack, 'Site', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }), cpu: 256, memoryMiB: 256, user });
      new WorkerService(stack, 'Dense', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool, { networking: TaskNetworking.bridge() }), cpu: 256, memoryMiB: 256, desiredCount: 3, user });
      new WorkerService(stack, 'Isolated', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), desiredCount: 1, user });
    },
  },
  {
    name: 'EFS, Service Connect and releases: an API and a worker sharing files, released by a push, the worker scaled by schedule',
    build: app => {
      const registry = new Stack(app, 'Registry', { env });
      const repository = new ImageRepository(registry, 'Repository');
      const platformStack = new Stack(app, 'Platform', { env });
      const cluster = new PlatformCluster(platformStack, 'Cluster', { serviceConnect: ServiceConnectNamespace.http('internal') });
      const files = new SharedFileSystem(platformStack, 'Files', { cluster });
      const stack = new Stack(app, 'Services', { env });
      const release = new ImageRelease(stack, 'Release', { repository });
      const api = new WorkerService(stack, 'Api', {
        cluster, image: release.image, port: ServicePort.http(8080, { name: 'api' }), cpu: 512, memoryMiB: 1024, user,
        volumes: [Volume.efs(files, { containerPath: '/data', path: '/api' })], deployment: Deployment.blueGreen(),
      });
      new WebService(stack, 'Web', { cluster, image: release.image, calls: [api], cpu: 512, memoryMiB: 1024, user, healthCheckPath: '/health', deployment: Deployment.canary({ percent: 10 }) });
      new WorkerService(stack, 'Converter', {
        cluster, image: release.image, user, volumes: [Volume.efs(files, { containerPath: '/data', path: '/api', readOnly: true })],
        scaling: {
          minTasks: 0, maxTasks: 4, cpuTargetPercent: 60,
          schedules: [{ name: 'day', schedule: appscaling.Schedule.cron({ minute: '0', hour: '8' }), minTasks: 1, maxTasks: 4 }],
        },
      });
      new PushToDeploy(stack, 'Push', { releases: [release], tagPattern: 'v*', topic: cluster.notificationTopic });
    },
  },
  {
    name: 'ECS Managed Instances across stacks: Graviton and GPU pools in the platform stack; a canary web service on the ingress, a Service Connect API and a job on them, a worker on Fargate',
    build: app => {
      const { cluster, repository, ingress } = platform(app);
      const graviton = cluster.addManagedInstances('Graviton', { architecture: ecs.CpuArchitecture.ARM64, maxVcpus: 8, spot: true });
      const gpu = cluster.addManagedInstances('Gpu', { minVcpus: 4, minMemory: Size.gibibytes(16), accelerators: { manufacturers: [ec2.AcceleratorManufacturer.NVIDIA] } });
      const stack = new Stack(app, 'Team', { env });
      const api = new WorkerService(stack, 'Api', {
        cluster, image: repository.imageByTag('v1'), placement: Placement.managedInstances(graviton), port: ServicePort.http(8080, { name: 'api' }),
        cpu: 512, memoryMiB: 1024, user, desiredCount: 2,
      });
      new WebService(stack, 'Web', {
        cluster, image: repository.imageByTag('v1'), ingress, route: Route.host('shop.example.com'), placement: Placement.managedInstances(graviton),
        calls: [api], cpu: 512, memoryMiB: 1024, user, deployment: Deployment.canary({ percent: 10 }),
      });
      new ScheduledTask(stack, 'Train', {
        cluster, image: repository.imageByTag('v1'), placement: Placement.managedInstances(gpu), cpu: 4096, memoryMiB: 15360, user,
        schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
      });
      new WorkerService(stack, 'Mailer', { cluster, image: repository.imageByTag('v1'), user, desiredCount: 1 });
    },
  },
];
