import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkIntegerRange, wholeSeconds } from '../../core/errors';

/** The load-balancer settings a rolling deploy waits on, as WebService and NetworkService take them. */
export interface TargetTimingProps {
  readonly healthCheckInterval?: Duration;
  readonly healthyThresholdCount?: number;
  readonly deregistrationDelay?: Duration;
  readonly healthCheckGracePeriod?: Duration;
}

/** The settings with the library's defaults, checked, and what they make a deploy wait. */
export interface TargetTiming {
  readonly interval: Duration;
  readonly healthyThresholdCount: number;
  readonly deregistrationDelay: Duration;
  /** The health check's timeout: below the interval, 2 to 5 s. */
  readonly timeout: Duration;
  /** Interval x healthy threshold (before a new task gets traffic) + deregistration delay (before an old one stops). */
  readonly deployWait: Duration;
}

/**
 * Defaults (every 10 s, 2 checks, 30 s of draining: 50 s per rolling step, against aws-cdk-lib's 450 s)
 * and the checks of the ranges Elastic Load Balancing and ECS accept, with the library's messages.
 */
export function targetTiming(scope: IConstruct, props: TargetTimingProps): TargetTiming {
  const interval = props.healthCheckInterval ?? Duration.seconds(10);
  const healthyThresholdCount = props.healthyThresholdCount ?? 2;
  const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(30);
  checkIntegerRange(scope, 'healthCheckInterval (seconds)', wholeSeconds(scope, 'healthCheckInterval', interval), 5, 300);
  checkIntegerRange(scope, 'healthyThresholdCount', healthyThresholdCount, 2, 10);
  checkIntegerRange(scope, 'deregistrationDelay (seconds)', wholeSeconds(scope, 'deregistrationDelay', deregistrationDelay), 0, 3600);
  if (props.healthCheckGracePeriod && !props.healthCheckGracePeriod.isUnresolved()) {
    checkIntegerRange(scope, 'healthCheckGracePeriod (seconds)', wholeSeconds(scope, 'healthCheckGracePeriod', props.healthCheckGracePeriod), 0, 2147483647);
  }
  return {
    interval,
    healthyThresholdCount,
    deregistrationDelay,
    timeout: Duration.seconds(Math.max(2, Math.min(5, interval.toSeconds() - 1))),
    deployWait: Duration.seconds(interval.toSeconds() * healthyThresholdCount + deregistrationDelay.toSeconds()),
  };
}
