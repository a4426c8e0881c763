import { Stack } from 'aws-cdk-lib';
import { testApp } from '../util';
import { ADOPT_BAD_INPUTS } from './adopt-bad-inputs';
import { BAD_INPUTS as EARLIER } from './bad-inputs';
import { MANAGED_BAD_INPUTS } from './managed-bad-inputs';
import { MORE_BAD_INPUTS } from './more-bad-inputs';

const BAD_INPUTS = [...EARLIER, ...MORE_BAD_INPUTS, ...ADOPT_BAD_INPUTS, ...MANAGED_BAD_INPUTS];

// Every mistake of the table fails at synth (in the constructor, or when the app is synthesized)
// with the library's message: the construct path, the prop, the value received and what is allowed.
describe('bad input is refused at synth', () => {
  test('the table has at least 50 mistakes across registry, cluster and capacity, and workloads', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(BAD_INPUTS.map(c => c.area))).toEqual(new Set(['registry', 'cluster', 'capacity', 'workloads']));
    expect(new Set(BAD_INPUTS.map(c => c.mistake)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map(c => [`${c.area}: ${c.mistake}`, c] as const))('%s', (_title, c) => {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    let error: Error | undefined;
    try {
      c.library(stack);
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(error!.message).toMatch(c.message);
    // The one format of the library: "<path>: <prop> <value> <problem>. Allowed: <what is allowed>."
    expect(error!.message).toMatch(/(^|\] )[A-Za-z0-9]+(\/[A-Za-z0-9]+)*: .+\. Allowed: .+/);
  });

  // The remedy a message offers works: the app with it applied synthesizes.
  // Every case carries the fix its message suggests, or says why the message offers none.
  const withFix = BAD_INPUTS.filter(c => c.fixed);
  test('every mistake comes with its fix, or with the reason its message has none', () => {
    expect(BAD_INPUTS.filter(c => !c.fixed === !c.noRemedy?.trim()).map(c => c.mistake)).toEqual([]);
  });
  test.each(withFix.map(c => [`${c.area}: ${c.mistake}`, c] as const))('fixed as the message says: %s', (_title, c) => {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    c.fixed!(stack);
    expect(() => app.synth()).not.toThrow();
  });
});
