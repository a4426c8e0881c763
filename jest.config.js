/**
 * Jest runs the unit and snapshot tests. ts-jest only transpiles (isolatedModules): `npm run typecheck`
 * type-checks the whole project once, so jest does not pay for it again in every worker.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true, esModuleInterop: true, module: 'commonjs', target: 'es2022' } }],
  },
  // Synthesizing aws-cdk-lib apps is CPU-bound; two workers match the two cores CI has.
  maxWorkers: 2,
  testTimeout: 120000,
};
