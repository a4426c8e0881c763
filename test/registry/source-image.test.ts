import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ImageRepository, PlatformCluster, SourceImage, WorkerService } from '../../lib';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testStack } from '../util';
import { mainContainer, resource } from '../workloads/fixtures';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'sample-image');

function setup() {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'shop/web' });
  return { stack, cluster, repository };
}

describe('SourceImage', () => {
  test('stages the directory at synth and builds it into the user\'s repository under the content tag, before the workload', () => {
    const { stack, cluster, repository } = setup();
    const source = new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
    new WorkerService(stack, 'Worker', { cluster, image: source.image });
    expect(source.tag).toMatch(/^src-[0-9a-f]{12}$/);
    const project = resource(stack, 'AWS::CodeBuild::Project', 'ImageBuild').Properties;
    expect(project.Source.Type).toBe('S3');
    expect(project.Environment.PrivilegedMode).toBe(true);
    expect(project.Environment.EnvironmentVariables).toEqual(expect.arrayContaining([{ Name: 'TAG', Type: 'PLAINTEXT', Value: source.tag }]));
    expect(JSON.stringify(mainContainer(stack, 'WorkerTaskDefinition').Image)).toContain(`:${source.tag}`);
    expect(resource(stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Image[0-9A-F]{8}$/)]));
    Template.fromStack(stack).resourceCountIs('Custom::SourceImage', 1);
  });

  test('takes the user\'s tag', () => {
    const { stack, repository } = setup();
    expect(new SourceImage(stack, 'Image', { repository, directory: SAMPLE, tag: 'v1.2.3' }).tag).toBe('v1.2.3');
  });

  test('has no cdk-nag finding and no CloudFormation validator ERROR or WARN', () => {
    const { stack, cluster, repository } = setup();
    new WorkerService(stack, 'Worker', { cluster, image: new SourceImage(stack, 'Image', { repository, directory: SAMPLE }).image });
    expect(nagFindings(stack.node.root as App)).toEqual([]);
    expect(cfnFindings([stack])).toEqual([]);
  });

  test.each([
    ['a directory without a Dockerfile', { directory: __dirname }, /Stack\/Image: directory ".*" has no Dockerfile\. Allowed: a directory that holds a Dockerfile/],
    ['a tag Docker refuses', { directory: SAMPLE, tag: '.v1' }, /Stack\/Image: tag ".v1" is not a Docker image tag/],
    ['a build timeout over an hour', { directory: SAMPLE, timeout: Duration.minutes(90) }, /Stack\/Image: timeout "1 hour 30 minutes" is out of range\. Allowed: whole minutes from 5 to 60/],
  ])('rejects %s', (_title, props, message) => {
    const { stack, repository } = setup();
    expect(() => new SourceImage(stack, 'Image', { repository, ...props })).toThrow(message);
  });
});
