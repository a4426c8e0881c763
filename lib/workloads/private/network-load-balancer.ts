import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ClusterContext, loadBalancerVpc } from '../../cluster/cluster-reference';
import { fail } from '../../core/errors';
import { fitText, TEXT_LIMITS } from '../../core/text';
import { enableAccessLogs } from '../../ingress/private/access-logs';
import type { NetworkPort } from '../network-port';

/** What a Network Load Balancer the library builds is given. */
export interface NetworkLoadBalancerOptions {
  readonly cluster: ClusterContext;
  readonly internetFacing: boolean;
  readonly listener: NetworkPort;
  readonly crossZone: boolean;
  readonly accessLogsBucket?: s3.IBucket;
  readonly deletionProtection?: boolean;
}

/** The load balancer, its security group and where it logs (TLS listeners only). */
export interface BuiltNetworkLoadBalancer {
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * A Network Load Balancer in `scope` with a security group of its own (created with the load balancer:
 * one cannot be added later), admitting the listener's port from anywhere (internet-facing) or from the
 * VPC (internal) and nothing else; outbound rules to the tasks are added by the caller. Access logs
 * only with a TLS listener: Network Load Balancers log TLS connections and nothing else.
 */
export function buildNetworkLoadBalancer(scope: Construct, logPrefix: string, options: NetworkLoadBalancerOptions): BuiltNetworkLoadBalancer {
  const { cluster, internetFacing, listener } = options;
  const tls = listener.protocol === elbv2.Protocol.TLS;
  if (options.accessLogsBucket && !tls) {
    fail(scope, 'accessLogsBucket', options.accessLogsBucket.node.path, `is given for a ${listener.protocol} listener, and Network Load Balancers write access logs only for TLS connections`,
      'accessLogsBucket with NetworkPort.tls(...), or none');
  }
  let peer = ec2.Peer.anyIpv4();
  const vpc = loadBalancerVpc(cluster, internetFacing);
  if (internetFacing && vpc.publicSubnets.length === 0) {
    fail(scope, 'internetFacing', true, `needs public subnets for the load balancer, and the VPC of ${cluster.node.path} has none`,
      'internetFacing: false (reachable from the VPC), or a VPC with public subnets');
  }
  if (!internetFacing) {
    try {
      peer = ec2.Peer.ipv4(cluster.vpcCidrBlock);
    } catch {
      fail(scope, 'internetFacing', false, `needs the VPC's CIDR block to admit the VPC, and the imported VPC of ${cluster.node.path} does not supply one`,
        'an imported VPC with vpcCidrBlock, or an internet-facing load balancer');
    }
  }
  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc: cluster.vpc,
    allowAllOutbound: false,
    description: fitText(`${scope.node.path}: the Network Load Balancer`, TEXT_LIMITS.securityGroup),
  });
  const port = listener.protocol === elbv2.Protocol.UDP ? ec2.Port.udp(listener.port) : ec2.Port.tcp(listener.port);
  securityGroup.addIngressRule(peer, port, internetFacing ? 'From anywhere' : 'From inside the VPC');
  if (internetFacing) {
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: `An internet-facing network service: its load balancer accepts ${listener.protocol} on ${listener.port} from anywhere, and nothing else`,
    });
  }
  const loadBalancer = new elbv2.NetworkLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing,
    vpcSubnets: internetFacing ? { subnetType: ec2.SubnetType.PUBLIC } : cluster.workloadSubnets,
    securityGroups: [securityGroup],
    crossZoneEnabled: options.crossZone,
    deletionProtection: options.deletionProtection ?? false,
  });
  let accessLogsBucket: s3.IBucket | undefined;
  if (tls) {
    accessLogsBucket = enableAccessLogs(scope, loadBalancer, options.accessLogsBucket, logPrefix, 'stack');
  } else {
    Validations.of(loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: `A ${listener.protocol} listener: Network Load Balancers write access logs only for TLS connections, so a log bucket would stay empty`,
    });
  }
  return { loadBalancer, securityGroup, accessLogsBucket };
}
