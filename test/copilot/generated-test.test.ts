import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { importCopilot } from '../../lib/copilot/import-copilot';

/**
 * The generated app's own test, run as its owners would run it (`npm test` is `jest` with the generated
 * jest.config.js): the first run writes a snapshot per stack, and a change to one service then fails in
 * `--ci` runs for that service's stacks only. Two additions stand in for installing the package: jest maps
 * `cdk-ecs-platform` to lib/, and ts-jest only transpiles (the app's type-check against the library is
 * import-e2e.test.ts's). Run on the floor only: on the newest aws-cdk-lib its built-in validator costs
 * about a minute per run of this app and tells nothing the floor's run does not.
 */
const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'shop');
const OUT = path.join(ROOT, 'test-results', 'copilot-shop-own-test');
const floorOnly = process.env.CDK_LIB === 'latest' ? test.skip : test;

function runJest(...args: string[]) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const generated = require(path.join(OUT, 'jest.config.js'));
  const config = {
    ...generated,
    rootDir: OUT,
    transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true, esModuleInterop: true, module: 'commonjs', target: 'es2022', rootDir: OUT } }] },
    moduleNameMapper: { '^cdk-ecs-platform$': path.join(ROOT, 'lib') },
  };
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), ...args], {
    cwd: OUT, encoding: 'utf8', env: { ...process.env, CI: 'true' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

floorOnly('the generated snapshot test writes a snapshot per stack, then fails for the stacks of a service that changed', () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  importCopilot({ workspace: FIXTURE, outDir: OUT });

  const first = runJest('--ci=false');
  expect(first.output).toMatch(/11 snapshots written/);
  expect(first.status).toBe(0);

  // The api service asks for more memory: its two stacks (one per environment) no longer match.
  const api = path.join(OUT, 'lib', 'api.ts');
  const source = fs.readFileSync(api, 'utf8');
  expect(source).toMatch(/memoryMiB: 1024/);
  fs.writeFileSync(api, source.replace(/memoryMiB: 1024/, 'memoryMiB: 2048'));

  const second = runJest('--ci');
  expect(second.status).not.toBe(0);
  expect(second.output).toMatch(/shop-prod-api matches its snapshot/);
  expect(second.output).toMatch(/2 snapshots failed/);
  expect(second.output).toMatch(/9 passed/);
});
