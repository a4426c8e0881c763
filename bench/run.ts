/**
 * The performance benchmarks of the library, against the same job written by hand with aws-cdk-lib
 * (bench/handwritten.ts), in one run:
 *
 * 1. construct-and-synth time, import time and peak memory of the sample app, the hand-written app
 *    and the hand-written equivalent of the sample's infrastructure (bench/handwritten-equivalent.ts),
 *    each run in a fresh Node process (`node --import tsx bench/child.ts`), interleaved;
 * 2. `npx cdk synth` end to end for both apps, interleaved;
 * 3. scale: 1, 10, 50 and 100 WebServices built with the library (bench/scale-app.ts), and a check
 *    that 30 WebServices in one stack fail at synth;
 * 4. the machine and the date (printed first).
 *
 * Every figure is a median over several runs; each run is a new process, so module loading and JIT
 * warm-up are paid every time, as they are by `cdk synth`. BENCHMARKS.md explains the method.
 *
 * Run: npm run bench
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ChildArgs, ChildResult } from './child';

/** Measured runs of each of the three apps in part 1 (after one warm-up of each, not counted). */
const SYNTH_RUNS = 15;
/** Measured runs of each app in part 2 (after one warm-up of each, not counted). */
const CLI_RUNS = 7;
/** Measured runs of each size in part 3 (after one warm-up, not counted). */
const SCALE_RUNS = 5;
const SCALE_SIZES = [1, 10, 50, 100];
const PER_STACK = 15;

const TARGET_SYNTH_RATIO = 1.1;
const TARGET_CLI_RATIO = 1.5;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fixed(value: number, digits = 0): string {
  return value.toFixed(digits);
}

/** `median [min-max]` of a series. */
function spread(values: number[], digits = 0): string {
  return `${fixed(median(values), digits)} [${fixed(Math.min(...values), digits)}-${fixed(Math.max(...values), digits)}]`;
}

function verdict(ratio: number, target: number): string {
  return ratio <= target ? `target <= ${target}: met` : `target <= ${target}: MISSED by ${fixed((ratio / target - 1) * 100, 1)} %`;
}

/** Prints a Markdown table (readable as is in a terminal, and pasted into BENCHMARKS.md). */
function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function loadavg(): string {
  return os.loadavg().map(l => l.toFixed(2)).join(' ');
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

function part3(): void {
  console.log('\n## 3. Scale: N WebServices with the library (bench/scale-app.ts)\n');
  console.log(`One platform stack (PlatformCluster + ImageRepository), WebServices in service stacks of at most ${PER_STACK}.`);
  console.log(`Fresh process each run; 1 warm-up (not counted), then ${SCALE_RUNS} runs of each size, sizes interleaved. median [min-max].\n`);
  runChild({ app: 'scale', workloads: 1, perStack: PER_STACK });
  const results = new Map<number, ChildResult[]>(SCALE_SIZES.map(n => [n, []]));
  for (let i = 0; i < SCALE_RUNS; i++) {
    for (const n of SCALE_SIZES) {
      const r = runChild({ app: 'scale', workloads: n, perStack: PER_STACK });
      if (r.error) throw new Error(`${n} workloads failed: ${r.error}`);
      results.get(n)!.push(r);
    }
  }
  let previous: { n: number; ms: number } | undefined;
  const rows = SCALE_SIZES.map(n => {
    const runs = results.get(n)!;
    const first = runs[0];
    const ms = median(runs.map(r => r.constructSynthMs));
    const marginal = previous ? fixed((ms - previous.ms) / (n - previous.n), 1) : '-';
    const added = previous ? `${marginal} (${previous.n} -> ${n})` : '-';
    previous = { n, ms };
    return [
      String(n),
      String(first.stacks.length),
      String(Math.max(...first.stacks.map(s => s.resources))),
      String(Math.max(...first.stacks.map(s => s.templateBytes))),
      spread(runs.map(r => r.constructSynthMs)),
      `${fixed(median(runs.map(r => r.constructMs)))} / ${fixed(median(runs.map(r => r.synthMs)))}`,
      fixed(median(runs.map(r => r.maxRssMiB)), 1),
      fixed(ms / n, 1),
      added,
    ];
  });
  table(['N', 'stacks', 'max resources/stack', 'max template bytes/stack', 'construct + synth (ms)', 'construct / synth (ms)',
    'maxRSS (MiB)', 'per workload (ms)', 'per added workload (ms)'], rows);
  const perService = results.get(SCALE_SIZES[1])!.map(r => r.stacks.slice(1).reduce((sum, s) => sum + s.resources, 0) / SCALE_SIZES[1]);
  console.log(`\nresources per WebService: ${fixed(perService[0], 1)}`);

  const one = runChild({ app: 'scale', workloads: 30, perStack: 30 });
  const libraryLine = one.error?.split('\n').find(l => /Allowed: at most 450/.test(l))?.trim();
  const ok = one.error !== undefined && one.failedAt === 'synth' && libraryLine !== undefined;
  console.log(`check: 30 WebServices in ONE stack -> ${ok ? 'fails at synth, as expected' : `UNEXPECTED (failed at: ${one.failedAt ?? 'nothing'})`}: ` +
    `"${one.error?.split('\n')[0] ?? ''}" ${libraryLine ?? ''}`);
}

const started = performance.now();
machine();
const synth = part1();
const cli = part2();
part3();
console.log('\n## Summary\n');
console.log(`construct + synth, sample / hand-written: ${fixed(synth.ratio, 2)} (${verdict(synth.ratio, TARGET_SYNTH_RATIO)})`);
console.log(`construct + synth, sample / equivalent:   ${fixed(synth.equivalentRatio, 2)} (the library's own overhead; no target)`);
console.log(`npx cdk synth,     sample / hand-written: ${fixed(cli.ratio, 2)} (${verdict(cli.ratio, TARGET_CLI_RATIO)})`);
console.log(`load avg at end: ${loadavg()}; bench wall time ${fixed((performance.now() - started) / 1000, 0)} s`);
