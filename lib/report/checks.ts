import { AssemblyStack } from './assembly';
import { DeployTime } from './deploy-time';
import { get, isTrue, obj, str } from './json';
import { ServiceInfo } from './services';

/** One of CloudFormation's per-stack limits, and where the stack stands. */
export interface LimitUse {
  readonly name: string;
  readonly used: number;
  readonly limit: number;
  /** `over` above the limit, `near` at 90 % of it or more. */
  readonly status: 'ok' | 'near' | 'over';
}

/** Something the report advises to fix. */
export interface Finding {
  readonly stackId: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** A stable id for CI filters: `no-circuit-breaker`, `no-deployment-alarms`, `limit`, `deploy`. */
  readonly code: string;
  readonly resource?: string;
  readonly message: string;
}

/** CloudFormation's quotas per stack. */
export const CFN_LIMITS = {
  resources: 500,
  templateBytes: 1_000_000,
  /** A template passed in the request body, not through S3 (`cdk deploy` uploads larger ones to the bootstrap bucket). */
  templateBodyBytes: 51_200,
  outputs: 200,
  parameters: 200,
  mappings: 200,
};

/** Where a stack stands against CloudFormation's limits. */
export function stackLimits(stack: AssemblyStack): LimitUse[] {
  const t = stack.template;
  const use = (name: string, used: number, limit: number): LimitUse =>
    ({ name, used, limit, status: used > limit ? 'over' : used >= 0.9 * limit ? 'near' : 'ok' });
  return [
    use('resources', Object.keys(t.Resources ?? {}).length, CFN_LIMITS.resources),
    use('template bytes', stack.templateBytes, CFN_LIMITS.templateBytes),
    use('outputs', Object.keys(t.Outputs ?? {}).length, CFN_LIMITS.outputs),
    use('parameters', Object.keys(t.Parameters ?? {}).length, CFN_LIMITS.parameters),
    use('mappings', Object.keys(t.Mappings ?? {}).length, CFN_LIMITS.mappings),
  ];
}

/** Findings of a stack: limits, and services that deploy without a safety net. */
export function stackFindings(stack: AssemblyStack, limits: LimitUse[], services: ServiceInfo[], deploys: DeployTime[]): Finding[] {
  const findings: Finding[] = [];
  for (const limit of limits) {
    if (limit.status === 'ok') continue;
    findings.push({
      stackId: stack.id, severity: limit.status === 'over' ? 'error' : 'warning', code: 'limit',
      message: `${limit.name}: ${limit.used} of CloudFormation's ${limit.limit}${limit.status === 'over' ? ': the deploy fails' : ': close to the limit'}`,
    });
  }
  if (stack.templateBytes > CFN_LIMITS.templateBodyBytes) {
    findings.push({
      stackId: stack.id, severity: 'info', code: 'limit',
      message: `template is ${stack.templateBytes} bytes, over the ${CFN_LIMITS.templateBodyBytes} bytes CloudFormation takes in a request: it deploys through S3 (cdk deploy does this with a bootstrapped environment)`,
    });
  }
  for (const service of services.filter(s => s.ref.stack.id === stack.id)) {
    const config = obj(service.ref.props.DeploymentConfiguration);
    const controller = str(get(service.ref.props, 'DeploymentController', 'Type')) ?? 'ECS';
    if (controller !== 'ECS') continue;
    const breaker = obj(config.DeploymentCircuitBreaker);
    // ECS documents the circuit breaker for rolling deployments; canary, linear and blue/green roll back on alarms.
    const strategy = config.Strategy;
    const rolling = strategy === undefined || strategy === 'ROLLING';
    if (rolling && (!isTrue(breaker.Enable) || !isTrue(breaker.Rollback))) {
      findings.push({
        stackId: stack.id, severity: 'warning', code: 'no-circuit-breaker', resource: service.ref.id,
        message: `${service.ref.id}: no deployment circuit breaker with rollback${isTrue(breaker.Enable) ? ' (enabled without rollback)' : ''}: ` +
          'a deploy whose tasks never become healthy keeps retrying until CloudFormation times out (3 hours by default), then rolls back',
      });
    }
    const alarms = obj(config.Alarms);
    if (!isTrue(alarms.Enable) || (Array.isArray(alarms.AlarmNames) && alarms.AlarmNames.length === 0)) {
      findings.push({
        stackId: stack.id, severity: 'info', code: 'no-deployment-alarms', resource: service.ref.id,
        message: `${service.ref.id}: no deployment alarms: a deploy whose tasks are healthy but serve errors completes, and is not rolled back`,
      });
    } else if (!isTrue(alarms.Rollback)) {
      findings.push({
        stackId: stack.id, severity: 'info', code: 'no-deployment-alarms', resource: service.ref.id,
        message: `${service.ref.id}: deployment alarms without rollback: an alarm fails the deploy but does not roll it back`,
      });
    }
  }
  for (const deploy of deploys.filter(d => d.stackId === stack.id)) {
    for (const problem of deploy.problems) findings.push({ stackId: stack.id, severity: 'error', code: 'deploy', resource: deploy.service, message: `${deploy.service}: ${problem}` });
  }
  return findings;
}
