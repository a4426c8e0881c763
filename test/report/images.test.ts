import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ImageRelease, ImageRepository, PlatformCluster, WorkerService } from '../../lib';
import { formatReport } from '../../lib/report/format';
import { buildReport } from '../../lib/report/report';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('cdk-ecs-platform report: what each service runs', () => {
  test('shows which digest each environment runs: a digest in the template, or the release parameter and the output with its deployed value', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-digest-'));
    try {
      const app = new App({ outdir });
      const registryStack = new Stack(app, 'Tooling', { env: { account: '111111111111', region: 'us-east-1' } });
      const repository = new ImageRepository(registryStack, 'Repository', { repositoryName: 'shop/web', pullAccounts: ['222222222222'] });
      const exporter = new ImageRepository(registryStack, 'Exporter', { repositoryName: 'tools/node-exporter', pullAccounts: ['222222222222'] });
      for (const name of ['Staging', 'Production']) {
        const stack = new Stack(app, name, { env: { account: '222222222222', region: 'us-east-1' } });
        const cluster = new PlatformCluster(stack, 'Cluster');
        const release = new ImageRelease(stack, 'ImageDigest', { repository, byDigest: true });
        new WorkerService(stack, 'Worker', { cluster, image: release.image });
        new WorkerService(stack, 'Exporter', { cluster, image: exporter.imageByDigest(DIGEST) });
      }
      app.synth();
      const report = buildReport(outdir);
      const production = report.stacks.find(s => s.id === 'Production')!;
      expect(production.images).toEqual([
        { service: expect.stringMatching(/^WorkerService/), container: 'app', image: expect.stringMatching(/\/shop\/web@<ImageDigest>$/),
          pinnedBy: 'digest parameter', parameter: 'ImageDigest', output: 'ImageDigestRunning' },
        { service: expect.stringMatching(/^ExporterService/), container: 'app', image: `111111111111.dkr.ecr.us-east-1.amazonaws.com/tools/node-exporter@${DIGEST}`,
          pinnedBy: 'digest', parameter: undefined, output: undefined },
      ]);
      const text = formatReport(report);
      expect(text).toMatch(/ {4}WorkerService[0-9A-F]{8} app {2}.*\/shop\/web@<ImageDigest> {2}\(digest parameter ImageDigest: the deployed value is output ImageDigestRunning\)/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a tag: literal or from a release\'s parameter', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-tag-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
      const repository = new ImageRepository(stack, 'Repository');
      const cluster = new PlatformCluster(stack, 'Cluster');
      new WorkerService(stack, 'Fixed', { cluster, image: repository.imageByTag('v1.2.3') });
      new WorkerService(stack, 'Released', { cluster, image: new ImageRelease(stack, 'ImageTag', { repository }).image });
      app.synth();
      expect(buildReport(outdir).stacks[0].images.map(i => [i.pinnedBy, i.parameter, i.image.split('/').pop()])).toEqual([
        ['tag', undefined, expect.stringMatching(/:v1\.2\.3$/)],
        ['tag parameter', 'ImageTag', expect.stringMatching(/:<ImageTag>$/)],
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
