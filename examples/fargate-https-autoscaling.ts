/**
 * A public web service on regular Fargate behind HTTPS, scaled on CPU and on requests per task.
 *
 * The load balancer serves HTTPS on 443 with an ACM certificate that already exists in the stack's
 * region, and redirects HTTP on 80 to it. Pass the certificate with `-c certificateArn=<arn>`; the
 * default is a placeholder that synthesizes but does not deploy.
 *
 * Deploy `HttpsRegistry` first, push `v1.0.0` to it, then deploy `HttpsWeb`.
 *
 * Run: npx cdk synth --app "npx tsx examples/fargate-https-autoscaling.ts"
 */
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ImageRepository, Placement, PlatformCluster, WebService } from '../lib';

const PLACEHOLDER_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555';

export const app = new App();
const env = { region: 'us-east-1' };
const certificateArn: string = app.node.tryGetContext('certificateArn') ?? PLACEHOLDER_CERTIFICATE_ARN;

// The repository lives in its own stack: it must exist, and hold the tag, before a service pulls from it.
const registry = new Stack(app, 'HttpsRegistry', { env, description: 'cdk-ecs-platform example: the storefront image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/storefront' });

const stack = new Stack(app, 'HttpsWeb', { env, description: 'cdk-ecs-platform example: an HTTPS web service on Fargate with auto scaling' });
const platform = new PlatformCluster(stack, 'Cluster');
// ALB listeners need a certificate in the load balancer's own region.
const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', certificateArn);

const web = new WebService(stack, 'Storefront', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  // Every task on regular Fargate: a storefront should not lose tasks to Spot interruptions at peak.
  placement: Placement.fargate(),
  cpu: 512,
  memoryMiB: 1024,
  containerPort: 8080,
  healthCheckPath: '/health',
  certificate,
  user: '1000:1000',
  // Server-side rendering is CPU-bound; requestsPerTarget scales out earlier on bursts of cheap requests.
  scaling: { minTasks: 2, maxTasks: 10, cpuTargetPercent: 60, requestsPerTarget: 600 },
  // Checkout requests can take a while; let them finish before a task is stopped.
  deregistrationDelay: Duration.seconds(60),
});

new CfnOutput(stack, 'Url', { value: web.url, description: 'The storefront (point a DNS name covered by the certificate at it)' });

app.synth();
