import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { buildSampleApp } from '../../bin/sample-app';
import { testApp } from '../util';
import { cfnFindings } from './gates';

describe('AWS CloudFormation validator', () => {
  test('reports no ERROR or WARN on the sample app', () => {
    const stacks = buildSampleApp(testApp({ gitHubRepository: 'acme/shop' }));
    expect(cfnFindings(Object.values(stacks))).toEqual([]);
  });
});

test('the gate fires: a log retention CloudWatch does not offer is a finding', () => {
  const app = testApp();
  const stack = new Stack(app, 'Negative');
  new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 4 });
  expect(cfnFindings([stack])).toEqual([expect.stringMatching(/^Negative WARN W3030 Logs: 4 is not one of/)]);
});
