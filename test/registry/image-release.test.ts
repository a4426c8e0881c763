import { Annotations as CoreAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ImageReference, ImageRelease, ScheduledTask, WebService, WorkerService } from '../../lib';
import { fixture, mainContainer, resource } from '../workloads/fixtures';

const unreleasedIf = (whenUnreleased: unknown, whenReleased: unknown) => ({ 'Fn::If': ['ImageTagUnreleased', whenUnreleased, whenReleased] });

describe('ImageRelease', () => {
  test('is a stack parameter, empty until the first release, with a readable name and an output of what runs', () => {
    const f = fixture();
    new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    const template = Template.fromStack(f.stack).toJSON();
    expect(template.Parameters.ImageTag).toEqual(expect.objectContaining({ Type: 'String', Default: '', AllowedPattern: '^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' }));
    expect(template.Conditions.ImageTagUnreleased).toEqual({ 'Fn::Equals': [{ Ref: 'ImageTag' }, ''] });
    expect(template.Outputs.ImageTagRunning.Value).toEqual(unreleasedIf('none', { Ref: 'ImageTag' }));
  });

  test('starts a stack with initialTag, so a stack moving from imageByTag keeps the tag it runs', () => {
    const f = fixture();
    new ImageRelease(f.stack, 'Release', { repository: f.repository, parameterName: 'WebTag', initialTag: 'v1.0.0' });
    expect(Template.fromStack(f.stack).toJSON().Parameters.WebTag.Default).toBe('v1.0.0');
  });

  test('workloads run zero tasks while nothing is released, and their fixed count once released', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: release.image, desiredCount: 3 });
    expect(resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties.DesiredCount).toEqual(unreleasedIf(0, 3));
    // The task definition stays valid before the first release: it names the pending tag, which no task runs.
    expect(JSON.stringify(mainContainer(f.stack, 'WorkerTaskDefinition').Image)).toContain(JSON.stringify(unreleasedIf('pending-first-push', { Ref: 'ImageTag' })));
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.stringLikeRegexp('pending'));
  });

  test('with scaling: 0 to 0 while nothing is released; once released no count is sent, so deploys leave it to scaling', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    new WebService(f.stack, 'Web', { cluster: f.cluster, image: release.image, scaling: { minTasks: 2, maxTasks: 6 } });
    expect(resource(f.stack, 'AWS::ECS::Service', 'WebService').Properties.DesiredCount).toEqual(unreleasedIf(0, { Ref: 'AWS::NoValue' }));
    const target = resource(f.stack, 'AWS::ApplicationAutoScaling::ScalableTarget', 'WebService').Properties;
    expect(target.MinCapacity).toEqual(unreleasedIf(0, 2));
    expect(target.MaxCapacity).toEqual(unreleasedIf(0, 6));
  });

  test('a schedule is disabled while nothing is released and enabled once released', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    new ScheduledTask(f.stack, 'Nightly', { cluster: f.cluster, image: release.image, schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    expect(resource(f.stack, 'AWS::Scheduler::Schedule', 'NightlySchedule').Properties.State).toEqual(unreleasedIf('DISABLED', 'ENABLED'));
  });

  test('rejects a parameter name CloudFormation would refuse', () => {
    const f = fixture();
    expect(() => new ImageRelease(f.stack, 'Release', { repository: f.repository, parameterName: 'image-tag' })).toThrow(
      'Stack/Release: parameterName "image-tag" is not a CloudFormation parameter name. Allowed: 1 to 255 letters and digits.');
  });

  test('rejects an initial tag that is not a Docker tag', () => {
    const f = fixture();
    expect(() => new ImageRelease(f.stack, 'Release', { repository: f.repository, initialTag: '-v1' })).toThrow(
      /Stack\/Release: initialTag "-v1" is not a Docker image tag\. Allowed: letters, digits/);
  });

  test('rejects a release used by a workload of another stack (an export that could never change again)', () => {
    const f = fixture();
    const release = new ImageRelease(f.stack, 'ImageTag', { repository: f.repository });
    const other = new Stack(f.stack.node.scope as never, 'Other', { env: { region: 'us-east-1' } });
    expect(() => new WorkerService(other, 'Worker', { cluster: f.cluster, image: release.image })).toThrow(
      /Other\/Worker\/TaskDefinition\/app: image "release of Stack" comes from an ImageRelease of stack Stack, but the container is in stack Other.*Allowed: an ImageRelease in the stack of the workloads/);
  });

  test('imagePendingPush warns loudly, naming the fix, and the warning can be acknowledged', () => {
    const f = fixture();
    new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imagePendingPush() });
    Annotations.fromStack(f.stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp(
      'this deploy sets the service to 0 tasks, also when it is running.*Use an ImageRelease.*a deploy that names no version keeps what runs'));
    const acknowledged = fixture();
    const worker = new WorkerService(acknowledged.stack, 'Worker', { cluster: acknowledged.cluster, image: acknowledged.repository.imagePendingPush() });
    CoreAnnotations.of(worker).acknowledgeWarning(ImageReference.PENDING_IMAGE_WARNING, 'a new environment: nothing runs yet');
    Annotations.fromStack(acknowledged.stack).hasNoWarning('*', Match.stringLikeRegexp('pending its first push'));
  });
});
