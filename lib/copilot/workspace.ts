import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { readEnvironment } from './environment-manifest';
import { readJob } from './job-manifest';
import { describeValue, Fields, Ledger, ManifestError } from './manifest-fields';
import type { OutsideModel, WorkloadModel, WorkspaceModel } from './model';
import { readWebOrBackend } from './web-manifest';
import { readWorker } from './worker-manifest';

/** What the importer takes besides the workspace. */
export interface ReadOptions {
  /** Values of `${NAME}` placeholders other than Copilot's own (`--var NAME=VALUE`). */
  readonly variables?: Record<string, string>;
}

const OUTSIDE: Record<string, string> = {
  'Request-Driven Web Service': 'runs on AWS App Runner, outside this library (ECS only): keep it in Copilot, or move it to a WebService (an ALB and Fargate tasks)',
  'Static Site': 'an S3 bucket behind CloudFront, outside this library (ECS only): keep it in Copilot, or build it with aws-cdk-lib\'s s3 and cloudfront modules',
};

/**
 * Reads a Copilot workspace: the folder that holds `copilot/` (or `copilot/` itself). Refuses what it
 * cannot read with the file, the field and what was expected (`ManifestError`).
 */
export function readWorkspace(workspace: string, options: ReadOptions = {}): WorkspaceModel {
  const copilot = copilotFolder(workspace);
  const root = path.dirname(copilot);
  const relative = (file: string) => path.relative(root, file) || file;
  const workspaceFile = path.join(copilot, '.workspace');
  if (!fs.existsSync(workspaceFile)) {
    throw new ManifestError(relative(workspaceFile), '(the file)', 'missing', 'a Copilot workspace: a folder with copilot/.workspace naming the application');
  }
  const ledger = new Ledger();
  let manifestLines = 0;
  const load = (file: string): unknown => {
    const text = fs.readFileSync(file, 'utf8');
    manifestLines += text.split('\n').filter(line => line.trim() !== '' && !line.trim().startsWith('#')).length;
    const document = parseDocument(text);
    if (document.errors.length > 0) {
      const error = document.errors[0];
      throw new ManifestError(relative(file), `line ${error.linePos?.[0].line ?? '?'}`, 'not valid YAML', `YAML (${error.message.split('\n')[0]})`);
    }
    return document.toJS();
  };
  const ws = Fields.root(relative(workspaceFile), load(workspaceFile), ledger);
  const application = ws.requiredString('application', 'the application\'s name');
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(application)) ws.fail('application', 'a Copilot application name: lowercase letters, digits and "-", starting with a letter');
  ws.carry('application', 'new Application(app, name)');
  ws.finish();

  const interpolate = (file: string, document: unknown) => substitute(relative(file), '', document, application, options.variables ?? {});
  const environmentsDir = path.join(copilot, 'environments');
  const environmentNames = subfolders(environmentsDir).filter(name => fs.existsSync(path.join(environmentsDir, name, 'manifest.yml')));
  const environments = environmentNames.map(name => {
    const file = path.join(environmentsDir, name, 'manifest.yml');
    return readEnvironment(Fields.root(relative(file), interpolate(file, load(file)), ledger), name);
  });
  if (fs.existsSync(path.join(environmentsDir, 'addons'))) {
    ledger.list(relative(path.join(environmentsDir, 'addons')), '(environment addons)', 'CloudFormation templates deployed with the environments: port them to CDK constructs in the environment stacks by hand');
  }
  if (environments.length === 0) {
    throw new ManifestError(relative(environmentsDir), '(the folder)', 'without environment manifests', 'one manifest.yml per environment under copilot/environments/<name>/ (`copilot env init` writes them)');
  }

  const workloads: WorkloadModel[] = [];
  const outside: OutsideModel[] = [];
  for (const name of subfolders(copilot).filter(n => n !== 'environments' && n !== 'pipelines' && !n.startsWith('.'))) {
    const file = path.join(copilot, name, 'manifest.yml');
    if (!fs.existsSync(file)) continue;
    const document = interpolate(file, load(file));
    const m = Fields.root(relative(file), document, ledger);
    const kind = m.requiredString('type', 'a manifest type: Load Balanced Web Service, Backend Service, Worker Service, Scheduled Job, Request-Driven Web Service or Static Site');
    const common = { environments: environmentNames, hasCount: true };
    if (OUTSIDE[kind]) {
      outside.push({ name: m.string('name') ?? name, kind, file: relative(file), reason: OUTSIDE[kind] });
      continue;
    }
    const workload = kind === 'Load Balanced Web Service' || kind === 'Backend Service' ? readWebOrBackend(m, kind, common) :
      kind === 'Worker Service' ? readWorker(m, common) :
        kind === 'Scheduled Job' ? readJob(m, common) :
          m.fail('type', 'Load Balanced Web Service, Backend Service, Worker Service, Scheduled Job, Request-Driven Web Service or Static Site');
    if (workload.name !== name) m.fail('name', `the name of the manifest's folder, ${name}`, workload.name);
    if (fs.existsSync(path.join(copilot, name, 'addons'))) {
      ledger.list(relative(path.join(copilot, name, 'addons')), '(addons)', 'CloudFormation templates deployed with the service (tables, buckets, policies): port them to CDK constructs in the service\'s stack by hand');
    }
    workloads.push(workload);
  }
  if (fs.existsSync(path.join(copilot, 'pipelines'))) {
    ledger.list(relative(path.join(copilot, 'pipelines')), '(pipelines)', 'Copilot pipelines (CodePipeline): the library deploys with `cdk deploy`; `PushToDeploy` releases a pushed tag');
  }
  checkTopics(workloads);
  return { application, environments, workloads, outside, carried: ledger.carried, listed: ledger.listed, manifestLines };
}

/** The copilot/ folder of a workspace: `<workspace>/copilot`, or the folder itself when it holds `.workspace`. */
export function copilotFolder(workspace: string): string {
  const inside = path.join(workspace, 'copilot');
  return !fs.existsSync(inside) && fs.existsSync(path.join(workspace, '.workspace')) ? workspace : inside;
}

/** A worker subscribing to a topic no service publishes is refused: the subscription would have nothing to read. */
function checkTopics(workloads: WorkloadModel[]): void {
  for (const w of workloads) {
    w.subscriptions.forEach((s, i) => {
      const publisher = workloads.find(p => p.name === s.service);
      if (!publisher?.publishes.includes(s.topic)) {
        const offered = workloads.flatMap(p => p.publishes.map(t => `${p.name}/${t}`));
        throw new ManifestError(w.file, `subscribe.topics[${i}]`, `${s.service}/${s.topic}`,
          `a topic that a service of the workspace publishes (publish.topics): ${offered.join(', ') || 'none is published'}`);
      }
    });
  }
}

function subfolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name).sort();
}

/** Copilot's `${NAME}` interpolation, on every string of a manifest. */
function substitute(file: string, field: string, value: unknown, application: string, variables: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      if (name === 'COPILOT_APPLICATION_NAME') return application;
      if (name === 'COPILOT_ENVIRONMENT_NAME') return whole;
      if (variables[name] !== undefined) return variables[name];
      throw new ManifestError(file, field || '(the document)', describeValue(value),
        `only \${COPILOT_APPLICATION_NAME} and \${COPILOT_ENVIRONMENT_NAME}, or a value given with --var ${name}=VALUE (Copilot read it from the shell at deploy)`);
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(file, `${field}[${i}]`, item, application, variables));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(file, field ? `${field}.${k}` : k, v, application, variables)]));
  }
  return value;
}
