import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';

/**
 * Renders a resource's DependsOn without `target`, which the resource already references through a
 * Ref or Fn::GetAtt (AWS's CloudFormation validator warns about the redundant entry, W3005).
 * The other dependencies are kept, computed when the template is written.
 */
export function dropRedundantDependsOn(resource: CfnResource, target: CfnResource): void {
  resource.addOverride('DependsOn', Lazy.any({
    produce: () => {
      const kept = resource.obtainDependencies()
        .filter((dependency): dependency is CfnResource => dependency instanceof CfnResource)
        .filter(dependency => dependency !== target && Stack.of(dependency) === Stack.of(resource))
        .sort((a, b) => a.node.path.localeCompare(b.node.path));
      return kept.length > 0 ? kept.map(dependency => dependency.logicalId) : undefined;
    },
  }));
}
