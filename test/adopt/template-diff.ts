/**
 * What CloudFormation would do between two templates of one stack, from their logical IDs, types and the
 * properties whose change replaces a resource ("Update requires: Replacement" in the CloudFormation
 * template reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
 * A small table for the resource types of the migration recipe, not a general tool.
 */
const REPLACED_BY: Record<string, string[]> = {
  'AWS::CertificateManager::Certificate': ['DomainName', 'SubjectAlternativeNames', 'DomainValidationOptions', 'ValidationMethod', 'CertificateAuthorityArn', 'KeyAlgorithm'],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
  'AWS::ECR::Repository': ['RepositoryName', 'EncryptionConfiguration'],
  'AWS::ECS::Cluster': ['ClusterName'],
  // Moving between a launch type and a capacity provider strategy replaces the service (aws/aws-cdk#24961).
  'AWS::ECS::Service': ['Cluster', 'LaunchType', 'ServiceName', 'Role', 'SchedulingStrategy', 'DeploymentController'],
  // Every property change makes a new revision (a new resource); the service then rolls to it.
  'AWS::ECS::TaskDefinition': ['*'],
  'AWS::ElasticLoadBalancingV2::Listener': ['LoadBalancerArn'],
  'AWS::ElasticLoadBalancingV2::ListenerRule': ['ListenerArn'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name', 'Scheme', 'Type'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['Name', 'Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId'],
  'AWS::Route53::RecordSet': ['Name', 'HostedZoneId', 'HostedZoneName', 'Type', 'SetIdentifier'],
};

/** Resources of a template, by logical ID. */
export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;

/** Logical IDs (with their types) that a deploy of `after` over `before` adds, deletes, replaces and updates in place. */
export interface StepChanges {
  readonly added: string[];
  readonly deleted: string[];
  readonly replaced: string[];
  readonly updated: string[];
}

/** Compares the resources of two templates of the same stack. */
export function changesBetween(before: Resources, after: Resources): StepChanges {
  const name = (id: string, type: string) => `${type} ${id}`;
  const added: string[] = [];
  const deleted: string[] = [];
  const replaced: string[] = [];
  const updated: string[] = [];
  for (const [id, resource] of Object.entries(after)) {
    const old = before[id];
    if (!old) {
      added.push(name(id, resource.Type));
    } else if (old.Type !== resource.Type) {
      replaced.push(name(id, resource.Type));
    } else if (JSON.stringify(old.Properties ?? {}) !== JSON.stringify(resource.Properties ?? {})) {
      const keys = new Set([...Object.keys(old.Properties ?? {}), ...Object.keys(resource.Properties ?? {})]);
      const changed = [...keys].filter(k => JSON.stringify(old.Properties?.[k]) !== JSON.stringify(resource.Properties?.[k]));
      const replacing = REPLACED_BY[resource.Type] ?? [];
      (changed.some(k => replacing.includes('*') || replacing.includes(k)) ? replaced : updated).push(name(id, resource.Type));
    }
  }
  for (const [id, resource] of Object.entries(before)) {
    if (!after[id]) deleted.push(name(id, resource.Type));
  }
  return { added: added.sort(), deleted: deleted.sort(), replaced: replaced.sort(), updated: updated.sort() };
}
