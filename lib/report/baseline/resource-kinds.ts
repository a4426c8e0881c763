import { REPLACEMENT_SPEC } from './replacement-spec';

/**
 * What the baseline comparison marks, in one place (README, "Know before you deploy", lists them):
 * replacing or deleting one of these loses data or drops traffic, so `--fail-on replace` refuses it.
 */
export type Marking = 'stateful' | 'traffic-serving';

/** Resources that hold data: a new one starts empty (a new repository has no image, a new key cannot decrypt the old data). */
const STATEFUL = new Set([
  'AWS::Backup::BackupVault',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::EC2::Volume',
  'AWS::ECR::Repository',
  'AWS::EFS::FileSystem',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Kinesis::Stream',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::SQS::Queue',
  // Written at run time too: this library's releases record the image tag and their status in SSM parameters.
  'AWS::SSM::Parameter',
]);

/** Resources that serve or route traffic: a new one has a new address, new targets or no tasks until it is ready. */
const TRAFFIC_SERVING = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::CertificateManager::Certificate',
  'AWS::CloudFront::Distribution',
  'AWS::EC2::EIP',
  'AWS::ECS::Service',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::Route53::HostedZone',
  'AWS::Route53::RecordSet',
  'AWS::Route53::RecordSetGroup',
  'AWS::ServiceDiscovery::HttpNamespace',
  'AWS::ServiceDiscovery::PrivateDnsNamespace',
  'AWS::ServiceDiscovery::PublicDnsNamespace',
  'AWS::ServiceDiscovery::Service',
]);

/** Whether a resource type holds data, serves traffic, or neither. */
export function markingOf(type: string): Marking | undefined {
  return STATEFUL.has(type) ? 'stateful' : TRAFFIC_SERVING.has(type) ? 'traffic-serving' : undefined;
}

/** The marked types, for README and tests. */
export const MARKED_TYPES: { readonly [K in Marking]: readonly string[] } = {
  'stateful': [...STATEFUL],
  'traffic-serving': [...TRAFFIC_SERVING],
};

/** How a change of a property affects the resource: `yes` replaces it, `maybe` replaces it for some values. */
export type Replaces = 'yes' | 'maybe';

const parsed = new Map<string, Map<string, Map<string, Replaces>>>();

/**
 * The top-level properties whose change replaces a resource of `type`, from the resource
 * specification (lib/report/replacement-spec.ts); undefined for a type the specification does not
 * know (a custom resource, a third-party type, a type newer than the table).
 */
export function replacingProperties(type: string): ReadonlyMap<string, Replaces> | undefined {
  const match = /^(.+)::([^:]+)$/.exec(type);
  if (!match) return undefined;
  const [, namespace, name] = match;
  if (!parsed.has(namespace)) {
    const types = new Map<string, Map<string, Replaces>>();
    for (const entry of (REPLACEMENT_SPEC[namespace] ?? '').split(';').filter(e => e !== '')) {
      const [typeName, properties] = entry.split(':');
      types.set(typeName, new Map(properties.split(',').filter(p => p !== '')
        .map((p): [string, Replaces] => p.endsWith('?') ? [p.slice(0, -1), 'maybe'] : [p, 'yes'])));
    }
    parsed.set(namespace, types);
  }
  return parsed.get(namespace)!.get(name);
}
