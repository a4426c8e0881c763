import { CfnResource, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dropRedundantDependsOn } from '../../core/dependencies';
import { fail } from '../../core/errors';
import { acknowledgeFinding } from '../../core/nag';
import type { Network } from '../network';
import { singleNatInstanceProvider, SingleNatInstanceProvider, VPC_CIDR } from './nat-instance';

/** What the cluster needs from its network. */
export interface BuiltNetwork {
  readonly vpc: ec2.IVpc;
  readonly workloadSubnets: ec2.SubnetSelection;
  readonly cidrBlock: string;
  /** Adds an interface endpoint when the profile has no NAT; a no-op otherwise. */
  ensureEndpoint(name: string, service: ec2.InterfaceVpcEndpointAwsService): void;
}

/** Endpoints every workload of an endpoint-only VPC needs: pull from ECR, write logs. A function, so importing reads no aws-ec2. */
function baseEndpoints(): Array<[string, ec2.InterfaceVpcEndpointAwsService]> {
  return [
    ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
    ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ];
}

/**
 * Creates the VPC of a network profile (or takes the existing one). Flow logs go to a KMS-encrypted,
 * retained log group with a finite retention.
 */
export function buildNetwork(
  scope: Construct, network: Network, key: kms.IKey, logRetention: logs.RetentionDays, removalPolicy: RemovalPolicy,
): BuiltNetwork {
  if (network.profile === 'existing') {
    const vpc = network.vpc!;
    if (network.workloadSubnets) checkNotPublic(scope, vpc, network.workloadSubnets);
    return {
      vpc,
      workloadSubnets: network.workloadSubnets ?? (vpc.privateSubnets.length > 0
        ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
        : { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
      // Read only when needed: an imported VPC may not carry its CIDR block.
      get cidrBlock() { return vpc.vpcCidrBlock; },
      ensureEndpoint: () => undefined,
    };
  }

  const maxAzs = network.maxAzs ?? 2;
  if (!Token.isUnresolved(maxAzs) && (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 6)) {
    fail(scope, 'network maxAzs', maxAzs, 'is out of range', 'a whole number from 2 to 6 (two or more Availability Zones keep a zone failure survivable)');
  }
  const stack = Stack.of(scope);
  if (maxAzs > 2 && (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region))) {
    fail(scope, 'network maxAzs', maxAzs, 'cannot be met by a stack without a concrete account and region (CDK gives such stacks two Availability Zones)',
      'maxAzs 2, or a stack with env: { account, region }');
  }
  const isolated = network.profile === 'vpcEndpoints';
  const workloadSubnetType = isolated ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;

  let natProvider: ec2.NatProvider | undefined;
  let natInstance: SingleNatInstanceProvider | undefined;
  if (network.profile === 'lowCost') {
    const natType = network.natInstanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.NANO);
    natInstance = singleNatInstanceProvider(natType, network.natImage);
    natProvider = natInstance;
  } else if (network.profile === 'highlyAvailable') {
    natProvider = ec2.NatProvider.gateway();
  }

  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
    maxAzs,
    natGateways: network.profile === 'lowCost' ? 1 : isolated ? 0 : maxAzs,
    natGatewayProvider: natProvider,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: isolated ? 'Isolated' : 'Private', subnetType: workloadSubnetType, cidrMask: 20 },
    ],
    gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
  });

  const flowLogGroup = new logs.LogGroup(scope, 'FlowLogs', {
    retention: logRetention,
    encryptionKey: key,
    removalPolicy,
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });

  if (natInstance?.natInstance) {
    Validations.of(natInstance.natInstance).acknowledge({
      id: 'AwsSolutions-EC29',
      reason: 'The NAT instance is disposable: termination protection would block its replacement and cdk destroy',
    });
  }
  dropRedundantProviderDependency(stack);
  acknowledgeRestrictDefaultSecurityGroupProvider(stack);
  keepProviderLogs(stack, key, logRetention, removalPolicy);

  const endpoints = new Map<string, ec2.InterfaceVpcEndpoint>();
  let endpointSecurityGroup: ec2.SecurityGroup | undefined;
  const ensureEndpoint = (name: string, service: ec2.InterfaceVpcEndpointAwsService) => {
    if (!isolated || endpoints.has(name)) return;
    // One security group for every endpoint: HTTPS from the VPC's literal CIDR, which cdk-nag can read
    // (the endpoints' own groups would name the CIDR through a token it reports as open, EC23).
    endpointSecurityGroup ??= new ec2.SecurityGroup(vpc, 'EndpointSecurityGroup', {
      vpc,
      description: 'Interface endpoints: HTTPS from the VPC',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC', true);
    endpoints.set(name, vpc.addInterfaceEndpoint(name, {
      service,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [endpointSecurityGroup],
      open: false,
    }));
  };
  baseEndpoints().forEach(([name, service]) => ensureEndpoint(name, service));

  return { vpc, workloadSubnets: { subnetType: workloadSubnetType }, cidrBlock: VPC_CIDR, ensureEndpoint };
}

/**
 * aws-cdk-lib's provider for `restrictDefaultSecurityGroup` declares a DependsOn its role that its
 * `Fn::GetAtt` of the role already implies; AWS's CloudFormation validator warns about it (W3005).
 */
function dropRedundantProviderDependency(stack: Stack): void {
  const provider = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  const handler = provider?.node.tryFindChild('Handler');
  const role = provider?.node.tryFindChild('Role');
  // Not CfnResource#removeDependency: aws-cdk-lib 2.276 deprecates it, and its replacement is not public in 2.257.
  if (handler instanceof CfnResource && role instanceof CfnResource) dropRedundantDependsOn(handler, role);
}

/**
 * aws-cdk-lib's provider for `restrictDefaultSecurityGroup` is a Lambda function that writes to the
 * log group Lambda creates on its first run (`/aws/lambda/<function>`): never expiring, unencrypted, and
 * left behind by `cdk destroy`. Its logs go to a log group of the stack instead, like the platform's own
 * (the first cluster's key, retention and removal policy: the provider is one per stack).
 */
function keepProviderLogs(stack: Stack, key: kms.IKey, logRetention: logs.RetentionDays, removalPolicy: RemovalPolicy): void {
  const handler = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider')?.node.tryFindChild('Handler');
  if (!(handler instanceof CfnResource) || stack.node.tryFindChild('DefaultSecurityGroupHandlerLogs')) return;
  const group = new logs.LogGroup(stack, 'DefaultSecurityGroupHandlerLogs', { retention: logRetention, encryptionKey: key, removalPolicy });
  handler.addPropertyOverride('LoggingConfig', { LogGroup: group.logGroupName });
}

/**
 * aws-cdk-lib's provider for `restrictDefaultSecurityGroup` is a Lambda function with the AWS managed
 * basic-execution policy and the runtime aws-cdk-lib picks. cdk-nag's in-app rules do not inspect it
 * (it is not an L1 Lambda function), but they flag it when they read the template back (IAM4, L1).
 * The acknowledgments travel with the template when cdk-nag writes suppressions to it.
 */
function acknowledgeRestrictDefaultSecurityGroupProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (!provider) return;
  acknowledgeFinding(provider, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'aws-cdk-lib\'s handler that empties the VPC\'s default security group at deploy; the managed policy only lets it write its own logs');
  acknowledgeFinding(provider, 'AwsSolutions-L1', 'aws-cdk-lib picks the runtime of its own custom resource handler, and moves it forward with aws-cdk-lib');
}

/**
 * Tasks and pool instances never get a public IP, so in a public subnet they cannot reach ECR or the
 * internet (their route is the internet gateway, which needs one), and the subnet's purpose is to face
 * the internet: refuse a workload subnet selection that picks public subnets.
 */
function checkNotPublic(scope: Construct, vpc: ec2.IVpc, selection: ec2.SubnetSelection): void {
  if (selection.subnetType === ec2.SubnetType.PUBLIC) {
    fail(scope, 'network workloadSubnets', { subnetType: 'Public' }, 'selects public subnets, where tasks without a public IP have no route out',
      'private subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } (or PRIVATE_ISOLATED with interface endpoints)');
  }
  // The same subnet object, or the same literal id (an imported VPC's subnets are new objects).
  const publicIds = new Set(vpc.publicSubnets.map(s => s.subnetId).filter(id => !Token.isUnresolved(id)));
  const picked = (selection.subnets ?? []).filter(s => vpc.publicSubnets.includes(s) || publicIds.has(s.subnetId))
    .map(s => Token.isUnresolved(s.subnetId) ? s.node.path : s.subnetId);
  if (picked.length > 0) {
    fail(scope, 'network workloadSubnets', picked, 'names public subnets of the VPC, where tasks without a public IP have no route out',
      'private subnets of the VPC');
  }
}
