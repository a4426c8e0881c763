import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';

/**
 * Values a stack shares with other stacks through SSM parameters instead of CloudFormation exports.
 *
 * An environment's stack is *sharing*: what its resources give to workloads in other stacks (a cluster
 * name, subnet ids, a listener ARN) is written to Parameter Store under the environment's prefix when
 * the resource is created, and a workload's stack reads it by name (an SSM-typed stack parameter,
 * resolved at every deploy of that stack). No `Fn::ImportValue`, so the environment can change what it
 * shares (a replaced listener, a new certificate) while services run, and each service deploys alone.
 * Any other stack shares values the usual CDK way (exports).
 */
const SHARING = Symbol.for('cdk-ecs-platform.sharedValues');

interface Sharing {
  /** Parameter Store path under which the stack's values are written, without a trailing slash. */
  readonly prefix: string;
  /** The values written, by parameter name. */
  readonly written: Map<string, string>;
}

/** Makes a stack share its resources' values through Parameter Store under `prefix` (`/cdk-ecs-platform/shop/staging`). */
export function shareThroughParameters(stack: Stack, prefix: string): void {
  Object.defineProperty(stack, SHARING, { value: { prefix, written: new Map() } satisfies Sharing });
}

/** The Parameter Store prefix of a sharing stack, or undefined for any other stack. */
export function sharingPrefix(stack: Stack): string | undefined {
  return sharingOf(stack)?.prefix;
}

function sharingOf(stack: Stack): Sharing | undefined {
  return (stack as unknown as Record<symbol, Sharing | undefined>)[SHARING];
}

/**
 * Writes the values of a resource of a sharing stack to Parameter Store, one String parameter each, so
 * that workloads of other stacks can read them with {@link sharedValue}; does nothing in other stacks.
 * `owner` names the resource: its path below the stack, and `key`, make the parameter's name.
 */
export function publishValues(owner: IConstruct, values: Record<string, string>): void {
  const stack = Stack.of(owner);
  const sharing = sharingOf(stack);
  if (!sharing) return;
  for (const [key, value] of Object.entries(values)) {
    const name = parameterName(sharing, owner, key);
    if (sharing.written.has(name)) continue;
    sharing.written.set(name, value);
    new ssm.StringParameter(owner as Construct, `Shared${key.replace(/[^A-Za-z0-9]/g, '')}`, {
      parameterName: name,
      stringValue: value,
      description: `cdk-ecs-platform: ${key} of ${owner.node.path}, for workloads in other stacks`.slice(0, 1024),
      simpleName: false,
    });
  }
}

/**
 * A value of `owner` as `consumer`'s stack sees it: the value itself in the same stack (or when
 * `owner`'s stack does not share), otherwise the SSM parameter {@link publishValues} wrote, read in
 * `consumer`'s stack at deploy.
 */
export function sharedValue(consumer: IConstruct, owner: IConstruct, key: string, value: string): string {
  const ownerStack = Stack.of(owner);
  const sharing = sharingOf(ownerStack);
  if (!sharing || Stack.of(consumer) === ownerStack) return value;
  const name = parameterName(sharing, owner, key);
  if (!sharing.written.has(name)) {
    throw new Error(`${owner.node.path} shares no "${key}" (parameter ${name}): a value of a sharing stack must be published when its resource is created`);
  }
  return ssm.StringParameter.valueForStringParameter(Stack.of(consumer), name);
}

/** A list value of `owner` (shared joined by commas), as `consumer`'s stack sees it; `length` is known at synth. */
export function sharedList(consumer: IConstruct, owner: IConstruct, key: string, values: string[]): string[] {
  const ownerStack = Stack.of(owner);
  if (!sharingOf(ownerStack) || Stack.of(consumer) === ownerStack) return values;
  return Fn.split(',', sharedValue(consumer, owner, key, Fn.join(',', values)), values.length);
}

/** True when `consumer` reads `owner`'s values through Parameter Store. */
export function readsShared(consumer: IConstruct, owner: IConstruct): boolean {
  const ownerStack = Stack.of(owner);
  return sharingOf(ownerStack) !== undefined && Stack.of(consumer) !== ownerStack;
}

/** A list, joined by commas, for {@link publishValues}. */
export function joined(values: string[]): string {
  return values.some(v => Token.isUnresolved(v)) ? Fn.join(',', values) : values.join(',');
}

function parameterName(sharing: Sharing, owner: IConstruct, key: string): string {
  const stack = Stack.of(owner);
  const below = owner.node.scopes.slice(owner.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  return [sharing.prefix, ...below, key].map(part => part.replace(/[^A-Za-z0-9_.\-/]/g, '-')).join('/');
}
