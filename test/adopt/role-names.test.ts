import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ImageRepository } from '../../lib';
import { testApp } from '../util';

const env = { account: '123456789012', region: 'us-east-1' };

describe('role names of existing roles', () => {
  test('refuses a push role named as a role the same stack imports by name', () => {
    const app = testApp();
    const stack = new Stack(app, 'Adopt', { env });
    iam.Role.fromRoleName(stack, 'Deployer', 'github-push');
    new ImageRepository(stack, 'Repo').addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push' });
    expect(() => app.synth()).toThrow(/Adopt\/Repo\/Push: addGitHubPushRole\(Push\) roleName "github-push" is the name of the existing IAM role that this stack imports \(Adopt\/Deployer\)/);
  });

  test('refuses it for a role imported by ARN after the push role, too', () => {
    const app = testApp();
    const stack = new Stack(app, 'Adopt', { env });
    new ImageRepository(stack, 'Repo').addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push' });
    iam.Role.fromRoleArn(stack, 'Deployer', 'arn:aws:iam::123456789012:role/github-push');
    expect(() => app.synth()).toThrow(/roleName "github-push" is the name of the existing IAM role that this stack imports \(Adopt\/Deployer\)/);
  });

  test('accepts another name, and the same name imported in another stack (the usual reference)', () => {
    const app = testApp();
    const stack = new Stack(app, 'Adopt', { env });
    iam.Role.fromRoleName(stack, 'Deployer', 'deployer');
    new ImageRepository(stack, 'Repo').addGitHubPushRole('Push', { gitHubRepository: 'acme/shop', roleName: 'github-push' });
    const other = new Stack(app, 'Other', { env });
    iam.Role.fromRoleName(other, 'Push', 'github-push');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'github-push' });
  });
});
