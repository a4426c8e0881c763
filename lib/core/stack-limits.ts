import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAtSynth, Problems } from './errors';

/** CloudFormation's limits per stack. */
const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;
/** The library fails this far below them, leaving room for what the next change adds. */
export const MAX_RESOURCES = 450;
export const MAX_TEMPLATE_BYTES = 900_000;
const WARN_RESOURCES = 400;
/**
 * The template is rendered and measured when the stack has more resources than this, or when the
 * library's workloads carry more than BULK_BYTES of environment values and commands. Rendering costs
 * as much as a second synthesis, and templates here average about 1.2 KB a resource (378,879 bytes
 * for the 315 of a stack of 15 web services), so below both only properties added through escape
 * hatches can bring a template near 1 MB.
 */
const MEASURE_RESOURCES = 300;
const BULK_BYTES = 100_000;

const GUARDED = Symbol.for('cdk-ecs-platform.stackLimits');
const BULK = Symbol.for('cdk-ecs-platform.stackBulk');

/** Counts bytes of large user-given values (environment, commands) toward the stack's template size. */
export function recordBulk(scope: IConstruct, values: Array<string | undefined>): void {
  const stack = Stack.of(scope) as unknown as Record<symbol, number>;
  stack[BULK] = (stack[BULK] ?? 0) + values.reduce((sum, v) => sum + (v === undefined || Token.isUnresolved(v) ? 0 : utf8Length(v)), 0);
}

/**
 * Checks, once per stack, that the stack stays clear of CloudFormation's limits of 500 resources
 * and a 1 MB template, and fails at synth with what to do when it does not (aws-cdk-lib fails only at
 * 500 resources, and the template size only at deploy).
 */
export function guardStackLimits(scope: IConstruct): void {
  const stack = Stack.of(scope);
  const marked = stack as unknown as Record<symbol, boolean>;
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  checkAtSynth(stack, problems => checkStackLimits(stack, problems));
}

function checkStackLimits(stack: Stack, problems: Problems): void {
  const resources = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  const advice = 'put some workloads in another stack (for example one stack per team or per 15 web services), passing the cluster and repository to it';
  if (resources > MAX_RESOURCES) {
    problems.add(stack, 'resource count', resources, `is close to CloudFormation's limit of ${CFN_MAX_RESOURCES} per stack`,
      `at most ${MAX_RESOURCES} (room for the next change); ${advice}`);
    return;
  }
  if (resources > WARN_RESOURCES) {
    Annotations.of(stack).addWarningV2('cdk-ecs-platform:stackSize',
      `the stack has ${resources} resources; CloudFormation refuses more than ${CFN_MAX_RESOURCES} and this library stops at ${MAX_RESOURCES}: ${advice}`);
  }
  const bulk = (stack as unknown as Record<symbol, number>)[BULK] ?? 0;
  if (resources > MEASURE_RESOURCES || bulk > BULK_BYTES) {
    const template = stack.resolve((stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation());
    const bytes = utf8Length(JSON.stringify(template));
    if (bytes > MAX_TEMPLATE_BYTES) {
      problems.add(stack, 'template size', bytes, `bytes is close to CloudFormation's limit of ${CFN_MAX_TEMPLATE_BYTES}`,
        `at most ${MAX_TEMPLATE_BYTES} bytes; ${advice}, or move large values (environment, commands) into SSM parameters or secrets`);
    }
  }
}

/** The UTF-8 length of a string, without Node's Buffer (the library compiles with jsii, for every runtime). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
