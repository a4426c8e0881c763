import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CapacityPool, ImageRepository, PlatformCluster } from '../../lib';
import { definitionOf } from '../registry/state-machine-runner';
import { testStack } from '../util';

/** A stack with a cluster, an x86 pool of t3.small/t3a.small, an arm64 pool and a repository. */
export interface Fixture {
  readonly stack: Stack;
  readonly cluster: PlatformCluster;
  readonly pool: CapacityPool;
  readonly armPool: CapacityPool;
  readonly repository: ImageRepository;
}

export function fixture(): Fixture {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small'), new ec2.InstanceType('t3a.small')] });
  const armPool = cluster.addCapacityPool('ArmPool', { instanceTypes: [new ec2.InstanceType('m7g.large')] });
  const repository = new ImageRepository(stack, 'Repository');
  return { stack, cluster, pool, armPool, repository };
}

/** The one resource of a type whose logical ID starts with a prefix. */
export function resource(stack: Stack, type: string, prefix: string): any {
  const found = Object.entries(Template.fromStack(stack).findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0][1];
}

/** The main container of a workload's task definition. */
export function mainContainer(stack: Stack, prefix: string): any {
  return resource(stack, 'AWS::ECS::TaskDefinition', prefix).Properties.ContainerDefinitions.find((c: any) => c.Name === 'app');
}

/** The RunTask arguments of a ScheduledTask's job flow (Refs flattened to `<LogicalId>`). */
export function runTaskArgs(stack: Stack, prefix: string): any {
  const definition = definitionOf(Template.fromStack(stack).toJSON() as Parameters<typeof definitionOf>[0], `${prefix}Runs`);
  return (definition.States.RunJob as any).Arguments;
}
