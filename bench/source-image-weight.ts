/**
 * What a SourceImage weighs: the resources one, two and four images add to a stack (with and without
 * cdk.json's feature flags), and cdk-nag's raw AwsSolutions findings on them before the library's
 * acknowledgements.
 *
 * Run: npx tsx bench/source-image-weight.ts
 */
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ImageRepository, SourceImage } from '../lib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const context = require('../cdk.json').context;
const directory = path.join(__dirname, '..', 'examples', 'sample-image');

function build(images: number, flags: boolean): { app: App; stack: Stack } {
  const app = new App({ context: flags ? context : {}, stackTraces: false });
  const stack = new Stack(app, 'Builds', { env: { region: 'us-east-1' } });
  const repository = new ImageRepository(stack, 'Repository', { repositoryName: 'bench/web' });
  for (let i = 0; i < images; i++) new SourceImage(stack, `Image${i}`, { repository, directory, tag: `v${i}` });
  return { app, stack };
}

function resources(images: number, flags: boolean): number {
  const { app, stack } = build(images, flags);
  const template = app.synth().getStackByName(stack.stackName).template;
  return Object.keys(template.Resources).length;
}

/** cdk-nag's findings with every acknowledgement removed: what a user would see without the library's reasons. */
function rawFindings(images: number): number {
  const { app } = build(images, true);
  app.synth();
  for (const c of app.node.findAll()) {
    const data = c.node.metadata.filter(m => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    (c.node as unknown as { _metadata: unknown[] })._metadata = data;
  }
  const report = new AwsSolutionsChecks(undefined as any, { verbose: true }).validateScope(app);
  return report.violations.reduce((n, v) => n + v.violatingResources.length, 0);
}

const base = { flags: resources(0, true), noFlags: resources(0, false) };
console.log('images  resources (cdk.json flags)  added  resources (no flags)  added');
for (const n of [1, 2, 4]) {
  const flags = resources(n, true);
  const noFlags = resources(n, false);
  console.log(`${String(n).padStart(6)}  ${String(flags).padStart(26)}  ${String(flags - base.flags).padStart(5)}  ${String(noFlags).padStart(20)}  ${String(noFlags - base.noFlags).padStart(5)}`);
}
const one = rawFindings(1);
const two = rawFindings(2);
console.log(`cdk-nag AwsSolutions findings before acknowledgements: 1 image ${one}, 2 images ${two} (${two - one} for the second)`);
