import { Template } from 'aws-cdk-lib/assertions';
import { ImageRepository, Network, PlatformCluster, Snapshot, WorkerService } from '../lib';
import { testStack } from './util';

const DIGEST = 'sha256:' + 'ab12'.repeat(16);

function stack() {
  const s = testStack();
  // The low-cost network restricts the default security group with a Lambda asset, whose key is a hash.
  const cluster = new PlatformCluster(s, 'Cluster', { network: Network.lowCost() });
  const repository = new ImageRepository(s, 'Repo');
  new WorkerService(s, 'Worker', { cluster, image: repository.imageByDigest(DIGEST) });
  return s;
}

describe('Snapshot', () => {
  test('masks asset hashes, so a rebuilt asset does not change the snapshot', () => {
    const s = stack();
    const raw = JSON.stringify(Template.fromStack(s).toJSON());
    expect(raw).toMatch(/"S3Key":"[0-9a-f]{64}\.zip"/);
    const snapshot = JSON.stringify(Snapshot.fromStack(s));
    expect(snapshot).toContain(`"S3Key":"${Snapshot.ASSET_HASH}.zip"`);
    expect(snapshot).not.toMatch(/"S3Key":"[0-9a-f]{64}/);
  });

  test('keeps image digests: a new digest is a new task definition revision, and the snapshot must show it', () => {
    const snapshot = JSON.stringify(Snapshot.fromStack(stack()));
    expect(snapshot).toContain(`@${DIGEST}`);
  });

  test('drops the bootstrap check and CDK metadata, and construct paths unless asked to keep them', () => {
    const s = stack();
    const snapshot = Snapshot.fromStack(s);
    expect(snapshot.Parameters?.BootstrapVersion).toBeUndefined();
    expect(snapshot.Rules).toBeUndefined();
    const template = { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'Stack/Bucket/Resource', 'aws:asset:path': 'asset.x' } } } };
    expect(Snapshot.normalize(template)).toEqual({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });
    expect(Snapshot.normalize(template, { keepPaths: true })).toEqual({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'Stack/Bucket/Resource' } } } });
  });
});
