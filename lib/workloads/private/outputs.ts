import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ClusterContext } from '../../cluster/cluster-reference';

/** What a workload of an environment prints after `cdk deploy`, to find it and look at it. */
export interface WorkloadOutputs {
  readonly cluster: ClusterContext;
  readonly logGroup: logs.ILogGroup;
  readonly container: ecs.ContainerDefinition;
  /** The URL of a web or network service. */
  readonly url?: string;
  /** The Service Connect address callers use (`api:8080`). */
  readonly serviceConnectAddress?: string;
  /** The ECS service (none for a scheduled task). */
  readonly service?: ecs.BaseService;
  /** The task definition, for a scheduled task (a run started by hand names it). */
  readonly taskDefinition?: ecs.TaskDefinition;
}

/**
 * Stack outputs of a workload that runs in an environment: its URL or Service Connect address, the
 * cluster and service (or task definition), the log group and the image it runs. Their keys start with
 * the workload's path below its stack (`WebUrl`, `WebServiceName`, `WebLogGroup`, `WebImage`), so
 * `aws cloudformation describe-stacks` finds them by name.
 */
export function addWorkloadOutputs(scope: Construct, outputs: WorkloadOutputs): void {
  const stack = Stack.of(scope);
  const prefix = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id.replace(/[^A-Za-z0-9]/g, '')).join('');
  const output = (key: string, value: string, description: string) => {
    const cfn = new CfnOutput(scope, `Output${key}`, { value, description: `${scope.node.path}: ${description}` });
    cfn.overrideLogicalId(`${prefix}${key}`);
  };
  if (outputs.url) output('Url', outputs.url, 'where clients reach it');
  if (outputs.serviceConnectAddress) output('ServiceConnect', outputs.serviceConnectAddress, 'where other services of the environment call it (Service Connect)');
  output('Cluster', outputs.cluster.cluster.clusterName, 'the ECS cluster');
  if (outputs.service) output('ServiceName', outputs.service.serviceName, 'the ECS service');
  if (outputs.taskDefinition) output('TaskDefinition', outputs.taskDefinition.taskDefinitionArn, 'the task definition a run starts');
  output('LogGroup', outputs.logGroup.logGroupName, 'the log group of its containers');
  output('Image', outputs.container.imageName, 'the image it runs');
}
