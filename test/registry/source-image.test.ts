import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
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

  test('the project names no local path (CodeBuild allows 255 characters; the template must not differ per machine)', () => {
    const { stack, repository } = setup();
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
    const description: string = resource(stack, 'AWS::CodeBuild::Project', 'ImageBuild').Properties.Description;
    expect(description).toBe('Stack/Image: builds the directory sample-image and pushes it to Stack/Repository');
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain(path.resolve(__dirname, '..', '..'));
  });

  test('a deep construct path still fits CodeBuild\'s 255 characters', () => {
    const { stack, repository } = setup();
    let scope: Construct = stack;
    for (let i = 0; i < 12; i++) scope = new Construct(scope, `AVeryLongConstructIdForALayeredApp${i}`);
    new SourceImage(scope, 'Image', { repository, directory: SAMPLE });
    const [project] = Object.values(Template.fromStack(stack).findResources('AWS::CodeBuild::Project')) as Array<{ Properties: { Description: string } }>;
    expect(project.Properties.Description.length).toBeLessThanOrEqual(255);
  });

  test('the image is built after the build role\'s permissions exist, within CloudFormation\'s hour with room to queue', () => {
    const { stack, repository } = setup();
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE, timeout: Duration.minutes(40) });
    expect(resource(stack, 'Custom::SourceImage', 'Image').DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ImageBuildRoleDefaultPolicy/)]));
    const project = resource(stack, 'AWS::CodeBuild::Project', 'ImageBuild').Properties;
    expect([project.TimeoutInMinutes, project.QueuedTimeoutInMinutes]).toEqual([40, 15]);
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
    ['a build timeout over an hour', { directory: SAMPLE, timeout: Duration.minutes(90) }, /Stack\/Image: timeout "1 hour 30 minutes" is out of range\. Allowed: whole minutes from 5 to 50/],
    ['a build timeout that leaves no room to queue within CloudFormation\'s hour', { directory: SAMPLE, timeout: Duration.minutes(60) },
      'Stack/Image: timeout "1 hour" is out of range. Allowed: whole minutes from 5 to 50 (CloudFormation waits at most an hour for the image, and the build may wait in CodeBuild\'s queue first).'],
  ])('rejects %s', (_title, props, message) => {
    const { stack, repository } = setup();
    expect(() => new SourceImage(stack, 'Image', { repository, ...props })).toThrow(message);
  });
});
