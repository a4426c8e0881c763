import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ImageRegistry, PlatformCluster, ReplicationDestination, Upstream, WorkerService } from '../../lib';
import { formatReport } from '../../lib/report/format';
import { ASSUMPTIONS } from '../../lib/report/prices';
import { buildReport } from '../../lib/report/report';
import { costLines, reportOf } from './assembly-fixture';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('cdk-ecs-platform report on an organization registry', () => {
  test('prices cached and replicated storage, as stated assumptions', () => {
    const lines = costLines(reportOf({
      Hub: { Type: 'AWS::ECR::PullThroughCacheRule', Properties: { EcrRepositoryPrefix: 'docker-hub', UpstreamRegistryUrl: 'registry-1.docker.io' } },
      Quay: { Type: 'AWS::ECR::PullThroughCacheRule', Properties: { EcrRepositoryPrefix: 'quay', UpstreamRegistryUrl: 'quay.io' } },
      Replication: {
        Type: 'AWS::ECR::ReplicationConfiguration', Properties: {
          ReplicationConfiguration: {
            Rules: [
              { Destinations: [{ Region: 'eu-west-1', RegistryId: '111111111111' }, { Region: 'eu-west-1', RegistryId: '222222222222' }] },
              { Destinations: [{ Region: 'eu-west-1', RegistryId: '222222222222' }] },
            ],
          },
        },
      },
    }));
    expect(lines).toEqual({
      'ECR pull through cache docker-hub/: 1 GB cached (assumed)': 0.1,
      'ECR pull through cache quay/: 1 GB cached (assumed)': 0.1,
      // A destination named by two rules holds one copy.
      'ECR replication Replication: 1 GB stored in each of 2 destination(s) (assumed; billed there)': 0.2,
    });
    expect(ASSUMPTIONS.join('\n')).toMatch(/ECR: 1 GB cached per pull through cache rule, and 1 GB stored per replication destination \(billed to the destination's account and region\), at 0.1 per GB-month/);
  });

  test('lists a cached image by digest with the registry\'s account, and the cache and replication among the costs', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cache-'));
    try {
      const app = new App({ outdir });
      const registry = new ImageRegistry(new Stack(app, 'Tooling', { env: { account: '111111111111', region: 'us-east-1' } }), 'Registry', {
        upstreams: [Upstream.quay()], pullAccounts: ['222222222222'], replication: [{ destinations: [ReplicationDestination.region('eu-west-1')] }],
      });
      const stack = new Stack(app, 'Production', { env: { account: '222222222222', region: 'us-east-1' } });
      new WorkerService(stack, 'Exporter', { cluster: new PlatformCluster(stack, 'Cluster'), image: registry.cachedImage('quay', 'prometheus/node-exporter', DIGEST) });
      app.synth();
      const report = buildReport(outdir);
      expect(report.stacks.find(s => s.id === 'Production')!.images).toEqual([{
        service: expect.stringMatching(/^ExporterService/), container: 'app', image: `111111111111.dkr.ecr.us-east-1.amazonaws.com/quay/prometheus/node-exporter@${DIGEST}`,
        pinnedBy: 'digest', parameter: undefined, output: undefined,
      }]);
      const text = formatReport(report);
      expect(text).toContain('ECR pull through cache quay/: 1 GB cached (assumed)');
      expect(text).toContain('ECR replication RegistryReplication');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
