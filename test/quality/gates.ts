import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegoEngine, TemplateFile, version } from '@aws/cloudformation-validate';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** A cdk-nag finding, as `<rule> @ <construct path>` so a failing test shows where to look. */
export function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(undefined as any, { verbose: true }).validateScope(app);
  return report.violations.flatMap(v => v.violatingResources.map(r => `${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`)).sort();
}

/** The version of AWS's CloudFormation validator the gate runs. */
export const CFN_VALIDATOR_VERSION = version();

/**
 * Runs AWS's CloudFormation validator over the template of each stack and returns its ERROR and WARN
 * findings as `<stack> <severity> <rule> <resource>: <message>`.
 */
export function cfnFindings(stacks: Stack[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
  const engine = new RegoEngine();
  try {
    return stacks.flatMap(stack => {
      const file = path.join(dir, `${stack.artifactId}.template.json`);
      const app = stack.node.root as App;
      const assembly = app.synth();
      fs.writeFileSync(file, JSON.stringify(assembly.getStackArtifact(stack.artifactId).template));
      const report = engine.validateStandard(new TemplateFile(file), { severityLevel: 'WARN' });
      return report.diagnostics.map(d => `${stack.stackName} ${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`);
    });
  } finally {
    engine.free();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
