/**
 * Graph's `fields` syntax: `id,updated_time,messages.limit(5){id,from,message},participants`.
 */
export interface FieldNode {
  name: string;
  limit?: number;
  children?: FieldNode[];
}

export class FieldsSyntaxError extends Error {}

export function parseFields(input: string | undefined): FieldNode[] | undefined {
  if (input === undefined || input.trim() === '') return undefined;
  let pos = 0;
  const peek = (): string | undefined => input[pos];
  const list = (): FieldNode[] => {
    const nodes: FieldNode[] = [];
    for (;;) {
      nodes.push(field());
      while (peek() === ' ') pos++;
      if (peek() !== ',') return nodes;
      pos++;
    }
  };
  const field = (): FieldNode => {
    while (peek() === ' ') pos++;
    const start = pos;
    while (pos < input.length && /[A-Za-z0-9_]/.test(input[pos] ?? '')) pos++;
    const node: FieldNode = { name: input.slice(start, pos) };
    if (!node.name) throw new FieldsSyntaxError(`Syntax error "Expected field name." at character ${pos}: ${input}`);
    while (peek() === '.') {
      pos++;
      const modStart = pos;
      while (pos < input.length && /[a-z_]/.test(input[pos] ?? '')) pos++;
      const modifier = input.slice(modStart, pos);
      if (peek() !== '(') throw new FieldsSyntaxError(`Syntax error "Expected "("." at character ${pos}: ${input}`);
      const close = input.indexOf(')', pos);
      if (close < 0) throw new FieldsSyntaxError(`Syntax error "Expected ")"." at character ${pos}: ${input}`);
      const arg = input.slice(pos + 1, close);
      pos = close + 1;
      if (modifier === 'limit') node.limit = Number(arg);
    }
    if (peek() === '{') {
      pos++;
      node.children = list();
      if (peek() !== '}') throw new FieldsSyntaxError(`Syntax error "Expected "}"." at character ${pos}: ${input}`);
      pos++;
    }
    return node;
  };
  const nodes = list();
  if (pos !== input.length) throw new FieldsSyntaxError(`Syntax error "Expected end of string instead of "${input[pos] ?? ''}"." at character ${pos}: ${input}`);
  return nodes;
}

export class UnknownFieldError extends Error {
  constructor(
    readonly field: string,
    readonly nodeType: string,
  ) {
    super(`unknown field ${field} on ${nodeType}`);
  }
}

/** Keep only the requested fields of a node, in request order; an unknown field throws UnknownFieldError. */
export function pick(fields: FieldNode[], available: Record<string, (node: FieldNode) => unknown>, nodeType: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const get = available[f.name];
    if (!get) throw new UnknownFieldError(f.name, nodeType);
    const value = get(f);
    if (value !== undefined) out[f.name] = value;
  }
  return out;
}
