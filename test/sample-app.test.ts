import { Template } from 'aws-cdk-lib/assertions';
import { buildSampleApp } from '../bin/sample-app';
import { Snapshot } from '../lib';
import { testApp } from './util';

// One snapshot per sample stack, normalized so it changes only when the infrastructure does.
// Read every changed line before updating: a changed logical ID replaces a resource.
describe('sample app', () => {
  // Snapshots show the app deploying a tag, as it runs once an image has been pushed.
  const stacks = buildSampleApp(testApp({ imageTag: 'v1.0.0' }));

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

describe('sample app before the first push', () => {
  test('runs no task and no scaling, so the first deploy completes', () => {
    const { services } = buildSampleApp(testApp());
    const template = Template.fromStack(services);
    const counts = Object.values(template.findResources('AWS::ECS::Service')).map((s: any) => s.Properties.DesiredCount);
    expect(counts).toEqual([0, 0]);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});
