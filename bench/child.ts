/**
 * One measured construct-and-synth run, in a process of its own; bench/run.ts starts it with
 * `node --import tsx bench/child.ts '<json>'` and reads the last line it prints, `BENCH_RESULT {...}`.
 *
 * The modules are loaded with require() inside the timed section so that their load time is measured
 * on its own (static imports would run before the first line of this file).
 *
 * Argument (JSON): ChildArgs.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';

/** What the child reports. */
export interface ChildResult {
  /** Process start (as Node sees it) to the first line of this file: Node and the tsx loader. */
  readonly startupMs: number;
  /** Loading aws-cdk-lib and the app's modules (the library, or aws-cdk-lib's modules the hand-written apps use). */
  readonly importMs: number;
  /** new App() and building the stacks. */
  readonly constructMs: number;
  /** app.synth(): aspects, validation, templates written to outdir. */
  readonly synthMs: number;
  /** constructMs + synthMs: from just before new App() to just after app.synth(). */
  readonly constructSynthMs: number;
  /** CPU time (user + system, all threads: JIT and GC included) spent in constructSynthMs. */
  readonly constructSynthCpuMs: number;
  /** process.resourceUsage().maxRSS, in MiB. */
  readonly maxRssMiB: number;
  /** One entry per stack, in the cloud assembly's order. */
  readonly stacks: Array<{ name: string; resources: number; templateBytes: number }>;
  /**
   * With `again`: construct + synth of a second, identical app in the same process, after the
   * measured one (modules loaded, JIT partly warm): the work of the app itself, without loading.
   */
  readonly againMs?: number;
  /** The error building or synthesizing the app threw, if it threw. */
  readonly error?: string;
  /** Where it threw. */
  readonly failedAt?: 'construct' | 'synth';
}

export interface ChildArgs {
  /**
   * sample: bin/sample-app.ts; hand: bench/handwritten.ts; equivalent: bench/handwritten-equivalent.ts;
   * scale: bench/scale-app.ts; scale-no-rollback-alarm: the same with the WebServices' rollback alarm turned off;
   * patterns: bench/patterns-app.ts (the scale app with ecs-patterns); patterns-controls: the same with the
   * library's controls written on top (the same resources as the scale app).
   */
  readonly app: 'sample' | 'hand' | 'equivalent' | 'scale' | 'scale-no-rollback-alarm' | 'patterns' | 'patterns-controls';
  readonly outdir: string;
  readonly workloads?: number;
  readonly perStack?: number;
  /** Build and synthesize the app a second time after the measurement (see againMs). */
  readonly again?: boolean;
}

const startupMs = performance.now();
const args: ChildArgs = JSON.parse(process.argv[2]);
const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;

const t0 = performance.now();
const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
let build: (app: App) => void;
if (args.app === 'sample') {
  const { buildSampleApp } = require('../bin/sample-app') as typeof import('../bin/sample-app');
  build = app => buildSampleApp(app);
} else if (args.app === 'hand') {
  const { buildHandwrittenApp } = require('./handwritten') as typeof import('./handwritten');
  build = app => buildHandwrittenApp(app, { workloads: args.workloads });
} else if (args.app === 'equivalent') {
  const { buildHandwrittenEquivalentApp } = require('./handwritten-equivalent') as typeof import('./handwritten-equivalent');
  build = app => buildHandwrittenEquivalentApp(app);
} else if (args.app === 'patterns' || args.app === 'patterns-controls') {
  const { buildPatternsApp } = require('./patterns-app') as typeof import('./patterns-app');
  build = app => buildPatternsApp(app, { workloads: args.workloads ?? 1, perStack: args.perStack, controls: args.app === 'patterns-controls' });
} else {
  const { buildScaleApp } = require('./scale-app') as typeof import('./scale-app');
  build = app => buildScaleApp(app, { workloads: args.workloads ?? 1, perStack: args.perStack, rollbackAlarm: args.app !== 'scale-no-rollback-alarm' });
}
const t1 = performance.now();

let t2: number | undefined;
let error: string | undefined;
let t3: number;
const cpu0 = process.cpuUsage();
try {
  const app = new cdk.App({ context, outdir: args.outdir });
  build(app);
  t2 = performance.now();
  app.synth();
  t3 = performance.now();
} catch (e) {
  t3 = performance.now();
  error = e instanceof Error ? e.message : String(e);
}
const cpu = process.cpuUsage(cpu0);
const maxRssMiB = process.resourceUsage().maxRSS / 1024;

let againMs: number | undefined;
if (args.again && !error) {
  const start = performance.now();
  const app = new cdk.App({ context, outdir: path.join(args.outdir, 'again') });
  build(app);
  app.synth();
  againMs = performance.now() - start;
}

const stacks: ChildResult['stacks'] = [];
if (!error) {
  const manifest = JSON.parse(fs.readFileSync(path.join(args.outdir, 'manifest.json'), 'utf8'));
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const file = path.join(args.outdir, artifact.properties.templateFile);
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    stacks.push({ name, resources: Object.keys(template.Resources ?? {}).length, templateBytes: fs.statSync(file).size });
  }
}

const result: ChildResult = {
  startupMs,
  importMs: t1 - t0,
  constructMs: (t2 ?? t3) - t1,
  synthMs: t2 === undefined ? 0 : t3 - t2,
  constructSynthMs: t3 - t1,
  constructSynthCpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMiB,
  stacks,
  againMs,
  error,
  failedAt: error ? (t2 === undefined ? 'construct' : 'synth') : undefined,
};
console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
