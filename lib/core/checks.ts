import { Annotations, Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/** CloudWatch Logs' retention periods: a computed number of days must be one of them. Read on first use, not at import. */
let retentionDays: number[] | undefined;
function allowedRetentionDays(): number[] {
  retentionDays ??= Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  return retentionDays;
}

/**
 * A log retention from `logs.RetentionDays`. A number computed at synth (`days as logs.RetentionDays`)
 * type-checks but CloudWatch Logs accepts only its fixed set (AWS::Logs::LogGroup RetentionInDays).
 */
export function checkRetention(scope: IConstruct, prop: string, retention: logs.RetentionDays | undefined): void {
  if (retention === undefined || Token.isUnresolved(retention)) return;
  if (!allowedRetentionDays().includes(retention)) {
    fail(scope, prop, retention, 'is not a retention CloudWatch Logs offers',
      `one of logs.RetentionDays: ${allowedRetentionDays().filter(d => d !== logs.RetentionDays.INFINITE).join(', ')} days, or INFINITE`);
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

/** The id of the warning for a port below 1024 served by a non-root user. */
export const PRIVILEGED_PORT_WARNING = 'cdk-ecs-platform:privilegedPort';

/**
 * A container port below 1024 with a non-root `user`: Linux lets only root (or a binary with the
 * NET_BIND_SERVICE file capability) bind it, so the app usually fails to start. Legitimate with such a
 * binary, so a warning that can be acknowledged, not an error.
 */
export function checkPrivilegedPort(scope: IConstruct, port: number | undefined, user: string | undefined): void {
  if (port === undefined || user === undefined || Token.isUnresolved(port) || Token.isUnresolved(user)) return;
  const name = user.split(':')[0];
  if (port >= 1024 || name === '0' || name === 'root') return;
  Annotations.of(scope).addWarningV2(PRIVILEGED_PORT_WARNING,
    `port ${port} is below 1024 and the container runs as user "${user}", which Linux lets bind it only with the NET_BIND_SERVICE ` +
    'capability on the binary: the app usually fails to start. Listen on 1024 or above (the load balancer keeps 80 and 443 for clients), ' +
    'or acknowledge this warning if the image grants the capability.');
}

/** Secrets from Secrets Manager or SSM Parameter Store must be in the stack's region. */
export function checkSecretRegions(scope: IConstruct, prop: string, secrets: { [name: string]: ecs.Secret } | undefined): void {
  for (const [name, secret] of Object.entries(secrets ?? {})) {
    checkSameRegion(scope, `${prop}.${name}`, secret.arn, 'a secret or parameter');
  }
}
