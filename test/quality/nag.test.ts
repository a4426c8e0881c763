import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { buildSampleApp } from '../../bin/sample-app';
import { ImageRepository, Network, Placement, PlatformCluster, PoolImage, ScheduledTask, WorkerService } from '../../lib';
import { testApp } from '../util';
import { nagFindings } from './gates';

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['with the GitHub push role', { gitHubRepository: 'acme/shop' }],
    ['without it', {}],
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

test('the gate fires: a VPC without flow logs is a VPC7 finding', () => {
  const app = testApp();
  const stack = new Stack(app, 'NoFlowLogs', { env: { region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });
  expect(nagFindings(app)).toContain('AwsSolutions-VPC7 @ NoFlowLogs/Vpc/Resource');
});

test('finds nothing in a Bottlerocket pool, an endpoint-only network, ECS Exec and a scheduled task, which the sample app does not have', () => {
  const app = testApp();
  const stack = new Stack(app, 'Extras', { env: { region: 'us-east-1' } });
  const cluster = new PlatformCluster(stack, 'Cluster', { network: Network.vpcEndpoints(), executeCommand: true });
  const pool = cluster.addCapacityPool('Rocket', { instanceTypes: [new ec2.InstanceType('c7g.large')], image: PoolImage.bottlerocket() });
  const repository = new ImageRepository(stack, 'Repository');
  new WorkerService(stack, 'Worker', { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), enableExecuteCommand: true });
  new ScheduledTask(stack, 'Nightly', {
    cluster, image: repository.imageByTag('v1'), placement: Placement.fargateSpot(), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
    enableExecuteCommand: true,
  });
  expect(nagFindings(app)).toEqual([]);
});
