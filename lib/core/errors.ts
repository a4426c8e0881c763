import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The error every synth-time check of this library throws. Its message names the construct path, the
 * prop, the value received and what is allowed, so a user can fix the input without reading our code.
 */
export class PlatformValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformValidationError';
  }
}

/** Where a construct's prop got its value, when not from its own props (an environment's override). */
const SOURCES = new WeakMap<IConstruct, Map<string, string>>();

/** Records that `prop` of `scope` was set by `source` (`overrides.Staging`), for the messages about it. */
export function recordPropSource(scope: IConstruct, prop: string, source: string): void {
  let sources = SOURCES.get(scope);
  if (!sources) SOURCES.set(scope, sources = new Map());
  sources.set(prop, source);
}

/**
 * Builds the one message format of this library:
 * `<path>: <prop> <value> <problem>. Allowed: <allowed>.` A prop set by an override says so:
 * `<prop> (from overrides.Staging) <value>`.
 */
export function describeInvalid(scope: IConstruct, prop: string, value: unknown, problem: string, allowed: string): string {
  const sources = SOURCES.get(scope);
  const source = sources && [...sources.entries()].find(([name]) => prop === name || prop.startsWith(`${name}.`) || prop.startsWith(`${name}[`))?.[1];
  return `${scope.node.path}: ${prop}${source ? ` (from ${source})` : ''} ${renderValue(value)} ${problem}. Allowed: ${allowed}.`;
}

/** Throws {@link PlatformValidationError} with the library's message format. */
export function fail(scope: IConstruct, prop: string, value: unknown, problem: string, allowed: string): never {
  throw new PlatformValidationError(describeInvalid(scope, prop, value, problem, allowed));
}

/**
 * The problems several checks find, reported together in the library's message format: thrown as one
 * {@link PlatformValidationError} by `throwIfAny`, or, from a check run at synthesis, handed to CDK's
 * validation ({@link checkAtSynth}).
 */
export class Problems {
  private readonly found: string[] = [];

  /** The messages recorded so far. */
  public get messages(): string[] {
    return [...this.found];
  }

  /** Records a problem: the arguments of {@link fail}. */
  public add(scope: IConstruct, prop: string, value: unknown, problem: string, allowed: string): void {
    this.found.push(describeInvalid(scope, prop, value, problem, allowed));
  }

  /** Throws every problem recorded, one per line, when there is any. */
  public throwIfAny(): void {
    if (this.found.length > 0) throw new PlatformValidationError(this.found.join('\n'));
  }
}

/**
 * Runs a check when the app is synthesized, for rules that later calls (`add*`, escape hatches) can
 * break: the problems it records, or the one it throws with {@link fail}, fail the synthesis through
 * CDK's validation, which prints each with the construct's path.
 */
export function checkAtSynth(scope: IConstruct, check: (problems: Problems) => void): void {
  scope.node.addValidation({
    validate: () => {
      const problems = new Problems();
      try {
        check(problems);
      } catch (error) {
        if (!(error instanceof PlatformValidationError)) throw error;
        return [...problems.messages, error.message];
      }
      return problems.messages;
    },
  });
}

/** True when a value is known at synth (checks are skipped for tokens, which resolve only at deploy). */
export function isKnown(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string' || typeof value === 'number') return !Token.isUnresolved(value);
  return true;
}

/** Renders a received value for a message: strings quoted, durations as seconds, the rest as JSON. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === undefined) return '(not set)';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Checks an integer range, skipping tokens. */
export function checkIntegerRange(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(scope, prop, value, 'is out of range', `a whole number from ${min} to ${max}`);
  }
}

/**
 * A duration in whole seconds. aws-cdk-lib's `Duration#toSeconds()` throws its own error for
 * fractions ("cannot be converted into a whole number of seconds"); this names the prop instead.
 */
export function wholeSeconds(scope: IConstruct, prop: string, duration: Duration): number {
  const millis = duration.toMilliseconds({ integral: false });
  const seconds = millis / 1000;
  if (!Number.isInteger(seconds)) {
    fail(scope, prop, `${millis} ms`, 'is not a whole number of seconds', 'a duration of whole seconds');
  }
  return seconds;
}
