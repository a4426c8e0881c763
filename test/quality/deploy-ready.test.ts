import * as fs from 'fs';
import * as path from 'path';
import { buildSampleApp } from '../../bin/sample-app';
import { testApp } from '../util';
import { CfnTemplate, deployReadyProblems } from './deploy-ready';

/**
 * The deploy-readiness checks (./deploy-ready.ts) on the sample app and on every integ test's committed
 * template; examples.test.ts runs them on every example. Each check is shown firing on a template that
 * has its problem.
 */
const testDir = path.join(__dirname, '..');

describe('deploy readiness', () => {
  test('the sample app\'s templates have none of the problems', () => {
    const app = testApp();
    buildSampleApp(app);
    const assembly = app.synth();
    const problems = assembly.stacks.flatMap(stack => deployReadyProblems(stack.stackName, stack.template));
    expect(problems).toEqual([]);
  });

  const integTemplates = fs.readdirSync(testDir).filter(d => d.endsWith('.snapshot'))
    .flatMap(d => fs.readdirSync(path.join(testDir, d)).filter(f => f.endsWith('.template.json')).map(f => path.join(d, f)));

  test('there are integ templates to read', () => {
    expect(integTemplates.length).toBeGreaterThanOrEqual(7);
  });

  test.each(integTemplates)('integ template %s has none of the problems', (file) => {
    const template = JSON.parse(fs.readFileSync(path.join(testDir, file), 'utf8'));
    expect(deployReadyProblems(file, template)).toEqual([]);
  });
});

describe('each deploy-readiness check fires', () => {
  const role = { Type: 'AWS::IAM::Role', Properties: {} };
  const policy = { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: {} } };

  test('a service that uses a role without waiting for its policy', () => {
    const service = { Type: 'AWS::ECS::Service', Properties: { LoadBalancers: [{ AdvancedConfiguration: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } } }] } };
    expect(deployReadyProblems('T', { Resources: { Role: role, Policy: policy, Service: service } }))
      .toEqual(['T: Service (AWS::ECS::Service) uses role Role but does not depend on its policy Policy']);
    expect(deployReadyProblems('T', { Resources: { Role: role, Policy: policy, Service: { ...service, DependsOn: ['Policy'] } } })).toEqual([]);
  });

  test('a custom resource whose handler drives a build, without waiting for the build role\'s policy', () => {
    const resources = {
      Role: role, Policy: policy,
      Build: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: { 'Fn::GetAtt': ['Role', 'Arn'] } }, DependsOn: ['Policy'] },
      Image: { Type: 'Custom::SourceImage', Properties: { ServiceToken: 'arn', ProjectName: { Ref: 'Build' } } },
    };
    // Through the project: the build depends on the policy, so the image does too.
    expect(deployReadyProblems('T', { Resources: resources })).toEqual([]);
    const buildWithoutDependency = { Type: resources.Build.Type, Properties: resources.Build.Properties };
    expect(deployReadyProblems('T', { Resources: { ...resources, Build: buildWithoutDependency } })).toEqual([
      'T: Build (AWS::CodeBuild::Project) uses role Role but does not depend on its policy Policy',
      'T: Image (Custom::SourceImage) uses role Role but does not depend on its policy Policy',
    ]);
  });

  test('an SSM-typed parameter on an instance', () => {
    const template: CfnTemplate = {
      Parameters: { Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/ami' } },
      Resources: { Nat: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Ami' } } } },
    };
    expect(deployReadyProblems('T', template)).toEqual([
      'T: Nat (AWS::EC2::Instance) takes SSM-typed parameter Ami, resolved again at every update: a new value replaces the instance',
    ]);
  });

  test('a local path', () => {
    const project = { Type: 'AWS::CodeBuild::Project', Properties: { Description: `builds ${path.join(__dirname, 'app')}` } };
    expect(deployReadyProblems('T', { Resources: { Build: project } })).toEqual([expect.stringMatching(/^T: Resources\.Build\.Properties\.Description holds a local path/)]);
    const elsewhere = { Type: 'AWS::CodeBuild::Project', Properties: { Description: 'builds /home/alice/app' } };
    expect(deployReadyProblems('T', { Resources: { Build: elsewhere } })).toHaveLength(1);
  });

  test('a string longer than its API takes, literal or in an Fn::Join', () => {
    const group = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x'.repeat(256), SecurityGroupIngress: [{ Description: 'y'.repeat(300) }] } };
    const fn = { Type: 'AWS::Lambda::Function', Properties: { Description: { 'Fn::Join': ['', ['z'.repeat(250), { Ref: 'AWS::Region' }, 'z'.repeat(10)]] } } };
    expect(deployReadyProblems('T', { Resources: { Group: group, Fn: fn } })).toEqual([
      'T: Group.GroupDescription is 256 characters; AWS::EC2::SecurityGroup allows 255',
      'T: Group.SecurityGroupIngress[].Description is 300 characters; AWS::EC2::SecurityGroup allows 255',
      'T: Fn.Description is 260 characters; AWS::Lambda::Function allows 256',
    ]);
  });
});
