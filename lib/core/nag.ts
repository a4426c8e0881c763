import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Records an acknowledgment of a cdk-nag finding on a construct, the way `Validations.acknowledge`
 * does. Used for finding ids that name a resource ARN: `Validations.acknowledge` refuses ids with
 * more than one `::`, and every ARN cdk-nag prints contains `<AWS::AccountId>` or `<AWS::Partition>`.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for the wildcard resources of a role's default policy whose
 * statements allow only `actions` (ids computed the way cdk-nag prints them), with one reason.
 * Called once the statements are in place; statements with other actions stay visible to cdk-nag.
 */
export function acknowledgeWildcardResources(role: iam.IRole, actions: string[], reason: string): void {
  acknowledgeWildcardResourcesNow(role, actions, reason);
  // Again once the app is prepared: a resource from another stack is a Ref at construction and an
  // Fn::ImportValue in the synthesized template, and cdk-nag's finding id names the latter.
  role.node.addValidation({
    validate: () => {
      acknowledgeWildcardResourcesNow(role, actions, reason);
      return [];
    },
  });
}

function acknowledgeWildcardResourcesNow(role: iam.IRole, actions: string[], reason: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (!policy) return;
  const document = Stack.of(role).resolve(policy.document.toJSON()) as { Statement?: Array<Record<string, unknown>> } | undefined;
  for (const statement of document?.Statement ?? []) {
    const statementActions = ([] as unknown[]).concat(statement.Action ?? []);
    if (statement.Effect !== 'Allow' || !statementActions.every(a => typeof a === 'string' && actions.includes(a))) continue;
    for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
      const flat = flattenReference(resource);
      if (flat.includes('*')) acknowledgeFinding(role, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
    }
  }
}

/**
 * Acknowledges AwsSolutions-IAM5 for each wildcard resource of a role's inline policies (ids computed
 * the way cdk-nag prints them), with one reason. Run at synthesis, once lazy ARNs (a cluster's) resolve.
 */
export function acknowledgeInlineWildcards(role: iam.Role, reason: string): void {
  role.node.addValidation({
    validate: () => {
      const cfn = role.node.defaultChild as iam.CfnRole;
      const policies = Stack.of(role).resolve(cfn.policies) as Array<Record<string, unknown>> | undefined;
      for (const policy of policies ?? []) {
        const document = (policy.PolicyDocument ?? policy.policyDocument) as { Statement?: Array<Record<string, unknown>> } | undefined;
        for (const statement of document?.Statement ?? []) {
          if (statement.Effect !== 'Allow') continue;
          for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
            const flat = flattenReference(resource);
            if (flat.includes('*')) acknowledgeFinding(role, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
          }
        }
      }
      return [];
    },
  });
}

/** cdk-nag's rendering of a CloudFormation value in a finding id (utils/flatten-cfn-reference in cdk-nag 3). */
function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (value['Fn::Sub']) return flattenReference(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (value['Fn::ImportValue']) return flattenReference(value['Fn::ImportValue']);
  if (value.Ref) return `<${flattenReference(value.Ref)}>`;
  return JSON.stringify(node);
}
