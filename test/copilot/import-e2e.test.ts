import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { CDK_CONTEXT } from '../../lib/copilot/cdk-context';
import { importCopilot, ImportResult } from '../../lib/copilot/import-copilot';
import { buildReport } from '../../lib/report/report';
import { deployReadyProblems } from '../quality/deploy-ready';
import { cfnFindings, nagFindings } from '../quality/gates';

/**
 * End to end: the importer writes an app from the fixture workspace (every manifest type, every field the
 * importer reads), the app type-checks against the library's sources, synthesizes, passes cdk-nag and
 * AWS's CloudFormation validator, is deploy-ready, and the report prices it. The app is written inside
 * the repository (test-results/, ignored) so that it resolves aws-cdk-lib as a user's app does; jest maps
 * `cdk-ecs-platform` to lib/.
 */
const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'shop');
const OUT = path.join(ROOT, 'test-results', `copilot-shop-${process.env.CDK_LIB ?? 'floor'}`);

let result: ImportResult;
let app: App;
let outdir: string;

beforeAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  result = importCopilot({ workspace: FIXTURE, outDir: OUT });
  outdir = path.join(OUT, 'cdk.out');
  app = new App({ outdir, context: CDK_CONTEXT });
  // SourceImage reads its build context relative to where `cdk synth` runs: the app's folder.
  const cwd = process.cwd();
  process.chdir(OUT);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(OUT, 'lib', 'shop.ts')).createShop(app);
    app.synth();
  } finally {
    process.chdir(cwd);
  }
});

const stacks = () => app.node.findAll().filter((c): c is Stack => Stack.isStack(c));

test('writes the app\'s files: bin, lib (one file per service), cdk.json, package.json, tsconfig.json, a jest test and MIGRATION.md', () => {
  expect(result.files).toEqual([
    '.gitignore', 'MIGRATION.md', 'bin/shop.ts', 'cdk.json', 'jest.config.js', 'lib/api.ts', 'lib/frontend.ts', 'lib/orders.ts', 'lib/reports.ts',
    'lib/shop.ts', 'package.json', 'test/shop.test.ts', 'tsconfig.json',
  ]);
});

test('the app type-checks with its own tsconfig against the library\'s sources', () => {
  const config = JSON.parse(fs.readFileSync(path.join(OUT, 'tsconfig.json'), 'utf8'));
  const parsed = ts.convertCompilerOptionsFromJson({
    ...config.compilerOptions, noEmit: true, baseUrl: OUT, types: ['node', 'jest'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    paths: { 'cdk-ecs-platform': [path.join(ROOT, 'lib', 'index.ts')], '*': [path.join(ROOT, 'node_modules', '*')] },
  }, OUT);
  const files = result.files.filter(f => f.endsWith('.ts')).map(f => path.join(OUT, f));
  const program = ts.createProgram(files, parsed.options);
  const errors = ts.getPreEmitDiagnostics(program).filter(d => d.file?.fileName.startsWith(OUT))
    .map(d => `${path.relative(OUT, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(errors).toEqual([]);
});

test('synthesizes a registry, two environments and a stack per service in each', () => {
  expect(stacks().map(s => s.stackName).sort()).toEqual([
    'shop-prod', 'shop-prod-api', 'shop-prod-frontend', 'shop-prod-orders', 'shop-prod-reports', 'shop-registry',
    'shop-test', 'shop-test-api', 'shop-test-frontend', 'shop-test-orders', 'shop-test-reports',
  ]);
});

test('has no cdk-nag AwsSolutions finding', () => {
  expect(nagFindings(app)).toEqual([]);
});

test('has no ERROR or WARN from AWS\'s CloudFormation validator', () => {
  expect(cfnFindings(stacks())).toEqual([]);
});

test('is deploy-ready', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const problems = Object.entries(manifest.artifacts).filter(([, a]: [string, any]) => a.type === 'aws:cloudformation:stack')
    .flatMap(([id, a]: [string, any]) => deployReadyProblems(id, JSON.parse(fs.readFileSync(path.join(outdir, a.properties.templateFile), 'utf8'))));
  expect(problems).toEqual([]);
});

test('the report prices it, by environment', () => {
  const report = buildReport(outdir);
  expect(report.environments.map(e => `${e.application}/${e.environment}`).sort()).toEqual(['shop/prod', 'shop/test']);
  // Recorded in README ("Coming from Copilot"): two environments with a load balancer and a NAT instance each.
  expect(report.totalMonthlyUsd).toBeGreaterThan(50);
  expect(report.totalMonthlyUsd).toBeLessThan(400);
});

test('Copilot\'s own test manifests (fixtures/copilot-testdata, copied unchanged): one is refused as ECS would; with the fix the message names, the app synthesizes with no cdk-nag finding', () => {
  const dir = path.join(ROOT, 'test-results', `copilot-testdata-${process.env.CDK_LIB ?? 'floor'}`);
  const workspace = path.join(ROOT, 'test-results', `copilot-testdata-workspace-${process.env.CDK_LIB ?? 'floor'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(__dirname, 'fixtures', 'copilot-testdata'), workspace, { recursive: true });
  // backend-svc-customhealthcheck.yml checks every 6 s with a 20 s timeout, which aws-cdk-lib refuses at synth.
  expect(() => importCopilot({ workspace, outDir: dir })).toThrow(
    'copilot/subscribers/manifest.yml: image.healthcheck.timeout is "20s"; expected a timeout shorter than the interval (6s)');
  expect(fs.existsSync(dir)).toBe(false);
  const subscribers = path.join(workspace, 'copilot', 'subscribers', 'manifest.yml');
  fs.writeFileSync(subscribers, fs.readFileSync(subscribers, 'utf8').replace('timeout: 20s', 'timeout: 5s'));
  const imported = importCopilot({ workspace, outDir: dir });
  expect(imported.model.workloads.map(w => `${w.name} (${w.kind})`)).toEqual([
    'cuteness-aggregator (Scheduled Job)', 'subscribers (Backend Service)', 'testers (Worker Service)',
  ]);
  const testdata = new App({ outdir: path.join(dir, 'cdk.out'), context: CDK_CONTEXT });
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dir, 'lib', 'testdata.ts')).createTestdata(testdata);
  } finally {
    process.chdir(cwd);
  }
  expect(nagFindings(testdata)).toEqual([]);
});
