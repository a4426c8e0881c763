/**
 * The scale benchmark's app, built with the library: a platform stack (a PlatformCluster and an
 * ImageRepository) and N WebServices spread across service stacks of at most `perStack` workloads
 * each (the library fails a stack above 450 resources; a WebService is 17, and each stack has its access-log
 * bucket and policy, so 15 make 257).
 *
 * Run (one size, by hand): npx tsx bench/scale-app.ts 50
 */
import { App, Stack } from 'aws-cdk-lib';
import { ImageRepository, Placement, PlatformCluster, WebService } from '../lib';

/** Options of {@link buildScaleApp}. */
export interface ScaleAppOptions {
  /** How many WebServices. */
  readonly workloads: number;
  /** At most this many WebServices in one service stack (default 15). */
  readonly perStack?: number;
  /**
   * The WebServices' rollback alarm (default true, as the library's default). False turns it off through the
   * public prop (`rollbackAlarms: { enabled: false }`), to measure what the alarm costs (the platform's
   * notification topic goes too: nothing notifies it).
   */
  readonly rollbackAlarm?: boolean;
}

/** Builds the scale app's stacks into an app: the platform stack first, then the service stacks. */
export function buildScaleApp(app: App, options: ScaleAppOptions): Stack[] {
  const env = { region: 'us-east-1' };
  const perStack = options.perStack ?? 15;
  const platformStack = new Stack(app, 'ScalePlatform', { env });
  const repository = new ImageRepository(platformStack, 'Repository', { repositoryName: 'scale/web' });
  const cluster = new PlatformCluster(platformStack, 'Cluster');
  const image = repository.imageByTag('v1.0.0');
  const stacks: Stack[] = [platformStack];
  let services: Stack | undefined;
  for (let i = 0; i < options.workloads; i++) {
    if (i % perStack === 0) {
      services = new Stack(app, `ScaleServices${stacks.length}`, { env });
      stacks.push(services);
    }
    new WebService(services!, `Web${i}`, {
      cluster,
      image,
      placement: Placement.fargateSpot({ onDemandBase: 1 }),
      containerPort: 8080,
      healthCheckPath: '/health',
      scaling: { minTasks: 1, maxTasks: 4, cpuTargetPercent: 70, requestsPerTarget: 1000 },
      rollbackAlarms: options.rollbackAlarm === false ? { enabled: false } : undefined,
    });
  }
  return stacks;
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = new App({ context: require('../cdk.json').context });
  buildScaleApp(app, { workloads: Number(process.argv[2] ?? 10) });
  app.synth();
}
