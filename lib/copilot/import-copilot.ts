import * as fs from 'fs';
import * as path from 'path';
import { ManifestError } from './manifest-fields';
import type { WorkspaceModel } from './model';
import { copilotFolder, readWorkspace } from './workspace';
import { writeApp } from './write-app';
import { writeMigration } from './write-migration';
import { writeProject } from './write-project';

/** What `import-copilot` is given. */
export interface ImportOptions {
  /** The Copilot workspace: the folder holding copilot/ (or copilot/ itself). */
  readonly workspace: string;
  /** Where the CDK app is written. */
  readonly outDir: string;
  /** Write into a folder that is not empty (files of the same name are replaced). */
  readonly force?: boolean;
  /** Copilot's application domain (`copilot app init --domain example.com`): the manifests do not hold it. */
  readonly domain?: string;
  /** Values of `${NAME}` placeholders other than Copilot's own. */
  readonly variables?: Record<string, string>;
}

/** What the import wrote. */
export interface ImportResult {
  readonly model: WorkspaceModel;
  /** The files written, relative to the app's folder. */
  readonly files: string[];
  /** Lines of TypeScript written (blank lines not counted). */
  readonly generatedLines: number;
}

/** A request the importer refuses before it reads a manifest (a folder it would overwrite, say). */
export class ImportRefusal extends Error {}

/** Reads the workspace and writes the app; refuses a non-empty `outDir` without `force`, and writes nothing when a manifest is refused. */
export function importCopilot(options: ImportOptions): ImportResult {
  const outDir = path.resolve(options.outDir);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new ImportRefusal(`--out ${options.outDir} is a file; give a folder`);
  if (!options.force && fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
    throw new ImportRefusal(`--out ${options.outDir} is not empty; give an empty or new folder, or --force to write into it (files of the same name are replaced)`);
  }
  if (!fs.existsSync(options.workspace)) throw new ImportRefusal(`the workspace ${options.workspace} does not exist`);
  if (options.domain !== undefined && !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/.test(options.domain)) {
    throw new ImportRefusal(`--domain ${options.domain} is not a DNS name such as example.com`);
  }
  const model = readWorkspace(options.workspace, { variables: options.variables });
  const code = writeApp(model, { workspaceRoot: path.resolve(path.dirname(copilotFolder(options.workspace))), outDir, domain: options.domain });
  const generatedLines = Object.values(code).reduce((n, text) => n + text.split('\n').filter(line => line.trim() !== '').length, 0);
  const files: Record<string, string> = {
    ...writeProject(model.application),
    ...code,
    'MIGRATION.md': writeMigration(model, { generatedLines, domain: options.domain }),
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.writeFileSync(path.join(outDir, file), text);
  }
  return { model, files: Object.keys(files).sort(), generatedLines };
}

export const IMPORT_USAGE = `Usage: cdk-ecs-platform import-copilot <workspace> --out <dir> [--force] [--domain <domain>] [--var NAME=VALUE ...]

Reads an AWS Copilot workspace (the folder holding copilot/) and writes a TypeScript CDK app that uses
cdk-ecs-platform: one environment per Copilot environment, one stack per service or job, a jest snapshot
test, and MIGRATION.md (what was carried over, what was not and why, the manual steps, the cutover).

Options:
  --out DIR          where the app is written (a new or empty folder)
  --force            write into a folder that is not empty (files of the same name are replaced)
  --domain DOMAIN    Copilot's application domain (copilot app init --domain), which the manifests do not hold
  --var NAME=VALUE   the value of a \${NAME} placeholder of the manifests (Copilot read it from the shell)
  -h, --help         print this help

Exit codes: 0 written; 2 bad arguments, a folder it would overwrite, or a manifest it cannot read (nothing is written).`;

/** Where the command writes. */
export interface ImportIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** `cdk-ecs-platform import-copilot ...` (the arguments after the command); returns the exit code. */
export function importCopilotCli(argv: string[], io: ImportIo): number {
  let workspace: string | undefined;
  let outDir: string | undefined;
  let force = false;
  let domain: string | undefined;
  const variables: Record<string, string> = {};
  const usage = (message: string) => {
    io.stderr(`cdk-ecs-platform import-copilot: ${message}\n\n${IMPORT_USAGE}\n`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      io.stdout(`${IMPORT_USAGE}\n`);
      return 0;
    }
    const value = () => {
      const v = argv[++i];
      return v === undefined || v.startsWith('--') ? undefined : v;
    };
    if (arg === '--out') {
      outDir = value();
      if (outDir === undefined) return usage('--out needs a folder');
    } else if (arg === '--force') {
      force = true;
    } else if (arg === '--domain') {
      domain = value();
      if (domain === undefined) return usage('--domain needs a DNS name, such as example.com');
    } else if (arg === '--var') {
      const v = value();
      const match = v === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(v);
      if (!match) return usage(`--var needs NAME=VALUE; got ${v === undefined ? 'nothing' : `"${v}"`}`);
      variables[match[1]] = match[2];
    } else if (arg.startsWith('-')) {
      return usage(`unknown option "${arg}"`);
    } else if (workspace === undefined) {
      workspace = arg;
    } else {
      return usage(`one workspace at a time; got "${workspace}" and "${arg}"`);
    }
  }
  if (workspace === undefined) return usage('no workspace given');
  if (outDir === undefined) return usage('--out is required: the folder the app is written to');
  try {
    const result = importCopilot({ workspace, outDir, force, domain, variables });
    const m = result.model;
    io.stdout(`Wrote ${result.files.length} files to ${outDir}: ${m.environments.length} environment(s), ${m.workloads.length} service(s) and job(s), ` +
      `${result.generatedLines} lines of TypeScript from ${m.manifestLines} lines of manifests; ${m.listed.length + m.outside.length} item(s) to review in MIGRATION.md.\n` +
      `Next: cd ${outDir} && npm install && npm test && npx cdk synth\n`);
    return 0;
  } catch (e) {
    if (e instanceof ManifestError || e instanceof ImportRefusal) {
      io.stderr(`cdk-ecs-platform import-copilot: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
