import { CfnResource } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { dropRedundantDependsOn } from '../../../core/dependencies';
import { acknowledgeWildcardResources } from '../../../core/nag';
import { fitText, TEXT_LIMITS } from '../../../core/text';

/** What a web service gets for ECS's blue/green, canary and linear deployments. */
export interface BlueGreenTargets {
  readonly primary: elbv2.ApplicationTargetGroup;
  readonly alternate: elbv2.ApplicationTargetGroup;
  readonly productionRule: elbv2.ApplicationListenerRule;
  readonly role: iam.Role;
}

/** Where a shared listener's production rule goes: the service's own rule, with its route. */
export interface SharedRule {
  readonly priority: number;
  readonly conditions: elbv2.ListenerCondition[];
}

/**
 * Two target groups behind a production listener rule that forwards to both (100/0), and the role
 * ECS assumes to move the weights and register tasks.
 *
 * On the service's own load balancer (no `shared`), the listener's default action forwards the same
 * way: ECS refuses listeners that mix forward and other actions, and the rule matches every path, so
 * the default is never reached. The primary group keeps the id `addTargets('Tasks')` gives it, so
 * switching from rolling keeps the target group.
 *
 * On a shared ingress (`shared`), the groups and the rule live in the service (its stack), the rule
 * has the service's route and priority, and the listener's default action is left alone; the ids are
 * those of the rolling case (`TargetGroup`, `Rule`), so switching strategies keeps both.
 */
export function createBlueGreenTargets(scope: Construct, listener: elbv2.IApplicationListener,
  props: elbv2.ApplicationTargetGroupProps, shared?: SharedRule): BlueGreenTargets {
  const parent = shared ? scope : listener;
  const primary = new elbv2.ApplicationTargetGroup(parent, shared ? 'TargetGroup' : 'TasksGroup', props);
  const alternate = new elbv2.ApplicationTargetGroup(parent, shared ? 'AlternateTargetGroup' : 'AlternateGroup', props);
  const forward = () => elbv2.ListenerAction.weightedForward([{ targetGroup: primary, weight: 100 }, { targetGroup: alternate, weight: 0 }]);
  if (!shared) listener.addAction('Default', { action: forward() });
  const productionRule = new elbv2.ApplicationListenerRule(parent, shared ? 'Rule' : 'ProductionRule', {
    listener,
    priority: shared?.priority ?? 1,
    conditions: shared?.conditions ?? [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: forward(),
  });

  // Least privilege, instead of AmazonECSInfrastructureRolePolicyForLoadBalancers (every target
  // group, listener and rule of the account): the same actions on this service's resources.
  const role = new iam.Role(scope, 'DeploymentRole', {
    // The trust policy AWS documents for the ECS infrastructure role, without conditions: it is not
    // documented that ECS sends aws:SourceAccount when it assumes the role, and without it every
    // progressive release would fail to start.
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: fitText(`${scope.node.path}: ECS moves traffic between the target groups during blue/green, canary and linear releases`, TEXT_LIMITS.iamRole),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    resources: [primary.targetGroupArn, alternate.targetGroupArn],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyListener'], resources: [listener.listenerArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyRule'], resources: [productionRule.listenerRuleArn] }));
  acknowledgeWildcardResources(role, ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
    'Elastic Load Balancing Describe* actions do not support resource-level permissions; every action that changes something is scoped to this service\'s target groups, listener and rule');
  return { primary, alternate, productionRule, role };
}

/** Registers the service's tasks with the primary group, and tells ECS the alternate group, rule and role. */
export function attachBlueGreen(service: ecs.BaseService, targets: BlueGreenTargets, containerName: string, containerPort: number): void {
  service.loadBalancerTarget({
    containerName,
    containerPort,
    alternateTarget: new ecs.AlternateTarget('Alternate', {
      alternateTargetGroup: targets.alternate,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(targets.productionRule),
      role: targets.role,
    }),
  }).attachToApplicationTargetGroup(targets.primary);
  // The service references both through its advanced configuration (W3005 otherwise).
  const cfnService = service.node.defaultChild as CfnResource;
  dropRedundantDependsOn(cfnService, targets.alternate.node.defaultChild as CfnResource);
  dropRedundantDependsOn(cfnService, targets.productionRule.node.defaultChild as CfnResource);
  // ECS uses the role from the service's creation on, and while it drains on deletion: the service is
  // created after the role's permissions and deleted before them (the RoleArn reference orders the role only).
  const policy = targets.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (policy instanceof CfnResource) cfnService.node.addDependency(policy);
}
