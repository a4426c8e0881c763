import { AppModel } from './app-model';
import { AssemblyStack, readAssembly, UNKNOWN_REGION } from './assembly';
import { compareWithBaseline } from './baseline/baseline';
import { compareResources, GoneStack, StackChanges } from './baseline/replacements';
import { Finding, LimitUse, stackFindings, stackLimits } from './checks';
import { estimateCost, totalUsd } from './cost';
import { analyzeDeploys, DeployTime } from './deploy-time';
import { analyzeImages, ImageUse } from './images';
import { ASSUMPTIONS, PRICE_SOURCE, PRICES } from './prices';
import { analyzeServices } from './services';

/** The report of one stack. */
export interface StackReport {
  readonly id: string;
  readonly displayName: string;
  readonly environment?: string;
  /** The stack's region, or `unknown-region`. */
  readonly region: string;
  readonly regionSource: AssemblyStack['regionSource'];
  /** The region whose prices were used, and whether they are the stack's own. */
  readonly pricing: { readonly region: string; readonly regionPriced: boolean; readonly note?: string };
  readonly monthlyUsd: number;
  readonly cost: Array<{ readonly item: string; readonly usd: number; readonly basis: string }>;
  /** What the cost model saw and did not price. */
  readonly notPriced: string[];
  readonly deploys: Array<Omit<DeployTime, 'stackId' | 'problems'>>;
  /** What each service's containers run: the image, and whether a digest or a tag pins it (and which parameter and output, for a release). */
  readonly images: Array<Omit<ImageUse, 'stackId'>>;
  readonly limits: LimitUse[];
  readonly findings: Array<Omit<Finding, 'stackId'>>;
  /** With a baseline: what deploying this stack over the baseline's creates, updates, replaces and deletes. */
  readonly changes?: StackChanges;
}

/** The report of a whole cloud assembly: `cdk-ecs-platform report --json` prints it. */
export interface Report {
  readonly schema: 'cdk-ecs-platform/report@1';
  readonly assembly: string;
  readonly prices: typeof PRICE_SOURCE & { readonly table: typeof PRICES };
  readonly assumptions: string[];
  readonly stacks: StackReport[];
  readonly totalMonthlyUsd: number;
  /** Stacks priced with another region's prices (not us-east-1, or unknown). */
  readonly stacksPricedElsewhere: string[];
  readonly budget?: { readonly maxMonthlyUsd: number; readonly exceeded: boolean };
  /** The assembly compared against with `--baseline`, when one was given. */
  readonly baseline?: string;
  /** With a baseline: its stacks that this assembly no longer has (`cdk deploy` leaves them deployed). */
  readonly stacksGone?: GoneStack[];
  /** The environments of applications (stacks tagged by `AppEnvironment`), each with its stacks and totals. */
  readonly environments: EnvironmentReport[];
}

/** An environment of an application and what it costs. */
export interface EnvironmentReport {
  readonly application: string;
  readonly environment: string;
  /** The ids of its stacks: the environment's own first, then its services'. */
  readonly stacks: string[];
  /** The environment's own stack: what it costs before any service runs a task. */
  readonly fixedMonthlyUsd: number;
  /** Every stack of the environment. */
  readonly monthlyUsd: number;
}

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Fails the budget when the total is above this many USD a month. */
  readonly maxMonthlyUsd?: number;
  /** A cloud assembly of what is deployed now: what deploying this one over it would do is added to the findings. */
  readonly baseline?: string;
}

/** Reads a cloud assembly (a `cdk.out` folder) and reports cost, deploy times, limits and findings per stack. */
export function buildReport(assemblyDir: string, options: ReportOptions = {}): Report {
  const stacks = readAssembly(assemblyDir);
  const app = new AppModel(stacks);
  const services = analyzeServices(app);
  const cost = estimateCost(app);
  const deploys = analyzeDeploys(app, services);
  const images = analyzeImages(services);
  const round = (n: number) => Math.round(n * 100) / 100;
  const baseline = options.baseline === undefined ? undefined : readAssembly(options.baseline);
  const changes = baseline === undefined ? [] : compareWithBaseline(baseline, stacks);
  const resources = baseline === undefined ? undefined : compareResources(baseline, stacks);

  const reports = stacks.map((stack): StackReport => {
    const lines = cost.lines.filter(l => l.stackId === stack.id);
    const limits = stackLimits(stack);
    const regionPriced = stack.region === PRICE_SOURCE.region;
    const mine = deploys.filter(d => d.stackId === stack.id);
    return {
      id: stack.id,
      displayName: stack.displayName,
      environment: stack.environment,
      region: stack.region,
      regionSource: stack.regionSource,
      pricing: {
        region: PRICE_SOURCE.region,
        regionPriced,
        note: regionPriced ? undefined : stack.region === UNKNOWN_REGION
          ? `environment-agnostic stack: priced with ${PRICE_SOURCE.region} list prices; the region it deploys to may differ`
          : `priced with ${PRICE_SOURCE.region} list prices, not ${stack.region}'s (per-region prices are not modelled)`,
      },
      monthlyUsd: round(totalUsd(lines)),
      cost: lines.map(l => ({ item: l.item, usd: round(l.usd), basis: l.basis })),
      notPriced: cost.notes.filter(n => n.stackId === stack.id).map(n => n.note),
      deploys: mine.map(d => ({
        service: d.service, strategy: d.strategy, seconds: d.seconds, batches: d.batches, waitsOn: d.waitsOn, targetGroups: d.targetGroups,
      })),
      images: images.filter(i => i.stackId === stack.id).map(i => ({
        service: i.service, container: i.container, image: i.image, pinnedBy: i.pinnedBy, parameter: i.parameter, output: i.output,
      })),
      limits,
      findings: [...stackFindings(stack, limits, services, deploys), ...changes.filter(c => c.stackId === stack.id)]
        .map(f => ({ severity: f.severity, code: f.code, resource: f.resource, message: f.message })),
      changes: resources?.stacks.get(stack.id),
    };
  });
  const total = round(totalUsd(cost.lines));
  return {
    schema: 'cdk-ecs-platform/report@1',
    assembly: assemblyDir,
    prices: { ...PRICE_SOURCE, table: PRICES },
    assumptions: ASSUMPTIONS,
    stacks: reports,
    totalMonthlyUsd: total,
    stacksPricedElsewhere: reports.filter(r => !r.pricing.regionPriced && r.monthlyUsd > 0).map(r => r.displayName),
    budget: options.maxMonthlyUsd === undefined ? undefined : { maxMonthlyUsd: options.maxMonthlyUsd, exceeded: total > options.maxMonthlyUsd },
    baseline: options.baseline,
    stacksGone: resources?.gone,
    environments: environmentReports(stacks, reports, round),
  };
}

const TAG = { application: 'cdk-ecs-platform:application', environment: 'cdk-ecs-platform:environment', stack: 'cdk-ecs-platform:stack' };

/** Groups the stacks an `AppEnvironment` tagged by application and environment. */
function environmentReports(stacks: AssemblyStack[], reports: StackReport[], round: (n: number) => number): EnvironmentReport[] {
  const groups = new Map<string, { application: string; environment: string; stacks: AssemblyStack[] }>();
  for (const stack of stacks) {
    const application = stack.tags[TAG.application];
    const environment = stack.tags[TAG.environment];
    if (!application || !environment) continue;
    const key = `${application}\n${environment}`;
    const group = groups.get(key) ?? { application, environment, stacks: [] };
    group.stacks.push(stack);
    groups.set(key, group);
  }
  const usd = (ids: AssemblyStack[]) => round(ids.reduce((sum, s) => sum + (reports.find(r => r.id === s.id)?.monthlyUsd ?? 0), 0));
  return [...groups.values()].map(group => {
    const own = group.stacks.filter(s => s.tags[TAG.stack] === 'environment');
    const ordered = [...own, ...group.stacks.filter(s => !own.includes(s))];
    return {
      application: group.application, environment: group.environment, stacks: ordered.map(s => s.id),
      fixedMonthlyUsd: usd(own), monthlyUsd: usd(group.stacks),
    };
  });
}
