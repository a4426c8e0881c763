import type { CountModel, HttpModel, WorkloadModel } from './model';
import { RETENTION_DAYS } from './model';
import { camel, duration, importLine, inline, key, object, pascal, str } from './ts-code';

/** How a workload meets the others, decided for the whole workspace (`write-app.ts`). */
export interface ServiceWiring {
  /** It calls the Service Connect ports of others (Copilot's `network.connect`). */
  readonly calls: boolean;
  /** The application's name, for Copilot's variables and the repository names. */
  readonly application: string;
  /** The repository source images are pushed to. */
  readonly repositoryName: string;
  /** The build context, relative to the generated app's folder (where `cdk synth` runs). */
  readonly buildDirectory?: string;
}

const CONSTRUCT: Record<WorkloadModel['kind'], string> = {
  'Load Balanced Web Service': 'WebService', 'Backend Service': 'WorkerService', 'Worker Service': 'WorkerService', 'Scheduled Job': 'ScheduledTask',
};

/** The construct a workload becomes: a Backend Service with `http` is a WebService on an internal load balancer of its own. */
export function constructOf(w: WorkloadModel): string {
  return w.kind === 'Backend Service' && w.http ? 'WebService' : CONSTRUCT[w.kind];
}

/** The function that adds a workload's stack to an environment: `addOrdersWorker`. */
export function functionOf(w: WorkloadModel): string {
  return `add${pascal(w.name)}`;
}

/** `lib/<name>.ts`: one function that adds the workload's stack to an environment, named after the manifest. */
export function writeService(w: WorkloadModel, wiring: ServiceWiring): string {
  const cdk = new Set<string>(['Validations']);
  const lib = new Set<string>(['AppEnvironment']);
  const modules = new Map<string, string>();
  const use = (alias: string, module: string) => modules.set(alias, module);
  const construct = constructOf(w);
  lib.add(construct);
  const id = pascal(w.name);
  const props: [string, string | undefined][] = [['appEnvironment', 'environment']];
  const params = ['environment: AppEnvironment'];
  const lines: string[] = [`  const stack = environment.addServiceStack(${str(w.name)});`];

  if (w.image.buildDirectory !== undefined) {
    lib.add('SourceImage').add('ImageRepository');
    const arch = w.arm64 ? (use('ecs', 'aws-cdk-lib/aws-ecs'), '\n    architecture: ecs.CpuArchitecture.ARM64,') : '';
    lines.push('  const image = new SourceImage(stack, \'Image\', {',
      `    repository: ImageRepository.fromRepositoryName(stack, 'Repository', ${str(wiring.repositoryName)}),`,
      `    directory: ${str(wiring.buildDirectory ?? w.image.buildDirectory)},${arch}`, '  });');
    props.push(['image', 'image.image']);
  } else {
    use('ecs', 'aws-cdk-lib/aws-ecs');
    props.push(['image', `ecs.ContainerImage.fromRegistry(${str(w.image.location!)})`]);
  }
  if (construct === 'WebService') props.push(['containerPort', w.image.port !== undefined ? String(w.image.port) : undefined]);
  if (w.kind === 'Backend Service' && !w.http && w.image.port !== undefined) {
    lib.add('ServicePort');
    props.push(['port', `ServicePort.http(${w.image.port}, { name: ${str(w.name)} })`]);
  }
  if (w.http) props.push(...httpProps(w.name, w.http, w.kind === 'Backend Service', lib, cdk));
  if (w.command) props.push(['command', `[${w.command.map(str).join(', ')}]`]);
  props.push(['cpu', w.cpu?.toString()], ['memoryMiB', w.memory?.toString()]);
  if (w.arm64) {
    use('ecs', 'aws-cdk-lib/aws-ecs');
    props.push(['architecture', 'ecs.CpuArchitecture.ARM64']);
  }
  props.push(...countProps(w.count, w, lib, cdk));
  if (w.schedule) {
    use('scheduler', 'aws-cdk-lib/aws-scheduler');
    lines.push(`  // Copilot's schedule "${w.schedule.text}", in UTC as Copilot read it.`);
    props.push(['schedule', schedule(w, cdk)]);
    if (w.timeoutMs !== undefined) {
      cdk.add('Duration');
      props.push(['timeout', duration(w.timeoutMs)]);
    }
    props.push(['retries', w.retries?.toString()]);
  }
  if (w.kind === 'Worker Service') {
    lib.add('WorkerQueue');
    const q = w.queue ?? {};
    if (q.retentionMs !== undefined || q.timeoutMs !== undefined) cdk.add('Duration');
    props.push(['queue', `WorkerQueue.create(${inline([
      ['fifo', q.fifo ? 'true' : undefined], ['retention', q.retentionMs !== undefined ? duration(q.retentionMs) : undefined],
      ['visibilityTimeout', q.timeoutMs !== undefined ? duration(q.timeoutMs) : undefined], ['maxReceiveCount', q.deadLetterTries?.toString()],
    ])})`]);
    if (w.subscriptions.length > 0) {
      use('sns', 'aws-cdk-lib/aws-sns');
      params.push(`topics: { ${[...new Set(w.subscriptions.map(s => `${key(camel(s.topic))}: sns.ITopic`))].join('; ')} }`);
      props.push(['subscriptions', `[\n${w.subscriptions.map(s => `      ${subscription(s)},`).join('\n')}\n    ]`]);
    }
  }
  if (wiring.calls) {
    lib.add('ICallableService');
    params.push('calls: ICallableService[]');
    props.push(['calls', 'calls']);
  }
  props.push(['environment', variables(w, wiring.application)]);
  if (w.secrets.length > 0) {
    use('ecs', 'aws-cdk-lib/aws-ecs');
    props.push(['secrets', object(w.secrets.map(s => [s.variable, secret(s, use)]), 4)]);
  }
  if (w.logRetentionDays !== undefined) {
    use('logs', 'aws-cdk-lib/aws-logs');
    props.push(['logRetention', `logs.RetentionDays.${RETENTION_DAYS[w.logRetentionDays]}`]);
  }
  if (w.exec && w.kind !== 'Scheduled Job') props.push(['enableExecuteCommand', 'true']);
  if (w.image.healthCheck) {
    const h = w.image.healthCheck;
    if ([h.intervalMs, h.timeoutMs, h.startPeriodMs].some(v => v !== undefined)) cdk.add('Duration');
    props.push(['healthCheck', inline([['command', `[${h.command.map(str).join(', ')}]`],
      ['interval', h.intervalMs !== undefined ? duration(h.intervalMs) : undefined], ['retries', h.retries?.toString()],
      ['timeout', h.timeoutMs !== undefined ? duration(h.timeoutMs) : undefined], ['startPeriod', h.startPeriodMs !== undefined ? duration(h.startPeriodMs) : undefined]])]);
  }
  const overrides = overrideProps(w, lib);
  if (overrides) props.push(['overrides', overrides]);

  const imports = [
    importLine(cdk, 'aws-cdk-lib'),
    ...[...modules.entries()].sort(([a], [b]) => modules.get(a)!.localeCompare(modules.get(b)!)).map(([alias, module]) => `import * as ${alias} from '${module}';`),
    importLine(lib, 'cdk-ecs-platform'),
  ].filter(Boolean);
  return [
    ...imports,
    '',
    `/** The ${w.kind} "${w.name}" (${w.file}), in a stack of its own in the environment. */`,
    `export function ${functionOf(w)}(${params.join(', ')}): ${construct} {`,
    ...lines,
    `  const ${camel(w.name)} = new ${construct}(stack, ${str(id)}, ${object(props, 2)});`,
    '  // Copilot\'s variables are configuration, and its secrets stay secrets; cdk-nag flags every environment variable all the same.',
    `  Validations.of(${camel(w.name)}).acknowledge({ id: 'AwsSolutions-ECS2', reason: 'Configuration from the Copilot manifest, not secrets (those are in secrets)' });`,
    `  return ${camel(w.name)};`,
    '}',
    '',
  ].join('\n');
}

function httpProps(name: string, http: HttpModel, internal: boolean, lib: Set<string>, cdk: Set<string>): [string, string | undefined][] {
  const props: [string, string | undefined][] = [];
  if (internal) {
    props.push(['internetFacing', 'false']);
  } else {
    const path = http.path.replace(/^\/+|\/+$/g, '');
    const paths = path === '' ? undefined : [`/${path}`, `/${path}/*`];
    lib.add('Route');
    if (http.aliases.length > 0) {
      props.push(['route', http.aliases.length === 1 && !paths ? `Route.host(${str(http.aliases[0])})`
        : `Route.match(${inline([['hosts', `[${http.aliases.map(str).join(', ')}]`], ['paths', paths && `[${paths.map(str).join(', ')}]`]])})`]);
    } else {
      // The environment's domain gives the host <service>.<environment>.<domain>; without one, the path alone routes.
      props.push(['route', paths ? `environment.serviceDomainName\n      ? Route.match({ hosts: [\`${name}.\${environment.serviceDomainName}\`], paths: [${paths.map(str).join(', ')}] })\n      : Route.match({ paths: [${paths.map(str).join(', ')}] })`
        : 'environment.serviceDomainName ? undefined : Route.path(\'/*\')']);
    }
  }
  props.push(['healthCheckPath', http.healthCheckPath !== undefined ? str(http.healthCheckPath) : undefined]);
  props.push(['healthyThresholdCount', http.healthyThreshold?.toString()]);
  for (const [prop, ms] of [['healthCheckInterval', http.healthCheckIntervalMs], ['healthCheckGracePeriod', http.gracePeriodMs],
    ['deregistrationDelay', http.deregistrationDelayMs]] as [string, number | undefined][]) {
    if (ms !== undefined) {
      cdk.add('Duration');
      props.push([prop, duration(ms)]);
    }
  }
  return props;
}

function countProps(c: CountModel, w: WorkloadModel, lib: Set<string>, cdk: Set<string>): [string, string | undefined][] {
  if (w.kind === 'Scheduled Job') return [];
  const props: [string, string | undefined][] = [];
  if (c.spot !== undefined || c.spotFrom !== undefined) {
    lib.add('Placement');
    props.push(['placement', c.spotFrom !== undefined && c.spotFrom > 1 ? `Placement.fargateSpot({ onDemandBase: ${c.spotFrom - 1} })` : 'Placement.fargateSpot()']);
  }
  props.push(['desiredCount', (c.desired ?? c.spot)?.toString()]);
  if (c.min !== undefined && c.max !== undefined) {
    const backlog = c.queueDelay && `{ acceptableLatency: ${duration(c.queueDelay.latencyMs)}, timePerMessage: ${duration(c.queueDelay.processingMs)} }`;
    if (backlog || c.cooldownInMs !== undefined || c.cooldownOutMs !== undefined) cdk.add('Duration');
    props.push(['scaling', inline([['minTasks', String(c.min)], ['maxTasks', String(c.max)], ['cpuTargetPercent', c.cpuPercent?.toString()],
      ['memoryTargetPercent', c.memoryPercent?.toString()], ['requestsPerTarget', c.requests?.toString()], ['backlog', backlog],
      ['scaleInCooldown', c.cooldownInMs !== undefined ? duration(c.cooldownInMs) : undefined],
      ['scaleOutCooldown', c.cooldownOutMs !== undefined ? duration(c.cooldownOutMs) : undefined]])]);
  }
  return props;
}

function schedule(w: WorkloadModel, cdk: Set<string>): string {
  const s = w.schedule!;
  if (s.rateMs !== undefined) {
    cdk.add('Duration');
    return `scheduler.ScheduleExpression.rate(${duration(s.rateMs)})`;
  }
  const c = s.cron!;
  const star = (v: string) => v === '*' ? undefined : str(v);
  return `scheduler.ScheduleExpression.cron(${inline([['minute', star(c.minute)], ['hour', star(c.hour)], ['day', star(c.day)],
    ['month', star(c.month)], ['weekDay', star(c.weekDay)]])})`;
}

function subscription(s: WorkloadModel['subscriptions'][number]): string {
  const filters = s.filters.map(f => [f.attribute, `sns.SubscriptionFilter.stringFilter({ ${f.allow ? 'allowlist' : 'denylist'}: [${(f.allow ?? f.deny!).map(str).join(', ')}] })`] as [string, string]);
  return inline([['topic', `topics.${camel(s.topic)}`], ['filterPolicy', filters.length > 0 ? inline(filters) : undefined]]);
}

function secret(s: WorkloadModel['secrets'][number], use: (alias: string, module: string) => void): string {
  const id = pascal(s.variable.toLowerCase());
  if (s.ssmParameter !== undefined) {
    use('ssm', 'aws-cdk-lib/aws-ssm');
    return `ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, ${str(`${id}Parameter`)}, { parameterName: ${str(s.ssmParameter)} }))`;
  }
  use('secretsmanager', 'aws-cdk-lib/aws-secretsmanager');
  const { name, jsonKey } = s.secretsManager!;
  const from = name.startsWith('arn:') ? `secretsmanager.Secret.fromSecretCompleteArn(stack, ${str(`${id}Secret`)}, ${str(name)})`
    : `secretsmanager.Secret.fromSecretNameV2(stack, ${str(`${id}Secret`)}, ${str(name)})`;
  return `ecs.Secret.fromSecretsManager(${from}${jsonKey ? `, ${str(jsonKey)}` : ''})`;
}

/** Copilot's own variables, which code written for Copilot may read, then the manifest's; per-environment values replace them. */
function variables(w: WorkloadModel, application: string): string {
  const perEnvironment = Object.entries(w.overrides).filter(([, o]) => Object.keys(o.variables).length > 0);
  const entries: [string, string][] = [
    ['COPILOT_APPLICATION_NAME', str(application)], ['COPILOT_ENVIRONMENT_NAME', 'environment.environmentName'], ['COPILOT_SERVICE_NAME', str(w.name)],
    ...Object.entries(w.variables).map(([k, v]) => [k, str(v)] as [string, string]),
  ];
  const own = entries.map(([k, v]) => `      ${key(k)}: ${v},`).join('\n');
  if (perEnvironment.length === 0) return `{\n${own}\n    }`;
  const table = perEnvironment.map(([env, o]) => `${key(env)}: ${inline(Object.entries(o.variables).map(([k, v]) => [k, str(v)]))}`).join(', ');
  return `{\n${own}\n      ...({ ${table} } as Record<string, Record<string, string>>)[environment.environmentName],\n    }`;
}

function overrideProps(w: WorkloadModel, lib: Set<string>): string | undefined {
  const entries: [string, string | undefined][] = Object.entries(w.overrides).map(([env, o]) => {
    const c = o.count;
    const placement = c && (c.spot !== undefined || c.spotFrom !== undefined)
      ? (lib.add('Placement'), c.spotFrom !== undefined && c.spotFrom > 1 ? `Placement.fargateSpot({ onDemandBase: ${c.spotFrom - 1} })` : 'Placement.fargateSpot()')
      : undefined;
    const fields = inline([['cpu', o.cpu?.toString()], ['memoryMiB', o.memory?.toString()], ['desiredCount', (c?.desired ?? c?.spot)?.toString()],
      ['minTasks', c?.min?.toString()], ['maxTasks', c?.max?.toString()], ['placement', placement]]);
    return [env, fields === '{}' ? undefined : fields];
  });
  return entries.some(([, v]) => v !== undefined) ? object(entries, 4) : undefined;
}
