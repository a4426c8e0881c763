import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkAtSynth } from './errors';

/**
 * Names of existing resources imported into the app, by kind ("ECS cluster", "ECR repository"), each with
 * the path that imported it. A name is kept with its stack's account and region: only there is it taken.
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
 * Refuses, at synth (imports made later in the app count too), a resource the app creates under the name
 * of one it imports: CloudFormation would fail to create it, or, for an ECS cluster, whose CreateCluster
 * returns the existing one, the stack would take over and later delete a cluster it never made.
 */
export function refuseExistingName(scope: IConstruct, prop: string, kind: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  checkAtSynth(scope, problems => {
    const importedBy = namesOf(scope, kind).get(placed(scope, name));
    if (importedBy !== undefined) {
      problems.add(scope, prop, name, `is the name of the existing ${kind} imported by ${importedBy}: this would be a second ${kind} under that name, not the existing one`,
        `another name, or the existing ${kind} itself (through its import) instead of a new one`);
    }
  });
}

/** The name with its stack's account and region (environment-agnostic stacks share one token for each). */
function placed(scope: IConstruct, name: string): string {
  const { account, region } = Stack.of(scope);
  return `${account}|${region}|${name}`;
}
