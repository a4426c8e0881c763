import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { testApp } from '../util';
import { cfnFindings, nagFindings } from './gates';
import { VALID_APPS } from './valid-apps';

// Valid apps are accepted: each synthesizes, with no error and nothing for cdk-nag or AWS's validator.
describe('valid apps are accepted', () => {
  test.each(VALID_APPS.map(a => [a.name, a] as const))('%s', (_name, valid) => {
    const app = testApp();
    valid.build(app);
    expect(() => app.synth()).not.toThrow();
    const stacks = app.node.children.filter(Stack.isStack);
    expect(stacks.flatMap(s => Annotations.fromStack(s).findError('*', Match.anyValue()))).toEqual([]);
    expect(nagFindings(app)).toEqual([]);
    expect(cfnFindings(stacks)).toEqual([]);
  });
});
