import { Annotations as CdkAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { buildSampleApp } from '../bin/sample-app';
import { ImageRepository, Network, PlatformCluster, WebService, WorkerService } from '../lib';
import { testApp, testStack } from './util';

/** Mistakes from outside tests (issue #14) that synthesized before, each refused with the library's message. */
describe('mistakes refused at synth', () => {
  test('an ECS cluster name ECS refuses', () => {
    expect(() => new PlatformCluster(testStack(), 'Cluster', { clusterName: 'shop cluster!' }))
      .toThrow(/^Stack\/Cluster: clusterName "shop cluster!" is not an ECS cluster name\. Allowed: 1 to 255 letters, digits, hyphens \(-\) and underscores \(_\)\./);
    expect(() => new PlatformCluster(testStack(), 'Cluster', { clusterName: 'x'.repeat(256) })).toThrow(/is not an ECS cluster name/);
    expect(() => new PlatformCluster(testStack(), 'Cluster', { clusterName: 'shop_prod-1' })).not.toThrow();
  });

  test('a log retention computed to a number CloudWatch Logs does not offer', () => {
    const days = 42 as logs.RetentionDays;
    expect(() => new PlatformCluster(testStack(), 'Cluster', { logRetention: days }))
      .toThrow(/^Stack\/Cluster: logRetention 42 is not a retention CloudWatch Logs offers\. Allowed: one of logs\.RetentionDays: 1, 3, 5, 7, 14, 30, 60, 90, .* days, or INFINITE\./);
    expect(() => new PlatformCluster(testStack(), 'Cluster', { logRetention: 400 as logs.RetentionDays })).not.toThrow();
  });

  test('a repository key from another region', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new ImageRepository(stack, 'Repo', { encryptionKey: key }))
      .toThrow(/^Stack\/Repo: encryptionKey "arn:aws:kms:eu-west-1:.*" is in eu-west-1, and the stack deploys to us-east-1\. Allowed: a KMS key in us-east-1/);
    const local = kms.Key.fromKeyArn(stack, 'Local', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new ImageRepository(stack, 'Ok', { encryptionKey: local })).not.toThrow();
  });

  test('workload subnets that are public', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new PlatformCluster(stack, 'ByType', { network: Network.fromVpc(vpc, { workloadSubnets: { subnetType: ec2.SubnetType.PUBLIC } }) }))
      .toThrow(/^Stack\/ByType: network workloadSubnets \{"subnetType":"Public"\} selects public subnets, where tasks without a public IP have no route out/);
    expect(() => new PlatformCluster(stack, 'ByList', { network: Network.fromVpc(vpc, { workloadSubnets: { subnets: [vpc.publicSubnets[0]] } }) }))
      .toThrow(/^Stack\/ByList: network workloadSubnets \[.*\] names public subnets of the VPC/);
    expect(() => new PlatformCluster(stack, 'Private', { network: Network.fromVpc(vpc, { workloadSubnets: { subnets: vpc.privateSubnets } }) })).not.toThrow();
  });

  test('a misspelled region in the sample app\'s context', () => {
    expect(() => buildSampleApp(testApp({ region: 'us-est-1' })))
      .toThrow(/^SampleApp: context region "us-est-1" is not an AWS Region aws-cdk-lib knows\. Allowed: one of .*us-east-1/);
    expect(() => buildSampleApp(testApp({ region: 'eu-west-1' }))).not.toThrow();
  });
});

describe('a stack without a region', () => {
  test('skips the region check of keys, which it cannot make', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new ImageRepository(stack, 'Repo', { encryptionKey: key })).not.toThrow();
  });
});

describe('workloads', () => {
  const setup = () => {
    const stack = testStack();
    return { stack, cluster: new PlatformCluster(stack, 'Cluster'), image: new ImageRepository(stack, 'Repo').imageByTag('v1') };
  };

  test('refuse a secret from another region', () => {
    const { stack, cluster, image } = setup();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf');
    expect(() => new WorkerService(stack, 'Worker', { cluster, image, secrets: { DB: ecs.Secret.fromSecretsManager(secret) } }))
      .toThrow(/^Stack\/Worker: secrets\.DB "arn:aws:secretsmanager:eu-west-1:.*" is in eu-west-1, and the stack deploys to us-east-1\. Allowed: a secret or parameter in us-east-1/);
  });

  test('refuse a log retention CloudWatch Logs does not offer', () => {
    const { stack, cluster, image } = setup();
    expect(() => new WorkerService(stack, 'Worker', { cluster, image, logRetention: 42 as logs.RetentionDays }))
      .toThrow(/^Stack\/Worker: logRetention 42 is not a retention CloudWatch Logs offers/);
  });

  test('warn, acknowledgeably, about a port below 1024 for a non-root user, and not for root', () => {
    const { stack, cluster, image } = setup();
    new WebService(stack, 'Low', { cluster, image, containerPort: 80, user: '1000:1000' });
    new WebService(stack, 'Root', { cluster, image, containerPort: 80, user: '0' });
    const acknowledged = new WebService(stack, 'Capable', { cluster, image, containerPort: 443, user: 'nginx' });
    CdkAnnotations.of(acknowledged).acknowledgeWarning('cdk-ecs-platform:privilegedPort', 'the nginx binary has cap_net_bind_service');
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is below 1024'));
    expect(warnings.map(w => w.id)).toEqual(['/Stack/Low']);
    expect(JSON.stringify(warnings[0].entry.data)).toMatch(/port 80 is below 1024 and the container runs as user \\"1000:1000\\"/);
  });

  test('refuse a health check interval in fractions of a second, in the library\'s words', () => {
    const { stack, cluster, image } = setup();
    expect(() => new WebService(stack, 'Web', { cluster, image, healthCheckInterval: Duration.millis(10500) }))
      .toThrow(/^Stack\/Web: healthCheckInterval "10500 ms" is not a whole number of seconds\. Allowed: a duration of whole seconds\./);
    expect(() => new WebService(stack, 'Drain', { cluster, image, deregistrationDelay: Duration.millis(500) }))
      .toThrow(/^Stack\/Drain: deregistrationDelay "500 ms" is not a whole number of seconds/);
  });
});
