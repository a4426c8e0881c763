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

/**
 * Builds the one message format of this library:
 * `<path>: <prop> <value> <problem>. Allowed: <allowed>.`
 */
export function describeInvalid(scope: IConstruct, prop: string, value: unknown, problem: string, allowed: string): string {
  return `${scope.node.path}: ${prop} ${renderValue(value)} ${problem}. Allowed: ${allowed}.`;
}

/** Throws {@link PlatformValidationError} with the library's message format. */
export function fail(scope: IConstruct, prop: string, value: unknown, problem: string, allowed: string): never {
  throw new PlatformValidationError(describeInvalid(scope, prop, value, problem, allowed));
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
