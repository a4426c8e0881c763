import { AssemblyStack, TemplateResource } from './assembly';
import { arr, get, obj, str } from './json';

/** A resource and the stack that holds it. */
export interface ResourceRef {
  readonly stack: AssemblyStack;
  readonly id: string;
  readonly resource: TemplateResource;
  readonly props: Record<string, unknown>;
}

/**
 * Every stack of an app, with what is needed to follow a reference from one resource to another:
 * `Ref` and `Fn::GetAtt` in a stack, `Fn::ImportValue` of another stack's export, and a nested
 * stack's parameters to its parent's values.
 */
export class AppModel {
  public readonly stacks: AssemblyStack[];
  private readonly exports = new Map<string, { stack: AssemblyStack; value: unknown }>();
  private readonly byId = new Map<string, AssemblyStack>();

  constructor(stacks: AssemblyStack[]) {
    this.stacks = stacks;
    for (const stack of stacks) {
      this.byId.set(stack.id, stack);
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = str(get(output, 'Export', 'Name'));
        if (name) this.exports.set(name, { stack, value: get(output, 'Value') });
      }
    }
  }

  /** Every resource of a type, in stack order. */
  public ofType(type: string, stack?: AssemblyStack): ResourceRef[] {
    return (stack ? [stack] : this.stacks).flatMap(s => Object.entries(s.template.Resources ?? {})
      .filter(([, r]) => r.Type === type)
      .map(([id, resource]) => ({ stack: s, id, resource, props: obj(resource.Properties) })));
  }

  /** The resource a value refers to, when it is a reference the report can follow. */
  public resolve(stack: AssemblyStack, value: unknown, depth = 0): ResourceRef | undefined {
    if (depth > 10) return undefined;
    const ref = str(get(value, 'Ref'));
    if (ref !== undefined) {
      const resource = stack.template.Resources?.[ref];
      if (resource) return { stack, id: ref, resource, props: obj(resource.Properties) };
      // A nested stack's parameter: follow the value its parent passes.
      if (stack.parent && stack.template.Parameters?.[ref] !== undefined) {
        const parent = this.byId.get(stack.parent.stackId);
        const passed = get(parent?.template.Resources?.[stack.parent.resourceId]?.Properties, 'Parameters', ref);
        return parent ? this.resolve(parent, passed, depth + 1) : undefined;
      }
      return undefined;
    }
    const getAtt = arr(get(value, 'Fn::GetAtt'));
    if (getAtt.length > 0) {
      const id = typeof getAtt[0] === 'string' ? getAtt[0].split('.')[0] : undefined;
      const resource = id ? stack.template.Resources?.[id] : undefined;
      // A nested stack's output: follow it into the nested template.
      if (id && resource?.Type === 'AWS::CloudFormation::Stack') {
        const attribute = String(getAtt[1] ?? (getAtt[0] as string).split('.').slice(1).join('.'));
        const nested = this.byId.get(`${stack.id}/${id}`);
        const outputName = attribute.replace(/^Outputs\./, '');
        return nested ? this.resolve(nested, get(nested.template.Outputs, outputName, 'Value'), depth + 1) : undefined;
      }
      return id && resource ? { stack, id, resource, props: obj(resource.Properties) } : undefined;
    }
    const imported = str(get(value, 'Fn::ImportValue'));
    if (imported !== undefined) {
      const exported = this.exports.get(imported);
      return exported ? this.resolve(exported.stack, exported.value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The logical id of the resource a value refers to within the same stack (`Ref` or `Fn::GetAtt`). */
  public localId(value: unknown): string | undefined {
    return str(get(value, 'Ref')) ?? str(arr(get(value, 'Fn::GetAtt'))[0]);
  }
}

/** Two references to the same resource. */
export function sameResource(a: ResourceRef | undefined, b: ResourceRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.stack.id === b.stack.id && a.id === b.id;
}
