import { Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../bin/sample-app';
import { Snapshot } from '../lib';
import { testApp } from './util';

// One snapshot per sample stack, normalized so it changes only when the infrastructure does.
// Read every changed line before updating: a changed logical ID replaces a resource.
describe('sample app', () => {
  // The released tag is a stack parameter, so one template serves every release.
  const stacks = buildSampleApp(testApp());

  test('registry stack', () => {
    expect(Snapshot.fromStack(stacks.registry)).toMatchSnapshot();
  });

  test('platform stack', () => {
    expect(Snapshot.fromStack(stacks.platform)).toMatchSnapshot();
  });

  test('services stack', () => {
    expect(Snapshot.fromStack(stacks.services)).toMatchSnapshot();
  });
});

describe('sample app releases', () => {
  test('before the first release it runs no task, so the first deploy completes; a release sets the counts', () => {
    const { services } = buildSampleApp(testApp());
    const template = Template.fromStack(services);
    const unreleased = (whenUnreleased: unknown, whenReleased: unknown) => ({ 'Fn::If': ['ImageTagUnreleased', whenUnreleased, whenReleased] });
    const counts = Object.values(template.findResources('AWS::ECS::Service')).map((s: any) => s.Properties.DesiredCount);
    // The web service scales, so once released it sends no count (deploys leave it to scaling).
    expect(counts).toEqual([unreleased(0, { Ref: 'AWS::NoValue' }), unreleased(0, 1)]);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: unreleased(0, 1), MaxCapacity: unreleased(0, 4) });
    expect(template.toJSON().Parameters.ImageTag.Default).toBe('');
  });

  test('reads no image tag from context: a deploy without flags keeps what runs', () => {
    const withFlag = Template.fromStack(buildSampleApp(testApp({ imageTag: 'v9.9.9' })).services).toJSON();
    const without = Template.fromStack(buildSampleApp(testApp()).services).toJSON();
    expect(withFlag).toEqual(without);
  });
});
