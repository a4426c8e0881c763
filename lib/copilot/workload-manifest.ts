import { Fields, ManifestError, describeValue } from './manifest-fields';
import { RETENTION_DAYS, type CountModel, type ImageModel, type OverrideModel, type SecretModel, type WorkloadKind, type WorkloadModel } from './model';

/** The fields every service and job manifest shares, read into the model; the kind's own fields come from its reader. */
export type CommonWorkload = Pick<WorkloadModel, 'name' | 'kind' | 'file' | 'image' | 'cpu' | 'memory' | 'arm64' | 'command' | 'variables' |
  'secrets' | 'logRetentionDays' | 'exec' | 'count' | 'publishes' | 'overrides'>;

/** What the reader of a kind says about `count` (a job has none) and the environment names overrides may use. */
export interface CommonOptions {
  readonly environments: string[];
  readonly hasCount: boolean;
}

/** Reads `name`, `image`, sizes, `platform`, `command`, `variables`, `secrets`, `logging`, `exec`, `count`, `publish` and `environments`. */
export function readCommon(m: Fields, kind: WorkloadKind, options: CommonOptions): CommonWorkload {
  const name = m.requiredString('name', 'the service\'s name');
  m.carry('name', 'the service\'s stack and construct (addServiceStack(name))');
  if (!/^[a-z][a-z0-9-]{0,29}$/.test(name)) m.fail('name', 'a Copilot service name: lowercase letters, digits and "-", starting with a letter, at most 30 characters');
  m.carry('type', kind === 'Scheduled Job' ? 'ScheduledTask' : kind === 'Load Balanced Web Service' ? 'WebService' : 'WorkerService');
  const image = readImage(m, kind);
  const cpu = m.integer('cpu', 128, 16384);
  m.carry('cpu', 'cpu');
  const memory = m.integer('memory', 256, 122880);
  m.carry('memory', 'memoryMiB');
  const arm64 = readPlatform(m);
  const command = readCommand(m, 'command');
  m.carry('command', 'command');
  const variables = m.stringMap('variables');
  m.carry('variables', 'environment');
  const secrets = readSecrets(m);
  const logging = m.map('logging');
  const logRetentionDays = logging?.integer('retention', 1, 3653);
  if (logRetentionDays !== undefined && !RETENTION_DAYS[logRetentionDays]) {
    logging!.fail('retention', `a retention CloudWatch Logs offers, in days: ${Object.keys(RETENTION_DAYS).join(', ')}`);
  }
  logging?.carry('retention', 'logRetention');
  for (const key of ['destination', 'image', 'enableMetadata', 'secretOptions', 'configFilePath', 'variables', 'secrets', 'env_file']) {
    logging?.listIfPresent(key, 'a FireLens log router sidecar: the library logs to CloudWatch Logs (add a sidecar with `sidecars` by hand)');
  }
  logging?.finish();
  const exec = m.boolean('exec') ?? false;
  m.carry('exec', 'enableExecuteCommand');
  const count = options.hasCount ? readCount(m, 'count', kind) : {};
  const publishes = readPublish(m);
  m.listIfPresent('entrypoint', 'the library keeps the image\'s ENTRYPOINT: put it in the Dockerfile, or set it on `service.container` by hand');
  m.listIfPresent('env_file', 'an S3-hosted env file: move its variables to `environment`, its secrets to `secrets`');
  m.listIfPresent('sidecars', 'sidecar containers are not imported: add each with `addSidecar(...)` (WebService, WorkerService) by hand');
  m.listIfPresent('storage', 'volumes are not imported: EFS volumes map to `SharedFileSystem` and `Volume.efs(...)`; the root filesystem is read-only by default (Copilot: writable)');
  m.listIfPresent('taskdef_overrides', 'CloudFormation overrides of the task definition: redo them on `service.taskDefinition` (an escape hatch) if still needed');
  m.listIfPresent('deployment', 'the library\'s deployments are rolling with a circuit breaker by default; `Deployment.canary()` or `.blueGreen()` are the other choices');
  m.listIfPresent('tags', 'tags: the library tags every stack with the application, environment and stack; add more with `Tags.of(stack).add(...)`');
  m.listIfPresent('observability', 'X-Ray tracing (an AWS Distro for OpenTelemetry sidecar) is not imported');
  m.listIfPresent('http_headers', 'not imported');
  const overrides = readOverrides(m, kind, options);
  return { name, kind, file: m.file, image, cpu, memory, arm64, command, variables, secrets, logRetentionDays, exec, count, publishes, overrides };
}

function readImage(m: Fields, kind: WorkloadKind): ImageModel {
  const image = m.map('image');
  if (!image) m.fail('image', 'a map with `build` (a Dockerfile) or `location` (an image URI)');
  let buildDirectory: string | undefined;
  const build = image.raw('build');
  if (typeof build === 'string') {
    buildDirectory = dockerfileDirectory(image, 'build', build);
  } else if (build !== undefined) {
    const b = image.map('build')!;
    const dockerfile = b.string('dockerfile');
    const context = b.string('context');
    buildDirectory = context !== undefined ? normalize(context) || '.' : dockerfile ? dockerfileDirectory(b, 'dockerfile', dockerfile) : undefined;
    if (buildDirectory === undefined) b.fail('dockerfile', 'the Dockerfile\'s path, or a `context` directory');
    if (dockerfile !== undefined && context !== undefined && normalize(dockerfile) !== `${normalize(context)}/Dockerfile`) {
      b.fail('dockerfile', `a file named Dockerfile at the root of the context ${context} (SourceImage builds <context>/Dockerfile)`, dockerfile);
    }
    b.carry('context', 'SourceImage directory');
    b.carry('dockerfile', 'SourceImage directory');
    b.listIfPresent('args', 'build arguments: SourceImage builds without --build-arg; put defaults in the Dockerfile (ARG NAME=value)');
    b.listIfPresent('target', 'multi-stage target: SourceImage builds the Dockerfile\'s last stage');
    b.listIfPresent('cache_from', 'not imported: CodeBuild builds without a cache image');
    b.finish();
  }
  image.carry('build', 'SourceImage (built by CodeBuild at deploy, pushed to the application\'s repository)');
  const location = image.string('location');
  image.carry('location', 'ecs.ContainerImage.fromRegistry');
  if ((buildDirectory === undefined) === (location === undefined)) {
    image.fail(buildDirectory === undefined ? 'location' : 'build', 'either `build` or `location`, not both and not neither', buildDirectory ?? location);
  }
  const port = image.integer('port', 1, 65535);
  if (kind === 'Load Balanced Web Service' && port === undefined) image.fail('port', 'the port the container listens on (a Load Balanced Web Service needs one)');
  image.carry('port', kind === 'Load Balanced Web Service' ? 'containerPort' : 'port');
  const check = image.map('healthcheck');
  const healthCheck = check && {
    command: readCommand(check, 'command') ?? check.fail('command', 'the health check\'s command, such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]'),
    intervalMs: check.duration('interval'), retries: check.integer('retries', 0, 10) || undefined, timeoutMs: check.duration('timeout'),
    startPeriodMs: check.duration('start_period'),
  };
  if (check && healthCheck) {
    // ECS's ranges (interval 5-300 s, timeout 2-60 s, start period 0-300 s); aws-cdk-lib also refuses a timeout not shorter than the interval.
    const seconds = (key: string, ms: number | undefined, min: number, max: number) => {
      if (ms !== undefined && (ms % 1000 !== 0 || ms < min * 1000 || ms > max * 1000)) check.fail(key, `whole seconds from ${min}s to ${max}s (ECS's range)`);
    };
    seconds('interval', healthCheck.intervalMs, 5, 300);
    seconds('timeout', healthCheck.timeoutMs, 2, 60);
    seconds('start_period', healthCheck.startPeriodMs, 0, 300);
    if ((healthCheck.timeoutMs ?? 5000) >= (healthCheck.intervalMs ?? 30000)) {
      check.fail('timeout', `a timeout shorter than the interval (${(healthCheck.intervalMs ?? 30000) / 1000}s): a check still running when the next one starts`);
    }
    for (const key of ['command', 'interval', 'timeout', 'start_period']) check.carry(key, `healthCheck.${key}`);
    // ECS takes 1 to 10 retries; Copilot writes 0 for "ECS's default" (3).
    check.carry('retries', check.raw('retries') === 0 ? 'ECS\'s default of 3 retries (0 in the manifest)' : 'healthCheck.retries');
    check.finish();
  }
  image.listIfPresent('credentials', 'a private registry\'s credentials: not imported');
  image.listIfPresent('labels', 'Docker labels: not imported');
  image.listIfPresent('depends_on', 'container start order: not imported (the library has one main container)');
  image.finish();
  return { buildDirectory, location, port, healthCheck };
}

/** `./frontend/Dockerfile` builds `./frontend`; SourceImage needs the file to be called Dockerfile. */
function dockerfileDirectory(f: Fields, key: string, dockerfile: string): string {
  const parts = normalize(dockerfile).split('/');
  if (parts[parts.length - 1] !== 'Dockerfile') f.fail(key, 'a path ending in /Dockerfile (SourceImage builds <directory>/Dockerfile)', dockerfile);
  return parts.slice(0, -1).join('/') || '.';
}

function normalize(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/+$/, '');
}

function readPlatform(m: Fields): boolean {
  const raw = m.raw('platform');
  if (raw === undefined) return false;
  let os = 'linux';
  let arch: unknown = raw;
  if (typeof raw === 'string') {
    [os, arch] = raw.split('/');
  } else {
    const p = m.map('platform')!;
    os = p.string('osfamily') ?? 'linux';
    arch = p.string('architecture');
    p.finish();
  }
  if (os !== 'linux' || !['x86_64', 'amd64', 'arm64', 'arm'].includes(String(arch))) {
    m.fail('platform', 'linux/x86_64 or linux/arm64 (Windows tasks are outside this library)', raw);
  }
  m.carry('platform', 'architecture');
  return arch === 'arm64' || arch === 'arm';
}

function readCommand(f: Fields, key: string): string[] | undefined {
  const raw = f.raw(key);
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw.trim().split(/\s+/);
  if (Array.isArray(raw) && raw.every(part => typeof part === 'string')) return raw as string[];
  return f.fail(key, 'a command: a string, or a list of strings');
}

function readSecrets(m: Fields): SecretModel[] {
  const secrets = m.map('secrets');
  if (!secrets) return [];
  const result: SecretModel[] = [];
  for (const variable of secrets.keys()) {
    const value = secrets.raw(variable);
    if (typeof value === 'string') {
      result.push({ variable, ssmParameter: value });
      secrets.carry(variable, 'secrets (ecs.Secret.fromSsmParameter)');
      continue;
    }
    const s = secrets.map(variable);
    if (s?.has('secretsmanager')) {
      const text = s.requiredString('secretsmanager', 'a secret\'s name or ARN, optionally with :<json key>');
      const parts = text.split(':');
      // `mysql:password::` is Secrets Manager's secret-id:json-key:version-stage:version-id; an ARN has 7 parts of its own.
      const parsed = text.startsWith('arn:') ? { name: parts.slice(0, 7).join(':'), jsonKey: parts[7] } : { name: parts[0], jsonKey: parts[1] };
      result.push({ variable, secretsManager: { name: parsed.name, jsonKey: parsed.jsonKey || undefined } });
      secrets.carry(variable, 'secrets (ecs.Secret.fromSecretsManager)');
    } else if (s?.has('from_cfn')) {
      s.raw('from_cfn');
      secrets.ledger.list(secrets.file, secrets.field(variable), 'a value exported by an addon stack (`from_cfn`): read the secret by name instead');
    } else {
      secrets.fail(variable, 'an SSM parameter name, `secretsmanager: <name>` or `from_cfn: <export>`', value);
    }
    s?.finish();
  }
  secrets.finish();
  return result;
}

/** Copilot's `count`, in any of its forms. */
export function readCount(m: Fields, key: string, kind: WorkloadKind): CountModel {
  const raw = m.raw(key);
  if (raw === undefined) return {};
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 0 || raw > 1000) m.fail(key, 'a whole number of tasks from 0 to 1000');
    m.carry(key, 'desiredCount');
    return { desired: raw };
  }
  const c = m.map(key);
  if (!c) return m.fail(key, 'a number of tasks, or a map with `range` and scaling targets');
  let min: number | undefined;
  let max: number | undefined;
  let spotFrom: number | undefined;
  const range = c.raw('range');
  if (typeof range === 'string') {
    const match = /^(\d+)-(\d+)$/.exec(range.trim());
    if (!match || Number(match[1]) > Number(match[2])) return c.fail('range', 'a range such as 1-10 (min-max)');
    [min, max] = [Number(match[1]), Number(match[2])];
  } else if (range !== undefined) {
    const r = c.map('range')!;
    min = r.integer('min', 0, 1000);
    max = r.integer('max', 0, 1000);
    spotFrom = r.integer('spot_from', 1, 1000);
    if (min === undefined || max === undefined || min > max) throw new ManifestError(m.file, r.path, describeValue(range), '`min` and `max`, min at most max');
    r.carry('spot_from', 'placement: Placement.fargateSpot({ onDemandBase })');
    r.finish();
  }
  c.carry('range', 'scaling.minTasks / maxTasks');
  const spot = c.integer('spot', 0, 1000);
  c.carry('spot', 'desiredCount on Placement.fargateSpot()');
  const percent = (field: string): number | undefined => {
    const value = c.raw(field);
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null) {
      const p = c.map(field)!;
      const v = p.integer('value', 1, 100);
      p.listIfPresent('cooldown', 'a cooldown per metric: the library has one pair for all (`scaleInCooldown`, `scaleOutCooldown`)');
      p.finish();
      return v;
    }
    return c.integer(field, 1, 100);
  };
  const cpuPercent = percent('cpu_percentage');
  c.carry('cpu_percentage', 'scaling.cpuTargetPercent');
  const memoryPercent = percent('memory_percentage');
  c.carry('memory_percentage', 'scaling.memoryTargetPercent');
  const requests = c.integer('requests', 1, 1_000_000);
  if (requests !== undefined && kind !== 'Load Balanced Web Service') c.fail('requests', 'no request scaling outside a Load Balanced Web Service (the library tracks requests per target of its load balancer)');
  c.carry('requests', 'scaling.requestsPerTarget');
  c.listIfPresent('response_time', 'the library does not scale on response time: requests per target or CPU instead');
  const delay = c.map('queue_delay');
  let queueDelay: CountModel['queueDelay'];
  if (delay) {
    if (kind !== 'Worker Service') c.fail('queue_delay', 'queue_delay only on a Worker Service', 'given');
    const latencyMs = delay.duration('acceptable_latency') ?? delay.fail('acceptable_latency', 'a duration such as 10m');
    const processingMs = delay.duration('msg_processing_time') ?? delay.fail('msg_processing_time', 'a duration such as 250ms');
    delay.carry('acceptable_latency', 'scaling.backlog.acceptableLatency');
    delay.carry('msg_processing_time', 'scaling.backlog.timePerMessage');
    delay.listIfPresent('cooldown', 'a cooldown per metric: the library has one pair for all');
    delay.finish();
    queueDelay = { latencyMs, processingMs };
  }
  const cooldown = c.map('cooldown');
  const cooldownInMs = cooldown?.duration('in');
  const cooldownOutMs = cooldown?.duration('out');
  cooldown?.carry('in', 'scaling.scaleInCooldown');
  cooldown?.carry('out', 'scaling.scaleOutCooldown');
  cooldown?.finish();
  c.finish();
  if (spot !== undefined && range !== undefined) c.fail('spot', '`spot` or `range`, not both', spot);
  return { desired: undefined, spot, min, max, spotFrom, cpuPercent, memoryPercent, requests, queueDelay, cooldownInMs, cooldownOutMs };
}

function readPublish(m: Fields): string[] {
  const publish = m.map('publish');
  if (!publish) return [];
  const names = publish.mapList('topics').map(t => {
    const name = t.requiredString('name', 'the topic\'s name');
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) t.fail('name', '1 to 40 lowercase letters, digits and "-", starting with a letter (the library\'s topic names)');
    t.carry('name', 'addTopic(name)');
    t.listIfPresent('fifo', 'FIFO topics: set `{ fifo: true }` on addTopic by hand');
    t.finish();
    return name;
  });
  publish.carry('topics', 'addTopic');
  publish.finish();
  return names;
}

function readOverrides(m: Fields, kind: WorkloadKind, options: CommonOptions): Record<string, OverrideModel> {
  const environments = m.map('environments');
  if (!environments) return {};
  const result: Record<string, OverrideModel> = {};
  for (const name of environments.keys()) {
    if (!options.environments.includes(name)) {
      environments.fail(name, `an environment of the workspace (${options.environments.join(', ') || 'none found'})`, name);
    }
    const o = environments.map(name);
    if (!o) continue;
    const cpu = o.integer('cpu', 128, 16384);
    o.carry('cpu', `overrides.${name}.cpu`);
    const memory = o.integer('memory', 256, 122880);
    o.carry('memory', `overrides.${name}.memoryMiB`);
    const count = options.hasCount && o.has('count') ? readCount(o, 'count', kind) : undefined;
    const targets = count && [count.cpuPercent, count.memoryPercent, count.requests, count.queueDelay, count.cooldownInMs, count.cooldownOutMs];
    if (targets?.some(v => v !== undefined)) {
      o.ledger.list(o.file, o.field('count'), 'scaling targets per environment: the library keeps the workload\'s one set of targets; only task counts and Spot are overridden');
    }
    const variables = o.stringMap('variables');
    o.carry('variables', `environment, for ${name}`);
    o.finish();
    result[name] = { cpu, memory, count, variables };
  }
  environments.finish();
  return result;
}
