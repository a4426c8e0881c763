import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CDK_CONTEXT } from '../../lib/copilot/cdk-context';
import { importCopilot } from '../../lib/copilot/import-copilot';
import { RETENTION_DAYS } from '../../lib/copilot/model';
import { manifest, workspaceOf } from './workspace-helper';

/** The code the importer writes, as a person reads it: what each manifest field became, line by line. */
const SHOP = path.join(__dirname, 'fixtures', 'shop');
const out = () => fs.mkdtempSync(path.join(os.tmpdir(), 'copilot-out-'));
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('the app written from the fixture workspace', () => {
  const dir = out();
  importCopilot({ workspace: SHOP, outDir: dir });

  test('lib/<app>.ts adds the environments with their Container Insights, then each service in the order their stacks need', () => {
    const app = read(dir, 'lib/shop.ts');
    expect(app).toContain('export function createShop(app: App): Application {');
    expect(app).toContain('application.addEnvironment(\'prod\', { env }),');
    // test had Container Insights off; the backlog worker needs it, and the code says why.
    expect(app).toMatch(/\/\/ Container Insights on, though the manifest has it off: orders .*\n\s+application.addEnvironment\('test', \{ env \}\),/);
    expect(app).toContain([
      '    const api = addApi(environment);',
      '    const frontend = addFrontend(environment, [api]);',
      '    const orders = frontend.addTopic(\'orders\');',
      '    addOrders(environment, { orders }, [api]);',
      '    addReports(environment);',
    ].join('\n'));
  });

  test('a Load Balanced Web Service becomes a WebService with its route, health check, Spot share, scaling, variables per environment and secrets', () => {
    const web = read(dir, 'lib/frontend.ts');
    for (const line of [
      'export function addFrontend(environment: AppEnvironment, calls: ICallableService[]): WebService {',
      '  const stack = environment.addServiceStack(\'frontend\');',
      '    repository: ImageRepository.fromRepositoryName(stack, \'Repository\', \'shop-cdk/frontend\'),',
      '    containerPort: 8080,',
      '    route: environment.serviceDomainName ? undefined : Route.path(\'/*\'),',
      '    healthCheckPath: \'/_healthcheck\',',
      '    healthCheckGracePeriod: Duration.minutes(2),',
      '    placement: Placement.fargateSpot({ onDemandBase: 1 }),',
      '    scaling: { minTasks: 1, maxTasks: 10, cpuTargetPercent: 70, requestsPerTarget: 100, scaleInCooldown: Duration.minutes(1), scaleOutCooldown: Duration.seconds(30) },',
      '      ...({ prod: { LOG_LEVEL: \'warn\' } } as Record<string, Record<string, string>>)[environment.environmentName],',
      '      DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, \'DbPasswordSecret\', `shop/${environment.environmentName}/db`), \'password\'),',
      '    logRetention: logs.RetentionDays.ONE_MONTH,',
      '      prod: { cpu: 1024, memoryMiB: 2048, minTasks: 2, maxTasks: 20 },',
    ]) expect(web).toContain(line);
  });

  test('a Backend Service becomes a WorkerService publishing its port through Service Connect', () => {
    const api = read(dir, 'lib/api.ts');
    expect(api).toContain('port: ServicePort.http(8080, { name: \'api\' }),');
    expect(api).toContain('architecture: ecs.CpuArchitecture.ARM64,');
    expect(api).toContain('parameterName: `/copilot/shop/${environment.environmentName}/secrets/db_url`');
  });

  test('a Worker Service owns its queue, subscribes with the filter policy and scales on its backlog', () => {
    const worker = read(dir, 'lib/orders.ts');
    expect(worker).toContain('queue: WorkerQueue.create({ retention: Duration.days(4), visibilityTimeout: Duration.seconds(30), maxReceiveCount: 10 }),');
    expect(worker).toContain('{ topic: topics.orders, filterPolicy: { event: sns.SubscriptionFilter.stringFilter({ allowlist: [\'placed\', \'paid\'] }) } },');
    expect(worker).toContain('scaling: { minTasks: 0, maxTasks: 10, backlog: { acceptableLatency: Duration.minutes(10), timePerMessage: Duration.millis(250) } },');
  });

  test('a Scheduled Job becomes a ScheduledTask with its schedule (in UTC), timeout and retries', () => {
    const job = read(dir, 'lib/reports.ts');
    expect(job).toContain('  // Copilot\'s schedule "0 */2 * * 1-5", in UTC as Copilot read it.');
    expect(job).toContain('schedule: scheduler.ScheduleExpression.cron({ minute: \'0\', hour: \'0/2\', weekDay: \'MON-FRI\' }),');
    expect(job).toContain('timeout: Duration.minutes(90),');
    expect(job).toContain('retries: 3,');
  });

  test('build contexts are relative to the app\'s folder, where cdk synth runs', () => {
    expect(read(dir, 'lib/frontend.ts')).toContain(`directory: '${path.relative(dir, path.join(SHOP, 'frontend'))}',`);
  });

  test('MIGRATION.md lists what was not carried over, what differs, the secrets to create and the cutover', () => {
    const md = read(dir, 'MIGRATION.md');
    expect(md).toMatch(/from 154 lines of manifests .*\n\d+ lines of TypeScript/);
    for (const text of [
      '| copilot/frontend/manifest.yml | `http.stickiness` |',
      '| copilot/docs/manifest.yml | `type: Static Site` |',
      '| copilot/preview/manifest.yml | `type: Request-Driven Web Service` |',
      '| copilot/frontend/addons | `(addons)` |',
      '| copilot/pipelines | `(pipelines)` |',
      '`<service>.<environment>.<app>.<domain>`',
      '`COPILOT_QUEUE_URI`',
      '- `api` `DB_URL`: SSM parameter `/copilot/shop/prod/secrets/db_url`, `/copilot/shop/test/secrets/db_url`',
      '- `frontend` `DB_PASSWORD`: Secrets Manager secret `shop/prod/db`, `shop/test/db`',
      '## Moving traffic without downtime',
      '**Container Insights** is on in `test`',
    ]) expect(md).toContain(text);
  });

  test('cdk.json runs bin/<app>.ts with the feature flags the library is tested with; package.json names the library', () => {
    const cdk = JSON.parse(read(dir, 'cdk.json'));
    expect(cdk.app).toBe('npx ts-node --prefer-ts-exts bin/shop.ts');
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(Object.keys(pkg.dependencies)).toEqual(['aws-cdk-lib', 'cdk-ecs-platform', 'constructs']);
    expect(pkg.scripts.test).toBe('jest');
  });
});

describe('options and manifest fields the fixture does not show', () => {
  test('--domain keeps Copilot\'s names: the application\'s domain is <app>.<domain>, and web services get <service>.<environment>.<app>.<domain>', () => {
    const dir = out();
    importCopilot({ workspace: workspaceOf({}), outDir: dir, domain: 'example.com' });
    const app = read(dir, 'lib/shop.ts');
    expect(app).toContain('const application = new Application(app, \'shop\', { domain: Domain.fromHostedZone({ zone, name: \'shop.example.com\' }) });');
    expect(app).toContain('hostedZoneId: app.node.tryGetContext(\'hostedZoneId\') ?? \'Z0000000000000000000\', zoneName: \'example.com\',');
  });

  test('aliases become host routes; a path becomes the path and everything under it', () => {
    const dir = out();
    importCopilot({ workspace: workspaceOf({ 'copilot/web/manifest.yml': manifest('name: web', 'type: Load Balanced Web Service',
      'image:', '  location: nginx:1.27', '  port: 80', 'http:', '  path: api', '  alias: [api.example.com, www.example.com]') }), outDir: dir });
    expect(read(dir, 'lib/web.ts')).toContain('route: Route.match({ hosts: [\'api.example.com\', \'www.example.com\'], paths: [\'/api\', \'/api/*\'] }),');
  });

  test('a workspace without web services gives its environments no load balancer', () => {
    const dir = out();
    importCopilot({ workspace: workspaceOf({ 'copilot/web/manifest.yml': manifest('name: web', 'type: Backend Service', 'image:', '  location: nginx:1.27', '  port: 80') }), outDir: dir });
    expect(read(dir, 'lib/shop.ts')).toContain('application.addEnvironment(\'test\', { env, containerInsights: ecs.ContainerInsights.DISABLED, ingress: EnvironmentIngress.none() }),');
  });

  test('count.spot puts every task on Fargate Spot; a Backend Service with http gets an internal load balancer', () => {
    const dir = out();
    importCopilot({ workspace: workspaceOf({ 'copilot/web/manifest.yml': manifest('name: web', 'type: Backend Service', 'image:', '  location: nginx:1.27',
      '  port: 80', 'http:', '  path: /', '  healthcheck: /health', 'count:', '  spot: 3') }), outDir: dir });
    const web = read(dir, 'lib/web.ts');
    expect(web).toContain('internetFacing: false,');
    expect(web).toContain('placement: Placement.fargateSpot(),');
    expect(web).toContain('desiredCount: 3,');
  });
});

test('the generated cdk.json carries the same feature flags as the repository\'s', () => {
  expect(CDK_CONTEXT).toEqual(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context);
});

test('the log retention table names aws-cdk-lib\'s RetentionDays, value for value', () => {
  const offered = Object.entries(logs.RetentionDays).filter(([k, v]) => typeof v === 'number' && k !== 'INFINITE').map(([k, v]) => [Number(v), k]);
  expect(Object.entries(RETENTION_DAYS).map(([k, v]) => [Number(k), v])).toEqual(expect.arrayContaining(offered));
  expect(Object.keys(RETENTION_DAYS)).toHaveLength(offered.length);
});
