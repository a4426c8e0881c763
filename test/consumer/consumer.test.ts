import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import {
  compileConsumerApp, ConsumerSynth, consumerVersions, createConsumerApp, packLibrary, PackedLibrary, RunResult, runReportCli, synthConsumerApp,
  validateTemplates,
} from './consumer-app';

/**
 * The library as a user meets it: packed with `npm pack`, installed into a new app outside the
 * repository next to the newest aws-cdk-lib, compiled with the strictest common compiler options and
 * synthesized with cdk-nag applied as README says. The app (fixture/app.ts) splits the registry, the
 * platform, the services and a scheduled job into four stacks, with a one-type pool on the default
 * network. scripts/test.sh runs this file apart from the unit tests (it takes about a minute).
 */

let work: string;
let packed: PackedLibrary;
let app: { dir: string; install: RunResult };
const synths = new Map<string, ConsumerSynth>();

function synth(name: string, context: Record<string, string> = {}): ConsumerSynth {
  if (!synths.has(name)) synths.set(name, synthConsumerApp(app.dir, path.join(work, `cdk.out.${name}`), context));
  return synths.get(name)!;
}

/** What a failed synthesis shows: its status, the violations and (only on failure) the end of its output. */
function summary(result: ConsumerSynth) {
  return { status: result.status, violations: result.reportViolations, output: result.status === 0 ? '' : result.output.slice(-4000) };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ecs-platform-pack-'));
  packed = packLibrary(work);
  app = createConsumerApp(packed.tarball);
});

afterAll(() => {
  for (const dir of [work, app?.dir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the package', () => {
  test('ships compiled JavaScript, declarations, the jsii assembly, README, API.md, CHANGELOG and LICENSE', () => {
    for (const file of ['build/index.js', 'build/index.d.ts', 'build/workloads/web-service.js', '.jsii', 'README.md', 'API.md', 'CHANGELOG.md', 'LICENSE', 'package.json']) {
      expect(packed.files).toContain(file);
    }
  });

  test('ships nothing of the tests, benchmarks, examples, sample app, sources or source maps', () => {
    const unwanted = packed.files.filter(f => /^(test|bench|examples|bin|scripts|lib|dist|\.github|\.ci)\//.test(f) || /\.map$|tsconfig|\.ts$/.test(f.replace(/\.d\.ts$/, '')));
    expect(unwanted).toEqual([]);
    // 1.9 MB on 2026-11-30, 1.15 MB of it the jsii assembly and API.md, which grow with the public API;
    // the rest is compiled JavaScript and declarations. 3.03 MB on 2026-12-06 with the imported capacity
    // providers and listener domains (issue 26), 3.17 MB with ECS Managed Instances (issue 22); 3.87 MB with the
    // Copilot importer (issue 24), which bundles its YAML reader (yaml, 0.69 MB with its browser build: jsii
    // requires a dependency that is not a jsii module to be bundled). A jump means something unplanned is packed.
    expect(packed.unpackedSize).toBeLessThan(4_200_000);
  });
});

describe('an app that installs it next to the newest aws-cdk-lib', () => {
  test('installs', () => {
    expect({ status: app.install.status, output: app.install.status === 0 ? '' : app.install.output }).toEqual({ status: 0, output: '' });
    const installed = JSON.parse(fs.readFileSync(path.join(app.dir, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8'));
    expect(installed.version).toBe(consumerVersions()['aws-cdk-lib']);
  });

  test('requires the library without loading its files or aws-cdk-lib\'s; each class and enum of the jsii assembly loads when read', () => {
    // scripts/lazy-index.ts rewrites build/index.js into getters (npm pack runs it after jsii).
    const probe = `
      const lib = require('cdk-ecs-platform');
      const loaded = () => Object.keys(require.cache).map(f => f.replace(/\\\\/g, '/'));
      const atImport = loaded();
      const assembly = JSON.parse(require('fs').readFileSync(require.resolve('cdk-ecs-platform/.jsii'), 'utf8'));
      const runtime = Object.values(assembly.types).filter(t => t.kind !== 'interface').map(t => t.name).sort();
      console.log(JSON.stringify({
        library: atImport.filter(f => f.includes('/node_modules/cdk-ecs-platform/')).map(f => f.split('/node_modules/cdk-ecs-platform/')[1]),
        awsCdkLib: atImport.filter(f => f.includes('/node_modules/aws-cdk-lib/')).length,
        exported: Object.keys(lib).sort(), runtime,
        missing: runtime.filter(name => typeof lib[name] !== 'function' && typeof lib[name] !== 'object'),
        sameClass: lib.WebService === require('cdk-ecs-platform/build/workloads/web-service').WebService,
      }));`;
    const result = spawnSync(process.execPath, ['-e', probe], { cwd: app.dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.library).toEqual(['build/index.js']);
    expect(report.awsCdkLib).toBe(0);
    expect(report.runtime.length).toBeGreaterThan(30);
    expect(report.exported).toEqual(report.runtime);
    expect(report.missing).toEqual([]);
    expect(report.sameClass).toBe(true);
  });

  test('compiles with the strictest common compiler options, the library\'s declarations included', () => {
    const result = compileConsumerApp(app.dir);
    expect(result.ours).toEqual([]);
    expect(fs.existsSync(path.join(app.dir, 'dist', 'app.js'))).toBe(true);
  });

  test('synthesizes its four stacks with no cdk-nag finding left unacknowledged and no deprecated API used', () => {
    const result = synth('region', {});
    expect(summary(result)).toEqual({ status: 0, violations: [], output: '' });
    expect(result.output).not.toMatch(/deprecated/i);
    const templates = fs.readdirSync(result.outdir).filter(f => f.endsWith('.template.json')).sort();
    expect(templates).toEqual(['ShopJobs.template.json', 'ShopPlatform.template.json', 'ShopRegistry.template.json', 'ShopServices.template.json']);
    // The shapes the app is meant to have: the job reaches its cluster in another stack, the pool has one type.
    expect(fs.readFileSync(path.join(result.outdir, 'ShopJobs.template.json'), 'utf8')).toContain('Fn::ImportValue');
    const platform = JSON.parse(fs.readFileSync(path.join(result.outdir, 'ShopPlatform.template.json'), 'utf8'));
    const groups = Object.values(platform.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
      .filter(r => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
    expect(groups.map(g => g.Properties.MixedInstancesPolicy)).toEqual([undefined]);
    // The bridge web service admits its load balancer to the pool's instances, with the rule in its own stack.
    const ingressRules = (file: string) => Object.values(JSON.parse(fs.readFileSync(path.join(result.outdir, file), 'utf8')).Resources as
      Record<string, { Type: string; Properties: Record<string, unknown> }>).filter(r => r.Type === 'AWS::EC2::SecurityGroupIngress');
    expect(ingressRules('ShopServices.template.json').filter(r => r.Properties.FromPort === 32768).map(r => ({
      to: JSON.stringify(r.Properties.GroupId), ports: `${r.Properties.FromPort}-${r.Properties.ToPort}`,
    }))).toEqual([{ to: expect.stringMatching(/Fn::ImportValue.*WorkersSecurityGroup/), ports: '32768-65535' }]);
    expect(ingressRules('ShopPlatform.template.json').filter(r => r.Properties.FromPort === 32768)).toEqual([]);
  });

  test('gives AWS\'s CloudFormation validator nothing to report at ERROR or WARN', () => {
    expect(validateTemplates(synth('region', {}).outdir)).toEqual([]);
  });

  test('runs `npx cdk-ecs-platform report <cdk.out> --json` from the installed package on its cloud assembly', () => {
    const result = runReportCli(app.dir, ['report', synth('region', {}).outdir, '--json']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report.stacks.map((s: { id: string }) => s.id).sort()).toEqual(['ShopJobs', 'ShopPlatform', 'ShopRegistry', 'ShopServices']);
    // eu-west-1 is priced with us-east-1's prices, and the report says so.
    expect(report.stacksPricedElsewhere).toEqual(['ShopPlatform', 'ShopServices']);
    expect(report.totalMonthlyUsd).toBeGreaterThan(30);
    const web = report.stacks.find((s: { id: string }) => s.id === 'ShopServices').deploys.find((d: { service: string }) => d.service.startsWith('Web'));
    expect(web).toMatchObject({ strategy: 'ROLLING', seconds: 50 });
  });

  test('synthesizes as environment-agnostic stacks, as `cdk init` writes them, with the same checks passing', () => {
    const result = synth('agnostic', { agnostic: 'true' });
    expect(summary(result)).toEqual({ status: 0, violations: [], output: '' });
    expect(validateTemplates(result.outdir)).toEqual([]);
    // Access logs stay on: the bucket policy names each Region's log delivery under a condition.
    const services = JSON.parse(fs.readFileSync(path.join(result.outdir, 'ShopServices.template.json'), 'utf8'));
    const lb = Object.values(services.Resources as Record<string, { Type: string; Properties: { LoadBalancerAttributes?: unknown[] } }>)
      .find(r => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb?.Properties.LoadBalancerAttributes).toContainEqual({ Key: 'access_logs.s3.enabled', Value: 'true' });
    expect(Object.keys(services.Conditions ?? {}).length).toBeGreaterThan(0);
  });

  test('an application with two environments: each service in its own stack, no export between stacks, checks passing, report by environment', () => {
    const result = synth('environments', { environments: 'true' });
    expect(summary(result)).toEqual({ status: 0, violations: [], output: '' });
    expect(validateTemplates(result.outdir)).toEqual([]);
    const templates = fs.readdirSync(result.outdir).filter(f => /^Shop(Staging|Prod)/.test(f) && f.endsWith('.template.json')).sort();
    expect(templates).toHaveLength(6);
    for (const file of templates) {
      expect({ file, importValue: fs.readFileSync(path.join(result.outdir, file), 'utf8').includes('Fn::ImportValue') }).toEqual({ file, importValue: false });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
    const names = Object.values(manifest.artifacts as Record<string, { type: string; properties?: { stackName?: string } }>)
      .filter(a => a.type === 'aws:cloudformation:stack').map(a => a.properties?.stackName).filter(n => n?.startsWith('Shop-')).sort();
    expect(names).toEqual(['Shop-Prod', 'Shop-Prod-Api', 'Shop-Prod-Web', 'Shop-Staging', 'Shop-Staging-Api', 'Shop-Staging-Web']);
    const report = runReportCli(app.dir, ['report', result.outdir, '--json']);
    expect({ status: report.status, stderr: report.stderr }).toEqual({ status: 0, stderr: '' });
    const environments = JSON.parse(report.stdout).environments.map((e: { application: string; environment: string; stacks: string[] }) =>
      `${e.application}/${e.environment}: ${e.stacks.length} stacks`).sort();
    expect(environments).toEqual(['Shop/Prod: 3 stacks', 'Shop/Staging: 3 stacks']);
  });

  test('`npx cdk-ecs-platform import-copilot` turns a Copilot workspace into an app that synthesizes against the installed package, and the report prices it', () => {
    const out = path.join(app.dir, 'copilot-shop');
    const imported = runReportCli(app.dir, ['import-copilot', path.join(__dirname, '..', 'copilot', 'fixtures', 'shop'), '--out', out]);
    expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Wrote 13 files to /);
    // The repository's own test type-checks the generated code; here it is transpiled as written, and run as `cdk synth` runs it.
    for (const file of ['bin/shop.ts', ...fs.readdirSync(path.join(out, 'lib')).map(f => `lib/${f}`)]) {
      const js = ts.transpileModule(fs.readFileSync(path.join(out, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
      fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.js')), js.outputText);
    }
    const outdir = path.join(work, 'cdk.out.copilot');
    const context = JSON.parse(fs.readFileSync(path.join(out, 'cdk.json'), 'utf8')).context;
    const synthesized = spawnSync(process.execPath, ['bin/shop.js'], {
      cwd: out, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), JSII_DEPRECATED: 'fail' },
    });
    expect({ status: synthesized.status, stderr: synthesized.status === 0 ? '' : synthesized.stderr.slice(-4000) }).toEqual({ status: 0, stderr: '' });
    const report = runReportCli(app.dir, ['report', outdir, '--json']);
    expect({ status: report.status, stderr: report.stderr }).toEqual({ status: 0, stderr: '' });
    const { stacks, environments } = JSON.parse(report.stdout);
    expect(stacks).toHaveLength(11);
    expect(environments.map((e: { environment: string }) => e.environment).sort()).toEqual(['prod', 'test']);
  });

  test('fails its synthesis on a finding cdk-nag reports, so the gate is live in this app', () => {
    const result = synth('negative', { negative: 'true' });
    expect(result.status).not.toBe(0);
    expect(result.reportViolations).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions AwsSolutions-SQS3 @ ShopRegistry\/Unchecked/)]));
  });
});
