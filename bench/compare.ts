/**
 * Before/after at scale: the scale app (bench/scale-app.ts) of several checkouts of this repository, and
 * ecs-patterns (bench/patterns-app.ts, from the first checkout), plain and with the library's controls written on
 * top (the same resources as the scale app), in fresh processes, interleaved run by run so that every app sees the
 * same load. Prints the median CPU time of construct + synth (the steadier figure on a shared machine), its ratio
 * to each ecs-patterns app, and the CPU time per added service.
 *
 * Run: npx tsx bench/compare.ts [--packed [--latest-cdk]] [--no-rollback-alarm] <rounds> <sizes> <checkout>... , for
 * example, with `git archive <commit> | tar -x -C <dir>` and a node_modules link in each directory:
 *   npx tsx bench/compare.ts 5 10,100 /tmp/before /tmp/after
 *
 * With `--packed`, as a user's app runs it: each checkout is packed (`npm pack`, which compiles it with jsii) and
 * installed into an app of its own outside the repository (bench/import-bench.ts), and the apps run as JavaScript
 * with plain `node` (this checkout's bench/child.ts, scale-app.ts and patterns-app.ts, compiled by TypeScript, the
 * scale app importing `cdk-ecs-platform`). Without it, the apps run from the TypeScript sources through tsx, which
 * compiles each library file when it is first loaded (inside the measured span: the library's index loads its
 * files lazily) and maps every stack trace aws-cdk-lib captures through the source maps: costs a user's app does
 * not pay for an installed library.
 *
 * With `--no-rollback-alarm`, one more app: the first checkout's scale app with the WebServices' rollback alarm
 * turned off (`rollbackAlarms: { enabled: false }`), to measure what that default costs. The flag needs a
 * checkout whose bench/scale-app.ts has the option (always true with `--packed`, which runs this checkout's).
 *
 * With `--latest-cdk` (and `--packed`), the apps are installed next to the newest aws-cdk-lib the tests run on
 * (package.json's `aws-cdk-lib-latest`) instead of the floor. From 2.276 aws-cdk-lib runs AWS's CloudFormation
 * validator at every synth unless CDK_VALIDATION=false, which this script passes on to the apps as it finds it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type { ChildResult } from './child';
import { createImportApp } from './import-bench';
import { fixed, median, table } from './stats';

const flags = new Set(process.argv.slice(2).filter(a => a.startsWith('--')));
const allowed = ['--packed', '--latest-cdk', '--no-rollback-alarm'];
const unknown = [...flags].filter(f => !allowed.includes(f));
if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
const packed = flags.has('--packed');
if (flags.has('--latest-cdk') && !packed) throw new Error('--latest-cdk needs --packed (without it, the apps run on the checkouts\' own node_modules)');
const [roundsArg, sizesArg, ...checkouts] = process.argv.slice(2).filter(a => !a.startsWith('--'));
const rounds = Number(roundsArg ?? 5);
const sizes = (sizesArg ?? '10,100').split(',').map(Number);
if (checkouts.length === 0) checkouts.push(path.join(__dirname, '..'));
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_OPTIONS;

/** With --packed: each checkout's packed library installed in an app of its own, with the compiled bench apps. */
const installed = new Map<string, string>();
if (packed) {
  for (const checkout of checkouts) {
    const { dir } = createImportApp(checkout, { latestCdk: flags.has('--latest-cdk') });
    fs.mkdirSync(path.join(dir, 'bench'));
    fs.copyFileSync(path.join(__dirname, '..', 'cdk.json'), path.join(dir, 'cdk.json'));
    for (const file of ['child', 'scale-app', 'patterns-app']) {
      const source = fs.readFileSync(path.join(__dirname, `${file}.ts`), 'utf8').replace(/from '\.\.\/lib'/g, 'from \'cdk-ecs-platform\'');
      fs.writeFileSync(path.join(dir, 'bench', `${file}.js`), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
    }
    installed.set(checkout, dir);
    console.log(`${checkout}: packed and installed in ${dir}, next to aws-cdk-lib ${JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version}`);
  }
}

type AppKind = 'scale' | 'scale-no-rollback-alarm' | 'patterns' | 'patterns-controls';

function run(checkout: string, app: AppKind, workloads: number): ChildResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
  try {
    const args = JSON.stringify({ app, workloads, perStack: 15, outdir });
    const dir = installed.get(checkout);
    const proc = spawnSync(process.execPath, dir ? [path.join(dir, 'bench', 'child.js'), args] : ['--import', 'tsx', path.join(checkout, 'bench', 'child.ts'), args],
      { cwd: dir ?? checkout, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const line = proc.stdout.split('\n').find(l => l.startsWith('BENCH_RESULT '));
    if (!line) throw new Error(`${checkout} ${app} ${workloads}: ${proc.stderr.slice(-2000)}`);
    const result: ChildResult = JSON.parse(line.slice('BENCH_RESULT '.length));
    if (result.error) throw new Error(`${checkout} ${app} ${workloads}: ${result.error}`);
    return result;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const kinds: Array<{ name: string; checkout: string; app: AppKind }> = [
  ...checkouts.map(c => ({ name: path.basename(c), checkout: c, app: 'scale' as const })),
  ...flags.has('--no-rollback-alarm') ? [{ name: `${path.basename(checkouts[0])} without rollback alarm`, checkout: checkouts[0], app: 'scale-no-rollback-alarm' as const }] : [],
  { name: 'ecs-patterns', checkout: checkouts[0], app: 'patterns' as const },
  { name: 'ecs-patterns + controls', checkout: checkouts[0], app: 'patterns-controls' as const }];
const runs = new Map<string, ChildResult[]>();
const loads = [os.loadavg()[0]];
for (const kind of kinds) run(kind.checkout, kind.app, 1); // warm-up, not counted
for (let round = 0; round < rounds; round++) {
  for (const n of sizes) {
    for (const kind of kinds) {
      const key = `${kind.name} ${n}`;
      runs.set(key, [...runs.get(key) ?? [], run(kind.checkout, kind.app, n)]);
      loads.push(os.loadavg()[0]);
    }
  }
}
const [first, last] = [sizes[0], sizes[sizes.length - 1]];
const cpu = (name: string, n: number) => median(runs.get(`${name} ${n}`)!.map(r => r.constructSynthCpuMs));
const patterns = cpu('ecs-patterns', last);
const controls = cpu('ecs-patterns + controls', last);
table(['app', `CPU ms at ${last} [min-max]`, '/ ecs-patterns', '/ ecs-patterns + controls', `CPU ms per added service, ${first} -> ${last}`, `resources in service stacks at ${last}`, `template bytes in service stacks at ${last}`],
  kinds.map(({ name }) => {
    const series = runs.get(`${name} ${last}`)!;
    const services = series[0].stacks.slice(1);
    return [name, `${fixed(cpu(name, last))} [${fixed(Math.min(...series.map(r => r.constructSynthCpuMs)))}-${fixed(Math.max(...series.map(r => r.constructSynthCpuMs)))}]`,
      fixed(cpu(name, last) / patterns, 2), fixed(cpu(name, last) / controls, 2), fixed((cpu(name, last) - cpu(name, first)) / (last - first), 1),
      String(services.reduce((sum, s) => sum + s.resources, 0)), String(services.reduce((sum, s) => sum + s.templateBytes, 0))];
  }));
console.log(`\n${rounds} rounds; load average (1 min) during the runs: min ${fixed(Math.min(...loads), 1)}, median ${fixed(median(loads), 1)}, max ${fixed(Math.max(...loads), 1)}`);
