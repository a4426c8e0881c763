import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { fail } from '../../core/errors';

/** Environment variable names ECS reserves for credentials (Security Hub ECS.8, Control Tower CT.ECS.PR.12). */
const RESERVED_ENVIRONMENT = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'ECS_ENGINE_AUTH_DATA'];

/** The checks of one container's options (main or sidecar); `prefix` names the sidecar in messages. */
export function validateContainer(scope: IConstruct, prefix: string, options: {
  environment?: { [name: string]: string };
  secrets?: { [name: string]: ecs.Secret };
  healthCheck?: ecs.HealthCheck;
  stopTimeout?: Duration;
}): void {
  const environment = Object.keys(options.environment ?? {});
  for (const name of environment) {
    if (RESERVED_ENVIRONMENT.includes(name)) {
      fail(scope, `${prefix}environment`, name, 'is a credential variable ECS reserves (Security Hub ECS.8)',
        'other names; pass credentials through secrets and use the task role for AWS access');
    }
    if (name.length === 0 || name.includes('=')) fail(scope, `${prefix}environment`, name, 'is not a variable name', 'a non-empty name without "="');
  }
  for (const name of Object.keys(options.secrets ?? {})) {
    if (environment.includes(name)) {
      fail(scope, `${prefix}secrets`, name, 'is also an environment variable', 'each name either in environment or in secrets');
    }
  }
  const hc = options.healthCheck;
  if (hc) {
    if (hc.command.length === 0) fail(scope, `${prefix}healthCheck.command`, [], 'is empty', 'a command such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]');
    checkSeconds(scope, `${prefix}healthCheck.interval`, hc.interval, 5, 300);
    checkSeconds(scope, `${prefix}healthCheck.timeout`, hc.timeout, 2, 60);
    checkSeconds(scope, `${prefix}healthCheck.startPeriod`, hc.startPeriod, 0, 300);
    if (hc.retries !== undefined && (!Number.isInteger(hc.retries) || hc.retries < 1 || hc.retries > 10)) {
      fail(scope, `${prefix}healthCheck.retries`, hc.retries, 'is out of range', 'a whole number from 1 to 10');
    }
  }
}

/** Checks that apply to the main container only: `limit`, the longest stop timeout the capacity allows (Fargate's 120 s). */
export function validateStopTimeout(scope: IConstruct, stopTimeout: Duration | undefined, limit: { seconds: number; on: string } | undefined): void {
  if (!stopTimeout || stopTimeout.isUnresolved()) return;
  const seconds = stopTimeout.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1 || (limit && seconds > limit.seconds)) {
    fail(scope, 'stopTimeout', stopTimeout.toHumanString(), limit ? `is more than ${limit.on} allows` : 'is not a whole number of seconds',
      limit ? `1 to ${limit.seconds} seconds on ${limit.on}` : 'whole seconds, 1 or more');
  }
}

function checkSeconds(scope: IConstruct, prop: string, value: Duration | undefined, min: number, max: number): void {
  if (!value || value.isUnresolved()) return;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    fail(scope, prop, value.toHumanString(), 'is out of range', `${min} to ${max} seconds`);
  }
}

export function validateWritablePaths(scope: IConstruct, paths: string[]): void {
  paths.forEach((p, i) => {
    const segments = p.split('/').slice(1);
    if (!/^(\/[A-Za-z0-9._-]+)+$/.test(p) || segments.some(s => s === '.' || s === '..') || paths.indexOf(p) !== i) {
      fail(scope, `writablePaths[${i}]`, p, 'is not a distinct absolute path below /',
        'absolute paths such as "/tmp" or "/var/cache/app", each once, without a trailing "/", "//", "." or ".."');
    }
  });
}
