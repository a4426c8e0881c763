import type { WorkspaceModel } from './model';
import { ENVIRONMENT_PLACEHOLDER } from './model';
import { backlogWorkers, callsOf, deployOrder, isPublished, repositoryOf } from './write-app';
import { constructOf } from './write-service';

/** Figures MIGRATION.md opens with. */
export interface MigrationFigures {
  readonly generatedLines: number;
  readonly domain?: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** MIGRATION.md: what was carried over, what was not and why, what behaves differently, and the steps left to a person. */
export function writeMigration(w: WorkspaceModel, figures: MigrationFigures): string {
  const app = w.application;
  const ordered = deployOrder(w);
  const envs = w.environments.map(e => e.name);
  const stack = (env: string, service?: string) => `${app}-${env}${service ? `-${service}` : ''}`;
  const out: string[] = [
    `# Migrating "${app}" from AWS Copilot`,
    '',
    `Written by \`cdk-ecs-platform import-copilot\` from ${w.manifestLines} lines of manifests (comments and blank lines not counted):`,
    `${figures.generatedLines} lines of TypeScript that are yours to read, change and own. Nothing in a manifest was dropped in silence:`,
    'each field is in "Carried over" or in "Not carried over" below.',
    '',
    '## What became what',
    '',
    '| Copilot | Type | Became | Stacks |',
    '|---|---|---|---|',
    `| application \`${app}\` | .workspace | \`new Application(app, '${app}')\` in \`lib/${app}.ts\` | ${ordered.some(x => x.image.buildDirectory) ? `\`${app}-registry\` (image repositories)` : ''} |`,
    ...w.environments.map(e => `| environment \`${e.name}\` | ${e.file} | \`addEnvironment('${e.name}')\` | \`${stack(e.name)}\` |`),
    ...ordered.map(x => `| \`${x.name}\` | ${x.kind} | \`${constructOf(x)}\` in \`lib/${x.name}.ts\` | ${envs.map(e => `\`${stack(e, x.name)}\``).join(', ')} |`),
    ...w.outside.map(x => `| \`${x.name}\` | ${x.kind} | not imported: ${cell(x.reason)} | |`),
    '',
    '## Carried over',
    '',
    '| File | Field | Became |',
    '|---|---|---|',
    ...w.carried.map(c => `| ${c.file} | \`${c.field}\` | ${cell(c.to)} |`),
    '',
    '## Not carried over, or carried over with a difference',
    '',
    '| File | Field | Why, and what to do |',
    '|---|---|---|',
    ...w.outside.map(x => `| ${x.file} | \`type: ${x.kind}\` | ${cell(x.reason)} |`),
    ...w.listed.map(l => `| ${l.file} | \`${l.field}\` | ${cell(l.reason)} |`),
    '',
    '## What behaves differently',
    '',
    `- **Names.** Copilot names a service \`<service>.<environment>.<app>.<domain>\`. ${figures.domain
      ? `The generated application's domain is \`${app}.${figures.domain}\`, so the library's default host \`<service>.<environment>.<domain>\` is the same name; its records go in the hosted zone given with \`-c hostedZoneId=...\` (\`${figures.domain}\`), not in Copilot's delegated zone \`${app}.${figures.domain}\`.`
      : 'The manifests do not hold the application\'s domain (Copilot keeps it in Parameter Store): without `--domain`, web services are reached at their load balancer\'s DNS name (the stack output `<Service>Url`) and routed by path; run the importer again with `--domain <domain>` to keep Copilot\'s names.'}`,
    `- **Service discovery.** Backend Services are published through Service Connect and reached at \`http://<service>:<port>\` (${ordered.filter(isPublished).map(x => `\`http://${x.name}:${x.image.port}\``).join(', ') || 'none here'}), not at Copilot's \`<service>.<environment>.${app}.local\` (\`COPILOT_SERVICE_DISCOVERY_ENDPOINT\`). Callers are the services with \`network.connect\`: ${ordered.filter(x => callsOf(x, ordered).length > 0).map(x => `\`${x.name}\``).join(', ') || 'none'}.`,
    '- **Copilot\'s variables.** `COPILOT_APPLICATION_NAME`, `COPILOT_ENVIRONMENT_NAME` and `COPILOT_SERVICE_NAME` are still set. A worker finds its queue in `QUEUE_URL` (Copilot: `COPILOT_QUEUE_URI`), a publisher each topic\'s ARN in `<TOPIC>_TOPIC_ARN` (Copilot: the JSON map `COPILOT_SNS_TOPIC_ARNS`), and `COPILOT_LB_DNS` is not set: change the code that reads them.',
    '- **Tasks.** They run in private subnets with no public IP, with a read-only root filesystem (`/tmp` writable: set `readonlyRootFilesystem: false` or `writablePaths` where the code writes elsewhere), and a deployment circuit breaker that rolls back.',
    '- **Logs.** Kept one year where the manifest does not say (Copilot: 30 days), and retained when a stack is deleted, as queues are.',
    '- **Workers.** Every worker owns a queue and a dead-letter queue: a message received 3 times (the library\'s default; `dead_letter.tries` where the manifest has it) moves there; Copilot made a dead-letter queue only with `dead_letter`.',
    ...insights(w),
    '- **Environments.** Every service is added to every environment; remove the call in `lib/' + app + '.ts` for a service an environment must not run. The network is new (a NAT instance; Copilot: NAT gateways only with private placement).',
    '',
    '## Steps left to you',
    '',
    `1. Set each environment's account and region (\`env\` in \`lib/${app}.ts\`) where they are not the CLI's. \`npm install\` (until cdk-ecs-platform is on the registry, install its tarball first: \`npm install <path>/cdk-ecs-platform-<version>.tgz\`), then \`npm test\` (the first run writes the snapshots) and \`npx cdk synth\`; \`npx cdk-ecs-platform report\` prices what you are about to deploy.`,
  ];
  const secrets = ordered.flatMap(x => x.secrets.map(s => ({ service: x.name, ...s })));
  if (secrets.length > 0) {
    out.push('2. The secrets the services read must exist in each environment\'s account and region (Copilot\'s may stay where they are, the names are kept):');
    for (const s of secrets) {
      const name = s.ssmParameter ?? s.secretsManager!.name;
      const names = name.includes(ENVIRONMENT_PLACEHOLDER) ? envs.map(e => name.split(ENVIRONMENT_PLACEHOLDER).join(e)) : [name];
      out.push(`   - \`${s.service}\` \`${s.variable}\`: ${s.ssmParameter !== undefined ? 'SSM parameter' : 'Secrets Manager secret'} ${names.map(n => `\`${n}\``).join(', ')}`);
    }
  } else {
    out.push('2. No secret to create: the manifests name none.');
  }
  out.push(
    `3. Deploy \`${app}-registry\` first when services build from source: each build pushes to \`${app}-cdk/<service>\` (${ordered.filter(x => x.image.buildDirectory).map(x => `\`${repositoryOf(app, x)}\``).join(', ') || 'none here'}), built by CodeBuild during \`cdk deploy\` (no Docker needed).`,
    `4. Deploy each environment, then its services: \`npx cdk deploy ${stack(envs[0])}\`, then \`npx cdk deploy '${stack(envs[0])}-*'\`.`,
    '5. Carry over by hand what the table above lists (addons, sidecars, pipelines).',
    '',
    '## Moving traffic without downtime',
    '',
    'The new stacks are created beside Copilot\'s (new names, new load balancers, new queues); nothing of Copilot\'s is changed until you delete it.',
    '',
    '1. Deploy the new environment and its services beside the Copilot environment. Test them at the new load balancer\'s DNS name (each web service\'s `<Service>Url` output).',
    '2. Workers: let the new worker read its new queue, and subscribe it to the topics it needs; while both run, publishers still publish to Copilot\'s topics, so move publishers last, or subscribe the new queue to the old topic for the switch.',
    '3. DNS: lower the TTL of the names you serve (a day ahead), then point them at the new load balancer (a weighted record first, 10 % then 100 %, if you want a canary). Keep the Copilot service running until its load balancer has no requests left (CloudWatch `RequestCount`).',
    '4. Jobs: deploy the new job, then delete the Copilot job (`copilot job delete`), so no run happens twice.',
    '5. When the Copilot service has had no traffic for a day: `copilot svc delete --name <service> --env <environment>`, then `copilot env delete`, then `copilot app delete` (it deletes Copilot\'s image repositories: the new app pushes to its own).',
    '',
  );
  return out.join('\n');
}

/** Environments whose Container Insights the import turns on, and why. */
function insights(w: WorkspaceModel): string[] {
  const backlog = backlogWorkers(w);
  const off = w.environments.filter(e => !e.containerInsights).map(e => `\`${e.name}\``);
  if (backlog.length === 0 || off.length === 0) return [];
  return [`- **Container Insights** is on in ${off.join(', ')}, though the manifests leave it off (Copilot's default): ${backlog.map(b => `\`${b}\``).join(', ')} ` +
    'scale(s) on the backlog per running task, and the library reads the running task count from Container Insights (about 0.30 USD a metric a month; Copilot ran a function of its own for this).'];
}
