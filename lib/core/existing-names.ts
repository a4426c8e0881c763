import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAtSynth } from './errors';

/**
 * Names of existing resources imported into the app, by kind ("ECS cluster", "ECR repository"), each with
 * the path that imported it. A name is kept with its stack: one stack that imports a name and creates it
 * too is a mistake, while another stack importing what this one creates is the usual reference by name.
 */
const EXISTING = new WeakMap<IConstruct, Map<string, Map<string, string>>>();

function namesOf(scope: IConstruct, kind: string): Map<string, string> {
  const root = scope.node.root;
  let kinds = EXISTING.get(root);
  if (!kinds) EXISTING.set(root, kinds = new Map());
  let names = kinds.get(kind);
  if (!names) kinds.set(kind, names = new Map());
  return names;
}

/** Records that the app imports an existing resource of this kind and name (names known only at deploy are skipped). */
export function recordExistingName(scope: IConstruct, kind: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  const names = namesOf(scope, kind);
  const key = placed(scope, name);
  if (!names.has(key)) names.set(key, scope.node.path);
}

/**
 * Refuses, at synth (imports made later in the stack count too), a resource a stack creates under the name
 * of one the same stack imports: a second resource of that name, not the existing one.
 */
export function refuseExistingName(scope: IConstruct, prop: string, kind: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  checkAtSynth(scope, problems => {
    const importedBy = namesOf(scope, kind).get(placed(scope, name));
    if (importedBy !== undefined) {
      problems.add(scope, prop, name, `is the name of the existing ${kind} that this stack imports (${importedBy}): this would be a second ${kind} under that name, not the existing one`,
        `another name, or the existing ${kind} itself (through its import) instead of a new one`);
    }
  });
}

/** The name with its stack. */
function placed(scope: IConstruct, name: string): string {
  return `${Stack.of(scope).node.path}|${name}`;
}
