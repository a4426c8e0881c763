import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** The sample image, built by CDK at deploy (the integ account needs Docker); staged, not built, offline. */
export function sampleImage(): ecs.ContainerImage {
  return ecs.ContainerImage.fromAsset(path.join(__dirname, '..', 'examples', 'sample-image'));
}

/** An access-log bucket that `cdk destroy` empties and deletes: integ tests leave nothing behind. */
export function destroyableLogBucket(stack: Stack): s3.Bucket {
  return new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
}

/**
 * What a real deploy of a service must show: its rollout COMPLETED and as many tasks running as
 * desired. describeServices answers with more than the 4 KB a custom resource may return, so each
 * assertion reads one path (and a second call, made distinct by `include`, reads the other).
 */
export function assertServiceSteady(integ: IntegTest, clusterName: string, serviceName: string, desiredCount: number, totalTimeout: Duration): void {
  const wait = { totalTimeout, interval: Duration.seconds(30) };
  integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: clusterName, services: [serviceName] })
    .assertAtPath('services.0.deployments.0.rolloutState', ExpectedResult.exact('COMPLETED'))
    .waitForAssertions(wait);
  integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: clusterName, services: [serviceName], include: ['TAGS'] })
    .assertAtPath('services.0.runningCount', ExpectedResult.exact(desiredCount))
    .waitForAssertions(wait);
}

/** The load balancer answers 200. */
export function assertAnswers200(integ: IntegTest, url: string): void {
  integ.assertions.httpApiCall(url)
    .expect(ExpectedResult.objectLike({ status: 200 }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
}
