import { Annotations, Aws, CfnResource, Duration, Fn, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { dropRedundantDependsOn } from '../../core/dependencies';
import { checkIntegerRange, fail } from '../../core/errors';
import { publishValues } from '../../core/shared-values';
import { ImageReference } from '../../registry/image-reference';
import { Deployment } from '../deployment';
import type { ServiceConnectEndpoint } from '../service-port';
import type { ServiceOptions } from '../workload-options';
import type { WithCluster } from './app-environment';
import { refuseWithBridge } from './bridge';
import { validateDeployment, validateRollbackAlarms } from './deployment/deployment-rules';
import { scaleTaskCount, ScalingSupport, validateScaling } from './scaling';
import { connectService, validateCalls } from './service-connect';
import { admitToFileSystems } from './volumes';
import { taskShape, type WorkloadTask } from './workload-task';

/** What a web or worker service adds to its task. */
export interface BuiltService {
  readonly service: ecs.BaseService;
  readonly scaling?: ecs.ScalableTaskCount;
  readonly deployment: Deployment;
  /** Where callers reach the service through Service Connect, when it publishes a port. */
  readonly serviceConnectEndpoint?: ServiceConnectEndpoint;
}

/**
 * Creates the ECS service of a web or worker service: always an explicit capacity provider strategy,
 * circuit breaker with rollback, 100/200 percent rolling deploys (or ECS's blue/green, canary or
 * linear strategy), and a scalable task count that deploys do not reset. The caller adds the
 * deployment alarms, once it has built the resources they watch (see `enableRollback`), and the
 * scaling signals, once it has built what they read (`followScalingSignals`).
 */
export function createService(scope: Construct, task: WorkloadTask, props: WithCluster<ServiceOptions>, options: {
  defaultDesiredCount: number;
  healthCheckGracePeriod?: Duration;
  loadBalanced: boolean;
  /** The scaling signals the workload cannot follow, and why. */
  scalingSupport: ScalingSupport;
}): BuiltService {
  const deployment = props.deployment ?? Deployment.rolling();
  validateDeployment(scope, deployment, props, task, {
    loadBalanced: options.loadBalanced,
    desiredCount: props.desiredCount ?? options.defaultDesiredCount,
  });
  validateRollbackAlarms(scope, props.rollbackAlarms);
  validateCalls(scope, props.cluster, props.calls);
  if (props.calls && props.calls.length > 0) {
    refuseWithBridge(scope, props, 'calls', props.calls.map(callee => callee.node.path),
      'admits this service to its callees by the security group of its tasks',
      'calls with TaskNetworking.awsvpc() (the default), or bridge networking without calls');
  }
  if (deployment.isProgressive) {
    refuseWithBridge(scope, props, 'deployment', `Deployment.${deployment.kind}()`,
      'moves traffic between two target groups, which AWS documents for IP targets (awsvpc tasks) only',
      'Deployment.rolling() with bridge networking, or TaskNetworking.awsvpc() (the default) for this deployment');
  }
  const minHealthyPercent = props.minHealthyPercent ?? 100;
  const maxHealthyPercent = props.maxHealthyPercent ?? 200;
  checkIntegerRange(scope, 'minHealthyPercent', minHealthyPercent, 0, 100);
  // At minHealthyPercent 100, maxHealthyPercent 100 is refused below, so the range offered is 101 to 200.
  const maxOutOfRange = !Number.isInteger(maxHealthyPercent) || maxHealthyPercent < 100 || maxHealthyPercent > 200;
  if (minHealthyPercent === 100 && !Token.isUnresolved(maxHealthyPercent) && maxOutOfRange) {
    fail(scope, 'maxHealthyPercent', maxHealthyPercent, 'is out of range', 'a whole number from 101 to 200 (100 only with minHealthyPercent below 100)');
  }
  checkIntegerRange(scope, 'maxHealthyPercent', maxHealthyPercent, 100, 200);
  if (minHealthyPercent === 100 && maxHealthyPercent === 100) {
    fail(scope, 'maxHealthyPercent', 100, 'with minHealthyPercent 100 leaves a deploy no room to start or stop a task, so it never progresses',
      'maxHealthyPercent above 100, or minHealthyPercent below 100');
  }
  if (props.desiredCount !== undefined && props.scaling) {
    fail(scope, 'desiredCount', props.desiredCount, 'is set together with scaling, which owns the task count',
      'desiredCount without scaling, or scaling.minTasks and scaling.maxTasks');
  }
  checkIntegerRange(scope, 'desiredCount', props.desiredCount, 0, 5000);
  const scaling = props.scaling;
  if (scaling) validateScaling(scope, scaling, options.scalingSupport);
  const largestCount = scaling ? scaling.maxTasks : props.desiredCount ?? options.defaultDesiredCount;
  // A progressive deployment needs IP targets: bridge networking is no way out for it.
  const shape = { ...taskShape(task), bridgeable: task.bridgeable && !deployment.isProgressive };
  task.placement._capacity.checkCount(scope, shape, scaling ? 'scaling.maxTasks' : 'desiredCount', largestCount, !scaling && minHealthyPercent === 100 ? 1 : 0);
  task.placement._capacity.recordService({ scope, task: shape, count: largestCount });

  const { cluster } = props;
  const bridge = task.placement.networking.isBridge;
  // An image that is not pushed yet: no task starts, so the first deploy does not wait for one.
  let desiredCount = task.pendingImage ? 0 : scaling ? undefined : props.desiredCount ?? options.defaultDesiredCount;
  if (task.unreleased) {
    // Nothing released: 0. Released: the fixed count, or (with scaling) no count at all, so deploys
    // leave the running count to scaling (ECS keeps the count when the property is left out).
    desiredCount = Token.asNumber(Fn.conditionIf(task.unreleased.logicalId, 0, desiredCount ?? Aws.NO_VALUE));
  }
  if (task.pendingImage) {
    Annotations.of(scope).addWarningV2(ImageReference.PENDING_IMAGE_WARNING,
      `${scope.node.path}: the image is pending its first push, so this deploy sets the service to 0 tasks, also when it is running ` +
      '(a deploy that forgot a -c imageTag flag stops production). Use an ImageRelease (`new ImageRelease(stack, id, { repository })` and ' +
      '`image: release.image`): a deploy that names no version keeps what runs. If 0 tasks is what you mean, acknowledge this warning');
  }
  const common = {
    cluster: cluster.cluster,
    taskDefinition: task.taskDefinition,
    capacityProviderStrategies: task.strategies,
    desiredCount,
    minHealthyPercent,
    maxHealthyPercent,
    circuitBreaker: { enable: true, rollback: props.rollbackOnFailure ?? true },
    // Always sent, ROLLING included: a template that drops Strategy when a service goes back from a
    // progressive strategy leaves it to CloudFormation whether the strategy changes at all.
    deploymentStrategy: deployment.strategy,
    bakeTime: deployment.bake,
    canaryConfiguration: deployment.kind === 'canary' ? { stepPercent: deployment.percent, stepBakeTime: deployment.stepBake } : undefined,
    linearConfiguration: deployment.kind === 'linear' ? { stepPercent: deployment.percent, stepBakeTime: deployment.stepBake } : undefined,
    // Bridge tasks use their instance's network interface: no subnets, no security group of their own.
    vpcSubnets: bridge ? undefined : cluster.workloadSubnets,
    enableExecuteCommand: props.enableExecuteCommand,
    healthCheckGracePeriod: options.healthCheckGracePeriod,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    enableECSManagedTags: true,
  };
  const service = task.placement._capacity.createService(scope, 'Service', common);
  // The association registers the capacity providers the strategy names: create after it, delete before it.
  // (The service references the cluster itself, so that part of the dependency is dropped again.)
  const cfnService = service.node.defaultChild as CfnResource;
  cfnService.node.addDependency(cluster.cluster);
  dropRedundantDependsOn(cfnService, cluster.cluster.node.defaultChild as CfnResource);

  const serviceConnectEndpoint = connectService(scope, cluster, service, task.logGroup, task.port, props.calls);
  // In a service stack of an environment: callers in other stacks read the tasks' security group by name.
  if (!bridge) publishValues(scope, Object.fromEntries(service.connections.securityGroups.map((g, i) => [`SecurityGroupId${i || ''}`, g.securityGroupId])));

  // aws-cdk-lib's service granted ECS Exec to the task role.
  if (props.enableExecuteCommand) task.acknowledgeExecLogStreams();

  // A bridge service has no security group of its own: the file system admits the workload's pool (on EC2, always).
  admitToFileSystems(scope, task.fileSystems, bridge ? new ec2.Connections() : service.connections, task.placement, [service]);

  const scalableTaskCount = scaling && !task.pendingImage ? scaleTaskCount(service, task, scaling) : undefined;
  return { service, scaling: scalableTaskCount, deployment, serviceConnectEndpoint };
}

/** Makes the service's rollback alarms, and the user's, its deployment alarms: ECS rolls back when one fires. */
export function enableRollback(service: ecs.BaseService, alarms: cloudwatch.IAlarm[]): void {
  if (alarms.length === 0) return;
  // The literal name where there is one: `alarmName` is a Ref, which would make the service depend on the alarm.
  const names = alarms.map(alarm => {
    const cfn = alarm.node.defaultChild;
    return cfn instanceof cloudwatch.CfnAlarm && typeof cfn.alarmName === 'string' && !Token.isUnresolved(cfn.alarmName) ? cfn.alarmName : alarm.alarmName;
  });
  service.enableDeploymentAlarms(names, { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
}
