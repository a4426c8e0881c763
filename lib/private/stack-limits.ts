import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** CloudFormation's limits per stack. */
const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;
/** The library fails this far below them, leaving room for what the next change adds. */
export const MAX_RESOURCES = 450;
export const MAX_TEMPLATE_BYTES = 900_000;
const WARN_RESOURCES = 400;

const GUARDED = Symbol.for('cdk-ecs-platform.stackLimits');

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
  stack.node.addValidation({ validate: () => checkStackLimits(stack) });
}

function checkStackLimits(stack: Stack): string[] {
  const resources = stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  const advice = 'put some workloads in another stack (for example one stack per team or per 15 web services), passing the cluster and repository to it';
  if (resources > MAX_RESOURCES) {
    return [`${stack.node.path}: the stack has ${resources} resources, close to CloudFormation's limit of ${CFN_MAX_RESOURCES} per stack. ` +
      `Allowed: at most ${MAX_RESOURCES} (room for the next change): ${advice}.`];
  }
  if (resources > WARN_RESOURCES) {
    Annotations.of(stack).addWarningV2('cdk-ecs-platform:stackSize',
      `the stack has ${resources} resources; CloudFormation refuses more than ${CFN_MAX_RESOURCES} and this library stops at ${MAX_RESOURCES}: ${advice}`);
  }
  // Rendering the template costs time, and a stack of 300 resources or fewer is far from 1 MB (templates
  // here average about 1 KB a resource; only very large properties, like long environment values, get near).
  if (resources > 300) {
    const template = stack.resolve((stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation());
    const bytes = utf8Length(JSON.stringify(template));
    if (bytes > MAX_TEMPLATE_BYTES) {
      return [`${stack.node.path}: the template is ${bytes} bytes, close to CloudFormation's limit of ${CFN_MAX_TEMPLATE_BYTES}. ` +
        `Allowed: at most ${MAX_TEMPLATE_BYTES} bytes: ${advice}.`];
    }
  }
  return [];
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
