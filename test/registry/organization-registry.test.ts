import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Snapshot } from '../../lib';
import { buildReport } from '../../lib/report/report';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json');

/**
 * examples/organization-registry.ts, beyond what test/examples.test.ts checks of every example (cdk-nag,
 * AWS's validator, deploy-readiness): a snapshot of its registry stacks, and what issue #21 asks of it.
 */
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-registry-'));
let app: App;
beforeAll(() => {
  process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJson.context);
  process.env.CDK_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    app = require('../../examples/organization-registry').app;
  } finally {
    delete process.env.CDK_CONTEXT_JSON;
    delete process.env.CDK_OUTDIR;
  }
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const stack = (id: string) => app.node.findChild(id) as Stack;

describe('examples/organization-registry.ts', () => {
  test('tooling stack', () => {
    expect(Snapshot.fromStack(stack('OrgTooling'))).toMatchSnapshot();
  });

  test('production registry in eu-west-1', () => {
    expect(Snapshot.fromStack(stack('OrgProductionEu'))).toMatchSnapshot();
  });

  test('the workload accounts pull by reference: no export or import crosses accounts, and every pull names the tooling account', () => {
    for (const id of ['OrgStaging', 'OrgProduction']) {
      const template = JSON.stringify(Template.fromStack(stack(id)).toJSON());
      expect(template).not.toContain('Fn::ImportValue');
      expect(template).toContain('arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/nginxinc/nginx-unprivileged');
      expect(template).toContain('arn:aws:ecr:us-east-1:111111111111:repository/shop/web');
    }
    expect(Object.keys(Template.fromStack(stack('OrgTooling')).toJSON().Outputs ?? {}).filter(o => o.startsWith('ExportsOutput'))).toEqual([]);
  });

  test('the report shows that staging and production run a digest, and where to read it', () => {
    const report = buildReport(outdir);
    for (const id of ['OrgStaging', 'OrgProduction']) {
      const orders = report.stacks.find(s => s.id === id)!.images.find(i => i.service.startsWith('Orders'))!;
      expect([orders.pinnedBy, orders.parameter, orders.output]).toEqual(['digest parameter', 'ImageDigest', 'ImageDigestRunning']);
    }
    const tooling = report.stacks.find(s => s.id === 'OrgTooling')!;
    expect(tooling.cost.map(l => l.item)).toEqual(expect.arrayContaining([
      'ECR pull through cache docker-hub/: 1 GB cached (assumed)', expect.stringMatching(/^ECR replication Registry.*: 1 GB stored in each of 1 destination/),
    ]));
  });
});
