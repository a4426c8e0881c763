import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';

const dropped = new WeakMap<CfnResource, Set<CfnResource>>();

/**
 * Renders a resource's DependsOn without `target`, which the resource already references through a
 * Ref or Fn::GetAtt (AWS's CloudFormation validator warns about the redundant entry, W3005).
 * The other dependencies are kept, computed when the template is written.
 */
export function dropRedundantDependsOn(resource: CfnResource, target: CfnResource): void {
  let targets = dropped.get(resource);
  if (!targets) {
    const excluded = new Set<CfnResource>();
    targets = excluded;
    dropped.set(resource, excluded);
    resource.addOverride('DependsOn', Lazy.any({
      produce: () => {
        const kept = resource.obtainDependencies()
          .filter((dependency): dependency is CfnResource => dependency instanceof CfnResource)
          .filter(dependency => !excluded.has(dependency) && Stack.of(dependency) === Stack.of(resource))
          .sort((a, b) => a.node.path.localeCompare(b.node.path));
        return kept.length > 0 ? kept.map(dependency => dependency.logicalId) : undefined;
      },
    }));
  }
  targets.add(target);
}
