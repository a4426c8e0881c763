/**
 * ECS's cluster query language, as memberOf placement constraints are written: parsed as ECS reads it,
 * and evaluated against what a capacity pool's instances are known to be. Beside
 * PlacementConstraint (placement-rules.ts), which reports what this finds.
 */

/** What a pool's instances are known to be, for a constraint that none of them could satisfy. */
export interface PoolFacts {
  readonly path: string;
  readonly instanceTypes: string[];
  /** `x86_64` or `arm64`, as ECS's `ecs.cpu-architecture` attribute says. */
  readonly architecture: string;
  /** The pool's Region, when the stack has one: every `ecs.availability-zone` of its instances starts with it. */
  readonly region?: string;
}

// ECS's cluster query language: `subject operator [argument]`, combined with and/&&, or/||, not/! and
// parentheses (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html).
// The attributes ECS sets are listed in "Amazon ECS container instance attributes" (task-placement-constraints).
const BUILT_IN_ATTRIBUTES = ['ecs.ami-id', 'ecs.availability-zone', 'ecs.instance-type', 'ecs.os-type', 'ecs.os-family', 'ecs.cpu-architecture',
  'ecs.vpc-id', 'ecs.subnet-id', 'ecs.awsvpc-trunk-id', 'ecs.outpost-arn'];
const OPERATORS: Record<string, string> = {
  '==': '==', 'equals': '==', '!=': '!=', 'not_equals': '!=', '>': '>', 'greater_than': '>', '>=': '>=', 'greater_than_equal': '>=',
  '<': '<', 'less_than': '<', '<=': '<=', 'less_than_equal': '<=', 'exists': 'exists', '!exists': '!exists', 'not_exists': '!exists',
  'in': 'in', '!in': '!in', 'not_in': '!in', '=~': '=~', 'matches': '=~', '!~': '!~', 'not_matches': '!~',
};
const STRING_OPERATORS = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDER_OPERATORS = ['==', '!=', '>', '>=', '<', '<='];
/** The operators ECS documents for each field; attributes and task groups take any. */
const FIELDS: Record<string, string[]> = {
  agentConnected: STRING_OPERATORS, ec2InstanceId: STRING_OPERATORS,
  agentVersion: ORDER_OPERATORS, registeredAt: ORDER_OPERATORS, runningTasksCount: ORDER_OPERATORS, 'task:group': Object.values(OPERATORS),
};
const SUBJECTS = 'attribute:<name> (attribute:ecs.instance-type, ...), task:group, agentConnected, agentVersion, ec2InstanceId, registeredAt or runningTasksCount';
/**
 * The attributes whose values are EC2 resource ids: the prefix, then 8 or 17 lowercase hexadecimal characters
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html). A value of another form matches no instance.
 */
const RESOURCE_IDS: Record<string, string> = { 'ecs.ami-id': 'ami', 'ecs.subnet-id': 'subnet', 'ecs.vpc-id': 'vpc' };
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|\+\d{2}:\d{2})?)?$/;

export type Query = { op: 'and' | 'or'; left: Query; right: Query } | { op: 'not'; query: Query } | { op: 'cmp'; subject: string; operator: string; values: string[] };

export class QueryError extends Error {
  constructor(problem: string, public readonly allowed: string) {
    super(problem);
  }
}

export class QueryParser {
  private at = 0;
  constructor(private readonly text: string) {}

  public parse(): Query {
    const query = this.or();
    this.space();
    if (this.at < this.text.length) this.refuse(`has "${this.text.slice(this.at)}" where an and, an or or the end was expected`, 'expressions joined by and (&&) or or (||)');
    return query;
  }

  private or(): Query {
    let left = this.and();
    while (this.keyword('||', 'or')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  private and(): Query {
    let left = this.unary();
    while (this.keyword('&&', 'and')) left = { op: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Query {
    this.space();
    if (this.keyword('!', 'not')) return { op: 'not', query: this.unary() };
    if (this.text[this.at] === '(') {
      this.at++;
      const query = this.or();
      this.space();
      if (this.text[this.at++] !== ')') this.refuse('has a "(" without its ")"', 'parentheses around whole expressions');
      return query;
    }
    return this.comparison();
  }

  private comparison(): Query {
    const subject = this.word(/[^\s()[\]!=<>~&|]/);
    if (subject === '') {
      const where = this.at < this.text.length ? `has "${this.text.slice(this.at)}" where an expression was expected` : 'ends where an expression was expected';
      this.refuse(where, `subject operator [argument], the subject one of ${SUBJECTS}`);
    }
    const field = Object.keys(FIELDS).find(f => f.toLowerCase() === subject.toLowerCase());
    const attribute = /^attribute:/i.test(subject) ? subject.slice('attribute:'.length) : undefined;
    if (attribute !== undefined) {
      checkAttribute(attribute);
    } else if (!field) {
      const hint = BUILT_IN_ATTRIBUTES.includes(subject) || /[.]/.test(subject) ? ` (an attribute is written attribute:${subject})` : '';
      this.refuse(`names "${subject}", which is not a subject${hint}`, `one of ${SUBJECTS}`);
    }
    this.space();
    let written = this.word(/[!=<>~]/);
    if (written === '' || written === '!') written += this.word(/[A-Za-z_]/);
    const operator = OPERATORS[written.toLowerCase()];
    if (!operator) {
      this.refuse(written === '=' ? 'uses "=", which is not an operator (equality is "==")' : `has "${written || this.text.slice(this.at)}" where an operator was expected after ${subject}`,
        'an operator: == != > >= < <= exists !exists in !in =~ !~ (or equals, not_equals, greater_than, greater_than_equal, less_than, less_than_equal, not_exists, not_in, matches, not_matches)');
    }
    if (field && !FIELDS[field].includes(operator)) this.refuse(`compares ${field} with ${written}, which ECS does not take for it`, `for ${field}: ${FIELDS[field].join(' ')}`);
    const values = operator.endsWith('exists') ? [] : operator.endsWith('in') ? this.list(subject, written) : [this.value(subject, written)];
    if (field === 'runningTasksCount' && !/^\d+$/.test(values[0])) this.refuse(`compares runningTasksCount with "${values[0]}"`, 'a whole number of tasks');
    const prefix = attribute !== undefined ? RESOURCE_IDS[attribute] : undefined;
    const bad = prefix && ['==', '!=', 'in', '!in'].includes(operator) ? values.find(v => !new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(v)) : undefined;
    if (bad !== undefined) {
      this.refuse(`compares ${subject} with "${bad}", which is not an id EC2 gives (no instance has it)`, `${prefix}- and 8 or 17 lowercase hexadecimal characters, as in ${prefix}-0123456789abcdef0`);
    }
    if (field === 'registeredAt' && !DATE.test(values[0])) this.refuse(`compares registeredAt with "${values[0]}", which is not a date ECS reads`, 'a date such as 2018-06-18 or 2018-06-18T22:28:28Z');
    return { op: 'cmp', subject: attribute !== undefined ? attribute : subject, operator, values };
  }

  /** `[a, b, ...]` after in and !in. */
  private list(subject: string, operator: string): string[] {
    this.space();
    const end = this.text.indexOf(']', this.at);
    if (this.text[this.at] !== '[' || end < 0) this.refuse(`has no list after ${subject} ${operator}`, `${operator} [value1, value2, ...]`);
    const values = this.text.slice(this.at + 1, end).split(',').map(v => unquote(v.trim()));
    this.at = end + 1;
    if (values.some(v => v === '')) this.refuse(`has an empty list, or an empty item, after ${subject} ${operator}`, `${operator} [value1, value2, ...] with each value given`);
    return values;
  }

  /** One value: quoted, or up to the next space (a ")" that closes a group is not part of it). */
  private value(subject: string, operator: string): string {
    this.space();
    const quote = this.text[this.at];
    let value: string;
    if (quote === '\'' || quote === '"') {
      const end = this.text.indexOf(quote, this.at + 1);
      if (end < 0) this.refuse(`has an unclosed ${quote}`, 'quoted values closed with the same quote');
      value = this.text.slice(this.at + 1, end);
      this.at = end + 1;
    } else {
      const start = this.at;
      value = this.word(/\S/);
      // A ")" that closes a group is not part of the value (a regular expression may hold pairs of its own).
      const count = (c: string) => value.split(c).length - 1;
      while (value.endsWith(')') && count(')') > count('(')) value = value.slice(0, -1);
      this.at = start + value.length;
    }
    if (value === '' || /^(and|or|&&|\|\|)$/i.test(value)) this.refuse(`has no value after ${subject} ${operator}`, `${subject} ${operator} <value>`);
    return value;
  }

  private keyword(symbol: string, word: string): boolean {
    this.space();
    const rest = this.text.slice(this.at);
    if (rest.startsWith(symbol) && !(symbol === '!' && /^!(=|~|in\b|exists\b)/i.test(rest))) {
      this.at += symbol.length;
      return true;
    }
    if (new RegExp(`^${word}(?=[\\s(]|$)`, 'i').test(rest)) {
      this.at += word.length;
      return true;
    }
    return false;
  }

  private word(char: RegExp): string {
    const start = this.at;
    while (this.at < this.text.length && char.test(this.text[this.at])) this.at++;
    return this.text.slice(start, this.at);
  }

  private space(): void {
    this.word(/\s/);
  }

  private refuse(problem: string, allowed: string): never {
    throw new QueryError(problem, allowed);
  }
}

function checkAttribute(name: string): void {
  if (!/^[A-Za-z0-9_\-/\\.]{1,128}$/.test(name)) {
    throw new QueryError(`names the attribute "${name}", which is not an attribute name`, '1 to 128 letters, digits, "-", "_", "/", "\\" and "."');
  }
  if (/^ecs\./i.test(name) && !BUILT_IN_ATTRIBUTES.includes(name) && !name.startsWith('ecs.capability.')) {
    throw new QueryError(`names the attribute "${name}", which ECS does not set (attributes starting with "ecs." are ECS's own)`,
      `one of ${BUILT_IN_ATTRIBUTES.join(', ')}, an ecs.capability.* attribute, or a custom attribute of your own`);
  }
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/**
 * True, false, or undefined (unknown) for one instance of a pool: only the instance type, CPU
 * architecture and operating system are known; a regular expression counts as matching if it matches
 * the whole value, and as not matching only if it matches no part of it (ECS's reading is not documented).
 */
export function evaluate(query: Query, instance: PoolFacts & { instanceType: string }): boolean | undefined {
  switch (query.op) {
    case 'and': {
      const [a, b] = [evaluate(query.left, instance), evaluate(query.right, instance)];
      return a === false || b === false ? false : a === true && b === true ? true : undefined;
    }
    case 'or': {
      const [a, b] = [evaluate(query.left, instance), evaluate(query.right, instance)];
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    case 'not': {
      const a = evaluate(query.query, instance);
      return a === undefined ? undefined : !a;
    }
  }
  if (query.subject === 'ecs.availability-zone' && instance.region) return inRegion(query, instance.region);
  // ECS sets ecs.os-family to LINUX on Linux instances (the operating system families of RuntimePlatform:
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html); pools run Linux.
  const known: Record<string, string> = {
    'ecs.instance-type': instance.instanceType, 'ecs.cpu-architecture': instance.architecture, 'ecs.os-type': 'linux', 'ecs.os-family': 'LINUX',
  };
  const actual = known[query.subject];
  if (actual === undefined) return undefined;
  const [value] = query.values;
  switch (query.operator) {
    case 'exists': return true;
    case '!exists': return false;
    case '==': return actual === value;
    case '!=': return actual !== value;
    case 'in': return query.values.includes(actual);
    case '!in': return !query.values.includes(actual);
    case '=~': return matches(value, actual);
    case '!~': {
      const m = matches(value, actual);
      return m === undefined ? undefined : !m;
    }
    default: return undefined;
  }
}

function matches(pattern: string, value: string): boolean | undefined {
  try {
    if (new RegExp(`^(?:${pattern})$`).test(value)) return true;
    return new RegExp(pattern).test(value) ? undefined : false;
  } catch {
    return undefined;
  }
}

/**
 * An Availability Zone comparison for an instance of `region`: its zone's name starts with the Region's
 * (us-east-1a, and Local Zones such as us-east-1-bos-1a), so a value of another Region never matches.
 */
function inRegion(query: Extract<Query, { op: 'cmp' }>, region: string): boolean | undefined {
  const here = (zone: string) => zone.startsWith(`${region}`) && /^[a-z0-9-]+$/.test(zone.slice(region.length));
  switch (query.operator) {
    case '==':
    case 'in': return query.values.some(here) ? undefined : false;
    case 'exists': return true;
    case '!exists': return false;
    default: return undefined;
  }
}
