import * as fs from 'fs';
import * as path from 'path';
import { CDK_CONTEXT } from './cdk-context';

/** The versions the generated app starts with: this package's, and those it is tested with. */
function versions(): { library: string; awsCdkLib: string; constructs: string; awsCdk: string; typescript: string } {
  const own = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  return {
    library: own.version,
    awsCdkLib: own.peerDependencies['aws-cdk-lib'],
    constructs: own.peerDependencies.constructs,
    awsCdk: own.devDependencies?.['aws-cdk'] ?? '2.1148.1',
    typescript: '~6.0.3',
  };
}

/** package.json, cdk.json, tsconfig.json, jest.config.js and .gitignore of the generated app. */
export function writeProject(application: string): Record<string, string> {
  const v = versions();
  const json = (value: unknown) => `${JSON.stringify(value, undefined, 2)}\n`;
  return {
    'package.json': json({
      name: `${application}-infrastructure`,
      version: '0.1.0',
      private: true,
      bin: { [application]: `bin/${application}.js` },
      scripts: {
        build: 'tsc',
        test: 'jest',
        synth: 'cdk synth',
        report: 'cdk synth --quiet && cdk-ecs-platform report',
      },
      dependencies: { 'aws-cdk-lib': v.awsCdkLib, 'cdk-ecs-platform': `^${v.library}`, 'constructs': v.constructs },
      devDependencies: {
        '@types/jest': '^29.5.14', '@types/node': '^20.19.0', 'aws-cdk': v.awsCdk, 'jest': '^29.7.0', 'ts-jest': '^29.4.0',
        'ts-node': '^10.9.2', 'typescript': v.typescript,
      },
    }),
    'cdk.json': json({ app: `npx ts-node --prefer-ts-exts bin/${application}.ts`, context: CDK_CONTEXT }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'es2022', module: 'commonjs', lib: ['es2022'], strict: true, noUnusedLocals: true, noUnusedParameters: true,
        noImplicitReturns: true, esModuleInterop: true, skipLibCheck: true, types: ['node', 'jest'], outDir: 'dist',
      },
      include: ['bin', 'lib', 'test'],
    }),
    'jest.config.js': [
      'module.exports = {',
      '  testEnvironment: \'node\',',
      '  roots: [\'<rootDir>/test\'],',
      '  testMatch: [\'**/*.test.ts\'],',
      '  transform: { \'^.+\\\\.tsx?$\': \'ts-jest\' },',
      '};',
      '',
    ].join('\n'),
    '.gitignore': ['node_modules/', 'cdk.out/', 'dist/', ''].join('\n'),
  };
}
