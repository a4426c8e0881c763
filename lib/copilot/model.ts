/**
 * What the importer reads from a Copilot workspace: plain data, with no aws-cdk-lib in it. The readers
 * (`*-manifest.ts`) fill it from the manifests, the writers (`write-*.ts`) turn it into the app's files.
 */

/** The placeholder the generated code fills with the environment's name (Copilot interpolates it per environment). */
export const ENVIRONMENT_PLACEHOLDER = '${COPILOT_ENVIRONMENT_NAME}';

/** CloudWatch Logs' retention periods, in days, by the name of `logs.RetentionDays` (checked against aws-cdk-lib by the tests). */
export const RETENTION_DAYS: Record<number, string> = {
  1: 'ONE_DAY', 3: 'THREE_DAYS', 5: 'FIVE_DAYS', 7: 'ONE_WEEK', 14: 'TWO_WEEKS', 30: 'ONE_MONTH', 60: 'TWO_MONTHS', 90: 'THREE_MONTHS',
  120: 'FOUR_MONTHS', 150: 'FIVE_MONTHS', 180: 'SIX_MONTHS', 365: 'ONE_YEAR', 400: 'THIRTEEN_MONTHS', 545: 'EIGHTEEN_MONTHS', 731: 'TWO_YEARS',
  1096: 'THREE_YEARS', 1827: 'FIVE_YEARS', 2192: 'SIX_YEARS', 2557: 'SEVEN_YEARS', 2922: 'EIGHT_YEARS', 3288: 'NINE_YEARS', 3653: 'TEN_YEARS',
};

/** A manifest field carried over, and what it became. */
export interface Carried {
  readonly file: string;
  readonly field: string;
  readonly to: string;
}

/** A manifest field not carried over (or carried over with a difference), and why. */
export interface Listed {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
}

/** The manifest types the importer turns into code. */
export type WorkloadKind = 'Load Balanced Web Service' | 'Backend Service' | 'Worker Service' | 'Scheduled Job';

/** Copilot's `image`. */
export interface ImageModel {
  /** `image.build`: built from source at deploy (`SourceImage`); the directory is relative to the workspace's root. */
  readonly buildDirectory?: string;
  /** `image.location`: an image already pushed. */
  readonly location?: string;
  /** `image.port`. */
  readonly port?: number;
  /** `image.healthcheck`: the container's own health check. */
  readonly healthCheck?: ContainerHealthCheckModel;
}

/** Copilot's `image.healthcheck`. */
export interface ContainerHealthCheckModel {
  readonly command: string[];
  readonly intervalMs?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
}

/** Copilot's `count`: a number, or a range with scaling targets. */
export interface CountModel {
  readonly desired?: number;
  /** `count.spot`: that many tasks, all on Fargate Spot. */
  readonly spot?: number;
  readonly min?: number;
  readonly max?: number;
  /** `count.range.spot_from`: the task from which on tasks run on Spot. */
  readonly spotFrom?: number;
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
  readonly requests?: number;
  readonly queueDelay?: { readonly latencyMs: number; readonly processingMs: number };
  readonly cooldownInMs?: number;
  readonly cooldownOutMs?: number;
}

/** Copilot's `http` of a web or backend service. */
export interface HttpModel {
  /** `http.path`, as Copilot writes it (`/`, `api`). */
  readonly path: string;
  readonly aliases: string[];
  readonly healthCheckPath?: string;
  readonly healthyThreshold?: number;
  readonly healthCheckIntervalMs?: number;
  readonly gracePeriodMs?: number;
  readonly deregistrationDelayMs?: number;
}

/** One of Copilot's `secrets`: an SSM parameter name or a Secrets Manager secret (and JSON key). */
export interface SecretModel {
  readonly variable: string;
  readonly ssmParameter?: string;
  readonly secretsManager?: { readonly name: string; readonly jsonKey?: string };
}

/** Copilot's `subscribe.queue`. */
export interface QueueModel {
  readonly retentionMs?: number;
  readonly timeoutMs?: number;
  readonly deadLetterTries?: number;
  readonly fifo?: boolean;
}

/** One of Copilot's `subscribe.topics`. */
export interface SubscriptionModel {
  readonly topic: string;
  readonly service: string;
  /** Attribute to allowed (or denied) strings: the filter policies the importer carries over. */
  readonly filters: { readonly attribute: string; readonly allow?: string[]; readonly deny?: string[] }[];
}

/** A Scheduled Job's `on.schedule`: a cron expression (five fields), a rate, or none. */
export interface ScheduleModel {
  readonly cron?: { readonly minute: string; readonly hour: string; readonly day: string; readonly month: string; readonly weekDay: string };
  readonly rateMs?: number;
  /** The manifest's text, for comments and MIGRATION.md. */
  readonly text: string;
}

/** What a workload does differently in one environment (`environments.<name>`). */
export interface OverrideModel {
  readonly cpu?: number;
  readonly memory?: number;
  readonly count?: CountModel;
  readonly variables: Record<string, string>;
}

/** One service or job. */
export interface WorkloadModel {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly file: string;
  readonly image: ImageModel;
  readonly cpu?: number;
  readonly memory?: number;
  readonly arm64: boolean;
  readonly command?: string[];
  readonly variables: Record<string, string>;
  readonly secrets: SecretModel[];
  readonly logRetentionDays?: number;
  readonly exec: boolean;
  readonly count: CountModel;
  /** `network.connect`: the service joins Service Connect. */
  readonly connect: boolean;
  readonly http?: HttpModel;
  readonly queue?: QueueModel;
  readonly subscriptions: SubscriptionModel[];
  /** `publish.topics`: the topics the service owns. */
  readonly publishes: string[];
  readonly schedule?: ScheduleModel;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly overrides: Record<string, OverrideModel>;
}

/** One environment manifest. */
export interface EnvironmentModel {
  readonly name: string;
  readonly file: string;
  /** `observability.container_insights`; Copilot's default is off. */
  readonly containerInsights: boolean;
}

/** A manifest of a type this library does not run (App Runner, S3), listed with the reason. */
export interface OutsideModel {
  readonly name: string;
  readonly kind: string;
  readonly file: string;
  readonly reason: string;
}

/** The whole workspace. */
export interface WorkspaceModel {
  readonly application: string;
  readonly environments: EnvironmentModel[];
  readonly workloads: WorkloadModel[];
  readonly outside: OutsideModel[];
  readonly carried: Carried[];
  readonly listed: Listed[];
  /** Lines of YAML read (comments and blank lines excluded), for the figures in MIGRATION.md. */
  readonly manifestLines: number;
}
