/**
 * Prints what an example app costs to keep running, by the cost model in ./cost-model.ts, once its
 * images are released (the example's templates as `cdk synth` writes them).
 *
 * Run: npx tsx bench/example-cost.ts services-talking-to-each-other
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { estimateMonthlyCost, total } from './cost-model';

/** Synthesizes examples/<name>.ts into a temporary directory and prices its stacks. */
export function exampleCost(name: string): { lines: ReturnType<typeof estimateMonthlyCost>; templates: any[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-cost-'));
  process.env.CDK_OUTDIR = outdir;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  process.env.CDK_CONTEXT_JSON = JSON.stringify(require('../cdk.json').context);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', 'examples', `${name}.ts`));
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const templates = Object.values<any>(manifest.artifacts)
      .filter(a => a.type === 'aws:cloudformation:stack')
      .map(a => JSON.parse(fs.readFileSync(path.join(outdir, a.properties.templateFile), 'utf8')));
    return { lines: estimateMonthlyCost(templates), templates };
  } finally {
    delete process.env.CDK_OUTDIR;
    delete process.env.CDK_CONTEXT_JSON;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const name = (process.argv[2] ?? 'services-talking-to-each-other').replace(/\.ts$/, '');
  const { lines } = exampleCost(name);
  console.log(`examples/${name}.ts: ${total(lines).toFixed(2)} USD a month`);
  for (const line of lines) console.log(`  ${line.usd.toFixed(2).padStart(7)}  ${line.item}`);
}
