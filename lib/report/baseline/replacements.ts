import { AssemblyStack, TemplateResource } from '../assembly';
import { get, str } from '../json';
import { Marking, markingOf, Replaces, replacingProperties } from './resource-kinds';

/**
 * What deploying one resource of the current assembly over the baseline does:
 * - `created`: a logical ID that is new, with no resource of its type gone;
 * - `updated`: changed properties that the resource specification updates in place;
 * - `replaced`: a property whose change replaces it (or that refers to a replaced resource) changed, its
 *   type changed, or its logical ID is gone while a resource of the same type is new (`newLogicalId`):
 *   CloudFormation creates the new one and deletes the old one either way;
 * - `may-replace`: a conditional property changed, or a replacing property's intrinsic function changed
 *   (its value is known only at deploy);
 * - `deleted`: its logical ID is gone and no resource of its type is new.
 */
export type ChangeKind = 'created' | 'updated' | 'replaced' | 'may-replace' | 'deleted';

/** One resource's change against the baseline. */
export interface ResourceChange {
  readonly kind: ChangeKind;
  readonly logicalId: string;
  readonly type: string;
  /** Stateful or traffic-serving resources (lib/report/resource-kinds.ts). */
  readonly marking?: Marking;
  /** The properties that decide the kind (for `updated`, every changed property). */
  readonly properties?: string[];
  /** For a resource replaced under a new logical ID: that ID. */
  readonly newLogicalId?: string;
  /** What happens to the old resource: kept in the account (Retain) or deleted after a snapshot. */
  readonly oldResource?: 'retained' | 'snapshot';
  /** `--fail-on replace` refuses it: a marked resource replaced, maybe replaced or deleted. */
  readonly fails: boolean;
  readonly message: string;
}

/** The changes of one stack of the current assembly. */
export interface StackChanges {
  /** `new`: the baseline has no stack with this artifact id, so every resource is created. */
  readonly status: 'new' | 'compared';
  readonly changes: ResourceChange[];
}

/** A stack of the baseline that the current assembly no longer has. */
export interface GoneStack {
  readonly id: string;
  readonly displayName: string;
  readonly resources: number;
  /** Its stateful and traffic-serving resources, as `LogicalId (Type)`. */
  readonly marked: string[];
}

/** Per stack (matched by artifact id), what deploying `current` over `baseline` creates, replaces and deletes. */
export function compareResources(baseline: AssemblyStack[], current: AssemblyStack[]): { stacks: Map<string, StackChanges>; gone: GoneStack[] } {
  const before = new Map(baseline.map(s => [s.id, s]));
  const ids = new Set(current.map(s => s.id));
  const stacks = new Map(current.map((stack): [string, StackChanges] => {
    const old = before.get(stack.id);
    return [stack.id, old
      ? { status: 'compared', changes: compareTemplates(old.template.Resources ?? {}, stack.template.Resources ?? {}) }
      : { status: 'new', changes: compareTemplates({}, stack.template.Resources ?? {}) }];
  }));
  const gone = baseline.filter(s => !ids.has(s.id)).map((s): GoneStack => {
    const resources = Object.entries(s.template.Resources ?? {});
    return {
      id: s.id,
      displayName: s.displayName,
      resources: resources.length,
      marked: resources.filter(([, r]) => markingOf(r.Type)).map(([id, r]) => `${id} (${r.Type})`),
    };
  });
  return { stacks, gone };
}

type Resources = Record<string, TemplateResource & { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown }>;

interface Verdict {
  readonly kind: 'updated' | 'replaced' | 'may-replace';
  readonly properties: string[];
  readonly reasons: string[];
}

/** The changes between two templates' resources, in the new template's order, then what is gone. */
export function compareTemplates(oldTemplate: Resources, newTemplate: Resources): ResourceChange[] {
  // CDK's version-reporting resource changes with every aws-cdk-lib release and is nothing to deploy safely.
  const oldResources = withoutCdkMetadata(oldTemplate);
  const newResources = withoutCdkMetadata(newTemplate);
  const gone = Object.keys(oldResources).filter(id => !(id in newResources));
  const added = Object.keys(newResources).filter(id => !(id in oldResources));
  const pairs = pairByType(gone, added, oldResources, newResources);
  const paired = new Set(pairs.values());

  // Replaced resources get new physical IDs: a replacing property that refers to one changes too, so
  // the verdicts are computed until nothing more is replaced (a cluster renamed replaces its services).
  const renewed = new Set<string>(added);
  const verdicts = new Map<string, Verdict>();
  for (let changed = true, round = 0; changed && round < 100; round++) {
    changed = false;
    for (const id of Object.keys(newResources).filter(i => i in oldResources)) {
      const verdict = judge(oldResources[id], newResources[id], renewed, verdicts);
      const previous = verdicts.get(id);
      if (verdict && (!previous || previous.kind !== verdict.kind || previous.reasons.length !== verdict.reasons.length)) {
        verdicts.set(id, verdict);
        if (verdict.kind === 'replaced') renewed.add(id);
        changed = true;
      }
    }
  }

  const changes: ResourceChange[] = [];
  for (const [id, resource] of Object.entries(newResources)) {
    const verdict = verdicts.get(id);
    if (id in oldResources && verdict) changes.push(change(id, oldResources[id], resource, verdict));
    else if (!(id in oldResources) && !paired.has(id)) changes.push(created(id, resource));
  }
  for (const id of gone) changes.push(removed(id, oldResources[id], pairs.get(id), pairs.has(id) ? newResources[pairs.get(id)!] : undefined));
  return changes;
}

/** The verdict on a resource present in both templates, or undefined when nothing it is made of changed. */
function judge(old: TemplateResource, now: TemplateResource, renewed: Set<string>, verdicts: Map<string, Verdict>): Verdict | undefined {
  if (old.Type !== now.Type) return { kind: 'replaced', properties: [], reasons: [`its type changes from ${old.Type} to ${now.Type}`] };
  const spec = replacingProperties(now.Type);
  const before = old.Properties ?? {};
  const after = now.Properties ?? {};
  const updated: string[] = [];
  const replaced: Array<[string, string]> = [];
  const maybe: Array<[string, string]> = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const textChanged = canonical(before[key]) !== canonical(after[key]);
    const replaces: Replaces | undefined = spec?.get(key);
    const refs = [...references(after[key])];
    const toRenewed = refs.filter(r => renewed.has(r));
    const toMaybe = refs.filter(r => verdicts.get(r)?.kind === 'may-replace');
    if (!replaces) {
      if (textChanged) updated.push(key);
    } else if (toRenewed.length > 0) {
      (replaces === 'yes' ? replaced : maybe).push([key, `${key} refers to ${toRenewed.join(', ')}, which ${toRenewed.length === 1 ? 'is' : 'are'} new or replaced`]);
    } else if (textChanged && (hasIntrinsic(before[key]) || hasIntrinsic(after[key]))) {
      maybe.push([key, `${key} changes to a value known only at deploy (${short(after[key])})`]);
    } else if (textChanged) {
      (replaces === 'yes' ? replaced : maybe).push([key, `${key} changes (${short(before[key])} -> ${short(after[key])})` +
        (replaces === 'maybe' ? ', which replaces it for some changes' : '')]);
    } else if (toMaybe.length > 0) {
      maybe.push([key, `${key} refers to ${toMaybe.join(', ')}, which may be replaced`]);
    }
  }
  if (replaced.length > 0) return { kind: 'replaced', properties: replaced.map(([k]) => k), reasons: replaced.map(([, r]) => r) };
  if (maybe.length > 0) return { kind: 'may-replace', properties: maybe.map(([k]) => k), reasons: maybe.map(([, r]) => r) };
  if (updated.length > 0) {
    const unknown = spec === undefined ? [`the resource specification does not know ${now.Type}${isCustom(now.Type) ? ' (its handler decides what a change does)' : ''}`] : [];
    return { kind: 'updated', properties: updated, reasons: unknown };
  }
  return undefined;
}

function change(id: string, old: TemplateResource & { UpdateReplacePolicy?: unknown }, now: TemplateResource, verdict: Verdict): ResourceChange {
  const marking = markingOf(now.Type);
  const label = `${id} (${now.Type}${marking ? `, ${marking}` : ''})`;
  if (verdict.kind === 'updated') {
    const note = verdict.reasons.length > 0 ? `; ${verdict.reasons.join('; ')}` : '';
    return { kind: 'updated', logicalId: id, type: now.Type, marking, properties: verdict.properties, fails: false,
      message: `${label} is updated in place: ${verdict.properties.join(', ')}${note}` };
  }
  const oldResource = policy(get(now, 'UpdateReplacePolicy'));
  const keep = oldResource === 'retained' ? '; the old one stays in the account (UpdateReplacePolicy Retain), outside the stack'
    : oldResource === 'snapshot' ? '; the old one is deleted after a snapshot (UpdateReplacePolicy Snapshot)' : '';
  const verb = verdict.kind === 'replaced' ? 'is replaced' : 'may be replaced';
  return {
    kind: verdict.kind, logicalId: id, type: now.Type, marking, properties: verdict.properties, oldResource,
    fails: marking !== undefined,
    message: `${label} ${verb}: ${verdict.reasons.join('; ')}${consequence(marking)}${keep}${fixedName(old, now, verdict.properties)}`,
  };
}

function created(id: string, resource: TemplateResource): ResourceChange {
  const marking = markingOf(resource.Type);
  return { kind: 'created', logicalId: id, type: resource.Type, marking, fails: false, message: `${id} (${resource.Type}${marking ? `, ${marking}` : ''}) is created` };
}

function removed(id: string, old: TemplateResource & { DeletionPolicy?: unknown }, newId?: string, now?: TemplateResource): ResourceChange {
  const marking = markingOf(old.Type);
  const label = `${id} (${old.Type}${marking ? `, ${marking}` : ''})`;
  const oldResource = policy(old.DeletionPolicy);
  const keep = oldResource === 'retained' ? ' It is removed from the stack but kept in the account (DeletionPolicy Retain): the stack no longer manages it'
    : oldResource === 'snapshot' ? ' It is deleted after a snapshot (DeletionPolicy Snapshot)' : '';
  const base = { logicalId: id, type: old.Type, marking, oldResource, fails: marking !== undefined };
  if (newId && now) {
    const sameName = namesOf(old).filter(([key, value]) => canonical(get(now, 'Properties', key)) === value);
    const clash = sameName.length > 0
      ? `. Both have the same ${sameName.map(([k]) => k).join(', ')}: creating ${newId} fails while ${id} exists`
      : '';
    return { ...base, kind: 'replaced', newLogicalId: newId,
      message: `${label} is replaced by ${newId}: its logical ID is gone and ${newId} is a new ${old.Type} (a construct id or its path changed?). ` +
        `CloudFormation creates ${newId} and deletes ${id}${consequence(marking)}.${keep}${clash}` };
  }
  return { ...base, kind: 'deleted', message: `${label} is deleted: its logical ID is gone from the template.${keep}` };
}

/** What losing the old resource means. */
function consequence(marking: Marking | undefined): string {
  if (marking === 'stateful') return '; the new one starts without the old one\'s data';
  if (marking === 'traffic-serving') return '; the new one has a new address or ARN, and traffic moves only once it is ready';
  return '';
}

/**
 * CloudFormation does not replace a resource whose custom name stays the same: the update fails
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html).
 */
function fixedName(old: TemplateResource, now: TemplateResource, changed: string[]): string {
  const fixed = namesOf(old).filter(([key, value]) => !changed.includes(key) && canonical(get(now, 'Properties', key)) === value);
  return fixed.length === 0 ? '' : `. Its ${fixed.map(([k]) => k).join(', ')} stays the same, and CloudFormation cannot replace a resource with a custom name: the deploy fails`;
}

/** The resource's set name properties (`*Name` properties whose change replaces it), as canonical JSON. */
function namesOf(resource: TemplateResource): Array<[string, string]> {
  const spec = replacingProperties(resource.Type);
  return Object.entries(resource.Properties ?? {})
    .filter(([key, value]) => key.endsWith('Name') && spec?.get(key) === 'yes' && value !== undefined)
    .map(([key, value]) => [key, canonical(value)]);
}

/** Pairs each gone logical ID with a new one of the same type: the closest construct path, then the closest logical ID. */
function pairByType(gone: string[], added: string[], oldResources: Resources, newResources: Resources): Map<string, string> {
  const pairs = new Map<string, string>();
  const free = new Set(added);
  for (const id of gone) {
    const candidates = [...free].filter(n => newResources[n].Type === oldResources[id].Type);
    if (candidates.length === 0) continue;
    const path = (r: TemplateResource) => str(get(r.Metadata, 'aws:cdk:path')) ?? '';
    const score = (n: string) => commonPrefix(path(oldResources[id]), path(newResources[n])) * 1000 + commonPrefix(id, n);
    const best = candidates.reduce((a, b) => score(b) > score(a) ? b : a);
    pairs.set(id, best);
    free.delete(best);
  }
  return pairs;
}

function withoutCdkMetadata(resources: Resources): Resources {
  return Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata'));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function policy(value: unknown): 'retained' | 'snapshot' | undefined {
  return value === 'Retain' || value === 'RetainExceptOnCreate' ? 'retained' : value === 'Snapshot' ? 'snapshot' : undefined;
}

function isCustom(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** JSON with sorted keys: the same value written in another key order is the same value. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v) => v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    : v);
}

function short(value: unknown): string {
  const text = value === undefined ? 'not set' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function hasIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIntrinsic);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k === 'Ref' || k.startsWith('Fn::') || hasIntrinsic(v));
}

/** The logical IDs a value refers to through Ref, Fn::GetAtt and Fn::Sub (pseudo parameters aside). */
function references(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach(v => references(v, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref') {
        if (typeof v === 'string' && !v.startsWith('AWS::')) into.add(v);
      } else if (k === 'Fn::GetAtt') {
        into.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      } else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([^!}.][^}.]*)(?:\.[^}]*)?\}/g)) {
          if (!m[1].startsWith('AWS::')) into.add(m[1]);
        }
        if (Array.isArray(v)) references(v[1], into);
      } else {
        references(v, into);
      }
    }
  }
  return into;
}
