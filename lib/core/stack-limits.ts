import * as fs from 'fs';
import * as path from 'path';
import { Annotations, CfnResource, ISynthesisSession, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAtSynth, fail, Problems } from './errors';

/** CloudFormation's limits per stack. */
const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;
/** The library fails this far below them, leaving room for what the next change adds. */
export const MAX_RESOURCES = 450;
export const MAX_TEMPLATE_BYTES = 900_000;
const WARN_RESOURCES = 400;
const ADVICE = 'put some workloads in another stack (for example one stack per team or per 15 web services), passing the cluster and repository to it';

const GUARDED = Symbol.for('cdk-ecs-platform.stackLimits');

/**
 * Checks, once per stack, that the stack stays clear of CloudFormation's limits of 500 resources
 * and a 1 MB template, and fails at synth with what to do when it does not (aws-cdk-lib fails only at
 * 500 resources, and only warns about the template size).
 *
 * The resources are counted when the app is validated. The template is measured once it is written:
 * its size on disk is the size CloudFormation reads, since the CDK CLI deploys the template file that
 * synthesis writes (as a file asset, through a TemplateURL:
 * https://github.com/aws/aws-cdk-cli/blob/main/packages/@aws-cdk/toolkit-lib/lib/api/cloudformation/template-body-parameter.ts),
 * and measuring it there costs no second rendering of the template.
 */
export function guardStackLimits(scope: IConstruct): void {
  const stack = Stack.of(scope);
  const marked = stack as unknown as Record<symbol, boolean>;
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  checkAtSynth(stack, problems => checkResourceCount(stack, problems));
  measureWrittenTemplate(stack);
}

function checkResourceCount(stack: Stack, problems: Problems): void {
  const resources = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  if (resources > MAX_RESOURCES) {
    problems.add(stack, 'resource count', resources, `is close to CloudFormation's limit of ${CFN_MAX_RESOURCES} per stack`,
      `at most ${MAX_RESOURCES} (room for the next change); ${ADVICE}`);
  } else if (resources > WARN_RESOURCES) {
    Annotations.of(stack).addWarningV2('cdk-ecs-platform:stackSize',
      `the stack has ${resources} resources; CloudFormation refuses more than ${CFN_MAX_RESOURCES} and this library stops at ${MAX_RESOURCES}: ${ADVICE}`);
  }
}

/**
 * Fails the synthesis when the stack's template, just written by its synthesizer, is over
 * MAX_TEMPLATE_BYTES. The stack's synthesizer (one per stack) is wrapped: it writes the template, then
 * the file is measured.
 */
function measureWrittenTemplate(stack: Stack): void {
  const synthesizer = stack.synthesizer;
  const synthesize = synthesizer.synthesize.bind(synthesizer);
  synthesizer.synthesize = (session: ISynthesisSession): void => {
    synthesize(session);
    const file = path.join(session.assembly.outdir, stack.templateFile);
    if (!fs.existsSync(file)) return;
    const bytes = fs.statSync(file).size;
    if (bytes > MAX_TEMPLATE_BYTES) {
      fail(stack, 'template size', bytes, `bytes is close to CloudFormation's limit of ${CFN_MAX_TEMPLATE_BYTES}`,
        `at most ${MAX_TEMPLATE_BYTES} bytes; ${ADVICE}, or move large values (environment, commands) into SSM parameters or secrets`);
    }
  };
}
