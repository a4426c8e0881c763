/**
 * Prints what an example app costs to keep running: synthesizes examples/<name>.ts into a temporary
 * cloud assembly and runs `cdk-ecs-platform report` on it (counts under a release's condition are read
 * as the app runs once released).
 *
 * Run: npx tsx bench/example-cost.ts services-talking-to-each-other
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatReport } from '../lib/report/format';
import { buildReport, Report } from '../lib/report/report';

/** Synthesizes examples/<name>.ts into a temporary directory and reports on its stacks. */
export function exampleReport(name: string): Report {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-cost-'));
  process.env.CDK_OUTDIR = outdir;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  process.env.CDK_CONTEXT_JSON = JSON.stringify(require('../cdk.json').context);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', 'examples', `${name}.ts`));
    return buildReport(outdir);
  } finally {
    delete process.env.CDK_OUTDIR;
    delete process.env.CDK_CONTEXT_JSON;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const name = (process.argv[2] ?? 'services-talking-to-each-other').replace(/\.ts$/, '');
  const report = exampleReport(name);
  console.log(formatReport(report, { assumptions: false }));
  console.log(`examples/${name}.ts: ${report.totalMonthlyUsd.toFixed(2)} USD a month`);
}
