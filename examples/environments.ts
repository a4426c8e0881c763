/**
 * One application, several environments, each service deployed on its own: a shop with a public web
 * service, an API it calls through Service Connect, a worker and a nightly job, in staging and in
 * production, plus a preview environment that costs next to nothing.
 *
 * - `Shop-Prod` and `Shop-Staging`: each environment's stack, with its network, cluster, Service Connect
 *   namespace (`prod.shop`, `staging.shop`), shared load balancer with a wildcard certificate
 *   (`*.prod.shop.example.com`), notification topic and key. Production runs a highly available
 *   network and canary releases; staging keeps Container Insights off and defaults every workload to
 *   Fargate Spot, one task and rolling releases (`workloadDefaults`), and shrinks the API (`overrides`).
 * - `Shop-Preview`: in staging's network and behind staging's load balancer (`sharedWith`), with a
 *   cluster and a namespace of its own: by `cdk-ecs-platform report`, 1.00 USD a month before a task runs
 *   (the key), where `Shop-Staging` costs 40.02 and `Shop-Prod` 108.67; with their services, 14.92, 53.94 and 227.00.
 * - `Shop-<environment>-<service>`: a stack per service. It reads its environment from Parameter Store by
 *   name, so `cdk deploy Shop-Prod-Web` touches nothing else, and no export ties it to the environment.
 *   Each runs the tag its `ImageTag` parameter names (`--parameters Shop-Prod-Web:ImageTag=v1.4.2`).
 *
 * Images come from the tooling account's repository (`ShopTooling`), which the organization may pull:
 * each service reads it with `ImageRepository.fromAccount`, and the pull is granted on the service's side. Environments go to the
 * accounts the CLI's credentials name: pass `-c prodAccount=... -c stagingAccount=...` to pin them (then
 * synth looks up their Availability Zones, which needs credentials). The hosted zone is imported by id
 * and name: `-c hostedZoneId=Z... -c zoneName=example.com`; the defaults are placeholders.
 *
 * Deploy an environment, then its services, each on its own (`cdk deploy Shop-Staging`, then
 * `cdk deploy 'Shop-Staging-*' --parameters ImageTag=v1.0.0`).
 *
 * Run: npx cdk synth --app "npx tsx examples/environments.ts"
 */
import { Annotations, App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  AppEnvironment, Application, Deployment, Domain, ImageRelease, ImageRepository, Network, Placement, ScheduledTask, ServicePort, WebService,
  WorkerService,
} from '../lib';

export const app = new App();
const region = 'eu-west-1';
const account = (name: string): string | undefined => app.node.tryGetContext(`${name}Account`);
const toolingAccount = app.node.tryGetContext('toolingAccount') ?? '111111111111';
const hostedZoneId: string = app.node.tryGetContext('hostedZoneId') ?? 'Z0000000000000000000';
const zoneName: string = app.node.tryGetContext('zoneName') ?? 'example.com';

const organization: string = app.node.tryGetContext('organizationId') ?? 'o-a1b2c3d4e5';

// The tooling account's repository, which every account of the organization may pull from.
const tooling = new Stack(app, 'ShopTooling', { env: { account: toolingAccount, region }, description: 'cdk-ecs-platform example: the shop image repository' });
new ImageRepository(tooling, 'Repository', { repositoryName: 'shop/app', pullOrganization: organization });
// Only the zone's id and name are used (no lookup).
const zone = route53.HostedZone.fromHostedZoneAttributes(tooling, 'Zone', { hostedZoneId, zoneName });

const shop = new Application(app, 'Shop', { domain: Domain.fromHostedZone({ zone, name: `shop.${zoneName}` }) });
const prod = shop.addEnvironment('Prod', {
  env: { account: account('prod'), region },
  network: Network.highlyAvailable(),
  workloadDefaults: { deployment: Deployment.canary({ percent: 10 }) },
});
const staging = shop.addEnvironment('Staging', {
  env: { account: account('staging'), region },
  containerInsights: ecs.ContainerInsights.DISABLED,
  workloadDefaults: { placement: Placement.fargateSpot(), deployment: Deployment.rolling(), desiredCount: 1 },
});
const preview = shop.addEnvironment('Preview', {
  env: { account: account('staging'), region },
  sharedWith: staging,
  containerInsights: ecs.ContainerInsights.DISABLED,
  workloadDefaults: { placement: Placement.fargateSpot(), deployment: Deployment.rolling(), desiredCount: 1 },
});

for (const environment of [prod, staging, preview]) {
  addServices(environment);
}

/** The shop's four workloads, each in a stack of its own in the environment. */
function addServices(environment: AppEnvironment): void {
  const image = (stack: Stack) => new ImageRelease(stack, 'ImageTag', {
    repository: ImageRepository.fromAccount(stack, 'Repository', { account: toolingAccount, region, repositoryName: 'shop/app' }),
  }).image;

  const apiStack = environment.addServiceStack('Api');
  const api = new WorkerService(apiStack, 'Api', {
    appEnvironment: environment,
    image: image(apiStack),
    command: ['node', 'api.js'],
    port: ServicePort.http(8080, { name: 'api' }),
    cpu: 1024,
    memoryMiB: 2048,
    scaling: { minTasks: 2, maxTasks: 6 },
    overrides: { Staging: { cpu: 512, memoryMiB: 1024, minTasks: 1, maxTasks: 2 }, Preview: { cpu: 512, memoryMiB: 1024, minTasks: 1, maxTasks: 1 } },
  });

  const webStack = environment.addServiceStack('Web');
  // web.<environment>.shop.example.com, on the environment's load balancer.
  new WebService(webStack, 'Web', {
    appEnvironment: environment,
    image: image(webStack),
    healthCheckPath: '/health',
    calls: [api],
    cpu: 512,
    memoryMiB: 1024,
  });

  const workerStack = environment.addServiceStack('Worker');
  const worker = new WorkerService(workerStack, 'Worker', {
    appEnvironment: environment, image: image(workerStack), command: ['node', 'worker.js'], calls: [api],
  });
  // A quiet worker: the app and the Service Connect proxy share its 256 CPU units.
  Annotations.of(worker).acknowledgeWarning('cdk-ecs-platform:serviceConnectProxyCpu', 'A quiet worker: the proxy shares the task\'s CPU');
  if (environment !== prod) {
    // Container Insights is off outside production, and with it a worker's rollback alarm (its running task count).
    for (const scope of [api, worker]) {
      Annotations.of(scope).acknowledgeWarning('cdk-ecs-platform:noRollbackAlarms', 'Container Insights is off outside production: the circuit breaker still rolls back');
    }
  }

  const jobStack = environment.addServiceStack('Nightly');
  new ScheduledTask(jobStack, 'Nightly', {
    appEnvironment: environment,
    image: image(jobStack),
    command: ['node', 'report.js'],
    schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
    maxEventAge: Duration.hours(2),
  });
}

app.synth();
