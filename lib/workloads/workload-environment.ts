import type { Placement } from '../cluster/placement';
import type { PlatformCluster } from '../cluster/platform-cluster';
import type { Ingress } from '../ingress/ingress';
import type { Deployment } from './deployment';

/**
 * What a workload may do differently in one environment: sizes, task counts, scaling bounds, where its
 * tasks run and how releases roll out. Each given field replaces the workload's own, and the result is
 * checked as if the workload had been written with it (a staging size its pool cannot hold is refused
 * at synth).
 */
export interface WorkloadOverrides {
  /**
   * The task's CPU units.
   *
   * @default - the workload's own
   */
  readonly cpu?: number;

  /**
   * The task's memory in MiB.
   *
   * @default - the workload's own
   */
  readonly memoryMiB?: number;

  /**
   * How many tasks a service runs when it does not scale (a scheduled task: how many each run starts).
   *
   * @default - the workload's own
   */
  readonly desiredCount?: number;

  /**
   * The fewest tasks of a scaling service. Its other scaling settings stay its own; a workload without
   * `scaling` refuses this.
   *
   * @default - the workload's own
   */
  readonly minTasks?: number;

  /**
   * The most tasks of a scaling service.
   *
   * @default - the workload's own
   */
  readonly maxTasks?: number;

  /**
   * Where the tasks run (`Placement.fargateSpot()` in staging, say).
   *
   * @default - the workload's own
   */
  readonly placement?: Placement;

  /**
   * How a service's releases roll out (`Deployment.rolling()` in staging, `Deployment.canary()` in
   * production). A scheduled task refuses it.
   *
   * @default - the workload's own
   */
  readonly deployment?: Deployment;
}

/**
 * An environment of an application as its workloads see it: the cluster, the shared ingress and the
 * settings a workload of the environment takes. An `AppEnvironment` is one.
 */
export interface IAppEnvironment {
  /** The environment's name (`Staging`), which keys a workload's `overrides`. */
  readonly environmentName: string;
  /** The names of every environment of the application, so an override for an unknown one is refused. */
  readonly environmentNames: string[];
  /** The cluster. */
  readonly cluster: PlatformCluster;
  /** The shared load balancer web services attach to by default, when the environment has one. */
  readonly ingress?: Ingress;
  /** The DNS name web services get a host under (`staging.shop.example.com`: `web.staging.shop.example.com`). */
  readonly serviceDomainName?: string;
  /** Defaults for every workload of the environment, for what a workload does not set; its own `overrides` replace them. */
  readonly workloadDefaults?: WorkloadOverrides;
}
