/**
 * Readers for untyped template JSON: a template can hold any shape (an intrinsic function where a
 * number is expected), so every read says what it expects and gets undefined otherwise.
 */

/** The value as an object, or an empty one. */
export function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** The value as an array, or an empty one. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A number, or a string holding one (CloudFormation accepts both); undefined for anything else. A
 * value under a condition (`Fn::If`) is read as its larger branch, or as unset where one branch leaves
 * it out: the report prices an app as it runs once released (an ImageRelease runs no task until a tag
 * is given, through such conditions).
 */
export function num(value: unknown): number | undefined {
  const branches = (value as Record<string, unknown> | null)?.['Fn::If'];
  if (Array.isArray(branches) && branches.length === 3) {
    // A branch that leaves the property out (AWS::NoValue) wins: the reader's default applies, as it
    // does for a released scaling service (no DesiredCount; the scalable target decides).
    if ([branches[1], branches[2]].some(b => get(b, 'Ref') === 'AWS::NoValue')) return undefined;
    const values = [branches[1], branches[2]].map(num).filter((n): n is number => n !== undefined);
    return values.length > 0 ? Math.max(...values) : undefined;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value at a path of keys and indexes, or undefined. */
export function get(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** True for a boolean true or the string "true" (CloudFormation accepts both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
