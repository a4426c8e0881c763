import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cfnValidator } from './cfn-validator';

/**
 * cdk-nag's findings, as `<rule> @ <construct path>` so a failing test shows where to look. The app is
 * synthesized first, so aspects have run, as they have when the plugin runs inside `cdk synth`.
 */
export function nagFindings(app: App): string[] {
  app.synth();
  const report = new AwsSolutionsChecks(undefined as any, { verbose: true }).validateScope(app);
  return report.violations.flatMap(v => v.violatingResources.map(r => `${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`)).sort();
}

/** The version of AWS's CloudFormation validator the gate runs. */
export const CFN_VALIDATOR_VERSION = cfnValidator.version();

/**
 * Runs AWS's CloudFormation validator over the template of each stack and returns its ERROR and WARN
 * findings as `<stack> <severity> <rule> <resource>: <message>`.
 */
export function cfnFindings(stacks: Stack[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
  const engine = new cfnValidator.CompositeEngine();
  try {
    return stacks.flatMap(stack => {
      const file = path.join(dir, `${stack.artifactId}.template.json`);
      const app = stack.node.root as App;
      const assembly = app.synth();
      fs.writeFileSync(file, JSON.stringify(assembly.getStackArtifact(stack.artifactId).template));
      const report = engine.validateTemplate(new cfnValidator.TemplateFile(file), { severityLevel: 'WARN' });
      return report.diagnostics.map(d => `${stack.stackName} ${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`);
    });
  } finally {
    engine.free();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Control Tower proactive controls that the library's output cannot or should not satisfy, each with
 * the reason. Rule ids are the rule files' names in @cdklabs/cdk-validator-cfnguard.
 */
export const DISABLED_CONTROL_TOWER_RULES: Record<string, string> = {
  'ct-autoscaling-pr-1': 'False positive: the rule reads the AvailabilityZones property; CDK Auto Scaling groups name subnets in two AZs (VPCZoneIdentifier), which test/cluster/capacity-pool.test.ts asserts',
  'ct-autoscaling-pr-11': 'The sample pools use burstable t3/t3a instances (the cheapest), which lack Nitro in-transit encryption; pick m6i/c6i/r6i and newer where it is required',
  'ct-ec2-pr-19': 'The low-cost NAT instance is a burstable t4g.nano, which lacks Nitro in-transit encryption; traffic through it is the tasks\' own TLS',
  'ct-ec2-pr-8': 'The low-cost profile\'s NAT instance needs a public IP to be a NAT; no task or container instance gets one',
  'ct-lambda-pr-3': 'aws-cdk-lib\'s custom resource that empties the VPC\'s default security group runs outside the VPC; it only calls EC2 APIs at deploy',
  'ct-elasticloadbalancing-pr-1': 'The sample has no domain, so no certificate: HTTP only. Given a certificate, the library serves HTTPS and redirects HTTP (test/workloads/web-service.test.ts)',
  'ct-elasticloadbalancing-pr-5': 'Deletion protection is off by default so cdk destroy works; production stacks set deletionProtection: true',
  'ct-s3-pr-10': 'ALB access-log delivery supports only SSE-S3 (AES-256) encryption, not KMS',
  'ct-s3-pr-2': 'The bucket is itself the access-log destination; logging access to it would need another bucket, and that one another',
  'ct-s3-pr-4': 'Access logs need no event notifications',
  'ct-s3-pr-9': 'Object Lock would keep logs past the lifecycle rule that expires them after a year',
};

/**
 * Stack-specific exceptions. The services stack's log groups name the platform key through
 * Fn::ImportValue, which CT.CLOUDWATCH.PR.3 cannot follow (it accepts a literal or a reference in the
 * same template); test/workloads/web-service.test.ts asserts the key is set.
 */
export const DISABLED_FOR_IMPORTED_KEYS: Record<string, string> = {
  'ct-cloudwatch-pr-3': 'The log group\'s KMS key comes from another stack (Fn::ImportValue), which the rule cannot follow',
};

/** Runs the Control Tower rules over each stack's template and returns `<stack> <rule> <resource>` findings. */
export function controlTowerFindings(stacks: Stack[], extraDisabled: (stack: Stack) => string[] = () => []): string[] {
  const app = stacks[0].node.root as App;
  const assembly = app.synth();
  return stacks.flatMap(stack => {
    const validator = new CfnGuardValidator({ disabledRules: [...Object.keys(DISABLED_CONTROL_TOWER_RULES), ...extraDisabled(stack)] });
    // A variable, not a literal: aws-cdk-lib 2.276 added `appConstruct` to the context, which 2.257's type lacks.
    const context = { templatePaths: [assembly.getStackArtifact(stack.artifactId).templateFullPath], appConstruct: app };
    const report = validator.validate(context);
    return report.violations.flatMap(v => v.violatingResources.map(r => `${stack.stackName} ${v.ruleName} ${r.resourceLogicalId}`));
  });
}
