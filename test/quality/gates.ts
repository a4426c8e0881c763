import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
