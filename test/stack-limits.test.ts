import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ImageRepository, PlatformCluster, WorkerService } from '../lib';
import { testApp } from './util';

function stackWithWorkers(workers: number, environment?: Record<string, string>): Stack {
  const app = testApp();
  const platform = new Stack(app, 'Platform', { env: { region: 'us-east-1' } });
  const cluster = new PlatformCluster(platform, 'Cluster');
  const repository = new ImageRepository(platform, 'Repository');
  const services = new Stack(app, 'Services', { env: { region: 'us-east-1' } });
  for (let i = 0; i < workers; i++) new WorkerService(services, `Worker${i}`, { cluster, image: repository.imageByTag('v1'), environment });
  return services;
}

describe('stack limits', () => {
  test('a stack over 450 resources fails at synth, before CloudFormation\'s 500, and says what to do', () => {
    const stack = stackWithWorkers(57); // 8 resources each (the eighth: the rollback alarm)
    expect(() => Template.fromStack(stack))
      .toThrow(/Services: resource count 456 is close to CloudFormation's limit of 500 per stack\. Allowed: at most 450 \(room for the next change\); put some workloads in another stack/);
  });

  test('a template over 900 KB fails at synth, before CloudFormation\'s 1 MB', () => {
    const stack = stackWithWorkers(45, { CONFIG: 'x'.repeat(22_000) }); // 360 resources
    expect(() => Template.fromStack(stack))
      .toThrow(/Services: template size \d+ bytes is close to CloudFormation's limit of 1000000\. Allowed: at most 900000 bytes; put some workloads in another stack.*or move large values/);
  });

  test('a template over 900 KB fails at synth with few resources too, when large environment values make it big', () => {
    const stack = stackWithWorkers(25, { CONFIG: 'x'.repeat(45_000) }); // 200 resources, about 1.2 MB
    expect(() => Template.fromStack(stack)).toThrow(/Services: template size 1\d{6} bytes is close to CloudFormation's limit/);
  });

  test('large environment values under the limit pass: the template is measured and found small enough', () => {
    const stack = stackWithWorkers(10, { CONFIG: 'x'.repeat(40_000) }); // 400 KB of values, measured
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Service', 10);
  });

  test('a template over 900 KB fails at synth whatever makes it big, an escape hatch included', () => {
    const stack = stackWithWorkers(2);
    const task = stack.node.findAll().find(c => c instanceof ecs.CfnTaskDefinition) as ecs.CfnTaskDefinition;
    task.addPropertyOverride('ContainerDefinitions.0.Environment', [{ Name: 'CONFIG', Value: 'x'.repeat(950_000) }]);
    expect(() => Template.fromStack(stack)).toThrow(/Services: template size \d+ bytes is close to CloudFormation's limit of 1000000/);
  });

  test('the size in the message is the size of the template file synthesis wrote, which the CDK CLI deploys', () => {
    const stack = stackWithWorkers(25, { CONFIG: 'x'.repeat(45_000) });
    const app = stack.node.root as App;
    const message = (() => {
      try {
        app.synth();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    const bytes = Number(/template size (\d+) bytes/.exec(message)?.[1]);
    expect(bytes).toBe(fs.statSync(path.join(app.outdir, stack.templateFile)).size);
  });

  test('each stack\'s template is rendered once per synthesis, big stacks included (the guard measures the written file)', () => {
    const stack = stackWithWorkers(45); // 360 resources
    const renders = jest.spyOn(stack as unknown as { _toCloudFormation(): unknown }, '_toCloudFormation');
    Template.fromStack(stack);
    expect(renders).toHaveBeenCalledTimes(1);
  });

  test('a stack over 400 resources gets a warning', () => {
    const stack = stackWithWorkers(51);
    Annotations.fromStack(stack).hasWarning('/Services', Match.stringLikeRegexp('the stack has 408 resources; CloudFormation refuses more than 500'));
  });

  test('a stack well under the limits passes without a warning', () => {
    const stack = stackWithWorkers(10);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Service', 10);
    Annotations.fromStack(stack).hasNoWarning('/Services', Match.stringLikeRegexp('resources'));
  });
});
