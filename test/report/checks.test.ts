import { buildReport } from '../../lib/report/report';
import { reportOf, webService, writeAssembly } from './assembly-fixture';

function many(count: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'topic '.repeat(20) } }]));
}

describe('limits: where each stack stands against CloudFormation\'s quotas', () => {
  test('resources, template bytes, outputs, parameters and mappings are counted', () => {
    const dir = writeAssembly([{
      id: 'Stack',
      template: { Resources: many(3), Outputs: { A: { Value: 'a' } }, Parameters: { P: { Type: 'String' } }, Mappings: {} },
    }]);
    const limits = buildReport(dir).stacks[0].limits;
    expect(limits.map(l => [l.name, l.used, l.limit, l.status])).toEqual([
      ['resources', 3, 500, 'ok'],
      ['template bytes', expect.any(Number), 1_000_000, 'ok'],
      ['outputs', 1, 200, 'ok'],
      ['parameters', 1, 200, 'ok'],
      ['mappings', 0, 200, 'ok'],
    ]);
  });

  test('over 500 resources is an error, 450 a warning, and a template over 51,200 bytes deploys through S3', () => {
    const over = reportOf(many(501)).stacks[0];
    expect(over.limits[0].status).toBe('over');
    expect(over.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'limit', message: 'resources: 501 of CloudFormation\'s 500: the deploy fails' }));
    expect(over.findings).toContainEqual(expect.objectContaining({ severity: 'info', message: expect.stringMatching(/over the 51200 bytes .* through S3/) }));
    expect(reportOf(many(450)).stacks[0].findings).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'limit' }));
    expect(reportOf(many(10)).stacks[0].findings).toEqual([]);
  });
});

describe('findings: services without a safety net', () => {
  test('no circuit breaker, and no deployment alarms', () => {
    const codes = reportOf(webService({ desiredCount: 1 })).stacks[0].findings.map(f => [f.code, f.severity]);
    expect(codes).toEqual([['no-circuit-breaker', 'warning'], ['no-deployment-alarms', 'info']]);
  });

  test('a circuit breaker without rollback still counts as missing', () => {
    const breaker = { DeploymentCircuitBreaker: { Enable: true, Rollback: false } };
    const findings = reportOf(webService({ desiredCount: 1, deploymentConfiguration: breaker })).stacks[0].findings;
    expect(findings[0].message).toMatch(/enabled without rollback/);
  });

  test('a circuit breaker with rollback and alarms that roll back: nothing to report', () => {
    const findings = reportOf(webService({
      desiredCount: 1,
      deploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, Alarms: { AlarmNames: ['Errors'], Enable: true, Rollback: true } },
    })).stacks[0].findings;
    expect(findings).toEqual([]);
  });
});

describe('regions: priced, or clearly marked', () => {
  const nat = { Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } };

  test('a us-east-1 stack is priced with its own region\'s prices', () => {
    const report = reportOf(nat);
    expect(report.stacks[0].pricing).toEqual({ region: 'us-east-1', regionPriced: true, note: undefined });
    expect(report.stacksPricedElsewhere).toEqual([]);
  });

  test('another region is priced with us-east-1\'s prices and marked', () => {
    const report = reportOf(nat, { environment: 'aws://123456789012/eu-west-1' });
    expect(report.stacks[0]).toMatchObject({ region: 'eu-west-1', regionSource: 'environment', pricing: { regionPriced: false } });
    expect(report.stacks[0].pricing.note).toBe('priced with us-east-1 list prices, not eu-west-1\'s (per-region prices are not modelled)');
    expect(report.stacksPricedElsewhere).toEqual(['Stack']);
  });

  test('an environment-agnostic stack is marked, or takes the region its Availability Zones name', () => {
    const agnostic = reportOf(nat, { environment: 'aws://unknown-account/unknown-region' }).stacks[0];
    expect(agnostic).toMatchObject({ region: 'unknown-region', regionSource: 'unknown' });
    expect(agnostic.pricing.note).toMatch(/^environment-agnostic stack: priced with us-east-1 list prices/);
    const zoned = reportOf({ ...nat, Subnet: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'eu-central-1a' } } },
      { environment: 'aws://unknown-account/unknown-region' }).stacks[0];
    expect(zoned).toMatchObject({ region: 'eu-central-1', regionSource: 'template' });
  });
});
