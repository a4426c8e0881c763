import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ImageRepository, PlatformCluster, SourceImage, WorkerService } from '../../lib';
import { IS_COMPLETE, ON_EVENT } from '../../lib/registry/private/source-build-handler';
import { cfnFindings, nagFindings } from '../quality/gates';
import { testStack } from '../util';
import { mainContainer, resource } from '../workloads/fixtures';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'sample-image');

function setup(stack = testStack()) {
  const cluster = new PlatformCluster(stack, 'Cluster');
  const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'shop/web' });
  return { stack, cluster, repository };
}

/** Runs an inline handler with a fake CodeBuild client that records the commands it is sent. */
async function runHandler(code: string, event: Record<string, unknown>, answer: Record<string, unknown> = {}) {
  const sent: Array<{ command: string; input: any }> = [];
  const fakeSdk = {
    CodeBuildClient: class {
      async send(command: { name: string; input: unknown }) {
        sent.push({ command: command.name, input: command.input });
        return answer;
      }
    },
    StartBuildCommand: class { name = 'StartBuild'; constructor(public input: unknown) {} },
    BatchGetBuildsCommand: class { name = 'BatchGetBuilds'; constructor(public input: unknown) {} },
  };
  const module = { exports: {} as { handler: (e: unknown) => Promise<unknown> } };
  new Function('require', 'exports', 'module', code)(() => fakeSdk, module.exports, module);
  const result = await module.exports.handler(event);
  return { result, sent };
}

describe('SourceImage', () => {
  test('stages the directory at synth and builds it into the user\'s repository under the content tag, before the workload', () => {
    const { stack, cluster, repository } = setup();
    const source = new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
    new WorkerService(stack, 'Worker', { cluster, image: source.image });
    expect(source.tag).toMatch(/^src-[0-9a-f]{12}$/);
    const project = resource(stack, 'AWS::CodeBuild::Project', 'SourceImageBuildsProject').Properties;
    expect(project.Environment.PrivilegedMode).toBe(true);
    const build = resource(stack, 'Custom::SourceImage', 'ImagePush').Properties;
    expect(build.Variables).toEqual(expect.objectContaining({ TAG: source.tag, PLATFORM: 'linux/amd64' }));
    expect(JSON.stringify(build.SourceLocation)).toContain(`${source.source.assetHash}.zip`);
    expect(build.BuildImage).toBe('aws/codebuild/standard:7.0');
    expect(JSON.stringify(mainContainer(stack, 'WorkerTaskDefinition').Image)).toContain(`:${source.tag}`);
    expect(resource(stack, 'AWS::ECS::TaskDefinition', 'WorkerTaskDefinition').DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ImagePush[0-9A-F]{8}$/)]));
    Template.fromStack(stack).resourceCountIs('Custom::SourceImage', 1);
  });

  test('an arm64 image is built on CodeBuild\'s arm64 image, with no emulation', () => {
    const { stack, repository } = setup();
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE, architecture: ecs.CpuArchitecture.ARM64 });
    const build = resource(stack, 'Custom::SourceImage', 'ImagePush').Properties;
    expect([build.BuildImage, build.EnvironmentType, build.Variables.PLATFORM]).toEqual(['aws/codebuild/amazonlinux-aarch64-standard:3.0', 'ARM_CONTAINER', 'linux/arm64']);
  });

  test('the project names no local path (CodeBuild allows 255 characters; the template must not differ per machine)', () => {
    const { stack, repository } = setup();
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
    const description: string = resource(stack, 'AWS::CodeBuild::Project', 'SourceImageBuildsProject').Properties.Description;
    expect(description).toBe('Stack: builds each SourceImage of the stack (its source, repository, tag and architecture come with each build)');
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain(path.resolve(__dirname, '..', '..'));
  });

  test('a deep construct path still fits CodeBuild\'s 255 characters and Lambda\'s 256', () => {
    const app = new App();
    let scope: Construct = app;
    for (let i = 0; i < 12; i++) scope = new Construct(scope, `AVeryLongConstructIdForALayeredApp${i}`);
    const stack = new Stack(scope, 'Stack', { env: { region: 'us-east-1' } });
    new SourceImage(stack, 'Image', { repository: new ImageRepository(stack, 'Repository'), directory: SAMPLE });
    const template = Template.fromStack(stack);
    for (const [type, max] of [['AWS::CodeBuild::Project', 255], ['AWS::Lambda::Function', 256]] as const) {
      for (const r of Object.values(template.findResources(type)) as Array<{ Properties: { Description?: string } }>) {
        expect((r.Properties.Description ?? '').length).toBeLessThanOrEqual(max);
      }
    }
  });

  test('the image is built after the build role\'s permissions exist, within CloudFormation\'s hour with room to queue', () => {
    const { stack, repository } = setup();
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE, timeout: Duration.minutes(40) });
    const build = resource(stack, 'Custom::SourceImage', 'ImagePush');
    expect(build.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SourceImageBuildsProjectRoleDefaultPolicy/)]));
    expect([build.Properties.TimeoutMinutes, build.Properties.QueuedTimeoutMinutes]).toEqual([40, 15]);
  });

  test('takes the user\'s tag', () => {
    const { stack, repository } = setup();
    expect(new SourceImage(stack, 'Image', { repository, directory: SAMPLE, tag: 'v1.2.3' }).tag).toBe('v1.2.3');
  });

  test('has no cdk-nag finding and no CloudFormation validator ERROR or WARN', () => {
    const { stack, cluster, repository } = setup();
    new WorkerService(stack, 'Worker', { cluster, image: new SourceImage(stack, 'Image', { repository, directory: SAMPLE }).image });
    new SourceImage(stack, 'ArmImage', { repository, directory: SAMPLE, tag: 'v1-arm', architecture: ecs.CpuArchitecture.ARM64 });
    expect(nagFindings(stack.node.root as App)).toEqual([]);
    expect(cfnFindings([stack])).toEqual([]);
  });

  test.each([
    ['a directory without a Dockerfile', { directory: __dirname }, /Stack\/Image: directory ".*" has no Dockerfile\. Allowed: a directory that holds a Dockerfile/],
    ['a directory that does not exist', { directory: path.join(SAMPLE, 'missing') },
      /^Stack\/Image: directory ".*missing" does not exist \(read from .*\)\. Allowed: a directory that holds a Dockerfile \(the build context\); a relative path is read from where cdk synth runs\.$/],
    ['a file instead of a directory', { directory: path.join(SAMPLE, 'Dockerfile') }, /^Stack\/Image: directory ".*Dockerfile" is a file, not a directory\. Allowed: /],
    ['a tag Docker refuses', { directory: SAMPLE, tag: '.v1' }, /Stack\/Image: tag ".v1" is not a Docker image tag/],
    ['a build timeout over an hour', { directory: SAMPLE, timeout: Duration.minutes(90) }, /Stack\/Image: timeout "1 hour 30 minutes" is out of range\. Allowed: whole minutes from 5 to 50/],
    ['a build timeout that leaves no room to queue within CloudFormation\'s hour', { directory: SAMPLE, timeout: Duration.minutes(60) },
      'Stack/Image: timeout "1 hour" is out of range. Allowed: whole minutes from 5 to 50 (CloudFormation waits at most an hour for the image, and the build may wait in CodeBuild\'s queue first).'],
    ['build logs kept forever', { directory: SAMPLE, logRetention: logs.RetentionDays.INFINITE },
      'Stack/Image: logRetention "INFINITE" keeps build logs forever. Allowed: a finite logs.RetentionDays (default ONE_YEAR).'],
    ['a retention CloudWatch Logs does not offer', { directory: SAMPLE, logRetention: 45 as logs.RetentionDays }, /Stack\/Image: logRetention 45 is not a retention CloudWatch Logs offers/],
  ])('rejects %s', (_title, props, message) => {
    const { stack, repository } = setup();
    expect(() => new SourceImage(stack, 'Image', { repository, ...props })).toThrow(message);
  });
});

describe('SourceImage builds of a stack share one provider', () => {
  const resourceCount = (images: number, context: Record<string, unknown>) => {
    const app = new App({ context });
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'shop/web' });
    for (let i = 0; i < images; i++) new SourceImage(stack, `Image${i}`, { repository, directory: SAMPLE, tag: `v${i}` });
    return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const flags = require('../../cdk.json').context;

  test.each([['with cdk.json\'s feature flags', flags], ['without feature flags', {}]])('each image after the first adds at most 6 resources (%s)', (_title, context) => {
    const [none, one, two, four] = [0, 1, 2, 4].map(n => resourceCount(n, context));
    expect(one - none).toBeLessThanOrEqual(24);
    expect(two - one).toBeLessThanOrEqual(6);
    expect((four - two) / 2).toBeLessThanOrEqual(6);
    // One custom resource per image is what each further image costs today.
    expect(four - one).toBe(3);
  });

  test.each([['with cdk.json\'s feature flags', flags], ['without feature flags', {}]])(
    'every Lambda function and the CodeBuild project log to a group with a finite retention (%s)', (_title, context) => {
      const app = new App({ context });
      const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
      const repository = new ImageRepository(stack, 'Repository');
      new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
      new SourceImage(stack, 'Other', { repository, directory: SAMPLE, tag: 'v2', logRetention: logs.RetentionDays.ONE_YEAR });
      const template = Template.fromStack(stack);
      const groups = template.findResources('AWS::Logs::LogGroup');
      const retained = (ref: unknown) => {
        const id = (ref as { Ref?: string }).Ref;
        return id !== undefined && groups[id]?.Properties?.RetentionInDays === 365 && groups[id]?.DeletionPolicy === 'Retain';
      };
      const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{ Properties: { LoggingConfig?: { LogGroup?: unknown } } }>;
      expect(functions.length).toBe(5);
      for (const fn of functions) expect(retained(fn.Properties.LoggingConfig?.LogGroup)).toBe(true);
      const [project] = Object.values(template.findResources('AWS::CodeBuild::Project')) as Array<{ Properties: any }>;
      expect(retained({ Ref: project.Properties.LogsConfig.CloudWatchLogs.GroupName.Ref })).toBe(true);
      const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as Array<{ Properties: any }>;
      expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
      // Nothing logs to a group that never expires (the Lambda default, /aws/lambda/<name>).
      expect(Object.values(groups).every((g: any) => g.Properties?.RetentionInDays !== undefined)).toBe(true);
    });

  test('the retention is the app\'s choice; two images that disagree are refused', () => {
    const stack = testStack();
    const repository = new ImageRepository(stack, 'Repository');
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE, logRetention: logs.RetentionDays.THREE_MONTHS });
    new SourceImage(stack, 'Same', { repository, directory: SAMPLE, tag: 'v2' });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expect(() => new SourceImage(stack, 'Other', { repository, directory: SAMPLE, tag: 'v3', logRetention: logs.RetentionDays.ONE_YEAR }))
      .toThrow('Stack/Other: logRetention 365 differs from Stack/Image\'s 90 days: every SourceImage of a stack shares one build log group. ' +
        'Allowed: 90 (or leave it out), or give the same retention on every SourceImage of the stack.');
  });

  test('a later image may not change the default retention the first image set', () => {
    const stack = testStack();
    const repository = new ImageRepository(stack, 'Repository');
    new SourceImage(stack, 'Image', { repository, directory: SAMPLE });
    expect(() => new SourceImage(stack, 'Other', { repository, directory: SAMPLE, tag: 'v3', logRetention: logs.RetentionDays.ONE_MONTH }))
      .toThrow(/Stack\/Other: logRetention 30 differs from the 365 days the stack's builds already keep logs \(Stack\/Image gave none/);
  });

  test('images of two stacks each have their stack\'s provider', () => {
    const one = testStack('One');
    const two = new Stack(one.node.root as App, 'Two', { env: { region: 'us-east-1' } });
    const repository = new ImageRepository(one, 'Repository', { repositoryName: 'shop/web' });
    new SourceImage(one, 'Image', { repository, directory: SAMPLE });
    new SourceImage(two, 'Image', { repository, directory: SAMPLE });
    Template.fromStack(one).resourceCountIs('AWS::CodeBuild::Project', 1);
    Template.fromStack(two).resourceCountIs('AWS::CodeBuild::Project', 1);
  });
});

describe('SourceImage custom resource handlers', () => {
  const properties = {
    ProjectName: 'Builds', SourceLocation: 'bucket/abc.zip', BuildImage: 'aws/codebuild/standard:7.0', EnvironmentType: 'LINUX_CONTAINER',
    TimeoutMinutes: '30', QueuedTimeoutMinutes: '25',
    Variables: { REPOSITORY_URI: '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web', REPOSITORY: 'shop/web', TAG: 'v1', PLATFORM: 'linux/amd64' },
  };

  test.each(['Create', 'Update'])('%s starts one build of the shared project with this image\'s source, repository and tag', async (requestType) => {
    const { result, sent } = await runHandler(ON_EVENT, { RequestType: requestType, ResourceProperties: properties, PhysicalResourceId: 'old' }, { build: { id: 'b-1' } });
    expect(sent).toEqual([{
      command: 'StartBuild',
      input: {
        projectName: 'Builds', sourceTypeOverride: 'S3', sourceLocationOverride: 'bucket/abc.zip', environmentTypeOverride: 'LINUX_CONTAINER',
        imageOverride: 'aws/codebuild/standard:7.0', privilegedModeOverride: true, timeoutInMinutesOverride: 30, queuedTimeoutInMinutesOverride: 25,
        environmentVariablesOverride: [
          { name: 'REPOSITORY_URI', value: properties.Variables.REPOSITORY_URI, type: 'PLAINTEXT' },
          { name: 'REPOSITORY', value: 'shop/web', type: 'PLAINTEXT' },
          { name: 'TAG', value: 'v1', type: 'PLAINTEXT' },
          { name: 'PLATFORM', value: 'linux/amd64', type: 'PLAINTEXT' },
        ],
      },
    }]);
    expect(result).toEqual({ PhysicalResourceId: `${properties.Variables.REPOSITORY_URI}:v1`, Data: { BuildId: 'b-1' } });
  });

  test('Delete (a removed image, or the resource an upgrade replaces) calls nothing: the image stays in the repository', async () => {
    const onEvent = await runHandler(ON_EVENT, { RequestType: 'Delete', ResourceProperties: properties, PhysicalResourceId: 'v1' });
    expect(onEvent).toEqual({ result: { PhysicalResourceId: 'v1' }, sent: [] });
    const isComplete = await runHandler(IS_COMPLETE, { RequestType: 'Delete', ResourceProperties: properties });
    expect(isComplete).toEqual({ result: { IsComplete: true }, sent: [] });
  });

  test('a build that failed fails the deploy, with the build named', async () => {
    await expect(runHandler(IS_COMPLETE, { RequestType: 'Create', Data: { BuildId: 'b-1' } }, { builds: [{ buildStatus: 'FAILED' }] }))
      .rejects.toThrow('Image build b-1 ended FAILED: see its log in CodeBuild');
  });

  test('the build pushes nothing when the tag exists: an update, or the resource an upgrade creates, never pushes an image again', () => {
    const stack = testStack();
    new SourceImage(stack, 'Image', { repository: new ImageRepository(stack, 'Repository'), directory: SAMPLE });
    const spec = JSON.parse(resource(stack, 'AWS::CodeBuild::Project', 'SourceImageBuildsProject').Properties.Source.BuildSpec);
    const [command] = spec.phases.build.commands as string[];
    expect(command.indexOf('describe-images')).toBeLessThan(command.indexOf('docker push'));
    expect(command).toMatch(/^if aws ecr describe-images --repository-name "\$REPOSITORY" --image-ids imageTag="\$TAG" > \/dev\/null 2>&1; then echo "\$TAG exists"; exit 0; fi;/);
  });
});
