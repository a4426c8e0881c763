import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cfnValidator } from '../quality/cfn-validator';

/**
 * Builds a user's app outside the repository from the packed library: `npm pack` (which compiles the
 * library first, through `prepack`), a new folder in the system's temporary directory, `npm install` of
 * the tarball next to the newest aws-cdk-lib the project pins, and the app in `fixture/`.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixture');

/**
 * TypeScript as `cdk init app --language typescript` gives it in November 2026 (the native 7.0 port).
 * Raised on purpose, like the aws-cdk-lib the app installs.
 */
export const CONSUMER_TYPESCRIPT = '7.0.2';

/** The versions the consumer app installs: the newest aws-cdk-lib 2.x the project tests against. */
export function consumerVersions(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dev: Record<string, string> = pkg.devDependencies;
  const latest = /^npm:aws-cdk-lib@(.+)$/.exec(dev['aws-cdk-lib-latest']);
  if (!latest) throw new Error(`package.json: aws-cdk-lib-latest should be "npm:aws-cdk-lib@<version>", got ${dev['aws-cdk-lib-latest']}`);
  return { 'aws-cdk-lib': latest[1], 'constructs': dev.constructs, 'cdk-nag': dev['cdk-nag'], 'typescript': CONSUMER_TYPESCRIPT };
}

/** A packed library: the tarball's path and the files it holds. */
export interface PackedLibrary {
  readonly tarball: string;
  readonly files: string[];
  readonly unpackedSize: number;
}

/** `npm pack` in the repository, into `destination`. */
export function packLibrary(destination: string): PackedLibrary {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  // npm prints the prepack script's output before the JSON on stdout.
  const [result] = JSON.parse(out.slice(out.indexOf('[')));
  return {
    tarball: path.join(destination, result.filename),
    files: result.files.map((f: { path: string }) => f.path),
    unpackedSize: result.unpackedSize,
  };
}

/** A command's exit code and everything it printed. */
export interface RunResult {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** Creates the app in a new temporary folder and installs its dependencies. */
export function createConsumerApp(tarball: string): { dir: string; install: RunResult } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ecs-platform-consumer-'));
  const versions = consumerVersions();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'consumer-app',
    version: '0.0.0',
    private: true,
    dependencies: {
      'cdk-ecs-platform': `file:${tarball}`,
      'aws-cdk-lib': versions['aws-cdk-lib'],
      'constructs': versions.constructs,
      'cdk-nag': versions['cdk-nag'],
    },
    devDependencies: { typescript: versions.typescript },
  }, undefined, 2));
  for (const file of ['app.ts', 'tsconfig.json']) fs.copyFileSync(path.join(FIXTURE, file), path.join(dir, file));
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
  return { dir, install };
}

/**
 * Compiles the app with its tsconfig (the strictest common options, library checks on). Returns the
 * errors in the app and in the installed library; aws-cdk-lib's own declarations do not compile under
 * `exactOptionalPropertyTypes`, which no library can change, so errors inside it are set apart.
 */
export function compileConsumerApp(dir: string): { status: number | null; ours: string[]; awsCdkLib: string[] } {
  const result = run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], dir);
  const errors = result.output.split('\n').filter(line => /error TS\d+/.test(line));
  return {
    status: result.status,
    ours: errors.filter(line => !line.startsWith('node_modules/aws-cdk-lib/')),
    awsCdkLib: errors.filter(line => line.startsWith('node_modules/aws-cdk-lib/')),
  };
}

/** What a synthesis of the app gave. */
export interface ConsumerSynth extends RunResult {
  readonly outdir: string;
  /** Violations in aws-cdk-lib's validation report (cdk-nag, and the bundled CloudFormation validator). */
  readonly reportViolations: string[];
}

interface PluginReport {
  readonly pluginName: string;
  readonly violations?: Array<{ ruleName: string; violatingConstructs?: Array<{ constructPath?: string }> }>;
}

/** Runs the compiled app, as `cdk synth` does, into `outdir`; `context` as with `cdk synth -c`. */
export function synthConsumerApp(dir: string, outdir: string, context: Record<string, string> = {}): ConsumerSynth {
  const result = run(process.execPath, [path.join(dir, 'dist', 'app.js')], dir, {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    // A deprecated aws-cdk-lib API used by the library fails the synthesis instead of printing a warning.
    JSII_DEPRECATED: 'fail',
  });
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const plugins: PluginReport[] = report.pluginReports;
  const reportViolations = plugins.flatMap(plugin => (plugin.violations ?? []).flatMap(v => (v.violatingConstructs ?? [{}]).map(c => `${plugin.pluginName} ${v.ruleName} @ ${c.constructPath ?? '?'}`)));
  return { ...result, outdir, reportViolations };
}

/**
 * Runs `npx cdk-ecs-platform <args>` in the app, as a user would after installing the package: the
 * package's `bin` from node_modules/.bin. stdout and stderr apart (the JSON report is on stdout).
 */
export function runReportCli(dir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--no-install', 'cdk-ecs-platform', ...args], {
    cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** AWS's CloudFormation validator's ERROR and WARN findings over every template of a cloud assembly. */
export function validateTemplates(outdir: string): string[] {
  const engine = new cfnValidator.CompositeEngine();
  try {
    return fs.readdirSync(outdir).filter(f => f.endsWith('.template.json')).flatMap(file => {
      const report = engine.validateTemplate(new cfnValidator.TemplateFile(path.join(outdir, file)), { severityLevel: 'WARN' });
      return report.diagnostics.map(d => `${file} ${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`);
    });
  } finally {
    engine.free();
  }
}
