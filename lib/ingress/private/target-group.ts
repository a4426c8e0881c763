import { Duration, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { checkIntegerRange, fail, wholeSeconds } from '../../core/errors';

/** The target group settings WebService and NetworkService take: the health check and what a rolling deploy waits on. */
export interface TargetGroupProps {
  readonly healthCheckInterval?: Duration;
  readonly healthyThresholdCount?: number;
  readonly deregistrationDelay?: Duration;
  readonly healthCheckGracePeriod?: Duration;
  /** Check over HTTP at this path (200-399 is healthy); without one, a Network Load Balancer opens a TCP connection. */
  readonly healthCheckPath?: string;
}

/** What only a Network Load Balancer's health check names: HTTP or TCP, and a port other than the traffic's. */
export interface NetworkHealthCheck {
  readonly protocol: elbv2.Protocol;
  readonly port?: string;
}

/** The settings with the library's defaults, checked, the health check, and what they make a deploy wait. */
export interface TargetGroupSettings {
  readonly interval: Duration;
  readonly healthyThresholdCount: number;
  readonly deregistrationDelay: Duration;
  /** The health check of the target group (ALB, NLB, and a web service's on a shared ingress). */
  readonly healthCheck: elbv2.HealthCheck;
  /** Interval x healthy threshold: how long a new task waits before it gets traffic. */
  readonly healthyWait: Duration;
  /** healthyWait + deregistration delay (before an old task stops). */
  readonly deployWait: Duration;
}

/**
 * The one builder of the target groups' timing and health check, for Application and Network Load
 * Balancers alike. Defaults: every 10 s, 2 checks, 30 s of draining (50 s per rolling step, against
 * aws-cdk-lib's 450 s), 3 failed checks for unhealthy, a timeout below the interval (2 to 5 s). Checks
 * the ranges Elastic Load Balancing and ECS accept, with the library's messages. `network`: the
 * protocol and port a Network Load Balancer's health check names (an Application Load Balancer's
 * checks HTTP on the traffic port).
 */
export function targetGroupSettings(scope: IConstruct, props: TargetGroupProps, network?: NetworkHealthCheck): TargetGroupSettings {
  const path = props.healthCheckPath;
  checkHealthCheckPath(scope, path);
  const interval = props.healthCheckInterval ?? Duration.seconds(10);
  const healthyThresholdCount = props.healthyThresholdCount ?? 2;
  const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(30);
  checkIntegerRange(scope, 'healthCheckInterval (seconds)', wholeSeconds(scope, 'healthCheckInterval', interval), 5, 300);
  checkIntegerRange(scope, 'healthyThresholdCount', healthyThresholdCount, 2, 10);
  checkIntegerRange(scope, 'deregistrationDelay (seconds)', wholeSeconds(scope, 'deregistrationDelay', deregistrationDelay), 0, 3600);
  if (props.healthCheckGracePeriod && !props.healthCheckGracePeriod.isUnresolved()) {
    checkIntegerRange(scope, 'healthCheckGracePeriod (seconds)', wholeSeconds(scope, 'healthCheckGracePeriod', props.healthCheckGracePeriod), 0, 2147483647);
  }
  const healthyWait = Duration.seconds(interval.toSeconds() * healthyThresholdCount);
  return {
    interval,
    healthyThresholdCount,
    deregistrationDelay,
    healthCheck: {
      protocol: network?.protocol,
      path,
      port: network?.port,
      interval,
      timeout: Duration.seconds(Math.max(2, Math.min(5, interval.toSeconds() - 1))),
      healthyThresholdCount,
      unhealthyThresholdCount: 3,
      healthyHttpCodes: path ? '200-399' : undefined,
    },
    healthyWait,
    deployWait: Duration.seconds(healthyWait.toSeconds() + deregistrationDelay.toSeconds()),
  };
}

/** A health check path: starts with "/", at most 1024 characters (Elastic Load Balancing's limit). */
function checkHealthCheckPath(scope: IConstruct, path: string | undefined): void {
  if (path !== undefined && !Token.isUnresolved(path) && (!path.startsWith('/') || path.length > 1024)) {
    fail(scope, 'healthCheckPath', path, 'is not a path', 'a path starting with "/", at most 1024 characters');
  }
}
