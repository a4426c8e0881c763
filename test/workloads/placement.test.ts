import { Duration } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Placement, PlacementConstraint, PlacementStrategy, ScheduledTask, WorkerService } from '../../lib';
import { fixture, resource, runTaskArgs } from './fixtures';

function worker(placement: (f: ReturnType<typeof fixture>) => Placement, minHealthyPercent?: number) {
  const f = fixture();
  new WorkerService(f.stack, 'Worker', { cluster: f.cluster, image: f.repository.imageByTag('v1'), placement: placement(f), desiredCount: 2, minHealthyPercent });
  return resource(f.stack, 'AWS::ECS::Service', 'WorkerService').Properties;
}
const build = (placement: (f: ReturnType<typeof fixture>) => Placement) => () => worker(placement);

describe('Placement on an EC2 pool', () => {
  test('spreads across zones, then packs by memory, when nothing is given (unchanged from before)', () => {
    const service = worker(f => Placement.ec2(f.pool));
    expect(service.PlacementStrategies).toEqual([{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }, { Type: 'binpack', Field: 'MEMORY' }]);
    expect(service.PlacementConstraints).toBeUndefined();
  });

  test('renders the strategies in the order given, and the constraints', () => {
    const service = worker(f => Placement.ec2(f.pool, {
      strategies: [PlacementStrategy.spreadAcrossInstances(), PlacementStrategy.binpackCpu(), PlacementStrategy.random()],
      constraints: [PlacementConstraint.distinctInstances(), PlacementConstraint.memberOf('attribute:ecs.instance-type =~ t3.*')],
    // One task per instance fills the pool's 2 instances: a rolling deploy must stop a task first.
    }), 50);
    expect(service.PlacementStrategies).toEqual([{ Type: 'spread', Field: 'instanceId' }, { Type: 'binpack', Field: 'CPU' }, { Type: 'random' }]);
    expect(service.PlacementConstraints).toEqual([
      { Type: 'distinctInstance' },
      { Type: 'memberOf', Expression: 'attribute:ecs.instance-type =~ t3.*' },
    ]);
  });

  test('gives a scheduled task its strategies and constraints only when given', () => {
    const f = fixture();
    const schedule = scheduler.ScheduleExpression.rate(Duration.days(1));
    const image = f.repository.imageByTag('v1');
    new ScheduledTask(f.stack, 'Plain', { cluster: f.cluster, image, placement: Placement.ec2(f.pool), schedule });
    new ScheduledTask(f.stack, 'Spread', {
      cluster: f.cluster, image, schedule,
      placement: Placement.ec2(f.pool, {
        strategies: [PlacementStrategy.spreadAcrossZones()], constraints: [PlacementConstraint.distinctInstances()],
      }),
    });
    const plain = runTaskArgs(f.stack, 'Plain');
    const spread = runTaskArgs(f.stack, 'Spread');
    expect(plain.PlacementStrategy).toBeUndefined();
    expect(spread.PlacementStrategy).toEqual([{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }]);
    expect(spread.PlacementConstraints).toEqual([{ Type: 'distinctInstance' }]);
  });

  test.each([
    ['no strategy', { strategies: [] }, /^Stack\/Worker: placement Placement\.ec2 strategies \[\] is empty\. Allowed: one to five strategies/],
    ['six strategies', {
      strategies: [PlacementStrategy.spreadAcrossZones(), PlacementStrategy.spreadAcrossInstances(), PlacementStrategy.binpackCpu(),
        PlacementStrategy.binpackMemory(), PlacementStrategy.random(), PlacementStrategy.spreadAcrossZones()],
    }, /placement Placement\.ec2 strategies .* has 6 strategies\. Allowed: at most 5 \(ECS's limit\)/],
    ['a strategy twice', { strategies: [PlacementStrategy.binpackMemory(), PlacementStrategy.binpackMemory()] },
      /names PlacementStrategy\.binpackMemory\(\) twice\. Allowed: each strategy once/],
    ['strategies after random', { strategies: [PlacementStrategy.random(), PlacementStrategy.binpackMemory()] },
      /has strategies after PlacementStrategy\.random\(\), which never apply .*Allowed: PlacementStrategy\.random\(\) last, or not at all/],
    ['eleven constraints', { constraints: Array.from({ length: 11 }, (_, i) => PlacementConstraint.memberOf(`attribute:rack == r${i}`)) },
      /placement Placement\.ec2 constraints .* has 11 constraints\. Allowed: at most 10/],
    ['distinct instances twice', { constraints: [PlacementConstraint.distinctInstances(), PlacementConstraint.distinctInstances()] },
      /names PlacementConstraint\.distinctInstances\(\) twice/],
    ['an empty expression', { constraints: [PlacementConstraint.memberOf(' ')] }, /constraints " " is not a cluster query expression\. Allowed: 1 to 2000 characters/],
    ['unbalanced brackets', { constraints: [PlacementConstraint.memberOf('attribute:ecs.availability-zone in [us-east-1a, us-east-1b')] },
      /has unbalanced parentheses or brackets/],
  ])('refuses %s at synth', (_title, options, message) => {
    expect(build(f => Placement.ec2(f.pool, options))).toThrow(message);
  });
});
