import { ChangeKind, GoneStack, StackChanges } from './replacements';

const ORDER: ChangeKind[] = ['replaced', 'may-replace', 'deleted', 'created', 'updated'];
const LABEL: Record<ChangeKind, string> = { 'replaced': 'REPLACE', 'may-replace': 'MAY-REPLACE', 'deleted': 'DELETE', 'created': 'create', 'updated': 'update' };

/** A stack's changes against the baseline: what `--fail-on replace` refuses is marked `x`. */
export function formatChanges(changes: StackChanges | undefined): string[] {
  if (changes === undefined) return [];
  if (changes.status === 'new') {
    return [`  against the baseline: a new stack (no stack with this id in the baseline): its ${changes.changes.length} resource(s) are created`];
  }
  if (changes.changes.length === 0) return ['  against the baseline: no resource changes'];
  const counts = ORDER.map(kind => [kind, changes.changes.filter(c => c.kind === kind).length] as const).filter(([, n]) => n > 0);
  const out = [`  against the baseline: ${counts.map(([kind, n]) => `${n} ${kind}`).join(', ')} (x: --fail-on replace refuses it)`];
  for (const kind of ORDER) {
    for (const change of changes.changes.filter(c => c.kind === kind)) out.push(`    ${change.fails ? 'x' : ' '} ${LABEL[kind].padEnd(11)} ${change.message}`);
  }
  return out;
}

/** The baseline's stacks that the assembly no longer has. */
export function formatGoneStacks(gone: GoneStack[] | undefined): string[] {
  return (gone ?? []).flatMap(stack => [
    '',
    `${stack.displayName}  not in this assembly (it is in the baseline, ${stack.resources} resource(s)): \`cdk deploy\` leaves a deployed stack as it is; ` +
      'deleting the stack deletes its resources, and a stack renamed is a new stack whose resources are all created again',
    ...stack.marked.length > 0 ? [`  stateful or traffic-serving: ${stack.marked.join(', ')}`] : [],
  ]);
}
