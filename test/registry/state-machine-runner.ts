/**
 * Runs a synthesized JSONata state machine offline, the way Step Functions would, so a test can
 * exercise the flow's own logic (its choices, outputs, catches and waits) instead of only reading
 * its definition. AWS calls are answered by the test; time is a clock that Wait states move on.
 *
 * Covered: Task (AWS SDK integrations, Catch on States.ALL), Choice, Pass, Wait (Seconds), Succeed and
 * Fail, with Arguments, Output and Condition in JSONata 2.0.6 (the version Step Functions runs). Not
 * covered: Map, Parallel, Retry (a task's answer is final), variables (Assign).
 */
import jsonata from 'jsonata';

export interface Call {
  readonly state: string;
  /** `sfn:listExecutions`, `cloudformation:updateStack`, ... */
  readonly action: string;
  readonly args: Record<string, unknown>;
}

export interface Outcome {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly calls: Call[];
  /** The states entered, in order. */
  readonly path: string[];
  /** How long the execution took on the clock, in seconds. */
  readonly seconds: number;
}

/** An AWS error as a task's answer: the state's Catch sees `{ Error, Cause }`. */
export class AwsError extends Error {
  constructor(public readonly error: string, public readonly cause: string) {
    super(`${error}: ${cause}`);
  }
}

type Answer = (call: Call, now: Date) => unknown;

type SynthesizedTemplate = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** The definition of the first state machine of a template whose logical ID starts with `prefix`, with intrinsics flattened. */
export function definitionOf(template: SynthesizedTemplate, prefix: string): Definition {
  const entry = Object.entries(template.Resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::StepFunctions::StateMachine');
  if (!entry) throw new Error(`no state machine ${prefix}* in the template`);
  return JSON.parse(flatten(entry[1].Properties.DefinitionString));
}

export interface Definition {
  readonly StartAt: string;
  readonly States: Record<string, State>;
}

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Arguments?: unknown;
  readonly Output?: unknown;
  readonly Choices?: Array<{ Condition: string; Next: string }>;
  readonly Default?: string;
  readonly Seconds?: number;
  readonly Catch?: Array<{ ErrorEquals: string[]; Next: string; Output?: unknown }>;
  readonly Error?: string;
  readonly Cause?: string;
}

/** Runs the flow from its start with `input`; `answer` plays every AWS API it calls. */
export async function run(definition: Definition, input: unknown, answer: Answer,
  options: { start?: Date; maxStates?: number } = {}): Promise<Outcome> {
  const start = options.start ?? new Date('2026-12-01T12:00:00Z');
  let clock = start.getTime();
  const calls: Call[] = [];
  const path: string[] = [];
  const context = { Execution: { StartTime: start.toISOString(), Id: 'arn:aws:states:us-east-1:111111111111:execution:flow:test' } };
  let name = definition.StartAt;
  let data: unknown = input;
  for (let steps = 0; steps < (options.maxStates ?? 10000); steps++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    path.push(name);
    const states = { input: data, context };
    const now = () => new Date(clock).toISOString();
    const done = (extra: Partial<Outcome>) => ({ calls, path, seconds: (clock - start.getTime()) / 1000, ...extra }) as Outcome;
    switch (state.Type) {
      case 'Succeed':
        return done({ status: 'SUCCEEDED', output: data });
      case 'Fail':
        return done({ status: 'FAILED', error: await evaluate(state.Error, { states }, now) as string, cause: await evaluate(state.Cause, { states }, now) as string });
      case 'Pass':
        data = state.Output === undefined ? data : await evaluate(state.Output, { states }, now);
        break;
      case 'Wait':
        clock += (state.Seconds ?? 0) * 1000;
        data = state.Output === undefined ? data : await evaluate(state.Output, { states }, now);
        break;
      case 'Choice': {
        let next = state.Default;
        for (const choice of state.Choices ?? []) {
          if (await evaluate(choice.Condition, { states }, now) === true) {
            next = choice.Next;
            break;
          }
        }
        if (!next) return done({ status: 'FAILED', error: 'States.NoChoiceMatched' });
        data = state.Output === undefined ? data : await evaluate(state.Output, { states }, now);
        name = next;
        continue;
      }
      case 'Task': {
        const action = /aws-sdk:(\w+):(\w+)$/.exec(state.Resource ?? '');
        if (!action) throw new Error(`${name}: not an AWS SDK integration: ${state.Resource}`);
        const args = await evaluate(state.Arguments ?? {}, { states }, now) as Record<string, unknown>;
        const call = { state: name, action: `${action[1]}:${action[2]}`, args };
        calls.push(call);
        let result: unknown;
        try {
          result = answer(call, new Date(clock));
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          const handler = state.Catch?.find(c => c.ErrorEquals.includes('States.ALL') || c.ErrorEquals.includes(e.error));
          if (!handler) return done({ status: 'FAILED', error: e.error, cause: e.cause });
          const errorOutput = { Error: e.error, Cause: e.cause };
          data = handler.Output === undefined ? errorOutput : await evaluate(handler.Output, { states: { ...states, errorOutput } }, now);
          name = handler.Next;
          continue;
        }
        data = state.Output === undefined ? result : await evaluate(state.Output, { states: { ...states, result } }, now);
        break;
      }
      default:
        throw new Error(`${name}: state type ${state.Type} is not covered`);
    }
    if (state.End || !state.Next) return done({ status: 'SUCCEEDED', output: data });
    name = state.Next;
  }
  throw new Error(`the flow ran more than ${options.maxStates ?? 10000} states: ${path.slice(-10).join(' -> ')}`);
}

/** Evaluates a JSONata template: `{% %}` strings anywhere in a JSON value, as Step Functions does. */
async function evaluate(template: unknown, bindings: Record<string, unknown>, now: () => string): Promise<unknown> {
  if (typeof template === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(template);
    if (!match) return template;
    const result = await jsonata(match[1]).evaluate({}, { ...bindings, now });
    if (result === undefined) throw new Error(`JSONata expression has no value (Step Functions fails the state): ${template}`);
    return normalize(result);
  }
  if (Array.isArray(template)) return Promise.all(template.map(t => evaluate(t, bindings, now)));
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) out[k] = await evaluate(v, bindings, now);
    return out;
  }
  return template;
}

/** JSONata's results carry sequence markers; Step Functions passes plain JSON on. */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Fn::Join of strings and Refs, as one string; a Ref becomes `<LogicalId>`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}
