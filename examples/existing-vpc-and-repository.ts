/**
 * Services in a VPC and from an ECR repository that another team already runs: nothing is created in
 * the network or the registry, and synth needs no AWS credentials (no lookups).
 *
 * The VPC is described by its ids, so replace them with yours (`aws ec2 describe-subnets`). Its private
 * subnets need a route to the internet (NAT) or VPC endpoints for ECR, CloudWatch Logs and ECS, and its
 * flow logs are yours to manage: `Network.fromVpc` adds nothing to the VPC.
 *
 * Run: npx cdk synth --app "npx tsx examples/existing-vpc-and-repository.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ImageRepository, Network, Placement, PlatformCluster, WebService, WorkerService } from '../lib';

export const app = new App();
const stack = new Stack(app, 'ExistingVpcServices', {
  env: { region: 'us-east-1' },
  description: 'cdk-ecs-platform example: services in an existing VPC, from an existing repository',
});

// Vpc.fromLookup would read these from the account at synth; hard-coded ids keep synth offline and
// the template stable.
const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  // Required: the platform reads the VPC's range (internal load balancers accept traffic from it).
  vpcCidrBlock: '10.20.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  publicSubnetIds: ['subnet-0aa1111111111111a', 'subnet-0bb2222222222222b'],
  publicSubnetRouteTableIds: ['rtb-0aa1111111111111a', 'rtb-0bb2222222222222b'],
  privateSubnetIds: ['subnet-0cc3333333333333c', 'subnet-0dd4444444444444d'],
  privateSubnetRouteTableIds: ['rtb-0cc3333333333333c', 'rtb-0dd4444444444444d'],
});
const platform = new PlatformCluster(stack, 'Cluster', { network: Network.fromVpc(vpc) });

// The repository belongs to the platform team's registry stack; importing it only grants pull.
const repository = ImageRepository.fromRepositoryName(stack, 'Repository', 'platform/billing');

const web = new WebService(stack, 'BillingApi', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.fargate(),
  healthCheckPath: '/health',
  user: '1000:1000',
  desiredCount: 2,
});

new WorkerService(stack, 'InvoiceWorker', {
  cluster: platform,
  image: repository.imageByTag('v1.0.0'),
  placement: Placement.fargateSpot(),
  command: ['node', 'invoice-worker.js'],
  user: '1000:1000',
});

new CfnOutput(stack, 'Url', { value: web.url });

app.synth();
