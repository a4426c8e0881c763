/**
 * How many of the mistakes of the bad-input corpus (test/quality/*bad-inputs.ts) plain aws-cdk-lib lets through to a deploy:
 * each is built with aws-cdk-lib alone and synthesized; a mistake that synthesizes is one that only
 * CloudFormation, ECS or the running container would report. (This library refuses every one at synth:
 * test/quality/bad-input.test.ts.)
 *
 * Run: npm run bad-inputs
 */
import { App, Stack } from 'aws-cdk-lib';
import { ADOPT_BAD_INPUTS } from '../test/quality/adopt-bad-inputs';
import { BAD_INPUTS as EARLIER } from '../test/quality/bad-inputs';
import { MANAGED_BAD_INPUTS } from '../test/quality/managed-bad-inputs';
import { MORE_BAD_INPUTS } from '../test/quality/more-bad-inputs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const context = { ...require('../cdk.json').context, '@aws-cdk/core:annotationsInValidationReport': false };

const BAD_INPUTS = [...EARLIER, ...MORE_BAD_INPUTS, ...ADOPT_BAD_INPUTS, ...MANAGED_BAD_INPUTS];
let caught = 0;
let through = 0;
const rows: string[] = [];
for (const c of BAD_INPUTS) {
  const app = new App({ context });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  try {
    c.plain(stack);
    app.synth();
    through++;
    rows.push(`  through  ${c.area.padEnd(9)} ${c.mistake}`);
  } catch (e) {
    if (e instanceof TypeError || e instanceof ReferenceError) throw new Error(`the plain version of "${c.mistake}" is broken: ${(e as Error).message}`);
    caught++;
    rows.push(`  caught   ${c.area.padEnd(9)} ${c.mistake}: ${(e as Error).message.split('\n')[0].slice(0, 110)}`);
  }
}
console.log(rows.join('\n'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const version = require('aws-cdk-lib/package.json').version;
console.log(`\n${BAD_INPUTS.length} mistakes. aws-cdk-lib ${version} alone: ${caught} caught at synth, ${through} let through to deploy.`);
console.log(`cdk-ecs-platform: ${BAD_INPUTS.length} caught at synth, 0 let through (npx jest test/quality/bad-input.test.ts).`);
