import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/** CloudWatch Logs' retention periods: a computed number of days must be one of them. */
const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);

/**
 * A log retention from `logs.RetentionDays`. A number computed at synth (`days as logs.RetentionDays`)
 * type-checks but CloudWatch Logs accepts only its fixed set (AWS::Logs::LogGroup RetentionInDays).
 */
export function checkRetention(scope: IConstruct, prop: string, retention: logs.RetentionDays | undefined): void {
  if (retention === undefined || Token.isUnresolved(retention)) return;
  if (!RETENTION_DAYS.includes(retention)) {
    fail(scope, prop, retention, 'is not a retention CloudWatch Logs offers',
      `one of logs.RetentionDays: ${RETENTION_DAYS.filter(d => d !== logs.RetentionDays.INFINITE).join(', ')} days, or INFINITE`);
  }
}

/**
 * A resource that must be in the stack's region (a KMS key for an ECR repository, a secret a task reads,
 * a certificate a load balancer serves): refuses an ARN that names another region. Skipped when the
 * ARN or the stack's region is a token.
 */
export function checkSameRegion(scope: IConstruct, prop: string, arn: string | undefined, what: string): void {
  if (arn === undefined || Token.isUnresolved(arn)) return;
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return;
  let arnRegion: string | undefined;
  try {
    arnRegion = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region;
  } catch {
    fail(scope, prop, arn, 'is not an ARN', `the ARN of ${what}`);
  }
  if (arnRegion && arnRegion !== region) {
    fail(scope, prop, arn, `is in ${arnRegion}, and the stack deploys to ${region}`, `${what} in ${region} (it cannot be used from another region)`);
  }
}

/** ECS cluster names: up to 255 letters, digits, hyphens and underscores (CreateCluster). */
export function checkClusterName(scope: IConstruct, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    fail(scope, 'clusterName', name, 'is not an ECS cluster name', '1 to 255 letters, digits, hyphens (-) and underscores (_)');
  }
}
