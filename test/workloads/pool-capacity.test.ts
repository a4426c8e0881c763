import { App, Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  CapacityPoolOptions, Deployment, ImageRepository, Placement, PlacementConstraint, PlatformCluster, ScheduledTask, WorkerService, WorkerServiceProps,
} from '../../lib';
import { enisPerTask, TaskShape } from '../../lib/cluster/private/pool-capacity';
import { instanceEnis, taskEniSlots } from '../../lib/data/instance-enis';
import { instanceFit } from '../../lib/data/instance-fit';
import { testStack } from '../util';

const small: TaskShape = { cpu: 256, memoryMiB: 512, enis: 1, distinctInstance: false, bridgeable: true };

/** A stack with a cluster, one pool and a worker on it. */
type PoolSetup = Partial<CapacityPoolOptions> & { types: string[] };
function worker(pool: PoolSetup, props: Partial<WorkerServiceProps> = {}, placement: { distinct?: boolean } = {}) {
  const stack = testStack();
  const cluster = new PlatformCluster(stack, 'Cluster');
  const { types, ...options } = pool;
  const capacity = cluster.addCapacityPool('Pool', { instanceTypes: types.map(t => new ec2.InstanceType(t)), ...options });
  const repository = new ImageRepository(stack, 'Repository');
  const constraints = placement.distinct ? [PlacementConstraint.distinctInstances()] : undefined;
  const service = new WorkerService(stack, 'Worker', {
    cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(capacity, { constraints }), ...props,
  });
  return { stack, pool: capacity, service };
}

describe('the ENI table', () => {
  // Spot checks against the sources cited in lib/data/instance-enis.ts.
  test.each([
    ['t3.micro', 2, undefined], // EC2: 2 network interfaces; burstable types have no trunking
    ['t3.small', 3, undefined],
    ['t3a.small', 2, undefined], // one fewer than t3.small
    ['t4g.nano', 2, undefined],
    ['m5.large', 3, 10], // ECS: 2 tasks without trunking, 10 with
    ['c5.large', 3, 10], // ECS's own example: "a c5.large ... launch ten tasks ... instead of ... two"
    ['m6g.medium', 2, 4],
    ['m6i.4xlarge', 8, 60],
    ['m6i.8xlarge', 8, 90],
    ['c6g.xlarge', 4, 20],
    ['r6i.2xlarge', 4, 40],
    ['m7i.large', 3, undefined], // after the cited ECS table: counted without trunking
  ])('%s has %d ENIs and %s task ENIs with trunking', (type, maxEnis, trunk) => {
    expect(instanceEnis(type)).toEqual({ maxEnis, trunkTaskEnis: trunk });
  });

  test('every family README suggests and every type the examples use is in the table, large to 4xlarge', () => {
    for (const family of ['m5', 'm5a', 'm6i', 'm6a', 'm6g', 'm7g', 'm7i', 'c5', 'c6i', 'c6g', 'c7g', 'r5', 'r6i', 'r6g']) {
      for (const size of ['large', 'xlarge', '2xlarge', '4xlarge']) expect(instanceEnis(`${family}.${size}`)).toBeDefined();
    }
    for (const family of ['t3', 't3a', 't4g']) {
      for (const size of ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']) expect(instanceEnis(`${family}.${size}`)).toBeDefined();
    }
    for (const type of ['t3a.micro', 'm7g.large', 'm6g.large', 'c7g.large', 'c6g.large', 'm6a.large', 'm7i.large', 'g5g.xlarge']) {
      expect(instanceEnis(type)).toBeDefined();
    }
  });

  test('without trunking a task gets every ENI but the instance\'s own; with it, the trunk\'s where the type supports it', () => {
    expect(taskEniSlots('m5.large', false)).toEqual({ slots: 2, trunked: false });
    expect(taskEniSlots('m5.large', true)).toEqual({ slots: 10, trunked: true });
    expect(taskEniSlots('t3.large', true)).toEqual({ slots: 2, trunked: false });
    expect(taskEniSlots('x2idn.large', false)).toBeUndefined();
  });

  test('only awsvpc tasks take an ENI', () => {
    expect(enisPerTask(ecs.NetworkMode.AWS_VPC)).toBe(1);
    expect(enisPerTask(ecs.NetworkMode.BRIDGE)).toBe(0);
    expect(enisPerTask(ecs.NetworkMode.HOST)).toBe(0);
  });
});

describe('tasks per instance', () => {
  test('ENI-bound: a t3.micro runs one small task however much room it has', () => {
    expect(instanceFit('t3.micro', small, false)).toMatchObject({ tasks: 1, eniBound: true, detail: '2 ENIs, 1 for the instance; CPU 2048/256 = 8, memory 993/512 = 1' });
    expect(instanceFit('m5.large', small, false)).toMatchObject({ tasks: 2, eniBound: true });
  });

  test('CPU-bound and memory-bound', () => {
    expect(instanceFit('m5.large', { ...small, cpu: 2048 }, true)).toMatchObject({ tasks: 1, eniBound: false });
    expect(instanceFit('m5.large', { ...small, memoryMiB: 4096 }, true)).toMatchObject({ tasks: 1, eniBound: false, detail: expect.stringContaining('memory 7946/4096 = 1') });
  });

  test('trunking raises the ENI limit to the trunk\'s, and then CPU or memory decide', () => {
    expect(instanceFit('m5.large', small, true)).toMatchObject({ tasks: 8, eniBound: false, detail: '10 task ENIs with trunking; CPU 2048/256 = 8, memory 7946/512 = 15' });
    expect(instanceFit('m5.xlarge', small, true)).toMatchObject({ tasks: 16 });
    expect(instanceFit('t3.large', small, true)).toMatchObject({ tasks: 2, detail: expect.stringContaining('3 ENIs, 1 for the instance, no trunking on this type') });
  });

  test('distinctInstances() caps it at one', () => {
    expect(instanceFit('m5.xlarge', { ...small, distinctInstance: true }, true)).toMatchObject({ tasks: 1, detail: expect.stringContaining('; 1 with PlacementConstraint.distinctInstances()') });
  });

  test('bridge tasks are not limited by ENIs', () => {
    expect(instanceFit('t3.micro', { ...small, memoryMiB: 128, enis: 0 }, false)).toMatchObject({ tasks: 7, eniBound: false });
  });
});

describe('a service whose tasks the pool cannot hold is refused', () => {
  test('the brief\'s case: six small tasks on two t3.micro', () => {
    expect(() => worker({ types: ['t3.micro'], maxInstances: 2 }, { desiredCount: 6 })).toThrow(
      'Stack/Worker: desiredCount 6 cannot be placed on pool Stack/Cluster/Pool: t3.micro runs 1 task (2 ENIs, 1 for the instance; CPU 2048/256 = 8, ' +
      'memory 993/512 = 1), x 2 instances at most (maxInstances) x 100 % target capacity = 2. ' +
      'Allowed: at most 1 task (a rolling deploy at minHealthyPercent 100 starts one more), or maxInstances of at least 6 on this pool, or larger instance types, ' +
      'or a type that supports ENI trunking (m5, m6i, m6g, c6g, r6i ..., not the burstable t3, t3a, t4g) with awsvpcTrunking.');
  });

  test('a mixed pool is counted as its smallest type (t3a.small has one ENI fewer than t3.small)', () => {
    expect(() => worker({ types: ['t3.small', 't3a.small'], maxInstances: 2 }, { desiredCount: 3 }))
      .toThrow(/desiredCount 3 cannot be placed on pool Stack\/Cluster\/Pool: t3a.small runs 1 task \(2 ENIs, 1 for the instance;/);
    // 4 fill the pool: a rolling deploy then stops a task first (minHealthyPercent below 100).
    worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4, minHealthyPercent: 50 });
  });

  test('the target capacity is part of the arithmetic', () => {
    expect(() => worker({ types: ['m5.large'], maxInstances: 3, targetCapacityPercent: 80 }, { scaling: { minTasks: 1, maxTasks: 5 } })).toThrow(
      /scaling.maxTasks 5 cannot be placed on pool .*: m5.large runs 2 tasks .* x 3 instances at most \(maxInstances\) x 80 % target capacity = 4\. Allowed: at most 4 tasks, or maxInstances of at least 4 on this pool, .*or awsvpcTrunking: true on the pool once the account setting is on \(m5.large then has 10 task ENIs\), or bridge networking \(Placement.ec2\(pool, \{ networking: TaskNetworking.bridge\(\) \}\)\), where tasks take no ENI, or a higher targetCapacityPercent\./);
    worker({ types: ['m5.large'], maxInstances: 3, targetCapacityPercent: 80 }, { scaling: { minTasks: 1, maxTasks: 4 } });
  });

  test('trunking declared on the pool lets the same pool hold more', () => {
    expect(() => worker({ types: ['m5.large'], maxInstances: 2 }, { desiredCount: 10 })).toThrow(/desiredCount 10 cannot be placed/);
    worker({ types: ['m5.large'], maxInstances: 2, awsvpcTrunking: true }, { desiredCount: 16, minHealthyPercent: 50 });
    expect(() => worker({ types: ['m5.large'], maxInstances: 2, awsvpcTrunking: true }, { desiredCount: 17 }))
      .toThrow(/m5.large runs 8 tasks \(10 task ENIs with trunking; CPU 2048\/256 = 8, memory 7946\/512 = 15\), x 2 instances .* = 16\. Allowed: at most 15 tasks \(a rolling deploy at minHealthyPercent 100 starts one more\), or maxInstances of at least 3/);
  });

  test('distinctInstances() allows one task per instance', () => {
    worker({ types: ['m5.large'], maxInstances: 3 }, { desiredCount: 3, minHealthyPercent: 50 }, { distinct: true });
    expect(() => worker({ types: ['m5.large'], maxInstances: 3 }, { desiredCount: 4 }, { distinct: true }))
      .toThrow(/m5.large runs 1 task \(3 ENIs, 1 for the instance; .*; 1 with PlacementConstraint.distinctInstances\(\)\), x 3 instances .* = 3\./);
  });

  test('a progressive release counts the ENIs too: two sets of tasks need twice the room', () => {
    expect(() => worker({ types: ['t3.micro'], maxInstances: 2 }, { desiredCount: 2, deployment: Deployment.blueGreen() }))
      .toThrow(/runs two full sets \(4 tasks\) during a release, and the pool holds at most 2 \(maxInstances 2 x 1 per instance\)/);
  });
});

describe('a rolling deploy that may stop no task first needs room for one task more than the count', () => {
  test('is refused when the pool, full at maxInstances, leaves no room for the new task, naming the numbers and the fixes', () => {
    // t3.small: 3 ENIs, 1 for the instance: 2 awsvpc tasks each, 4 on 2 instances; a deploy at 100 % needs 5.
    expect(() => worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4 })).toThrow(
      'Stack/Worker: minHealthyPercent 100 (the default) with desiredCount 4 lets a rolling deploy stop no task before it starts one, ' +
      'so it needs room for 5 tasks, and pool Stack/Cluster/Pool holds at most 4 (maxInstances 2 x 2 per instance; ' +
      't3.small: 3 ENIs, 1 for the instance; CPU 2048/256 = 8, memory 1986/512 = 3); the new task would wait for capacity and the deploy never progresses. ' +
      'Allowed: desiredCount of at most 3, or maxInstances of at least 3 on this pool, or minHealthyPercent of at most 75 (ECS then stops a task first), ' +
      'or larger instance types, or a type that supports ENI trunking (m5, m6i, m6g, c6g, r6i ..., not the burstable t3, t3a, t4g) with awsvpcTrunking, ' +
      'or bridge networking (Placement.ec2(pool, { networking: TaskNetworking.bridge() })), where tasks take no ENI.');
    // The boundary: room for exactly one task more than the count.
    worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 3 });
    worker({ types: ['t3.small'], maxInstances: 3 }, { desiredCount: 4 });
  });

  test('minHealthyPercent that lets ECS stop a task first passes; ECS rounds the healthy minimum up', () => {
    expect(() => worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4, minHealthyPercent: 100 })).toThrow(/minHealthyPercent 100 with desiredCount 4 lets/);
    worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4, minHealthyPercent: 50 });
    worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4, minHealthyPercent: 75 });
    // 80 % of 4 is 3.2, which ECS rounds up to 4: no task may stop first.
    expect(() => worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 4, minHealthyPercent: 80 })).toThrow(/minHealthyPercent 80 with desiredCount 4 lets/);
    // One task: 50 % rounds up to 1, so only 0 stops it first.
    expect(() => worker({ types: ['t3.micro'], maxInstances: 1 }, { desiredCount: 1, minHealthyPercent: 50 }))
      .toThrow(/Allowed: maxInstances of at least 2 on this pool, or minHealthyPercent 0 \(ECS then stops the only task first: a gap in service\)/);
  });

  test('counts scaling.maxTasks, the pool\'s largest type, and names trunking where the type has it', () => {
    expect(() => worker({ types: ['m5.large'], maxInstances: 2 }, { scaling: { minTasks: 1, maxTasks: 4 } })).toThrow(
      /scaling.maxTasks 4 lets a rolling deploy .* holds at most 4 \(maxInstances 2 x 2 per instance; m5.large: 3 ENIs, 1 for the instance; .*Allowed: scaling.maxTasks of at most 3, .*or awsvpcTrunking: true on the pool once the account setting is on \(m5.large then has 10 task ENIs\), or bridge networking/);
    // t3a.small runs 1 (2 ENIs): two of them hold 2 tasks and no third. Next to t3.small (2 each), the room is counted on
    // the larger, as the progressive check does: refused only when no mix of the pool's types has room.
    expect(() => worker({ types: ['t3a.small'], maxInstances: 2 }, { desiredCount: 2 })).toThrow(/desiredCount 2 lets a rolling deploy .* holds at most 2 \(maxInstances 2 x 1 per instance; t3a.small: 2 ENIs/);
    worker({ types: ['t3.small', 't3a.small'], maxInstances: 2 }, { desiredCount: 2 });
  });

  test('a count the pool cannot hold at all gets the placement message; progressive releases keep their own check', () => {
    expect(() => worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 5 })).toThrow(/desiredCount 5 cannot be placed on pool/);
    expect(() => worker({ types: ['t3.small'], maxInstances: 2 }, { desiredCount: 2, deployment: Deployment.blueGreen() })).not.toThrow();
  });
});

describe('warnings', () => {
  test('a type whose size is known but ENIs are not: the check is skipped with a warning', () => {
    const { stack } = worker({ types: ['m5.24xlarge'], maxInstances: 1 }, { desiredCount: 1 });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('cannot count the task ENIs of instance types m5.24xlarge of pool Stack/Cluster/Pool'));
  });

  test('a type the library does not know at all: the size check warns, and the count is not checked', () => {
    const { stack } = worker({ types: ['x2idn.large'], maxInstances: 1 }, { desiredCount: 50 });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('fits instance types x2idn.large'));
  });

  test('trunking declared on burstable types gains nothing, and says so', () => {
    const { stack } = worker({ types: ['t3.large', 'm5.large'], awsvpcTrunking: true }, { desiredCount: 1 });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Pool', Match.stringLikeRegexp('instance types t3.large do not support ENI trunking'));
  });
});

describe('services sharing a pool', () => {
  function shared(counts: number[], pool: Partial<CapacityPoolOptions> = {}) {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const capacity = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.small')], maxInstances: 2, ...pool });
    const repository = new ImageRepository(stack, 'Repository');
    counts.forEach((desiredCount, i) => new WorkerService(stack, `Worker${i}`, {
      cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(capacity), desiredCount,
    }));
    return stack;
  }

  test('are refused at synth when their tasks together need more ENIs than the pool has, each fitting alone', () => {
    const stack = shared([2, 3]);
    expect(() => (stack.node.root as App).synth()).toThrow(
      /Stack\/Cluster\/Pool: workloads \["Stack\/Worker0 \(2 x 256 CPU units, 512 MiB\)","Stack\/Worker1 \(3 x 256 CPU units, 512 MiB\)"\] need 5 task ENIs together at their largest task counts, and the pool offers at most 4: t3.small 2 task ENIs x 2 instances at most \(maxInstances\) x 100 % target capacity\. Allowed: .*maxInstances of at least 3/);
  });

  test('pass when they fit together, and trunking or more instances make room', () => {
    (shared([2, 2]).node.root as App).synth();
    (shared([2, 3], { maxInstances: 3 }).node.root as App).synth();
    (shared([8, 8], { instanceTypes: [new ec2.InstanceType('m5.large')], awsvpcTrunking: true }).node.root as App).synth();
  });

  test('memory counts too: the sum of the tasks\' memory against the pool\'s', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('m5.large')], maxInstances: 1, awsvpcTrunking: true });
    const repository = new ImageRepository(stack, 'Repository');
    for (const id of ['A', 'B']) {
      new WorkerService(stack, id, { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), cpu: 256, memoryMiB: 3072, desiredCount: 2, minHealthyPercent: 50 });
    }
    expect(() => (stack.node.root as App).synth()).toThrow(/need 12288 MiB of memory together .* the pool offers at most 7946: m5.large 7946 MiB x 1 instances/);
  });
});

describe('scheduled tasks', () => {
  test('a run of more tasks than the pool holds is refused (taskCount)', () => {
    const stack = testStack();
    const cluster = new PlatformCluster(stack, 'Cluster');
    const pool = cluster.addCapacityPool('Pool', { instanceTypes: [new ec2.InstanceType('t3.micro')], maxInstances: 2 });
    const repository = new ImageRepository(stack, 'Repository');
    const props = { cluster, image: repository.imageByTag('v1'), placement: Placement.ec2(pool), schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)) };
    new ScheduledTask(stack, 'Fits', { ...props, taskCount: 2 });
    expect(() => new ScheduledTask(stack, 'Nightly', { ...props, taskCount: 3 }))
      .toThrow(/^Stack\/Nightly: taskCount 3 cannot be placed on pool Stack\/Cluster\/Pool: t3.micro runs 1 task .* = 2\./);
  });
});
