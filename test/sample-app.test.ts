import { buildSampleApp } from '../bin/sample-app';
import { Snapshot } from '../lib';
import { testApp } from './util';

// One snapshot per sample stack, normalized so it changes only when the infrastructure does.
// Read every changed line before updating: a changed logical ID replaces a resource.
describe('sample app', () => {
  const stacks = buildSampleApp(testApp());

  test('registry stack', () => {
    expect(Snapshot.fromStack(stacks.registry)).toMatchSnapshot();
  });

  test('platform stack', () => {
    expect(Snapshot.fromStack(stacks.platform)).toMatchSnapshot();
  });
});
