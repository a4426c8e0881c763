import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/** Options of {@link Deployment.canary}. */
export interface CanaryDeploymentOptions {
  /**
   * The percentage of production traffic the new revision gets first: 0.1 to 100, in steps of 0.1.
   *
   * @default 10
   */
  readonly percent?: number;

  /**
   * How long the canary takes that share before the rest of the traffic moves: 0 to 1440 minutes,
   * whole minutes. The deployment alarms are watched meanwhile.
   *
   * @default Duration.minutes(5)
   */
  readonly canaryBake?: Duration;

  /**
   * How long the old revision keeps running after all traffic moved, so a rollback is instant:
   * 0 to 1440 minutes, whole minutes. The deployment alarms are watched meanwhile.
   *
   * @default Duration.minutes(5)
   */
  readonly bake?: Duration;
}

/** Options of {@link Deployment.linear}. */
export interface LinearDeploymentOptions {
  /**
   * The percentage of production traffic moved at each step: 3 to 100, in steps of 0.1.
   *
   * @default 25
   */
  readonly stepPercent?: number;

  /**
   * How long each step is watched before the next: 0 to 1440 minutes, whole minutes.
   *
   * @default Duration.minutes(3)
   */
  readonly stepBake?: Duration;

  /**
   * How long the old revision keeps running after all traffic moved: 0 to 1440 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly bake?: Duration;
}

/** Options of {@link Deployment.blueGreen}. */
export interface BlueGreenDeploymentOptions {
  /**
   * How long the old revision keeps running after all traffic moved to the new one, so a rollback
   * is instant: 0 to 1440 minutes, whole minutes. The deployment alarms are watched meanwhile.
   *
   * @default Duration.minutes(5)
   */
  readonly bake?: Duration;
}

/**
 * How a service rolls out a new task definition, with ECS's own deployment strategies (the ECS
 * deployment controller; no CodeDeploy).
 *
 * - `rolling()`: new tasks replace old ones in batches (fast; the default).
 * - `canary()`, `linear()`, `blueGreen()`: a full new set of tasks starts next to the old one, the
 *   load balancer moves traffic to it (a canary share first, in equal steps, or all at once), and
 *   the old set keeps running for a bake time, so a rollback only moves traffic back. They need a
 *   load balancer to move traffic (a `WebService`); a `WorkerService` may use `blueGreen()`, which
 *   then starts the new set, bakes, and stops the old one.
 */
export class Deployment {
  /** Rolling update: with the defaults, a whole new set of tasks starts before the old one stops. */
  public static rolling(): Deployment {
    return new Deployment('rolling', ecs.DeploymentStrategy.ROLLING, {});
  }

  /** A canary share of the traffic first, then the rest; then a bake time before the old set stops. */
  public static canary(options: CanaryDeploymentOptions = {}): Deployment {
    return new Deployment('canary', ecs.DeploymentStrategy.CANARY, {
      percent: options.percent ?? 10,
      stepBake: options.canaryBake ?? Duration.minutes(5),
      bake: options.bake ?? Duration.minutes(5),
    });
  }

  /** Traffic in equal steps with a wait between them; then a bake time before the old set stops. */
  public static linear(options: LinearDeploymentOptions = {}): Deployment {
    return new Deployment('linear', ecs.DeploymentStrategy.LINEAR, {
      percent: options.stepPercent ?? 25,
      stepBake: options.stepBake ?? Duration.minutes(3),
      bake: options.bake ?? Duration.minutes(5),
    });
  }

  /** All traffic at once to a full new set; then a bake time before the old set stops. */
  public static blueGreen(options: BlueGreenDeploymentOptions = {}): Deployment {
    return new Deployment('blueGreen', ecs.DeploymentStrategy.BLUE_GREEN, { bake: options.bake ?? Duration.minutes(5) });
  }

  /** The strategy's name: `rolling`, `canary`, `linear` or `blueGreen`. */
  public readonly kind: string;
  /** ECS's deployment strategy. */
  public readonly strategy: ecs.DeploymentStrategy;
  /** The canary share, or the linear step, in percent of the traffic. */
  public readonly percent?: number;
  /** How long the canary share, or each linear step, is watched. */
  public readonly stepBake?: Duration;
  /** How long the old set keeps running after all traffic moved (not for rolling). */
  public readonly bake?: Duration;

  private constructor(kind: string, strategy: ecs.DeploymentStrategy, settings: { percent?: number; stepBake?: Duration; bake?: Duration }) {
    this.kind = kind;
    this.strategy = strategy;
    this.percent = settings.percent;
    this.stepBake = settings.stepBake;
    this.bake = settings.bake;
  }

  /** True for canary, linear and blue/green: a full second set of tasks runs during a release. */
  public get isProgressive(): boolean {
    return this.kind !== 'rolling';
  }

  /** True for canary and linear, which move a share of the traffic and so need a load balancer. */
  public get shiftsTraffic(): boolean {
    return this.kind === 'canary' || this.kind === 'linear';
  }
}

/**
 * Alarms built from the service's own metrics, used as its deployment alarms: when one fires during
 * a release (or its bake time), ECS rolls the release back. A web service has one alarm on its target
 * groups (5xx rate, p99 response time, unhealthy targets: a minute breaches when any of them does); a
 * worker watches Container Insights' running and desired task counts.
 */
export interface RollbackAlarmOptions {
  /**
   * Create the alarms.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Web services: the share of requests answered with a target 5xx, in percent (1 to 100), counted
   * in minutes with at least 10 requests.
   *
   * @default 5
   */
  readonly errorRatePercent?: number;

  /**
   * Web services: the p99 target response time that counts as a regression (0.1 s to 60 s).
   *
   * @default Duration.seconds(3)
   */
  readonly responseTime?: Duration;

  /**
   * How many one-minute periods in a row must breach before an alarm fires (1 to 10). A web service's
   * minute breaches when any of its conditions holds, not necessarily the same one each minute.
   *
   * @default 3
   */
  readonly periods?: number;
}
