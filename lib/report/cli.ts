#!/usr/bin/env node
/// <reference types="node" />
/**
 * `cdk-ecs-platform report [cdk.out] [--json] [--max-monthly-usd N] [--baseline DIR [--fail-on replace]]`:
 * what a synthesized app will cost a month, how long its deploys wait and on what, how close its stacks
 * are to CloudFormation's limits, and (against a baseline) what deploying it would break, before
 * anything is deployed. Reads any cloud assembly, with or without this library's constructs. Exit
 * codes: 0 done, 1 over --max-monthly-usd or a --fail-on finding, 2 a bad argument or an unreadable
 * cloud assembly.
 */
import { importCopilotCli } from '../copilot/import-copilot';
import { AssemblyError } from './assembly';
import { REPLACE_CODES } from './baseline/baseline';
import { formatReport } from './format';
import { buildReport } from './report';

const USAGE = `Usage: cdk-ecs-platform report [cdk.out] [--json] [--max-monthly-usd N] [--baseline DIR [--fail-on replace]]
       cdk-ecs-platform import-copilot <workspace> --out <dir> [--force]   (an AWS Copilot workspace to a CDK app; --help for more)

Reads a synthesized CDK app (a cloud assembly: the folder \`cdk synth\` writes, ./cdk.out by default)
and prints, per stack: the monthly cost by line item with the prices and assumptions used, the deploy
time of each ECS service and what it waits on, resources and template size against CloudFormation's
limits, and services without a circuit breaker or deployment alarms.

Options:
  --json                 print one JSON document instead of the table
  --max-monthly-usd N    exit 1 when the total is above N USD a month (fails a build)
  --baseline DIR         compare with the cloud assembly of what is deployed now (for example the
                         cdk.out of the main branch): per stack (matched by artifact id), the
                         resources created, updated, replaced (a property whose change replaces
                         it, per CloudFormation's resource specification, or a new logical ID)
                         and deleted, stateful and traffic-serving ones marked; and a progressive
                         service's production listener rule rewritten
  --fail-on replace      with --baseline: exit 1 when a stateful or traffic-serving resource would
                         be replaced, maybe replaced or deleted (retained or not), or such a rule
                         rewritten
  -h, --help             print this help

Exit codes: 0 done; 1 over --max-monthly-usd or a --fail-on finding; 2 bad arguments or no readable
cloud assembly.`;

/** Where the CLI writes; the tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

class UsageError extends Error {}

interface Arguments {
  readonly assembly: string;
  readonly json: boolean;
  readonly maxMonthlyUsd?: number;
  readonly baseline?: string;
  readonly failOnReplace?: boolean;
  readonly help: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { assembly: '', json: false, help: true };
  if (command !== 'report') throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  let assembly: string | undefined;
  let json = false;
  let maxMonthlyUsd: number | undefined;
  let baseline: string | undefined;
  let failOnReplace = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') return { assembly: '', json: false, help: true };
    if (flag === '--json') {
      json = true;
    } else if (flag === '--max-monthly-usd') {
      const value = inline ?? rest[++i];
      const n = value === undefined || value.trim() === '' ? NaN : Number(value);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--max-monthly-usd needs a number of USD, 0 or more; got ${value === undefined ? 'nothing' : `"${value}"`}`);
      maxMonthlyUsd = n;
    } else if (flag === '--baseline') {
      const value = inline ?? rest[++i];
      if (value === undefined || value.trim() === '' || value.startsWith('--')) throw new UsageError('--baseline needs the folder of a cloud assembly (a cdk.out)');
      baseline = value;
    } else if (flag === '--fail-on') {
      const value = inline ?? rest[++i];
      if (value !== 'replace') throw new UsageError(`--fail-on takes "replace"; got ${value === undefined ? 'nothing' : `"${value}"`}`);
      failOnReplace = true;
    } else if (flag.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}"`);
    } else if (assembly === undefined) {
      assembly = arg;
    } else {
      throw new UsageError(`one cloud assembly at a time; got "${assembly}" and "${arg}"`);
    }
  }
  if (failOnReplace && baseline === undefined) throw new UsageError('--fail-on replace needs --baseline: there is nothing to compare with');
  return { assembly: assembly ?? 'cdk.out', json, maxMonthlyUsd, baseline, failOnReplace, help: false };
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  if (argv[0] === 'import-copilot') return importCopilotCli(argv.slice(1), io);
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cdk-ecs-platform: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let report;
  try {
    report = buildReport(args.assembly, { maxMonthlyUsd: args.maxMonthlyUsd, baseline: args.baseline });
  } catch (e) {
    if (!(e instanceof AssemblyError)) throw e;
    io.stderr(`cdk-ecs-platform report: ${e.message}\n`);
    return 2;
  }
  io.stdout(args.json ? `${JSON.stringify(report, undefined, 2)}\n` : formatReport(report));
  let code = 0;
  if (report.budget?.exceeded) {
    io.stderr(`cdk-ecs-platform report: ${report.totalMonthlyUsd.toFixed(2)} USD a month is above --max-monthly-usd ${report.budget.maxMonthlyUsd.toFixed(2)}\n`);
    code = 1;
  }
  const breaking = args.failOnReplace ? report.stacks.flatMap(s => [
    ...s.findings.filter(f => REPLACE_CODES.has(f.code)).map(f => `${s.displayName}/${f.resource ?? f.code}`),
    ...(s.changes?.changes ?? []).filter(c => c.fails).map(c => `${s.displayName}/${c.logicalId}`),
  ]) : [];
  if (breaking.length > 0) {
    io.stderr(`cdk-ecs-platform report: ${breaking.length} change(s) against ${args.baseline} that --fail-on replace refuses: ${breaking.join(', ')}\n`);
    code = 1;
  }
  return code;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
