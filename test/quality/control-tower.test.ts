import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildSampleApp } from '../../bin/sample-app';
import { testApp } from '../util';
import { controlTowerFindings, DISABLED_CONTROL_TOWER_RULES, DISABLED_FOR_IMPORTED_KEYS } from './gates';

// Control Tower's proactive controls, run by cfn-guard (bundled in @cdklabs/cdk-validator-cfnguard),
// over the sample stacks. The rules that are disabled are listed with their reasons in ./gates.ts.
const linuxOnly = process.platform === 'win32' ? describe.skip : describe;

linuxOnly('Control Tower proactive controls', () => {
  test('pass on every sample stack', () => {
    const stacks = buildSampleApp(testApp({ gitHubRepository: 'acme/shop' }));
    const exceptions = (stack: unknown) => (stack === stacks.services ? Object.keys(DISABLED_FOR_IMPORTED_KEYS) : []);
    expect(controlTowerFindings(Object.values(stacks), exceptions)).toEqual([]);
  });

  test('every disabled rule has a reason', () => {
    for (const reason of [...Object.values(DISABLED_CONTROL_TOWER_RULES), ...Object.values(DISABLED_FOR_IMPORTED_KEYS)]) {
      expect(reason.length).toBeGreaterThan(30);
    }
  });

  test('the gate fires: plain aws-cdk-lib defaults fail CT.ECS.PR.3, CT.ECS.PR.6 and the log group rules', () => {
    const app = testApp();
    const stack = new Stack(app, 'Negative');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      memoryLimitMiB: 512,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    });
    const findings = controlTowerFindings([stack]);
    expect(findings.sort()).toEqual([
      // LogDrivers.awsLogs() makes a log group that never expires and is not encrypted.
      'Negative cloudwatch_log_group_encrypted_check TaskappLogGroupE326ACBA',
      'Negative cloudwatch_log_group_retention_period_check TaskappLogGroupE326ACBA',
      'Negative ecs_containers_readonly_access_check Task79114B6B',
      'Negative ecs_task_definition_nonroot_user_check Task79114B6B',
    ]);
  });
});
