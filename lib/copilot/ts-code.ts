import { ENVIRONMENT_PLACEHOLDER } from './model';

/** A TypeScript expression, written as a person would: the pieces the generated files are made of. */

/** A string literal; a manifest value with `${COPILOT_ENVIRONMENT_NAME}` becomes a template literal of the environment's name. */
export function str(value: string): string {
  if (value.includes(ENVIRONMENT_PLACEHOLDER)) {
    return `\`${value.replace(/[`\\]/g, '\\$&').split(ENVIRONMENT_PLACEHOLDER).join('${environment.environmentName}')}\``;
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

/** A property key: bare when it is an identifier. */
export function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}

/** `orders-worker` → `OrdersWorker`. */
export function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map(part => part[0].toUpperCase() + part.slice(1)).join('');
}

/** `orders-worker` → `ordersWorker`. */
export function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}

/** A `Duration` in the largest whole unit. */
export function duration(ms: number): string {
  if (ms === 0) return 'Duration.seconds(0)';
  if (ms % 86_400_000 === 0) return `Duration.days(${ms / 86_400_000})`;
  if (ms % 3_600_000 === 0) return `Duration.hours(${ms / 3_600_000})`;
  if (ms % 60_000 === 0) return `Duration.minutes(${ms / 60_000})`;
  if (ms % 1000 === 0) return `Duration.seconds(${ms / 1000})`;
  return `Duration.millis(${ms})`;
}

/** An object literal over several lines, its entries indented by `indent` spaces; undefined values left out. */
export function object(entries: [string, string | undefined][], indent: number): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  if (present.length === 0) return '{}';
  const pad = ' '.repeat(indent);
  return `{\n${present.map(([k, v]) => `${pad}  ${k === v ? k : `${key(k)}: ${v}`},`).join('\n')}\n${pad}}`;
}

/** An object literal on one line: `{ minTasks: 1, maxTasks: 10 }`. */
export function inline(entries: [string, string | undefined][]): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? '{}' : `{ ${present.map(([k, v]) => `${key(k)}: ${v}`).join(', ')} }`;
}

/** `import { A, B } from 'x';` with the names sorted, or nothing when no name is used. */
export function importLine(names: Iterable<string>, from: string): string | undefined {
  const sorted = [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return sorted.length === 0 ? undefined : `import { ${sorted.join(', ')} } from '${from}';`;
}
