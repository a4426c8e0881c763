/** The figures and tables the benchmarks print: medians, spreads, ratios against targets, Markdown tables. */
import * as os from 'os';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fixed(value: number, digits = 0): string {
  return value.toFixed(digits);
}

/** `median [min-max]` of a series. */
export function spread(values: number[], digits = 0): string {
  return `${fixed(median(values), digits)} [${fixed(Math.min(...values), digits)}-${fixed(Math.max(...values), digits)}]`;
}

export function verdict(ratio: number, target: number): string {
  return ratio <= target ? `target <= ${target}: met` : `target <= ${target}: MISSED by ${fixed((ratio / target - 1) * 100, 1)} %`;
}

/** Prints a Markdown table (readable as is in a terminal, and pasted into BENCHMARKS.md). */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export function loadavg(): string {
  return os.loadavg().map(l => l.toFixed(2)).join(' ');
}
