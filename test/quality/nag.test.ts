import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildSampleApp } from '../../bin/sample-app';
import { ImageRepository } from '../../lib';
import { testApp } from '../util';
import { nagFindings } from './gates';

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['with an image tag and the GitHub push role', { imageTag: 'v1.0.0', gitHubRepository: 'acme/shop' }],
    ['before the first push', {}],
  ])('finds nothing in the sample app %s', (_title, context) => {
    const app = testApp(context);
    buildSampleApp(app);
    expect(nagFindings(app)).toEqual([]);
  });

  test('the gate fires: a push role without the library\'s acknowledgment is an IAM5 finding', () => {
    const app = testApp();
    const stack = new Stack(app, 'Negative');
    const repo = new ImageRepository(stack, 'Repository');
    const role = new iam.Role(stack, 'Unacknowledged', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    repo.grantPush(role);
    expect(nagFindings(app)).toEqual(['AwsSolutions-IAM5[Resource::*] @ Negative/Unacknowledged/DefaultPolicy/Resource']);
  });
});
