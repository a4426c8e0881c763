import { formatChanges, formatGoneStacks } from './baseline/format-changes';
import { Report, StackReport } from './report';

/** The report as a table for people: one block per stack, then the total, the prices and the assumptions. */
export function formatReport(report: Report, options: { readonly assumptions?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`cdk-ecs-platform report: ${report.assembly} (${report.stacks.length} stack${report.stacks.length === 1 ? '' : 's'})` +
    (report.baseline === undefined ? '' : `, compared with ${report.baseline}`));
  for (const stack of report.stacks) out.push('', ...formatStack(stack));
  out.push(...formatGoneStacks(report.stacksGone));
  out.push('');
  for (const environment of report.environments) {
    out.push(`Environment ${environment.application}/${environment.environment}: ${money(environment.monthlyUsd)} USD a month for ${environment.stacks.length} stack(s); ` +
      `${money(environment.fixedMonthlyUsd)} of it the environment's own stack (before any service runs a task)`);
  }
  out.push(`Total: ${money(report.totalMonthlyUsd)} USD a month for ${report.stacks.length} stack(s), before traffic`);
  if (report.stacksPricedElsewhere.length > 0) {
    out.push(`  NOTE: priced with ${report.prices.region} list prices, not their own region's: ${report.stacksPricedElsewhere.join(', ')}`);
  }
  if (report.budget) {
    out.push(report.budget.exceeded
      ? `  OVER BUDGET: ${money(report.totalMonthlyUsd)} USD a month is above --max-monthly-usd ${money(report.budget.maxMonthlyUsd)}`
      : `  within budget: at most ${money(report.budget.maxMonthlyUsd)} USD a month`);
  }
  if (options.assumptions === false) return out.join('\n') + '\n';
  out.push('');
  out.push(`Prices: ${report.prices.source} (dated ${report.prices.date}); other regions: ${report.prices.otherRegions}.`);
  out.push('Assumed:');
  for (const assumption of report.assumptions) out.push(`  - ${assumption}`);
  return out.join('\n') + '\n';
}

function formatStack(stack: StackReport): string[] {
  const out: string[] = [];
  const region = stack.pricing.regionPriced ? stack.region : `${stack.region} (priced as ${stack.pricing.region})`;
  out.push(`${stack.displayName}  ${region}  ${money(stack.monthlyUsd)} USD a month`);
  if (stack.pricing.note) out.push(`  ! ${stack.pricing.note}`);
  if (stack.cost.length > 0) {
    out.push('  cost (USD a month)');
    const itemWidth = Math.min(70, Math.max(...stack.cost.map(l => l.item.length)));
    for (const line of stack.cost) out.push(`    ${money(line.usd).padStart(8)}  ${line.item.padEnd(itemWidth)}  ${line.basis}`);
  } else {
    out.push('  cost: nothing that bills by the hour or month');
  }
  for (const note of stack.notPriced) out.push(`    not priced: ${note}`);
  if (stack.deploys.length > 0) {
    out.push('  deploy time per service (waiting on settings in the template, per deploy)');
    for (const deploy of stack.deploys) {
      const time = deploy.seconds === undefined ? 'not modelled'
        : deploy.targetGroups.length === 0 && deploy.strategy === 'ROLLING' ? 'no load balancer to wait on' : duration(deploy.seconds);
      out.push(`    ${deploy.service}  ${deploy.strategy}  ${time}`);
      for (const wait of deploy.waitsOn) out.push(`      - ${wait}`);
    }
  }
  if (stack.images.length > 0) {
    out.push('  images (what each service runs; a digest is the same bytes in every environment)');
    for (const use of stack.images) {
      const how = use.parameter === undefined ? use.pinnedBy
        : `${use.pinnedBy} ${use.parameter}${use.output ? `: the deployed value is output ${use.output}` : ''}`;
      out.push(`    ${use.service} ${use.container}  ${use.image}  (${how})`);
    }
  }
  out.push(`  limits: ${stack.limits.map(l => `${l.name} ${count(l.used)}/${count(l.limit)}${l.status === 'ok' ? '' : ` ${l.status.toUpperCase()}`}`).join(', ')}`);
  if (stack.findings.length > 0) {
    out.push('  findings');
    for (const finding of stack.findings) out.push(`    ${finding.severity.padEnd(7)} ${finding.message}`);
  }
  out.push(...formatChanges(stack.changes));
  return out;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function money(usd: number): string {
  return usd.toFixed(2);
}

/** `50 s`, `12 min 30 s`, `2 h 5 min`. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
