/**
 * A platform whose tasks cannot reach the internet: no NAT, only VPC endpoints, with a worker that
 * reads its database password from Secrets Manager and that operators can open a shell in (ECS Exec).
 *
 * `Network.vpcEndpoints()` adds an interface endpoint for each AWS service the workloads need (ECR,
 * CloudWatch Logs, Secrets Manager, and SSM for ECS Exec) and nothing else. It costs more than
 * `Network.lowCost()` (7.30 USD a month per endpoint per Availability Zone); choose it when tasks must
 * not reach the internet.
 *
 * Deploy `PrivateRegistry` first, push `v1.0.0` to it, then deploy `PrivatePlatform`. The secret
 * `examples/ledger/db` must exist (`aws secretsmanager create-secret --name examples/ledger/db ...`).
 *
 * Run: npx cdk synth --app "npx tsx examples/private-network-secrets-exec.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ImageRepository, Network, Placement, PlatformCluster, WorkerService } from '../lib';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'PrivateRegistry', { env, description: 'cdk-ecs-platform example: the ledger image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/ledger' });

const stack = new Stack(app, 'PrivatePlatform', { env, description: 'cdk-ecs-platform example: a worker in a VPC without internet access' });
const platform = new PlatformCluster(stack, 'Cluster', {
  network: Network.vpcEndpoints(),
  // Sessions are encrypted with the platform key and logged; each workload still opts in.
  executeCommand: true,
});

// The secret is managed (and rotated) outside this app; only its name is needed here.
const dbSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'DbSecret', 'examples/ledger/db');

new WorkerService(stack, 'Ledger', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.fargate(),
  command: ['node', 'ledger.js'],
  // Read by the execution role when a task starts, never written into the task definition.
  secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret, 'password') },
  user: '1000:1000',
  enableExecuteCommand: true,
});

app.synth();
