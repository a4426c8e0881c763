/**
 * Evaluates a CloudWatch metric math expression for one minute, for tests: the subset the library's alarms use
 * (numbers, metric ids, `+ - * /`, comparisons, `AND`, `OR`, `IF`, `FILL`, `MAX([...])`), with the precedence of
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html. A metric with no data
 * point that minute is `undefined`; arithmetic and comparisons on it give `undefined`, as CloudWatch drops the point.
 */
export function evaluate(expression: string, values: Record<string, number | undefined>): number | undefined {
  const tokens = expression.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[-+*/(),[\]<>]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected} at token ${at - 1} of "${expression}", found ${token}`);
    return token;
  };
  type Value = number | undefined;
  const both = (a: Value, b: Value, f: (x: number, y: number) => number): Value => a === undefined || b === undefined ? undefined : f(a, b);
  const BINARY: Array<Record<string, (a: Value, b: Value) => Value>> = [
    { OR: (a, b) => both(a, b, (x, y) => x || y ? 1 : 0) },
    { AND: (a, b) => both(a, b, (x, y) => x && y ? 1 : 0) },
    {
      '>': (a, b) => both(a, b, (x, y) => x > y ? 1 : 0), '>=': (a, b) => both(a, b, (x, y) => x >= y ? 1 : 0),
      '<': (a, b) => both(a, b, (x, y) => x < y ? 1 : 0), '<=': (a, b) => both(a, b, (x, y) => x <= y ? 1 : 0),
      '==': (a, b) => both(a, b, (x, y) => x === y ? 1 : 0), '!=': (a, b) => both(a, b, (x, y) => x !== y ? 1 : 0),
    },
    { '+': (a, b) => both(a, b, (x, y) => x + y), '-': (a, b) => both(a, b, (x, y) => x - y) },
    { '*': (a, b) => both(a, b, (x, y) => x * y), '/': (a, b) => both(a, b, (x, y) => x / y) },
  ];
  const list = (): Value[] => {
    take('[');
    const items = [level(0)];
    while (peek() === ',') { take(','); items.push(level(0)); }
    take(']');
    return items;
  };
  const primary = (): Value => {
    const token = take();
    if (token === '(') { const value = level(0); take(')'); return value; }
    if (/^\d/.test(token)) return Number(token);
    if (token === 'IF') {
      take('('); const condition = level(0); take(','); const then = level(0); take(','); const otherwise = level(0); take(')');
      return condition === undefined ? undefined : condition ? then : otherwise;
    }
    if (token === 'FILL') { take('('); const value = level(0); take(','); const fill = level(0); take(')'); return value ?? fill; }
    if (token === 'MAX') {
      take('('); const items = list().filter((v): v is number => v !== undefined); take(')');
      return items.length === 0 ? undefined : Math.max(...items);
    }
    if (!(token in values)) throw new Error(`unknown id ${token} in "${expression}"`);
    return values[token];
  };
  const level = (i: number): Value => {
    if (i === BINARY.length) return primary();
    let left = level(i + 1);
    while (peek() !== undefined && peek() in BINARY[i]) {
      const op = BINARY[i][take()];
      left = op(left, level(i + 1));
    }
    return left;
  };
  const result = level(0);
  if (at !== tokens.length) throw new Error(`unparsed "${tokens.slice(at).join(' ')}" in "${expression}"`);
  return result;
}
