import { Template } from 'aws-cdk-lib/assertions';
import { ImageRelease, PushToDeploy, WorkerService } from '../../lib';
import { fixture, mainContainer, resource } from '../workloads/fixtures';

const DIGEST = 'sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b';

describe('ImageRelease by digest (promotion: production runs the bytes staging runs)', () => {
  test('the parameter holds a digest, the task definition names repository@digest, and the output shows the digest that runs', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageDigest', { repository: f.repository, byDigest: true });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: release.image });
    const template = Template.fromStack(f.stack).toJSON();
    expect(template.Parameters.ImageDigest).toEqual(expect.objectContaining({ Type: 'String', Default: '', AllowedPattern: '^$|^sha256:[0-9a-f]{64}$' }));
    expect(template.Outputs.ImageDigestRunning).toEqual(expect.objectContaining({
      Value: { 'Fn::If': ['ImageDigestUnreleased', 'none', { Ref: 'ImageDigest' }] },
      Description: 'The image digest Stack/ImageDigest runs (parameter ImageDigest)',
    }));
    const image = JSON.stringify(mainContainer(f.stack, 'WorkerTaskDefinition').Image);
    expect(image).toMatch(/^\{"Fn::If":\["ImageDigestUnreleased",.*:pending-first-push.*"\/",\{"Ref":"Repository[0-9A-F]{8}"\},"@",\{"Ref":"ImageDigest"\}\]\]\}\]\}$/);
    expect(resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties.DesiredCount).toEqual({ 'Fn::If': ['ImageDigestUnreleased', 0, 1] });
    expect(release.byDigest).toBe(true);
  });

  test('starts with initialDigest', () => {
    const f = fixture();
    new ImageRelease(f.stack, 'ImageDigest', { repository: f.repository, byDigest: true, initialDigest: DIGEST });
    expect(Template.fromStack(f.stack).toJSON().Parameters.ImageDigest.Default).toBe(DIGEST);
  });

  test.each([
    ['a tag as the initial value of a digest release', { byDigest: true, initialTag: 'v1' },
      'Stack/Release: initialTag "v1" is a tag, and this release holds a digest (byDigest: true). Allowed: initialDigest: "sha256:<64 hex digits>".'],
    ['a digest as the initial value of a tag release', { initialDigest: DIGEST },
      /Stack\/Release: initialDigest "sha256:6c3c.*" is only for a release by digest\. Allowed: byDigest: true with it/],
    ['a truncated initial digest', { byDigest: true, initialDigest: 'sha256:6c3c624b' },
      'Stack/Release: initialDigest "sha256:6c3c624b" is not an image digest. Allowed: "sha256:" followed by 64 lowercase hexadecimal digits; or "" for nothing released.'],
  ])('rejects %s', (_title, props, message) => {
    const f = fixture();
    expect(() => new ImageRelease(f.stack, 'Release', { repository: f.repository, ...props })).toThrow(message);
  });

  test('push to deploy refuses a release by digest (a push names a tag)', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageDigest', { repository: f.repository, byDigest: true });
    expect(() => new PushToDeploy(f.stack, 'Deploy', { releases: [release], tagPattern: 'v*', topic: f.cluster.notificationTopic })).toThrow(
      'Stack/Deploy: releases[0] "Stack/ImageDigest" releases by digest, and a push releases the pushed tag. ' +
      'Allowed: releases by tag (a release by digest is given its digest with cdk deploy --parameters, for promotion).');
  });

  test('a tag release is unchanged by the option: repository:tag', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: release.image });
    expect(JSON.stringify(mainContainer(f.stack, 'WorkerTaskDefinition').Image)).toContain(':",{"Fn::If":["ImageTagUnreleased","pending-first-push",{"Ref":"ImageTag"}]}');
    expect(release.byDigest).toBe(false);
  });
});
