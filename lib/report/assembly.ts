/// <reference types="node" />
import * as fs from 'fs';
import * as path from 'path';
import { arr, get, obj, str } from './json';

/** A resource of a template, as written. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** The parts of a CloudFormation template the report reads. */
export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
  readonly Mappings?: Record<string, unknown>;
}

/** One CloudFormation stack of a cloud assembly (a nested stack is one too). */
export interface AssemblyStack {
  /** The artifact id; `Parent/NestedLogicalId` for a nested stack. */
  readonly id: string;
  /** The stack's name as `cdk` shows it (the construct path for stacks in stages). */
  readonly displayName: string;
  readonly templateFile: string;
  readonly template: Template;
  /** Bytes of the template file as CloudFormation receives it. */
  readonly templateBytes: number;
  /** `aws://account/region`, when the manifest gives one. */
  readonly environment?: string;
  /** The region, or `unknown-region` for an environment-agnostic stack. */
  readonly region: string;
  /** Where the region came from. */
  readonly regionSource: 'environment' | 'template' | 'parent' | 'unknown';
  /** The stack's tags, from the manifest (an application's stacks say their application and environment). */
  readonly tags: Record<string, string>;
  /** For a nested stack: its parent stack's id and the logical id of its AWS::CloudFormation::Stack resource. */
  readonly parent?: { readonly stackId: string; readonly resourceId: string };
}

/** The cloud assembly could not be read: a missing folder, no manifest, a template that is not JSON. */
export class AssemblyError extends Error {}

export const UNKNOWN_REGION = 'unknown-region';

/** Reads every CloudFormation stack of the cloud assembly in `dir`, stages and nested stacks included. */
export function readAssembly(dir: string): AssemblyStack[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`${dir}: no such directory (run \`cdk synth\` first, or name the cloud assembly folder, for example cdk.out)`);
  }
  const stacks: AssemblyStack[] = [];
  readManifest(dir, stacks, new Set());
  return stacks;
}

function readManifest(dir: string, stacks: AssemblyStack[], seen: Set<string>): void {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = obj(readJson(manifestFile, `${dir} is not a cloud assembly (no manifest.json): run \`cdk synth\` first, or name the folder it writes (cdk.out)`));
  const artifacts = obj(manifest.artifacts);
  for (const [id, artifactValue] of Object.entries(artifacts)) {
    const artifact = obj(artifactValue);
    const properties = obj(artifact.properties);
    if (artifact.type === 'cdk:cloud-assembly') {
      const directoryName = str(properties.directoryName);
      if (directoryName) readManifest(path.join(dir, directoryName), stacks, seen);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateName = str(properties.templateFile);
    if (!templateName) throw new AssemblyError(`${manifestFile}: stack ${id} names no templateFile`);
    const environment = str(artifact.environment);
    const envRegion = environment ? /^aws:\/\/[^/]*\/(.+)$/.exec(environment)?.[1] : undefined;
    const stack = readStack(dir, {
      id,
      displayName: str(artifact.displayName) ?? id,
      templateName,
      environment,
      region: envRegion && envRegion !== UNKNOWN_REGION ? envRegion : undefined,
      tags: Object.fromEntries(Object.entries(obj(properties.tags)).filter((e): e is [string, string] => typeof e[1] === 'string')),
    });
    stacks.push(stack);
    readNested(dir, stack, stacks);
  }
}

interface StackSource {
  readonly id: string;
  readonly displayName: string;
  readonly templateName: string;
  readonly environment?: string;
  readonly region?: string;
  readonly tags?: Record<string, string>;
  readonly parent?: { readonly stackId: string; readonly resourceId: string; readonly region: string; readonly regionSource: AssemblyStack['regionSource'] };
}

function readStack(dir: string, source: StackSource): AssemblyStack {
  const templateFile = path.join(dir, source.templateName);
  const text = readText(templateFile, `${templateFile}: the template of stack ${source.id} is missing`);
  const template = parse(text, templateFile) as Template;
  if (!template || typeof template !== 'object' || Array.isArray(template)) throw new AssemblyError(`${templateFile}: not a CloudFormation template`);
  let region = source.region;
  let regionSource: AssemblyStack['regionSource'] = 'environment';
  if (!region && source.parent && source.parent.regionSource !== 'unknown') {
    region = source.parent.region;
    regionSource = 'parent';
  }
  if (!region) {
    region = regionFromTemplate(template);
    regionSource = 'template';
  }
  if (!region) {
    region = UNKNOWN_REGION;
    regionSource = 'unknown';
  }
  return {
    id: source.id,
    displayName: source.displayName,
    templateFile,
    template,
    templateBytes: Buffer.byteLength(text, 'utf8'),
    environment: source.environment,
    region,
    regionSource,
    tags: source.tags ?? {},
    parent: source.parent ? { stackId: source.parent.stackId, resourceId: source.parent.resourceId } : undefined,
  };
}

/** Nested stacks: their templates are file assets of the parent, named by asset metadata or the asset manifest. */
function readNested(dir: string, parent: AssemblyStack, stacks: AssemblyStack[]): void {
  const assets = nestedTemplateFiles(dir, parent);
  for (const [resourceId, resource] of Object.entries(parent.template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const metadataPath = str(get(resource.Metadata, 'aws:asset:path'));
    const url = JSON.stringify(get(resource.Properties, 'TemplateURL') ?? '');
    const hash = /[0-9a-f]{64}/.exec(url)?.[0];
    const templateName = metadataPath ?? (hash ? assets.get(hash) : undefined);
    if (!templateName || !fs.existsSync(path.join(dir, templateName))) continue; // a template not in the assembly (an S3 URL)
    const nested = readStack(dir, {
      id: `${parent.id}/${resourceId}`,
      displayName: `${parent.displayName}/${resourceId}`,
      templateName,
      tags: parent.tags,
      parent: { stackId: parent.id, resourceId, region: parent.region, regionSource: parent.regionSource },
    });
    stacks.push(nested);
    readNested(dir, nested, stacks);
  }
}

/** Asset hash to file name, for the `.json` file assets of the stack's asset manifest. */
function nestedTemplateFiles(dir: string, stack: AssemblyStack): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter(f => f.endsWith('.assets.json'))) {
    const manifest = obj(parseOrUndefined(fs.readFileSync(path.join(dir, name), 'utf8')));
    for (const [hash, asset] of Object.entries(obj(manifest.files))) {
      const source = str(get(asset, 'source', 'path'));
      if (source && source.endsWith('.json') && source !== path.basename(stack.templateFile)) files.set(hash, source);
    }
  }
  return files;
}

/** A region named by an Availability Zone the template hard-codes (`eu-west-1a`), if any. */
function regionFromTemplate(template: Template): string | undefined {
  for (const resource of Object.values(template.Resources ?? {})) {
    const zones = [get(resource.Properties, 'AvailabilityZone'), ...arr(get(resource.Properties, 'AvailabilityZones'))];
    for (const zone of zones) {
      const match = typeof zone === 'string' ? /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone) : null;
      if (match) return match[1];
    }
  }
  return undefined;
}

function readText(file: string, missing: string): string {
  if (!fs.existsSync(file)) throw new AssemblyError(missing);
  return fs.readFileSync(file, 'utf8');
}

function readJson(file: string, missing: string): unknown {
  return parse(readText(file, missing), file);
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssemblyError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
