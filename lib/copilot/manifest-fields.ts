import type { Carried, Listed } from './model';

/** A manifest the importer cannot read: the file, the field, what it holds and what was expected. */
export class ManifestError extends Error {
  constructor(public readonly file: string, public readonly field: string, public readonly received: string, public readonly expected: string) {
    super(`${file}: ${field} is ${received}; expected ${expected}`);
  }
}

/** What a manifest value looks like in a message: short, and with its type when it is not a string. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `a list ${JSON.stringify(value)}` :
    typeof value === 'object' ? `a map ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Where the importer records, for MIGRATION.md, what each manifest field became. */
export class Ledger {
  public readonly carried: Carried[] = [];
  public readonly listed: Listed[] = [];

  public carry(file: string, field: string, to: string): void {
    this.carried.push({ file, field, to });
  }

  public list(file: string, field: string, reason: string): void {
    this.listed.push({ file, field, reason });
  }
}

/**
 * One map of a manifest, read field by field. Each field read is marked; `finish` lists the fields no
 * reader took, so a field the importer does not know is listed in MIGRATION.md, never dropped in silence.
 */
export class Fields {
  /** Reads the top of a parsed manifest: a map, or a refusal naming the file. */
  public static root(file: string, document: unknown, ledger: Ledger): Fields {
    if (!isMap(document)) throw new ManifestError(file, '(the document)', describeValue(document), 'a YAML map of manifest fields');
    return new Fields(file, '', document, ledger);
  }

  private readonly taken = new Set<string>();

  private constructor(public readonly file: string, public readonly path: string, private readonly node: Record<string, unknown>,
    public readonly ledger: Ledger) {}

  /** The field's path in the manifest (`http.healthcheck.path`). */
  public field(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  public has(key: string): boolean {
    return this.node[key] !== undefined && this.node[key] !== null;
  }

  /** The field's raw value, marked as read. */
  public raw(key: string): unknown {
    this.taken.add(key);
    const value = this.node[key];
    return value === null ? undefined : value;
  }

  public keys(): string[] {
    return Object.keys(this.node);
  }

  public fail(key: string, expected: string, value: unknown = this.node[key]): never {
    throw new ManifestError(this.file, this.field(key), describeValue(value), expected);
  }

  public string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  public requiredString(key: string, expected: string): string {
    const value = this.string(key);
    if (value === undefined || value.trim() === '') this.fail(key, expected);
    return value;
  }

  public integer(key: string, min: number, max: number): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) this.fail(key, `a whole number from ${min} to ${max}`);
    return n;
  }

  public boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(key, 'true or false');
    return value;
  }

  /** A duration in Copilot's (Go's) form: `30s`, `1h30m`, `250ms`, `5d` (days where Copilot allows them); in milliseconds. */
  public duration(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined) this.fail(key, 'a duration such as 30s, 2m, 1h30m or 250ms');
    return ms;
  }

  public map(key: string): Fields | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!isMap(value)) this.fail(key, 'a map of fields');
    return new Fields(this.file, this.field(key), value, this.ledger);
  }

  public list(key: string): unknown[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(key, 'a list');
    return value;
  }

  /** The items of a list of maps, each read as fields (`subscribe.topics[0]`). */
  public mapList(key: string): Fields[] {
    return (this.list(key) ?? []).map((item, i) => {
      const field = `${this.field(key)}[${i}]`;
      if (!isMap(item)) throw new ManifestError(this.file, field, describeValue(item), 'a map of fields');
      return new Fields(this.file, field, item, this.ledger);
    });
  }

  /** A map of names to strings (`variables`). */
  public stringMap(key: string): Record<string, string> {
    const value = this.raw(key);
    if (value === undefined) return {};
    if (!isMap(value)) this.fail(key, 'a map of names to values');
    const result: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new ManifestError(this.file, `${this.field(key)}.${name}`, describeValue(item), 'a string, number or boolean');
      }
      result[name] = String(item);
    }
    return result;
  }

  /** Records that the field was carried over, as what. */
  public carry(key: string, to: string): void {
    this.taken.add(key);
    if (this.has(key)) this.ledger.carry(this.file, this.field(key), to);
  }

  /** Marks the field read and lists it in MIGRATION.md with the reason, when the manifest has it. */
  public listIfPresent(key: string, reason: string): void {
    this.taken.add(key);
    if (this.has(key)) this.ledger.list(this.file, this.field(key), reason);
  }

  /** Lists every field that no reader took. */
  public finish(): void {
    for (const key of Object.keys(this.node)) {
      if (!this.taken.has(key)) this.ledger.list(this.file, this.field(key), 'not read by the importer: carry it over by hand');
    }
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a Go-style duration (`1h30m`, `250ms`, `5d`), or undefined. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, n, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * UNITS[unit];
  return total;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
