import { IConstruct } from 'constructs';
import { clusterIn, ClusterContext, contextOf } from '../../cluster/cluster-reference';
import { checkAtSynth, fail, recordPropSource } from '../../core/errors';
import type { Deployment } from '../deployment';
import type { ServiceScaling } from '../service-scaling';
import type { WorkloadOverrides } from '../workload-environment';
import type { WorkloadOptions } from '../workload-options';

/** A workload's props once its cluster is known: the one given, or its environment's, as its stack sees it. */
export type WithCluster<T> = T & { readonly cluster: ClusterContext };

/** The props of every workload that {@link resolveWorkload} reads and may replace. */
interface Overridable extends WorkloadOptions {
  readonly desiredCount?: number;
  readonly taskCount?: number;
  readonly scaling?: ServiceScaling;
  readonly deployment?: unknown;
}

/** How a workload takes overrides. */
export interface ResolveOptions {
  /** Its name for its task count. */
  readonly countProp: 'desiredCount' | 'taskCount';
  /** False for a scheduled task, which has no scaling or deployment. */
  readonly services: boolean;
  /** Which deployments an environment's default may give it (a worker moves no traffic; a network service rolls). */
  readonly takesDeployment?: (deployment: Deployment) => boolean;
}

const OVERRIDABLE = ['cpu', 'memoryMiB', 'desiredCount', 'minTasks', 'maxTasks', 'placement', 'deployment'] as const;

/**
 * The props a workload is built from: `cluster` or `appEnvironment` (exactly one), the cluster as the
 * workload's stack sees it (an environment's through Parameter Store), and the environment's
 * `workloadDefaults` then the workload's own `overrides` for it applied over its props. Each value an
 * override set is recorded, so a message about it names where it came from.
 *
 * `countProp` is the workload's name for its task count (`desiredCount`, or `taskCount` for a scheduled
 * task); `services` is false for a scheduled task, which has no scaling or deployment.
 */
export function resolveWorkload<T extends Overridable>(scope: IConstruct, props: T, options: ResolveOptions): WithCluster<T> {
  const environment = props.appEnvironment;
  if (props.cluster && environment) {
    fail(scope, 'cluster', props.cluster.node.path, `is given together with appEnvironment ${environment.environmentName}, which has its own cluster`,
      'either cluster or appEnvironment');
  }
  const cluster = props.cluster ? contextOf(scope, 'cluster', props.cluster) : environment?.cluster;
  if (!cluster) fail(scope, 'cluster', undefined, 'is missing: the workload needs a cluster to run in', 'cluster, or appEnvironment (an environment of an Application)');
  const overrides = props.overrides ?? {};
  const names = Object.keys(overrides);
  if (names.length > 0 && !environment) {
    fail(scope, 'overrides', names, 'apply per environment, and the workload has no appEnvironment', 'appEnvironment with overrides, or no overrides');
  }
  // Checked at synth: environments added after this workload count too.
  if (environment) {
    checkAtSynth(scope, problems => {
      const known = environment.environmentNames;
      for (const name of names.filter(n => !known.includes(n))) {
        problems.add(scope, 'overrides', name, `is not an environment of the application (${known.join(', ')}), so it would never apply`, `one of ${known.join(', ')}`);
      }
    });
  }
  let resolved: T = props;
  if (environment) {
    // The environment's defaults fill in what the workload leaves unset, where they apply (a scaling bound to
    // scaling services, a deployment to services); the workload's own overrides replace its props.
    resolved = applyOverrides(scope, resolved, environment.workloadDefaults, `the workloadDefaults of ${environment.environmentName}`, options, true);
    resolved = applyOverrides(scope, resolved, overrides[environment.environmentName], `overrides.${environment.environmentName}`, options, false);
  }
  return { ...resolved, cluster: clusterIn(scope, cluster) };
}

/**
 * Applies one set of overrides. `defaults`: the environment's, which set only what the workload leaves
 * unset and skip what does not apply to it; otherwise the workload's own, which replace and are checked.
 */
function applyOverrides<T extends Overridable>(scope: IConstruct, props: T, overrides: WorkloadOverrides | undefined, source: string,
  options: ResolveOptions, defaults: boolean): T {
  if (!overrides) return props;
  const next: Record<string, unknown> = { ...props as Record<string, unknown> };
  for (const field of OVERRIDABLE) {
    const value = overrides[field];
    if (value === undefined) continue;
    if (defaults) {
      const scaling = field === 'minTasks' || field === 'maxTasks';
      const given = scaling ? props.scaling?.[field] !== undefined : next[field === 'desiredCount' ? options.countProp : field] !== undefined;
      const unfit = (field === 'deployment' && (!options.services || options.takesDeployment?.(value as Deployment) === false)) ||
        (field === 'desiredCount' && props.scaling !== undefined);
      if (given || (scaling && !props.scaling) || unfit) continue;
    }
    if (field === 'minTasks' || field === 'maxTasks') {
      if (!props.scaling) {
        fail(scope, `${source}.${field}`, value, 'bounds scaling, and this workload has no scaling', `scaling on the workload, or desiredCount in ${source}`);
      }
      next.scaling = { ...next.scaling as ServiceScaling, [field]: value };
      recordPropSource(scope, `scaling.${field}`, source);
      continue;
    }
    if (field === 'deployment' && !options.services) {
      fail(scope, `${source}.deployment`, 'a Deployment', 'applies to services, and a scheduled task has no deployment', `no deployment in ${source}`);
    }
    const prop = field === 'desiredCount' ? options.countProp : field;
    next[prop] = value;
    recordPropSource(scope, prop, source);
  }
  return next as T;
}
