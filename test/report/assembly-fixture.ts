import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReport, Report, ReportOptions } from '../../lib/report/report';

/** A stack of a hand-written cloud assembly. */
export interface FixtureStack {
  readonly id: string;
  readonly resources?: Record<string, unknown>;
  readonly template?: Record<string, unknown>;
  /** `aws://account/region`; default `aws://unknown-account/us-east-1`. */
  readonly environment?: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a cloud assembly of small hand-written templates into a temporary folder; returns the folder. */
export function writeAssembly(stacks: FixtureStack[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-'));
  dirs.push(dir);
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const templateFile = `${stack.id}.template.json`;
    fs.writeFileSync(path.join(dir, templateFile), JSON.stringify(stack.template ?? { Resources: stack.resources ?? {} }, undefined, 1));
    artifacts[stack.id] = {
      type: 'aws:cloudformation:stack',
      environment: stack.environment ?? 'aws://unknown-account/us-east-1',
      properties: { templateFile },
      displayName: stack.id,
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '53.0.0', artifacts }));
  return dir;
}

/** The report of one stack of hand-written resources. */
export function reportOf(resources: Record<string, unknown>, options: ReportOptions & { environment?: string } = {}): Report {
  return buildReport(writeAssembly([{ id: 'Stack', resources, environment: options.environment }]), options);
}

/** The cost lines of a report, as `item: usd`. */
export function costLines(report: Report): Record<string, number> {
  return Object.fromEntries(report.stacks.flatMap(s => s.cost.map(l => [l.item, l.usd])));
}

/** An ECS service, its task definition and (optionally) a target group with the given settings. */
export function webService(options: {
  desiredCount?: number;
  strategy?: unknown[];
  launchType?: string;
  cpu?: string;
  memory?: string;
  deploymentConfiguration?: Record<string, unknown>;
  targetGroup?: Record<string, unknown>;
} = {}): Record<string, unknown> {
  const resources: Record<string, unknown> = {
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { Cpu: options.cpu ?? '256', Memory: options.memory ?? '512', RequiresCompatibilities: ['FARGATE'], ContainerDefinitions: [{ Name: 'app' }] },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { Ref: 'Task' },
        DesiredCount: options.desiredCount,
        CapacityProviderStrategy: options.strategy,
        LaunchType: options.launchType,
        DeploymentConfiguration: options.deploymentConfiguration,
        LoadBalancers: options.targetGroup ? [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: 'Targets' } }] : undefined,
      },
    },
  };
  if (options.targetGroup) resources.Targets = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: options.targetGroup };
  return resources;
}
