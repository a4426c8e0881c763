import * as path from 'path';

/**
 * AWS's CloudFormation validator (`@aws/cloudformation-validate`). The registry has the standalone
 * package only up to 1.9.0-beta, which reports `resolve:ssm:` image ids in launch templates as
 * errors (E1152); aws-cdk-lib 2.278.0 bundles 1.17.1, which does not. The devDependency
 * `aws-cdk-lib-latest` (npm:aws-cdk-lib@2.278.0) is installed only to load that bundled copy;
 * the library and the tests build with aws-cdk-lib 2.257.0.
 */
export interface ValidatorDiagnostic {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly entity?: { readonly logicalId: string };
}

interface ValidatorModule {
  version(): string;
  TemplateFile: new (file: string) => unknown;
  CompositeEngine: new () => {
    validateTemplate(template: unknown, config?: Record<string, unknown>): { diagnostics: ValidatorDiagnostic[] };
    free(): void;
  };
}

const packageDir = path.dirname(require.resolve('aws-cdk-lib-latest/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const cfnValidator: ValidatorModule = require(path.join(packageDir, 'node_modules', '@aws', 'cloudformation-validate'));
