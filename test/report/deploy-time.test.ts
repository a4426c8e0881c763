import { linearSteps } from '../../lib/report/deploy-time';
import { reportOf, webService } from './assembly-fixture';

const fastTargets = {
  HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2,
  TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
};

function deployOf(options: Parameters<typeof webService>[0]) {
  const report = reportOf(webService(options));
  return { deploy: report.stacks[0].deploys[0], findings: report.stacks[0].findings };
}

describe('rolling deploys wait on the load balancer\'s settings', () => {
  test('Elastic Load Balancing\'s defaults: 5 x 30 s health checks + 300 s deregistration = 450 s', () => {
    const { deploy } = deployOf({ desiredCount: 1, targetGroup: {} });
    expect(deploy).toMatchObject({ strategy: 'ROLLING', seconds: 450, batches: 1 });
    expect(deploy.waitsOn).toContain('Targets: 5 x 30 s health checks + 300 s deregistration delay');
  });

  test('this library\'s defaults: 2 x 10 s + 30 s = 50 s', () => {
    expect(deployOf({ desiredCount: 2, targetGroup: fastTargets }).deploy).toMatchObject({ seconds: 50, batches: 1 });
  });

  test('batches follow MinimumHealthyPercent and MaximumPercent: 4 tasks at 50 % / 100 % go 2 at a time', () => {
    const { deploy } = deployOf({
      desiredCount: 4, targetGroup: fastTargets, deploymentConfiguration: { MinimumHealthyPercent: 50, MaximumPercent: 100 },
    });
    expect(deploy).toMatchObject({ seconds: 100, batches: 2 });
  });

  test('100 % / 100 % leaves no room to replace a task: reported as an error', () => {
    const { deploy, findings } = deployOf({ desiredCount: 2, deploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 100 } });
    expect(deploy.seconds).toBeUndefined();
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'deploy', message: expect.stringMatching(/cannot progress/) }));
  });

  test('a service without a load balancer waits on its tasks only', () => {
    const { deploy } = deployOf({ desiredCount: 1 });
    expect(deploy.seconds).toBe(0);
    expect(deploy.waitsOn).toContain('new tasks reaching RUNNING (not modelled)');
  });
});

describe('progressive deploys add their bake times from the template', () => {
  test('CANARY: healthy, canary bake, bake, then the old set drains', () => {
    const { deploy } = deployOf({
      desiredCount: 2, targetGroup: fastTargets,
      deploymentConfiguration: { Strategy: 'CANARY', BakeTimeInMinutes: 5, CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 } },
    });
    expect(deploy).toMatchObject({ strategy: 'CANARY', seconds: 20 + 10 * 60 + 30 });
    expect(deploy.waitsOn).toContain('10 % of traffic for 5 min (canary bake), then the rest');
  });

  test('LINEAR: steps counted as CloudFormation counts them (no wait after the last)', () => {
    const { deploy } = deployOf({
      desiredCount: 2, targetGroup: fastTargets,
      deploymentConfiguration: { Strategy: 'LINEAR', BakeTimeInMinutes: 5, LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 3 } },
    });
    expect(deploy).toMatchObject({ strategy: 'LINEAR', seconds: 20 + (3 * 3 + 5) * 60 + 30 });
    expect([linearSteps(25), linearSteps(10), linearSteps(11), linearSteps(33), linearSteps(100)]).toEqual([3, 9, 9, 3, 0]);
  });

  test('LINEAR and CANARY without settings use ECS\'s defaults (10 % steps of 6 min; 10 min canary)', () => {
    const linear = deployOf({ desiredCount: 1, targetGroup: fastTargets, deploymentConfiguration: { Strategy: 'LINEAR', BakeTimeInMinutes: 0 } });
    expect(linear.deploy.seconds).toBe(20 + 9 * 6 * 60 + 30);
    const canary = deployOf({ desiredCount: 1, targetGroup: fastTargets, deploymentConfiguration: { Strategy: 'CANARY', BakeTimeInMinutes: 0 } });
    expect(canary.deploy.seconds).toBe(20 + 10 * 60 + 30);
  });

  test('BLUE_GREEN: bake time only; an unset bake time is said to be unset', () => {
    const set = deployOf({ desiredCount: 1, targetGroup: fastTargets, deploymentConfiguration: { Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 } });
    expect(set.deploy.seconds).toBe(20 + 300 + 30);
    const unset = deployOf({ desiredCount: 1, targetGroup: fastTargets, deploymentConfiguration: { Strategy: 'BLUE_GREEN' } });
    expect(unset.deploy.waitsOn).toContainEqual(expect.stringMatching(/^BakeTimeInMinutes not set/));
  });

  test('bake times over CloudFormation\'s 33 hours are an error', () => {
    const { findings } = deployOf({
      desiredCount: 1, deploymentConfiguration: { Strategy: 'CANARY', BakeTimeInMinutes: 1440, CanaryConfiguration: { CanaryBakeTimeInMinutes: 600 } },
    });
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(/2040 min: CloudFormation refuses/) }));
  });

  test('a CODE_DEPLOY service is named, not timed', () => {
    const resources = webService({ desiredCount: 1 }) as any;
    resources.Service.Properties.DeploymentController = { Type: 'CODE_DEPLOY' };
    const deploy = reportOf(resources).stacks[0].deploys[0];
    expect(deploy).toMatchObject({ strategy: 'CODE_DEPLOY', seconds: undefined });
  });
});
