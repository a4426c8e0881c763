import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { WorkloadModel } from '../../lib/copilot/model';
import { readWorkspace } from '../../lib/copilot/workspace';
import { manifest, workspaceOf } from './workspace-helper';

/** The paths of a document's scalar values: `http.healthcheck.path`, `subscribe.topics[0].name`. */
function leaves(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.every(v => typeof v !== 'object') ? [prefix] : value.flatMap((v, i) => leaves(v, `${prefix}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** What the importer reads from each manifest kind, field by field, and what it lists instead of carrying over. */
const shop = readWorkspace(path.join(__dirname, 'fixtures', 'shop'));
const workload = (name: string): WorkloadModel => shop.workloads.find(w => w.name === name)!;
const listed = (file: string) => shop.listed.filter(l => l.file === file).map(l => l.field);
const carried = (file: string) => shop.carried.filter(c => c.file === file).map(c => c.field);

describe('the fixture workspace (every manifest kind)', () => {
  test('reads the application, its environments and its services and jobs', () => {
    expect(shop.application).toBe('shop');
    expect(shop.environments.map(e => [e.name, e.containerInsights])).toEqual([['prod', true], ['test', false]]);
    expect(shop.workloads.map(w => [w.name, w.kind])).toEqual([
      ['api', 'Backend Service'], ['frontend', 'Load Balanced Web Service'], ['orders', 'Worker Service'], ['reports', 'Scheduled Job'],
    ]);
  });

  test('lists the Request-Driven Web Service and the Static Site with the reason', () => {
    expect(shop.outside.map(o => [o.name, o.kind, o.reason.split(',')[0]])).toEqual([
      ['docs', 'Static Site', 'an S3 bucket behind CloudFront'], ['preview', 'Request-Driven Web Service', 'runs on AWS App Runner'],
    ]);
  });

  test('Load Balanced Web Service: path, health check, deregistration delay, count range with Spot share and targets, exec, sizes, variables, secrets, logs, topics, overrides', () => {
    const w = workload('frontend');
    expect(w.image).toEqual({ buildDirectory: 'frontend', location: undefined, port: 8080, healthCheck: undefined });
    expect(w.http).toEqual({ path: '/', aliases: [], healthCheckPath: '/_healthcheck', healthyThreshold: 3, healthCheckIntervalMs: 15000, gracePeriodMs: 120000, deregistrationDelayMs: 50000 });
    expect(w.count).toMatchObject({ min: 1, max: 10, spotFrom: 2, cpuPercent: 70, requests: 100, cooldownInMs: 60000, cooldownOutMs: 30000 });
    expect([w.cpu, w.memory, w.exec, w.connect, w.logRetentionDays]).toEqual([256, 512, true, true, 30]);
    expect(w.variables).toEqual({ LOG_LEVEL: 'info', API_URL: 'http://api:8080' });
    expect(w.secrets).toEqual([
      { variable: 'GITHUB_TOKEN', ssmParameter: 'GITHUB_TOKEN' },
      { variable: 'DB_PASSWORD', secretsManager: { name: 'shop/${COPILOT_ENVIRONMENT_NAME}/db', jsonKey: 'password' } },
    ]);
    expect(w.publishes).toEqual(['orders']);
    expect(w.overrides).toEqual({ prod: { cpu: 1024, memory: 2048, count: expect.objectContaining({ min: 2, max: 20 }), variables: { LOG_LEVEL: 'warn' } } });
    expect(listed('copilot/frontend/manifest.yml')).toEqual(['http.healthcheck.success_codes', 'http.stickiness']);
    expect(listed('copilot/frontend/addons')).toEqual(['(addons)']);
  });

  test('Backend Service: build with dockerfile and context, platform, container health check, Service Connect, private placement, SSM secret with placeholders', () => {
    const w = workload('api');
    expect(w.image).toEqual({ buildDirectory: 'api', location: undefined, port: 8080, healthCheck: {
      command: ['CMD-SHELL', 'wget -q -O - http://localhost:8080/health || exit 1'], intervalMs: 10000, retries: 2, timeoutMs: 5000, startPeriodMs: 0,
    } });
    expect([w.arm64, w.connect, w.count.desired, w.http]).toEqual([true, true, 2, undefined]);
    expect(w.secrets).toEqual([{ variable: 'DB_URL', ssmParameter: '/copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db_url' }]);
    expect(carried('copilot/api/manifest.yml')).toContain('network.vpc.placement');
    expect(w.overrides.test.count).toEqual({ desired: 1 });
  });

  test('Worker Service: topic subscription with a filter policy, queue retention, timeout and dead-letter tries, backlog scaling', () => {
    const w = workload('orders');
    expect(w.subscriptions).toEqual([{ topic: 'orders', service: 'frontend', filters: [{ attribute: 'event', allow: ['placed', 'paid'] }] }]);
    expect(w.queue).toEqual({ retentionMs: 96 * 3_600_000, timeoutMs: 30000, deadLetterTries: 10, fifo: undefined });
    expect(w.count).toMatchObject({ min: 0, max: 10, queueDelay: { latencyMs: 600000, processingMs: 250 } });
  });

  test('Scheduled Job: on.schedule as cron, timeout, retries, a variable with the environment\'s name', () => {
    const w = workload('reports');
    expect(w.schedule).toEqual({ cron: { minute: '0', hour: '0/2', day: '*', month: '*', weekDay: 'MON-FRI' }, text: '0 */2 * * 1-5' });
    expect([w.timeoutMs, w.retries]).toEqual([5_400_000, 3]);
    expect(w.variables).toEqual({ REPORT_BUCKET: 'shop-${COPILOT_ENVIRONMENT_NAME}-reports' });
  });

  test('environments: Container Insights carried over; imported certificates and flow logs listed', () => {
    expect(carried('copilot/environments/prod/manifest.yml')).toContain('observability.container_insights');
    expect(listed('copilot/environments/prod/manifest.yml')).toEqual(['network.vpc.flow_logs', 'http.public.certificates']);
  });

  test('pipelines are listed', () => {
    expect(listed('copilot/pipelines')).toEqual(['(pipelines)']);
  });

  test('every leaf field of every manifest is either carried over or listed', () => {
    const accounted = [...shop.carried, ...shop.listed].map(f => `${f.file} ${f.field}`);
    const missing: string[] = [];
    for (const file of ['frontend', 'api', 'orders', 'reports', 'environments/prod', 'environments/test'].map(n => `copilot/${n}/manifest.yml`)) {
      const document = parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'shop', file), 'utf8'));
      for (const field of leaves(document)) {
        // A field is accounted for when it, or a map or list holding it, is carried over or listed.
        if (!accounted.some(a => `${file} ${field}` === a || `${file} ${field}`.startsWith(`${a}.`) || `${file} ${field}`.startsWith(`${a}[`))) missing.push(`${file} ${field}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('fields the importer does not know are listed, never dropped', () => {
  test('an unknown field, an addon, sidecars and storage are listed with what to do', () => {
    const model = readWorkspace(workspaceOf({ 'copilot/web/manifest.yml': manifest('name: web', 'type: Load Balanced Web Service',
      'image:', '  location: nginx', '  port: 80', 'sidecars:', '  nginx:', '    image: nginx', 'storage:', '  readonly_fs: true', 'surprise: 1') }));
    expect(model.listed.filter(l => l.file === 'copilot/web/manifest.yml').map(l => [l.field, l.reason.split(':')[0]])).toEqual([
      ['sidecars', 'sidecar containers are not imported'],
      ['storage', 'volumes are not imported'],
      ['surprise', 'not read by the importer'],
    ]);
  });
});

describe('schedules in Copilot\'s forms', () => {
  const read = (schedule: string) => readWorkspace(workspaceOf({
    'copilot/nightly/manifest.yml': manifest('name: nightly', 'type: Scheduled Job', 'image:', '  location: nginx', 'on:', `  schedule: "${schedule}"`),
  })).workloads.find(w => w.name === 'nightly')!.schedule;

  test.each([
    ['@daily', { cron: { minute: '0', hour: '0', day: '*', month: '*', weekDay: '*' } }],
    ['@hourly', { cron: { minute: '0', hour: '*', day: '*', month: '*', weekDay: '*' } }],
    ['@weekly', { cron: { minute: '0', hour: '0', day: '*', month: '*', weekDay: 'SUN' } }],
    ['@monthly', { cron: { minute: '0', hour: '0', day: '1', month: '*', weekDay: '*' } }],
    ['@yearly', { cron: { minute: '0', hour: '0', day: '1', month: '1', weekDay: '*' } }],
    ['30 4 */2 * *', { cron: { minute: '30', hour: '4', day: '1/2', month: '*', weekDay: '*' } }],
    ['@every 1h30m', { rateMs: 5_400_000 }],
    ['rate(5 minutes)', { rateMs: 300_000 }],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual({ ...expected, text });
  });
});

describe('the forms of a field the fixture does not show', () => {
  const read = (...lines: string[]) => readWorkspace(workspaceOf({ 'copilot/web/manifest.yml': manifest(...lines) }));
  const worker = (...lines: string[]) => read('name: web', 'type: Worker Service', 'image:', '  location: nginx:1.27', ...lines);

  test('count.spot, memory_percentage given as { value }, a command as a string, a Secrets Manager ARN with a JSON key', () => {
    const model = read('name: web', 'type: Load Balanced Web Service', 'image:', '  location: nginx:1.27', '  port: 80',
      'command: node server.js --port 80', 'count:', '  spot: 2', '  memory_percentage:', '    value: 80',
      'secrets:', '  DB: { secretsmanager: "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf:password::" }');
    const w = model.workloads[0];
    expect([w.command, w.count.spot, w.count.memoryPercent, w.image.location]).toEqual([['node', 'server.js', '--port', '80'], 2, 80, 'nginx:1.27']);
    expect(w.secrets).toEqual([{ variable: 'DB', secretsManager: { name: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf', jsonKey: 'password' } }]);
  });

  test('a FIFO queue, an anything-but filter, and a filter the importer cannot write (listed)', () => {
    const model = readWorkspace(workspaceOf({ 'copilot/worker/manifest.yml': manifest('name: worker', 'type: Worker Service', 'image:', '  location: nginx:1.27',
      'subscribe:', '  topics:', '    - name: orders', '      service: web', '      filter_policy:', '        event: [{ anything-but: cancelled }]',
      '        price: [{ numeric: [">", 100] }]', '  queue:', '    fifo: true') }));
    const w = model.workloads.find(x => x.name === 'worker')!;
    expect(w.queue).toMatchObject({ fifo: true });
    expect(w.subscriptions[0].filters).toEqual([{ attribute: 'event', deny: ['cancelled'] }]);
    expect(model.listed.map(l => l.field)).toContain('subscribe.topics[0].filter_policy.price');
  });

  test('a secret from an addon stack\'s output (from_cfn) and an entrypoint are listed with what to do', () => {
    const model = worker('entrypoint: ["/bin/sh", "-c"]', 'secrets:', '  TOKEN:', '    from_cfn: shop-test-TokenParameter');
    expect(model.listed.filter(l => l.file === 'copilot/web/manifest.yml').map(l => [l.field, l.reason.split(':')[0]])).toEqual([
      ['secrets.TOKEN', 'a value exported by an addon stack (`from_cfn`)'],
      ['entrypoint', 'the library keeps the image\'s ENTRYPOINT'],
    ]);
    expect(model.workloads[0].secrets).toEqual([]);
  });

  test('scaling targets in an override are listed: the library overrides task counts only', () => {
    const model = read('name: web', 'type: Load Balanced Web Service', 'image:', '  location: nginx:1.27', '  port: 80', 'count:', '  range: 1-4',
      'environments:', '  test:', '    count:', '      range: 1-2', '      cpu_percentage: 50');
    expect(model.workloads[0].overrides.test.count).toMatchObject({ min: 1, max: 2 });
    expect(model.listed.map(l => l.field)).toContain('environments.test.count');
  });
});
