/**
 * The import benchmark: what `require('cdk-ecs-platform')` costs a user's `node` process, measured
 * outside the repository. The library is packed (`npm pack`, which compiles it with jsii) and installed
 * into a new app in the system's temporary directory next to the aws-cdk-lib and constructs the bench
 * pins, and three kinds of fresh `node` process run there, interleaved:
 *
 * - `node`:        `node probe.js` that requires nothing (Node's own start-up);
 * - `aws-cdk-lib`: requires the aws-cdk-lib modules the library's compiled code requires (its entry
 *                  points, which load the rest lazily), and constructs;
 * - `library`:     requires cdk-ecs-platform;
 * - `library, every export read`: requires it and reads each of its exports, which loads every file of the
 *                  library (its entry point loads a file when one of its exports is first read) and the
 *                  aws-cdk-lib modules they use at load: what an app that used every class would load.
 *
 * Each reports the files in require.cache. The wall time of the whole process is timed by the parent.
 * With `--instructions`, each kind also runs a few times under `valgrind --tool=callgrind`, which
 * counts the instructions the process executes (steadier than wall time on a shared machine).
 *
 * Run: npm run bench -- import [--instructions]
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The probes' environment: the bench's, without options that would load anything into Node (tsx, say). */
function probeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** What a probe process reports. */
interface ProbeResult {
  /** Time spent in the require() calls, inside the process (ms). */
  readonly requireMs: number;
  /** Files in require.cache after the requires: all, aws-cdk-lib's, the library's. */
  readonly files: number;
  readonly awsCdkLibFiles: number;
  readonly libraryFiles: number;
}

/** The probe: requires what it is told, then prints what require.cache holds. */
const PROBE = `
const t0 = process.hrtime.bigint();
for (const id of JSON.parse(process.argv[2])) {
  // 'read:<module>' requires the module and reads each of its exports (which loads what they are defined in).
  if (id.startsWith('read:')) { const m = require(id.slice(5)); for (const name of Object.keys(m)) void m[name]; } else require(id);
}
const t1 = process.hrtime.bigint();
const files = Object.keys(require.cache);
console.log('PROBE ' + JSON.stringify({
  requireMs: Number(t1 - t0) / 1e6,
  files: files.length,
  awsCdkLibFiles: files.filter(f => f.includes('/node_modules/aws-cdk-lib/')).length,
  libraryFiles: files.filter(f => f.includes('/node_modules/cdk-ecs-platform/')).length,
}));
`;

/** A new app outside the repository with the packed library installed. */
export interface ImportApp {
  readonly dir: string;
  /** The aws-cdk-lib modules (and constructs) the library's compiled code requires, sorted. */
  readonly cdkModules: string[];
}

/**
 * Packs the library (of this checkout, or of the checkout `root`) and installs it into a new temporary app next to
 * the aws-cdk-lib and constructs this checkout pins (with `latestCdk`, its `aws-cdk-lib-latest` instead).
 */
export function createImportApp(root: string = ROOT, options: { latestCdk?: boolean } = {}): ImportApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(out.slice(out.indexOf('[')));
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'bench-import', version: '0.0.0', private: true,
    dependencies: {
      'cdk-ecs-platform': `file:${path.join(dir, packed.filename)}`,
      // With latestCdk, the newest aws-cdk-lib the tests run on (`aws-cdk-lib-latest`: npm:aws-cdk-lib@x.y.z).
      'aws-cdk-lib': options.latestCdk ? dev['aws-cdk-lib-latest'] : dev['aws-cdk-lib'],
      'constructs': dev.constructs,
    },
  }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'probe.js'), PROBE);
  return { dir, cdkModules: requiredCdkModules(path.join(dir, 'node_modules', 'cdk-ecs-platform', 'build')) };
}

/** The aws-cdk-lib modules and constructs that the compiled library requires anywhere (the report command aside: it requires none). */
function requiredCdkModules(buildDir: string): string[] {
  const modules = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.js')) {
        for (const match of fs.readFileSync(file, 'utf8').matchAll(/require\("((?:aws-cdk-lib|constructs)(?:\/[^"]*)?)"\)/g)) modules.add(match[1]);
      }
    }
  };
  walk(buildDir);
  return [...modules].sort();
}

/** The modules each kind of process requires. */
export function probeModules(app: ImportApp): Record<string, string[]> {
  return { 'node': [], 'aws-cdk-lib': app.cdkModules, 'library': ['cdk-ecs-platform'], 'library, every export read': ['read:cdk-ecs-platform'] };
}

/** Runs one probe process; returns its wall time (ms) and what it reported. */
export function runProbe(app: ImportApp, modules: string[]): { wallMs: number; result: ProbeResult } {
  const start = performance.now();
  const proc = spawnSync(process.execPath, ['probe.js', JSON.stringify(modules)], { cwd: app.dir, encoding: 'utf8', env: probeEnv() });
  const wallMs = performance.now() - start;
  const line = proc.stdout.split('\n').find(l => l.startsWith('PROBE '));
  if (proc.status !== 0 || !line) throw new Error(`probe ${modules.join(' ')} failed (exit ${proc.status}):\n${proc.stderr.slice(-3000)}`);
  return { wallMs, result: JSON.parse(line.slice('PROBE '.length)) };
}

/** The instructions a probe process executes, counted by valgrind's callgrind (all threads). */
export function countInstructions(app: ImportApp, modules: string[]): number {
  const proc = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, 'probe.js', JSON.stringify(modules)],
    { cwd: app.dir, encoding: 'utf8', env: probeEnv() });
  const match = /Collected\s*:\s*(\d+)/.exec(proc.stderr);
  if (proc.status !== 0 || !match) throw new Error(`valgrind ${modules.join(' ')} failed (exit ${proc.status}):\n${proc.stderr.slice(-3000)}`);
  return Number(match[1]);
}

/** Whether valgrind can be run. */
export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version']).status === 0;
}
