/**
 * Jest runs the unit, snapshot and quality tests. ts-jest only transpiles (isolatedModules): `npm run
 * typecheck` type-checks the whole project once, so jest does not pay for it again in every worker.
 *
 * `CDK_LIB=latest` runs the same tests against the newest aws-cdk-lib 2.x the project pins as the dev
 * dependency `aws-cdk-lib-latest`: every `aws-cdk-lib` import, ours and those of cdk-nag and the
 * integ-tests and cfn-guard packages, resolves to that copy. Without it the tests run against the floor
 * of the peer range (the `aws-cdk-lib` dev dependency).
 */
const latest = process.env.CDK_LIB === 'latest';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/*.test.ts'],
  // The consumer test packs and installs the library in an app of its own: scripts/test.sh runs it apart.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true, esModuleInterop: true, module: 'commonjs', target: 'es2022' } }],
  },
  // The apps the Copilot importer writes import the library by its package name: here, the sources.
  moduleNameMapper: {
    '^cdk-ecs-platform$': '<rootDir>/lib',
    ...latest ? {
      '^aws-cdk-lib$': '<rootDir>/node_modules/aws-cdk-lib-latest',
      '^aws-cdk-lib/(.*)$': '<rootDir>/node_modules/aws-cdk-lib-latest/$1',
    } : {},
  },
  // Snapshots that differ only because aws-cdk-lib renders differently are kept per version.
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  // Synthesizing aws-cdk-lib apps is CPU-bound; two workers match the two cores CI has.
  maxWorkers: 2,
  testTimeout: 120000,
};
