/**
 * A game server that speaks UDP and a TLS endpoint for its clients, behind Network Load Balancers.
 *
 * `NetworkService` puts a security group on each load balancer (admitting the listener's port and
 * nothing else) and lets the tasks admit only that group. UDP health checks go over TCP, so the game
 * server answers on TCP 8080 too. A rolling deploy waits 50 s on load balancer settings.
 *
 * Pass an ACM certificate of us-east-1 with `-c certificateArn=<arn>`; the default is a placeholder
 * that synthesizes but does not deploy.
 *
 * Run: npx cdk synth --app "npx tsx examples/network-service.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ImageRepository, NetworkPort, NetworkService, PlatformCluster } from '../lib';

const PLACEHOLDER_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555';

export const app = new App();
const env = { region: 'us-east-1' };

const registry = new Stack(app, 'GameRegistry', { env, description: 'cdk-ecs-platform example: the game server image repository' });
const repository = new ImageRepository(registry, 'Repository', { repositoryName: 'examples/game' });

const stack = new Stack(app, 'GameServers', { env, description: 'cdk-ecs-platform example: UDP and TLS services behind Network Load Balancers' });
const cluster = new PlatformCluster(stack, 'Cluster');
const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', app.node.tryGetContext('certificateArn') ?? PLACEHOLDER_CERTIFICATE_ARN);

const game = new NetworkService(stack, 'Game', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  listener: NetworkPort.udp(7777),
  healthCheckPort: 8080,
  user: '1000:1000',
});

// TLS ends at the load balancer (its connections are the access logs); the tasks get TCP on 8443.
const lobby = new NetworkService(stack, 'Lobby', {
  cluster,
  image: repository.imageByTag('v1.0.0'),
  listener: NetworkPort.tls(443, certificate),
  containerPort: 8443,
  preserveClientIp: true,
  user: '1000:1000',
});

new CfnOutput(stack, 'GameEndpoint', { value: game.endpoint });
new CfnOutput(stack, 'LobbyEndpoint', { value: lobby.endpoint });

app.synth();
