/**
 * The performance benchmarks of the library, in one run (or the parts named on the command line):
 *
 * 1. `synth`: construct-and-synth time, import time and peak memory of the sample app, the same job
 *    written by hand with aws-cdk-lib (bench/handwritten.ts) and the hand-written equivalent of the
 *    sample's infrastructure (bench/handwritten-equivalent.ts), each run in a fresh Node process
 *    (`node --import tsx bench/child.ts`), interleaved;
 * 2. `cli`: `npx cdk synth` end to end for the sample and the hand-written app, interleaved;
 * 3. `scale`: 1, 10, 50 and 100 web services in stacks of 15, built with the library
 *    (bench/scale-app.ts) and with aws-cdk-lib's ecs-patterns (bench/patterns-app.ts), interleaved,
 *    and a check that 30 WebServices in one stack fail at synth;
 * 4. `import`: a `node` process that requires the packed library outside the repository, against one
 *    that requires the aws-cdk-lib modules the library uses (bench/import-bench.ts); with
 *    `--instructions`, also the instructions each executes (valgrind);
 * and first the machine and the date.
 *
 * Every figure is a median over several runs; each run is a new process, so module loading and JIT
 * warm-up are paid every time, as they are by `cdk synth`. BENCHMARKS.md explains the method.
 *
 * Run: npm run bench [-- synth cli scale import --instructions]
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ChildArgs, ChildResult } from './child';
import { createImportApp, countInstructions, hasValgrind, ImportApp, probeModules, runProbe } from './import-bench';
import { fixed, loadavg, median, spread, table, verdict } from './stats';

/** Measured runs of each of the three apps in part 1 (after one warm-up of each, not counted). */
const SYNTH_RUNS = 15;
/** Measured runs of each app in part 2 (after one warm-up of each, not counted). */
const CLI_RUNS = 7;
/** Measured runs of each size in part 3 (after one warm-up, not counted). */
const SCALE_RUNS = 5;
const SCALE_SIZES = [1, 10, 50, 100];
const PER_STACK = 15;

/** Fresh processes of each kind in part 4 (after one warm-up of each, not counted). */
const IMPORT_RUNS = 21;
/** Runs of each kind under valgrind in part 4 (`--instructions`). */
const INSTRUCTION_RUNS = 3;

const TARGET_SYNTH_RATIO = 1.1;
const TARGET_CLI_RATIO = 1.1;
/** Construct + synth of 100 web services in stacks of 15: the library / ecs-patterns (issue 18, item 6). */
const TARGET_PATTERNS_RATIO = 1.2;
/** A whole `node` process requiring the library / one requiring the aws-cdk-lib modules it uses (issue 18, item 6). */
const TARGET_IMPORT_RATIO = 1.5;

const ROOT = path.join(__dirname, '..');
const CHILD = path.join(ROOT, 'bench', 'child.ts');

// The children get the environment of `npm run bench` without anything that would change how Node
// or the CDK CLI behave in one of them only.
const childEnv: NodeJS.ProcessEnv = { ...process.env };
for (const name of ['NODE_OPTIONS', 'CDK_CONTEXT_JSON', 'CDK_OUTDIR']) delete childEnv[name];

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs bench/child.ts in a new Node process (the tsx loader, as for every TypeScript file here). */
function runChild(args: Omit<ChildArgs, 'outdir'>): ChildResult {
  const outdir = tmpdir('bench-synth-');
  try {
    const proc = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ ...args, outdir })], {
      cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    const line = proc.stdout.split('\n').find(l => l.startsWith('BENCH_RESULT '));
    if (proc.status !== 0 || !line) {
      throw new Error(`bench/child.ts ${JSON.stringify(args)} failed (exit ${proc.status}):\n${proc.stderr.slice(-3000)}`);
    }
    return JSON.parse(line.slice('BENCH_RESULT '.length));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs `npx cdk synth -q -o <tmp>` with extra arguments, and returns its wall time in ms. */
function runCdkSynth(extraArgs: string[]): number {
  const outdir = tmpdir('bench-cdk-');
  try {
    const start = performance.now();
    const proc = spawnSync('npx', ['cdk', 'synth', '-q', '-o', outdir, ...extraArgs], {
      cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - start;
    const templates = fs.existsSync(outdir) ? fs.readdirSync(outdir).filter(f => f.endsWith('.template.json')) : [];
    if (proc.status !== 0 || templates.length !== 3) {
      throw new Error(`npx cdk synth ${extraArgs.join(' ')} failed (exit ${proc.status}, ${templates.length} templates):\n${proc.stderr.slice(-3000)}`);
    }
    return ms;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function totalResources(r: ChildResult): number {
  return r.stacks.reduce((sum, s) => sum + s.resources, 0);
}

/** The commit, and a hash of lib/ as it is on disk (it may hold changes not yet committed). */
function libraryState(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.ts')) {
        hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  const dirty = git('status', '--porcelain', '--', 'lib', 'bin') !== '';
  return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in lib/ or bin/' : ''}, sha256 of lib/*.ts ${hash.digest('hex').slice(0, 12)}`;
}

function machine(): void {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (pkg: string): string => require(`${pkg}/package.json`).version;
  console.log('# cdk-ecs-platform benchmarks (npm run bench)\n');
  console.log(`date:        ${new Date().toISOString()}`);
  console.log(`cpu:         ${model}, ${os.cpus().length} cores`);
  console.log(`memory:      ${fixed(os.totalmem() / 1024 ** 3, 1)} GiB`);
  console.log(`node:        ${process.version} (${os.platform()} ${os.release()})`);
  console.log(`aws-cdk-lib: ${version('aws-cdk-lib')}, aws-cdk (CLI) ${version('aws-cdk')}, tsx ${version('tsx')}`);
  console.log(`library:     ${libraryState()}`);
  console.log(`load avg:    ${loadavg()} (1, 5, 15 min) at start; other processes on the machine compete for its ${os.cpus().length} cores`);
}

/** The rows of part 1's tables: what each child reports. */
const PART1_ROWS: Array<[string, (r: ChildResult) => number, number]> = [
  ['import: aws-cdk-lib + app modules (ms)', r => r.importMs, 0],
  ['construct: new App() + stacks (ms)', r => r.constructMs, 0],
  ['synth: app.synth() (ms)', r => r.synthMs, 0],
  ['construct + synth (ms)', r => r.constructSynthMs, 0],
  ['construct + synth, CPU time (ms)', r => r.constructSynthCpuMs, 0],
  ['import + construct + synth (ms)', r => r.importMs + r.constructSynthMs, 0],
  ['peak memory, maxRSS (MiB)', r => r.maxRssMiB, 1],
  ['(not timed above) construct + synth again, same process (ms)', r => r.againMs!, 0],
];

/** Prints the table of the sample app against another app; returns the ratios of the medians by row name. */
function compare(sample: ChildResult[], other: ChildResult[], otherName: string): Record<string, number> {
  const ratios: Record<string, number> = {};
  table(['', 'sample app', otherName, 'ratio of medians'], PART1_ROWS.map(([name, get, digits]) => {
    const s = sample.map(get);
    const o = other.map(get);
    ratios[name] = median(s) / median(o);
    return [name, spread(s, digits), spread(o, digits), fixed(ratios[name], 2)];
  }));
  return ratios;
}

function part1(): { ratio: number; equivalentRatio: number } {
  console.log('\n## 1. Construct and synth: sample app vs hand-written app, fresh process each run\n');
  console.log(`node --import tsx bench/child.ts; 1 warm-up each (not counted), then ${SYNTH_RUNS} runs each, interleaved. median [min-max].\n`);
  runChild({ app: 'sample', again: true });
  runChild({ app: 'hand', again: true });
  runChild({ app: 'equivalent', again: true });
  const sample: ChildResult[] = [];
  const hand: ChildResult[] = [];
  const equivalent: ChildResult[] = [];
  for (let i = 0; i < SYNTH_RUNS; i++) {
    sample.push(runChild({ app: 'sample', again: true }));
    hand.push(runChild({ app: 'hand', again: true }));
    equivalent.push(runChild({ app: 'equivalent', again: true }));
  }
  const ratios = compare(sample, hand, 'hand-written');
  const ratio = ratios['construct + synth (ms)'];
  console.log(`\nconstruct + synth ratio (sample / hand): ${fixed(ratio, 2)} (${verdict(ratio, TARGET_SYNTH_RATIO)})`);
  console.log(`peak memory ratio (sample / hand):       ${fixed(ratios['peak memory, maxRSS (MiB)'], 2)}`);
  const sizes = (r: ChildResult) => `${r.stacks.length} stacks, ${totalResources(r)} resources, ` +
    `${fixed(r.stacks.reduce((sum, s) => sum + s.templateBytes, 0) / 1024, 1)} KiB of templates`;
  console.log('CPU time counts every thread of the child (GC and JIT included). The last row is a second, identical app built after the');
  console.log('measured one in the same process: aws-cdk-lib\'s modules already loaded and JIT partly warm, so it is the app\'s own work.');
  console.log(`what each app synthesizes: sample ${sizes(sample[0])}; hand-written ${sizes(hand[0])}`);

  console.log('\n### 1b. Sample app vs the same infrastructure written by hand (bench/handwritten-equivalent.ts)\n');
  console.log('Same runs as above (the equivalent app ran interleaved with the other two: sample, hand, equivalent, sample, ...).');
  console.log('The equivalent app builds, with aws-cdk-lib only, the resources the sample synthesizes (differences: top of that file), so');
  console.log('this ratio is the library\'s own overhead (its abstractions and synth-time checks), without the extra infrastructure.\n');
  const eqRatios = compare(sample, equivalent, 'equivalent');
  const equivalentRatio = eqRatios['construct + synth (ms)'];
  console.log(`\nconstruct + synth ratio (sample / equivalent):          ${fixed(equivalentRatio, 2)}`);
  console.log(`construct + synth, CPU time ratio (sample / equivalent): ${fixed(eqRatios['construct + synth, CPU time (ms)'], 2)}`);
  console.log(`peak memory ratio (sample / equivalent):                 ${fixed(eqRatios['peak memory, maxRSS (MiB)'], 2)}`);
  const constructSynth = (runs: ChildResult[]) => median(runs.map(r => r.constructSynthMs));
  console.log(`construct + synth, split of sample / hand ${fixed(ratio, 2)} = (equivalent / hand ${fixed(constructSynth(equivalent) / constructSynth(hand), 2)}: ` +
    `the extra infrastructure) x (sample / equivalent ${fixed(equivalentRatio, 2)}: the library)`);
  console.log(`what it synthesizes: equivalent ${sizes(equivalent[0])}; per stack, sample / equivalent: ` +
    sample[0].stacks.map((s, i) => `${s.name} ${s.resources} / ${equivalent[0].stacks[i]?.name} ${equivalent[0].stacks[i]?.resources}`).join(', '));
  return { ratio, equivalentRatio };
}

function part2(): { ratio: number } {
  console.log('\n## 2. `npx cdk synth` end to end (CLI, TypeScript start-up and synth)\n');
  const sampleArgs: string[] = [];
  const handArgs = ['--app', 'npx tsx bench/handwritten.ts'];
  console.log('sample:       npx cdk synth -q -o <tmp> (cdk.json: npx tsx bin/app.ts)');
  console.log('hand-written: npx cdk synth -q -o <tmp> --app "npx tsx bench/handwritten.ts"');
  console.log(`1 warm-up each (not counted), then ${CLI_RUNS} runs each, interleaved. Wall time of the whole command.\n`);
  runCdkSynth(sampleArgs);
  runCdkSynth(handArgs);
  const sample: number[] = [];
  const hand: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    sample.push(runCdkSynth(sampleArgs));
    hand.push(runCdkSynth(handArgs));
  }
  const ratio = median(sample) / median(hand);
  table(['', 'sample app', 'hand-written', 'ratio of medians'], [
    ['npx cdk synth, wall time (ms), median [min-max]', spread(sample), spread(hand), fixed(ratio, 2)],
  ]);
  console.log(`\ncdk synth ratio (sample / hand): ${fixed(ratio, 2)} (${verdict(ratio, TARGET_CLI_RATIO)})`);
  return { ratio };
}

/** Construct + synth time and peak memory of one app at each size, from a series of children. */
interface ScaleSeries {
  readonly app: 'scale' | 'patterns';
  readonly runs: Map<number, ChildResult[]>;
}

/** The per-added-workload slope of a figure between two sizes, from the medians. */
function slope(series: ScaleSeries, get: (r: ChildResult) => number, from: number, to: number): number {
  return (median(series.runs.get(to)!.map(get)) - median(series.runs.get(from)!.map(get))) / (to - from);
}

function scaleTable(series: ScaleSeries): void {
  let previous: number | undefined;
  table(['N', 'stacks', 'max resources/stack', 'max template bytes/stack', 'construct + synth (ms)', 'construct / synth (ms)',
    'CPU time (ms)', 'maxRSS (MiB)', 'per workload (ms)', 'per added workload (ms)'], SCALE_SIZES.map(n => {
    const runs = series.runs.get(n)!;
    const first = runs[0];
    const ms = median(runs.map(r => r.constructSynthMs));
    const added = previous === undefined ? '-' : `${fixed(slope(series, r => r.constructSynthMs, previous, n), 1)} (${previous} -> ${n})`;
    previous = n;
    return [
      String(n),
      String(first.stacks.length),
      String(Math.max(...first.stacks.map(s => s.resources))),
      String(Math.max(...first.stacks.map(s => s.templateBytes))),
      spread(runs.map(r => r.constructSynthMs)),
      `${fixed(median(runs.map(r => r.constructMs)))} / ${fixed(median(runs.map(r => r.synthMs)))}`,
      fixed(median(runs.map(r => r.constructSynthCpuMs))),
      fixed(median(runs.map(r => r.maxRssMiB)), 1),
      fixed(ms / n, 1),
      added,
    ];
  }));
}

function part3(): { ratio: number } {
  console.log('\n## 3. Scale: N web services, the library (bench/scale-app.ts) against ecs-patterns (bench/patterns-app.ts)\n');
  console.log(`One platform stack, then the web services in service stacks of at most ${PER_STACK}: WebService in one app,`);
  console.log('ApplicationLoadBalancedFargateService in the other. Fresh process each run; 1 warm-up of each app (not counted), then');
  console.log(`${SCALE_RUNS} runs of each app at each size, interleaved (library 1, ecs-patterns 1, library 10, ...). median [min-max].\n`);
  runChild({ app: 'scale', workloads: 1, perStack: PER_STACK });
  runChild({ app: 'patterns', workloads: 1, perStack: PER_STACK });
  const library: ScaleSeries = { app: 'scale', runs: new Map(SCALE_SIZES.map(n => [n, []])) };
  const patterns: ScaleSeries = { app: 'patterns', runs: new Map(SCALE_SIZES.map(n => [n, []])) };
  for (let i = 0; i < SCALE_RUNS; i++) {
    for (const n of SCALE_SIZES) {
      for (const series of [library, patterns]) {
        const r = runChild({ app: series.app, workloads: n, perStack: PER_STACK });
        if (r.error) throw new Error(`${series.app}: ${n} workloads failed: ${r.error}`);
        series.runs.get(n)!.push(r);
      }
    }
  }
  console.log('### The library\n');
  scaleTable(library);
  console.log('\n### ecs-patterns\n');
  scaleTable(patterns);

  const [first, last] = [SCALE_SIZES[1], SCALE_SIZES[SCALE_SIZES.length - 1]];
  const at = (series: ScaleSeries, n: number, get: (r: ChildResult) => number) => median(series.runs.get(n)!.map(get));
  const perService = (series: ScaleSeries) => series.runs.get(first)!.map(r => r.stacks.slice(1).reduce((sum, s) => sum + s.resources, 0) / first)[0];
  console.log('\n### The library / ecs-patterns\n');
  table(['', 'library', 'ecs-patterns', 'ratio'], [
    [`construct + synth at N = ${last} (ms)`, ...[library, patterns].map(s => fixed(at(s, last, r => r.constructSynthMs))),
      fixed(at(library, last, r => r.constructSynthMs) / at(patterns, last, r => r.constructSynthMs), 2)],
    [`construct + synth, CPU time at N = ${last} (ms)`, ...[library, patterns].map(s => fixed(at(s, last, r => r.constructSynthCpuMs))),
      fixed(at(library, last, r => r.constructSynthCpuMs) / at(patterns, last, r => r.constructSynthCpuMs), 2)],
    [`per added service, ${first} -> ${last} (ms)`, ...[library, patterns].map(s => fixed(slope(s, r => r.constructSynthMs, first, last), 1)),
      fixed(slope(library, r => r.constructSynthMs, first, last) / slope(patterns, r => r.constructSynthMs, first, last), 2)],
    [`per added service, CPU time, ${first} -> ${last} (ms)`, ...[library, patterns].map(s => fixed(slope(s, r => r.constructSynthCpuMs, first, last), 1)),
      fixed(slope(library, r => r.constructSynthCpuMs, first, last) / slope(patterns, r => r.constructSynthCpuMs, first, last), 2)],
    [`peak memory at N = ${last} (MiB)`, ...[library, patterns].map(s => fixed(at(s, last, r => r.maxRssMiB), 1)),
      fixed(at(library, last, r => r.maxRssMiB) / at(patterns, last, r => r.maxRssMiB), 2)],
    [`peak memory per added service, ${first} -> ${last} (MiB)`, ...[library, patterns].map(s => fixed(slope(s, r => r.maxRssMiB, first, last), 2)),
      fixed(slope(library, r => r.maxRssMiB, first, last) / slope(patterns, r => r.maxRssMiB, first, last), 2)],
    ['resources per web service', fixed(perService(library), 1), fixed(perService(patterns), 1), fixed(perService(library) / perService(patterns), 2)],
  ]);
  const ratio = at(library, last, r => r.constructSynthMs) / at(patterns, last, r => r.constructSynthMs);
  console.log(`\nconstruct + synth ratio at N = ${last} (library / ecs-patterns): ${fixed(ratio, 2)} (${verdict(ratio, TARGET_PATTERNS_RATIO)})`);

  const one = runChild({ app: 'scale', workloads: 30, perStack: 30 });
  const libraryLine = one.error?.split('\n').find(l => /Allowed: at most 450/.test(l))?.trim();
  const ok = one.error !== undefined && one.failedAt === 'synth' && libraryLine !== undefined;
  console.log(`check: 30 WebServices in ONE stack -> ${ok ? 'fails at synth, as expected' : `UNEXPECTED (failed at: ${one.failedAt ?? 'nothing'})`}: ` +
    `"${one.error?.split('\n')[0] ?? ''}" ${libraryLine ?? ''}`);
  return { ratio };
}

function part4(instructions: boolean): { ratio: number; instructionRatio?: number } {
  console.log('\n## 4. Import: a `node` process that requires the packed library, outside the repository (bench/import-bench.ts)\n');
  const started = performance.now();
  let app: ImportApp;
  try {
    app = createImportApp();
  } catch (e) {
    throw new Error(`npm pack and install into a temporary app failed: ${e instanceof Error ? e.message : e}`);
  }
  try {
    const kinds = probeModules(app);
    console.log(`npm pack, then npm install of the tarball with aws-cdk-lib and constructs in ${app.dir} (${fixed((performance.now() - started) / 1000)} s).`);
    console.log(`aws-cdk-lib: the process requires the ${app.cdkModules.length} modules the library's compiled code requires: ${app.cdkModules.join(', ')}.`);
    console.log(`1 warm-up of each (not counted), then ${IMPORT_RUNS} runs of each, interleaved (node, aws-cdk-lib, library, node, ...). median [min-max].\n`);
    const names = Object.keys(kinds);
    for (const name of names) runProbe(app, kinds[name]);
    const runs = new Map<string, Array<ReturnType<typeof runProbe>>>(names.map(n => [n, []]));
    for (let i = 0; i < IMPORT_RUNS; i++) for (const name of names) runs.get(name)!.push(runProbe(app, kinds[name]));
    const wall = (name: string) => median(runs.get(name)!.map(r => r.wallMs));
    table(['process', 'wall time of the process (ms)', 'require() inside it (ms)', 'files loaded', 'of aws-cdk-lib', 'of the library'], names.map(name => {
      const r = runs.get(name)!;
      return [name, spread(r.map(x => x.wallMs)), spread(r.map(x => x.result.requireMs), 1),
        String(r[0].result.files), String(r[0].result.awsCdkLibFiles), String(r[0].result.libraryFiles)];
    }));
    const ratio = wall('library') / wall('aws-cdk-lib');
    console.log(`\nwhole process, library / aws-cdk-lib: ${fixed(ratio, 2)} (${verdict(ratio, TARGET_IMPORT_RATIO)}); ` +
      `above Node's own start-up: ${fixed(wall('library') - wall('node'))} against ${fixed(wall('aws-cdk-lib') - wall('node'))} ms`);
    const everyExport = wall('library, every export read') / wall('aws-cdk-lib');
    console.log(`whole process, library with every export read / aws-cdk-lib: ${fixed(everyExport, 2)} (no target: an app using every class)`);
    let instructionRatio: number | undefined;
    if (instructions) {
      console.log(`\nInstructions executed by the whole process (valgrind --tool=callgrind, all threads), ${INSTRUCTION_RUNS} runs of each, interleaved, median:\n`);
      const counts = new Map<string, number[]>(names.map(n => [n, []]));
      for (let i = 0; i < INSTRUCTION_RUNS; i++) for (const name of names) counts.get(name)!.push(countInstructions(app, kinds[name]));
      table(['process', 'instructions (millions), median [min-max]'], names.map(name => [name, spread(counts.get(name)!.map(c => c / 1e6))]));
      const ir = (name: string) => median(counts.get(name)!);
      instructionRatio = ir('library') / ir('aws-cdk-lib');
      console.log(`\ninstructions, library / aws-cdk-lib: ${fixed(instructionRatio, 2)} (${verdict(instructionRatio, TARGET_IMPORT_RATIO)})`);
    }
    return { ratio, instructionRatio };
  } finally {
    fs.rmSync(app.dir, { recursive: true, force: true });
  }
}

const PARTS = ['synth', 'cli', 'scale', 'import'];
const args = process.argv.slice(2);
const selected = args.filter(a => !a.startsWith('--'));
const unknown = selected.filter(a => !PARTS.includes(a));
if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}; parts: ${PARTS.join(', ')} (all when none is named), option --instructions`);
const runPart = (part: string) => selected.length === 0 || selected.includes(part);
const withInstructions = args.includes('--instructions');
if (withInstructions && !hasValgrind()) throw new Error('--instructions needs valgrind');

const started = performance.now();
machine();
const summary: string[] = [];
if (runPart('synth')) {
  const synth = part1();
  summary.push(`construct + synth, sample / hand-written:       ${fixed(synth.ratio, 2)} (${verdict(synth.ratio, TARGET_SYNTH_RATIO)})`);
  summary.push(`construct + synth, sample / equivalent:         ${fixed(synth.equivalentRatio, 2)} (the library's own overhead; no target)`);
}
if (runPart('cli')) {
  const cli = part2();
  summary.push(`npx cdk synth,     sample / hand-written:       ${fixed(cli.ratio, 2)} (${verdict(cli.ratio, TARGET_CLI_RATIO)})`);
}
if (runPart('scale')) {
  const scale = part3();
  summary.push(`construct + synth, 100 services, library / ecs-patterns: ${fixed(scale.ratio, 2)} (${verdict(scale.ratio, TARGET_PATTERNS_RATIO)})`);
}
if (runPart('import')) {
  const imported = part4(withInstructions);
  summary.push(`import, whole process, library / aws-cdk-lib:  ${fixed(imported.ratio, 2)} (${verdict(imported.ratio, TARGET_IMPORT_RATIO)})`);
  if (imported.instructionRatio !== undefined) {
    summary.push(`import, instructions, library / aws-cdk-lib:   ${fixed(imported.instructionRatio, 2)} (${verdict(imported.instructionRatio, TARGET_IMPORT_RATIO)})`);
  }
}
console.log('\n## Summary\n');
for (const line of summary) console.log(line);
console.log(`load avg at end: ${loadavg()}; bench wall time ${fixed((performance.now() - started) / 1000, 0)} s`);
