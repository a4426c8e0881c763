/**
 * Files that outlive tasks: a document converter that keeps its work on a shared EFS file system,
 * runs more tasks during office hours and almost none at night.
 *
 * - `SharedFileSystem` in the platform stack: encrypted, backed up daily by AWS Backup, retained when
 *   the stack goes away, reachable only over TLS with IAM authorization.
 * - `Volume.efs(...)`: the converter writes `/data` (its own directory, owned by its user `1000:1000`),
 *   while its root filesystem stays read-only; a nightly report job reads the same directory read-only.
 *   Each gets an access point and a task role that may mount that access point only.
 * - `scaling.schedules`: 2 to 6 tasks on weekdays from 8:00 Berlin time, 0 to 1 from 19:00; cooldowns
 *   keep capacity through short dips (10 minutes before scaling in) and react fast (1 minute) to load.
 *
 * Deploy `StorageRegistry`, `StoragePlatform` and `StorageServices` (nothing runs before the first
 * release, and no schedule starts a task then), push `v1.0.0`, then
 * `npx cdk deploy StorageServices --parameters StorageServices:ImageTag=v1.0.0`.
 *
 * Run: npx cdk synth --app "npx tsx examples/persistent-storage.ts"
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ImageRelease, ImageRepository, Placement, PlatformCluster, ScheduledTask, SharedFileSystem, Volume, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'StorageRegistry', { env, description: 'cdk-ecs-platform example: the converter image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/converter' });

const platformStack = new Stack(app, 'StoragePlatform', { env, description: 'cdk-ecs-platform example: a cluster and a shared file system' });
const platform = new PlatformCluster(platformStack, 'Cluster');
// Stateful, so next to the cluster rather than with the services: a services stack can be destroyed
// and deployed again without touching the files.
const files = new SharedFileSystem(platformStack, 'Files', { cluster: platform });

const stack = new Stack(app, 'StorageServices', { env, description: 'cdk-ecs-platform example: a converter with persistent files' });
const release = new ImageRelease(stack, 'ImageTag', { repository });
const berlin = TimeZone.EUROPE_BERLIN;

new WorkerService(stack, 'Converter', {
  cluster: platform,
  image: release.image,
  placement: Placement.fargateSpot({ onDemandBase: 0 }),
  command: ['node', 'converter.js'],
  user: '1000:1000',
  volumes: [Volume.efs(files, { containerPath: '/data', path: '/converter' })],
  scaling: {
    minTasks: 0,
    maxTasks: 6,
    cpuTargetPercent: 60,
    scaleInCooldown: Duration.minutes(10),
    scaleOutCooldown: Duration.minutes(1),
    schedules: [
      { name: 'office-hours', schedule: appscaling.Schedule.cron({ minute: '0', hour: '8', weekDay: 'MON-FRI' }), minTasks: 2, maxTasks: 6, timeZone: berlin },
      { name: 'night', schedule: appscaling.Schedule.cron({ minute: '0', hour: '19', weekDay: 'MON-FRI' }), minTasks: 0, maxTasks: 1, timeZone: berlin },
    ],
  },
});

new ScheduledTask(stack, 'NightlyReport', {
  cluster: platform,
  image: release.image,
  placement: Placement.fargateSpot(),
  command: ['node', 'report.js'],
  user: '1000:1000',
  volumes: [Volume.efs(files, { containerPath: '/data', path: '/converter', readOnly: true })],
  schedule: scheduler.ScheduleExpression.cron({ minute: '30', hour: '2', timeZone: berlin }),
});

app.synth();
