import { AssemblyStack } from '../assembly';
import { Finding } from '../checks';
import { arr, get, obj, str } from '../json';

/** ECS's strategies that move traffic between two target groups by rewriting a listener rule's weights. */
const PROGRESSIVE = new Set(['BLUE_GREEN', 'CANARY', 'LINEAR']);

/** Finding codes that `--fail-on replace` fails on. */
export const REPLACE_CODES = new Set(['progressive-rule']);

/**
 * What deploying `current` over `baseline` (two cloud assemblies of one app) would do that a template
 * alone cannot show. Stacks are matched by artifact id.
 *
 * A progressive service's production listener rule: ECS moves its weights at every release, between
 * the primary and the alternate target group, and CloudFormation knows only the 100/0 of the template.
 * An update of the rule (its route, priority, target groups) or a switch of the service back to rolling
 * writes 100/0 (or a forward to the primary group) again: after an odd number of releases that sends
 * production traffic to the group ECS emptied (aws/aws-cdk#36649).
 */
export function compareWithBaseline(baseline: AssemblyStack[], current: AssemblyStack[]): Finding[] {
  const findings: Finding[] = [];
  const before = new Map(baseline.map(s => [s.id, s]));
  for (const stack of current) {
    const old = before.get(stack.id);
    if (!old) continue;
    const oldResources = obj(old.template.Resources);
    const newResources = obj(stack.template.Resources);
    for (const [serviceId, service] of Object.entries(oldResources)) {
      if (get(service, 'Type') !== 'AWS::ECS::Service') continue;
      const strategy = str(get(service, 'Properties', 'DeploymentConfiguration', 'Strategy'));
      if (!strategy || !PROGRESSIVE.has(strategy)) continue;
      const rules = arr(get(service, 'Properties', 'LoadBalancers'))
        .map(lb => str(get(lb, 'AdvancedConfiguration', 'ProductionListenerRule', 'Ref')))
        .filter((id): id is string => id !== undefined);
      const now = newResources[serviceId];
      const nowStrategy = str(get(now, 'Properties', 'DeploymentConfiguration', 'Strategy')) ?? 'ROLLING';
      const hazard = (resource: string, what: string) => findings.push({
        stackId: stack.id, severity: 'error', code: 'progressive-rule', resource,
        message: `${serviceId} (${strategy}): ${what}. ECS moves that rule's weights at every release and CloudFormation writes its own ` +
          '(all traffic to the primary target group): after an odd number of releases, production traffic goes to the target group ' +
          'ECS emptied. Before deploying, check that the primary group has the traffic (aws elbv2 describe-rules --rule-arns <rule>); ' +
          'if not, release once more first',
      });
      if (now && nowStrategy === strategy) {
        for (const rule of rules) {
          const oldRule = oldResources[rule];
          const newRule = newResources[rule];
          const changed = newRule ? changedKeys(obj(get(oldRule, 'Properties')), obj(get(newRule, 'Properties'))) : [];
          if (!newRule) hazard(rule, `its production listener rule ${rule} is removed`);
          else if (changed.length > 0) hazard(rule, `its production listener rule ${rule} changes (${changed.join(', ')})`);
        }
      } else if (now) {
        hazard(serviceId, `goes from ${strategy} to ${nowStrategy}, which rewrites its listener rule`);
      }
    }
  }
  return findings;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(k => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
