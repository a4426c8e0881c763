import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { IConstruct } from 'constructs';
import { buildSampleApp } from '../../bin/sample-app';
import { ImageRegistry, ImageRepository, Network, Placement, PlatformCluster, PoolImage, ScheduledTask, SourceImage, Upstream, WorkerService } from '../../lib';
import { testApp } from '../util';
import { VALID_APPS } from './valid-apps';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json');

/**
 * README's table of the library's cdk-nag acknowledgments is tested against the acknowledgments the
 * code makes: the sample app, every example, every valid app and the stacks below (features none of
 * them has) are synthesized, and every acknowledgment found is a row of the table (its finding, and the
 * construct that carries it named in "Where"), and every row is made by some acknowledgment.
 */
const root = path.join(__dirname, '..', '..');
const examplesDir = path.join(root, 'examples');
const exampleFiles = fs.readdirSync(examplesDir).filter(f => f.endsWith('.ts')).sort();
const exampleSources = exampleFiles.map(f => fs.readFileSync(path.join(examplesDir, f), 'utf8')).join('\n').replace(/\\'/g, '\'');

/**
 * Stacks with what the sample, the examples and the valid apps lack: exec, Bottlerocket, endpoints,
 * source images, a registry's key, an encrypted pull across accounts.
 */
function representative(app: App): void {
  const env = { region: 'us-east-1' };
  const extras = new Stack(app, 'Extras', { env });
  const cluster = new PlatformCluster(extras, 'Cluster', { network: Network.vpcEndpoints(), executeCommand: true });
  const pool = cluster.addCapacityPool('Rocket', { instanceTypes: [new ec2.InstanceType('c7g.large')], image: PoolImage.bottlerocket() });
  const repository = new ImageRepository(extras, 'Repository');
  new WorkerService(extras, 'Worker', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), enableExecuteCommand: true });
  new ScheduledTask(extras, 'Nightly', {
    cluster, image: repository.imageByTag('v1'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), enableExecuteCommand: true,
  });
  const source = new SourceImage(extras, 'Image', { repository, directory: path.join(examplesDir, 'sample-image') });
  new WorkerService(extras, 'Built', { cluster, image: source.image });
  new ImageRegistry(extras, 'Registry', { upstreams: [Upstream.ecrPublic()], replicationSources: ['333333333333'], encryptionKey: new kms.Key(extras, 'RegistryKey', { enableKeyRotation: true }) });

  const tooling = new Stack(app, 'Tooling', { env: { account: '111111111111', region: 'us-east-1' } });
  const workload = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } });
  const key = new kms.Key(tooling, 'Key', { enableKeyRotation: true });
  const pulled = new ImageRepository(tooling, 'Repo', { repositoryName: 'shop/web', pullAccounts: ['222222222222'], encryptionKey: key });
  new WorkerService(workload, 'Worker', { cluster: new PlatformCluster(workload, 'Cluster'), image: pulled.imageByTag('v1') });
}

interface Acknowledgment { readonly id: string; readonly owner: string; readonly reason: string; readonly path: string }

/** The construct an acknowledgment is on, by its id (with its parent's for a Role, Policy or Resource). */
function ownerOf(construct: IConstruct): string {
  const ids = construct.node.scopes.slice(1).map(c => c.node.id);
  const last = ids[ids.length - 1];
  return ['Role', 'Policy', 'Resource', 'ServiceRole'].includes(last) ? ids.slice(-2).join('/') : last;
}

/** Every acknowledgment in `app` once it is synthesized, but the examples' own (their reason is in their source). */
function acknowledgments(app: App): Acknowledgment[] {
  app.synth();
  const found: Acknowledgment[] = [];
  const walk = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        // cdk-nag's findings only (newer aws-cdk-lib acknowledges findings of its own validator), and the library's only.
        const finding = id.replace(/^annotation::/i, '');
        if (!finding.startsWith('AwsSolutions-') || exampleSources.includes(reason)) continue;
        found.push({ id: finding, owner: ownerOf(construct), reason, path: construct.node.path });
      }
    }
    construct.node.children.forEach(walk);
  };
  walk(app);
  return found;
}

function allAcknowledgments(): Acknowledgment[] {
  const apps: App[] = [];
  for (const context of [{}, { gitHubRepository: 'acme/shop' }]) {
    const app = testApp(context);
    buildSampleApp(app);
    apps.push(app);
  }
  for (const valid of VALID_APPS) {
    const app = testApp();
    valid.build(app);
    apps.push(app);
  }
  const extra = testApp();
  representative(extra);
  apps.push(extra);
  for (const example of exampleFiles) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJson.context);
    process.env.CDK_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      apps.push(require(path.join(examplesDir, example)).app);
    } finally {
      delete process.env.CDK_CONTEXT_JSON;
      delete process.env.CDK_OUTDIR;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  return apps.flatMap(acknowledgments);
}

interface Row { readonly line: string; readonly findings: RegExp[]; readonly owners: string[] }

/** `...` and `<name>` stand for any text. */
function pattern(text: string): RegExp {
  return new RegExp(`^${text.split(/(\.\.\.|<[^>]+>)/).map(part => part === '...' || /^<.+>$/.test(part) ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('')}$`);
}
const ownedBy = (owners: string[], owner: string) => owners.some(o => pattern(o).test(owner));

/**
 * The rows of README's table. A finding is a backticked id (`[...]` alone continues the row's rule);
 * `...` and `<name>` stand for any text. "Where" names the constructs that carry it in backticks.
 */
function readmeRows(): Row[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('**The library\'s own acknowledgments of cdk-nag findings**');
  const lines = readme.slice(start).split('\n').slice(1);
  const table = lines.slice(lines.findIndex(l => l.startsWith('|')) + 2);
  return table.slice(0, table.findIndex(l => !l.startsWith('|'))).map(line => {
    const [finding, where] = line.split(' | ').map(c => c.replace(/^\| /, ''));
    let rule = '';
    const findings = [...finding.matchAll(/`([^`]+)`/g)].map(m => m[1]).map(id => {
      if (id.startsWith('AwsSolutions-')) rule = id.replace(/\[.*$/, '');
      const full = id.startsWith('[') ? rule + id : id;
      return pattern(full);
    });
    const owners = [...where.matchAll(/\(([^)]*)\)/g)].flatMap(m => [...m[1].matchAll(/`([^`]+)`/g)].map(o => o[1]));
    return { line, findings, owners };
  });
}

describe('README\'s table of cdk-nag acknowledgments', () => {
  const rows = readmeRows();
  const found = allAcknowledgments();

  test('has rows, and the apps acknowledge something', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(found.length).toBeGreaterThanOrEqual(50);
  });

  test('lists every acknowledgment the code makes: its finding, on the construct "Where" names', () => {
    const missing = found.filter(a => !rows.some(r => r.findings.some(f => f.test(a.id)) && ownedBy(r.owners, a.owner)));
    expect([...new Set(missing.map(a => `${a.id} on \`${a.owner}\` (${a.path}): ${a.reason}`))].sort()).toEqual([]);
  });

  test('lists nothing the code does not acknowledge', () => {
    const made = (r: Row, f: RegExp, owner?: string) =>
      found.some(a => f.test(a.id) && (owner ? pattern(owner).test(a.owner) : ownedBy(r.owners, a.owner)));
    const stale = rows.flatMap(r => [
      ...r.findings.filter(f => !made(r, f)).map(f => `${f.source}: ${r.line.slice(0, 80)}`),
      ...r.owners.filter(owner => !r.findings.some(f => made(r, f, owner))).map(owner => `\`${owner}\`: ${r.line.slice(0, 80)}`),
    ]);
    expect(stale).toEqual([]);
  });
});
