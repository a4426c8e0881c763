import { App, Stack, StackProps } from 'aws-cdk-lib';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../cdk.json');

/**
 * An App with the context of cdk.json (feature flags included), so that what tests see is what
 * `cdk synth` produces. Stack traces are off to keep synthesis fast.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJson.context, ...context }, stackTraces: false });
}

/** A stack in a fixed region of an app with cdk.json's context. */
export function testStack(id = 'Stack', props: StackProps = {}): Stack {
  return new Stack(testApp(), id, { env: { region: 'us-east-1' }, ...props });
}
