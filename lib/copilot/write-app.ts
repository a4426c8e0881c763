import * as path from 'path';
import { ManifestError } from './manifest-fields';
import type { WorkloadModel, WorkspaceModel } from './model';
import { camel, importLine, pascal, str } from './ts-code';
import { constructOf, functionOf, writeService } from './write-service';

/** What the importer was told besides the workspace. */
export interface AppOptions {
  /** The workspace's root (the folder holding copilot/), to find build contexts from the generated app. */
  readonly workspaceRoot: string;
  /** The generated app's folder. */
  readonly outDir: string;
  /** Copilot's application domain (`copilot app init --domain`), which the manifests do not hold. */
  readonly domain?: string;
}

/** The workloads in the order their stacks are added: services that others call, then publishers before subscribers. */
export function deployOrder(workspace: WorkspaceModel): WorkloadModel[] {
  const rank = (w: WorkloadModel) => isPublished(w) ? 0 : w.kind === 'Scheduled Job' ? 3 : w.kind === 'Worker Service' ? 2 : 1;
  const pending = [...workspace.workloads].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const ordered: WorkloadModel[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex(w => w.subscriptions.every(s => ordered.some(o => o.name === s.service)));
    if (next < 0) {
      const w = pending[0];
      throw new ManifestError(w.file, 'subscribe.topics', w.subscriptions.map(s => `${s.service}/${s.topic}`).join(', '),
        'subscriptions without a circle (a service subscribing, through others, to its own topics cannot be deployed stack by stack)');
    }
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** A Backend Service with a port and no load balancer is published through Service Connect (`port`). */
export function isPublished(w: WorkloadModel): boolean {
  return w.kind === 'Backend Service' && !w.http && w.image.port !== undefined;
}

/** The repository a workload's source image is pushed to: not Copilot's (`<app>/<service>`), which goes with the Copilot application. */
export function repositoryOf(application: string, w: WorkloadModel): string {
  return `${application}-cdk/${w.name}`;
}

/** The generated app's TypeScript files, by path. */
export function writeApp(workspace: WorkspaceModel, options: AppOptions): Record<string, string> {
  const app = workspace.application;
  const appFunction = `create${pascal(app)}`;
  const ordered = deployOrder(workspace);
  const files: Record<string, string> = {};
  for (const w of ordered) {
    const buildDirectory = w.image.buildDirectory === undefined ? undefined
      : path.relative(options.outDir, path.join(options.workspaceRoot, w.image.buildDirectory)).split(path.sep).join('/') || '.';
    files[`lib/${w.name}.ts`] = writeService(w, { calls: callsOf(w, ordered).length > 0, application: app, repositoryName: repositoryOf(app, w), buildDirectory });
  }
  files[`lib/${app}.ts`] = writeApplication(workspace, ordered, appFunction, options);
  files[`bin/${app}.ts`] = [
    '#!/usr/bin/env node',
    'import { App } from \'aws-cdk-lib\';',
    `import { ${appFunction} } from '../lib/${app}';`,
    '',
    'const app = new App();',
    `${appFunction}(app);`,
    'app.synth();',
    '',
  ].join('\n');
  files[`test/${app}.test.ts`] = [
    'import { App, Stack } from \'aws-cdk-lib\';',
    'import { Snapshot } from \'cdk-ecs-platform\';',
    `import { ${appFunction} } from '../lib/${app}';`,
    '',
    '// Each stack\'s template, with asset hashes masked: a change shows here before it reaches an environment.',
    'const app = new App();',
    `${appFunction}(app);`,
    'const stacks = app.node.findAll().filter(Stack.isStack);',
    '',
    'test.each(stacks.map(stack => [stack.stackName, stack] as const))(\'%s matches its snapshot\', (_name, stack) => {',
    '  expect(Snapshot.fromStack(stack)).toMatchSnapshot();',
    '});',
    '',
  ].join('\n');
  return files;
}

/** Workers that scale on their backlog: their environments need Container Insights, which counts their running tasks. */
export function backlogWorkers(workspace: WorkspaceModel): string[] {
  return workspace.workloads.filter(w => w.count.queueDelay || Object.values(w.overrides).some(o => o.count?.queueDelay)).map(w => w.name);
}

/** The published services a workload calls: those added before it (a circle cannot be deployed stack by stack). */
export function callsOf(w: WorkloadModel, ordered: WorkloadModel[]): WorkloadModel[] {
  if (!w.connect || w.kind === 'Scheduled Job') return [];
  return ordered.slice(0, ordered.indexOf(w)).filter(isPublished);
}

function writeApplication(workspace: WorkspaceModel, ordered: WorkloadModel[], appFunction: string, options: AppOptions): string {
  const app = workspace.application;
  const lib = new Set(['Application']);
  const cdk = new Set(['App', 'Stack']);
  const imports = new Map<string, string>();
  const built = ordered.filter(w => w.image.buildDirectory !== undefined);
  const body: string[] = [
    '  // The account and region of the CLI\'s credentials, as `cdk init` writes them: give an environment its own `env` where they differ.',
    '  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };',
  ];
  if (built.length > 0 || options.domain) {
    lib.add('ImageRepository');
    body.push('',
      `  // Images built from source are pushed here. Copilot's repositories (${app}/<service>) are deleted with the Copilot application.`,
      `  const registry = new Stack(app, ${str(`${app}-registry`)}, { env, description: ${str(`${app}: image repositories`)} });`);
    if (built.length > 0) {
      body.push(`  for (const service of [${built.map(w => str(w.name)).join(', ')}]) {`,
        `    new ImageRepository(registry, service, { repositoryName: \`${app}-cdk/\${service}\` });`, '  }');
    }
  }
  let domain = '';
  if (options.domain) {
    lib.add('Domain');
    imports.set('route53', 'aws-cdk-lib/aws-route53');
    body.push('',
      `  // Copilot's application domain: services are <service>.<environment>.${app}.${options.domain}, as with Copilot. The zone's id: -c hostedZoneId=Z...`,
      '  const zone = route53.HostedZone.fromHostedZoneAttributes(registry, \'Zone\', {',
      `    hostedZoneId: app.node.tryGetContext('hostedZoneId') ?? 'Z0000000000000000000', zoneName: ${str(options.domain)},`, '  });');
    domain = `, { domain: Domain.fromHostedZone({ zone, name: ${str(`${app}.${options.domain}`)} }) }`;
  }
  const web = ordered.some(w => w.kind === 'Load Balanced Web Service');
  if (!web) lib.add('EnvironmentIngress');
  body.push('', `  const application = new Application(app, ${str(app)}${domain});`, '  const environments = [');
  const backlog = backlogWorkers(workspace);
  for (const e of workspace.environments) {
    const settings = ['env'];
    if (!e.containerInsights && backlog.length > 0) {
      body.push(`    // Container Insights on, though the manifest has it off: ${backlog.join(', ')} scale(s) on the queue's backlog per running task, which it counts.`);
    } else if (!e.containerInsights) {
      imports.set('ecs', 'aws-cdk-lib/aws-ecs');
      settings.push('containerInsights: ecs.ContainerInsights.DISABLED');
    }
    if (!web) settings.push('ingress: EnvironmentIngress.none()');
    body.push(`    application.addEnvironment(${str(e.name)}, { ${settings.join(', ')} }),`);
  }
  body.push('  ];', '', '  // Every service and job in every environment, each in a stack of its own (`cdk deploy <app>-<environment>-<service>`).',
    '  for (const environment of environments) {');
  const local = new Map<string, string>();
  for (const w of ordered) {
    const variable = camel(w.name);
    const args = ['environment'];
    const topics = [...new Set(w.subscriptions.map(s => s.topic))].map(topic => camel(topic));
    if (topics.length > 0) args.push(`{ ${topics.join(', ')} }`);
    const calls = callsOf(w, ordered);
    if (calls.length > 0) args.push(`[${calls.map(c => local.get(c.name)).join(', ')}]`);
    const usedLater = w.publishes.length > 0 || ordered.some(o => callsOf(o, ordered).includes(w));
    body.push(`    ${usedLater ? `const ${variable} = ` : ''}${functionOf(w)}(${args.join(', ')});`);
    local.set(w.name, variable);
    for (const topic of w.publishes) body.push(`    const ${camel(topic)} = ${variable}.addTopic(${str(topic)});`);
  }
  body.push('  }', '  return application;');
  const header = [
    importLine(cdk, 'aws-cdk-lib'),
    ...[...imports.entries()].sort(([, a], [, b]) => a.localeCompare(b)).map(([alias, module]) => `import * as ${alias} from '${module}';`),
    importLine(lib, 'cdk-ecs-platform'),
    ...ordered.map(w => `import { ${functionOf(w)} } from './${w.name}';`),
  ].filter(Boolean);
  return [
    ...header,
    '',
    '/**',
    ` * The Copilot application "${app}" (imported from its copilot/ folder): its environments (${workspace.environments.map(e => e.name).join(', ')}),`,
    ` * each a stack, and in each one stack per service: ${ordered.map(w => `${w.name} (${constructOf(w)})`).join(', ')}.`,
    ' */',
    `export function ${appFunction}(app: App): Application {`,
    ...body,
    '}',
    '',
  ].join('\n');
}
