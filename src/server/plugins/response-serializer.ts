import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/**
 * The response serializer: a route's zod response schema decides what reaches the client (a
 * property that is not in the schema never does, STYLE.md).
 *
 * fastify-type-provider-zod's own serializer parses the answer with zod, which builds a full copy
 * of it, and then stringifies the copy: 36–45 % of a list or thread request's allocations
 * (bench/FINDINGS.md, "memory3"). This one is compiled once per schema into a walker that checks
 * the answer where it is, each value's type and the checks zod would run, and hands JSON.stringify
 * the answer's own objects where they hold exactly the schema's keys in its order, and a copy cut
 * to the schema where they do not (15–22 % less allocated per list or thread request, FINDINGS
 * "Memory, 3 December, evening"). Whatever the walker does not know how to write exactly as zod would (transforms, pipes,
 * defaults, refinements, records, checked arrays, lazy or recursive schemas…) is handed to zod for
 * that part of the answer alone, and anything the walker rejects is decided by zod's parse of the
 * whole answer: the same ResponseSerializationError as before, or, if zod accepts it after all,
 * zod's own output. So the JSON is what `JSON.stringify(schema.parse(answer))` gives, and an answer
 * zod would refuse is still refused.
 */

/**
 * Checks a value against its schema and returns what JSON.stringify should write for it: the value
 * itself when it holds nothing the schema does not name (no copy), or a copy cut to the schema.
 * Building the JSON by hand (string parts, joined) allocated as much as zod's copy
 * (bench/query-allocations.ts); JSON.stringify is native and allocates only its result.
 */
type Writer = (value: unknown) => unknown;

/** Thrown by a writer when the value is not what its schema says: zod decides from there. */
class NotThisShape extends Error {}
const notThisShape = new NotThisShape();

interface Def {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  element?: $ZodType;
  innerType?: $ZodType;
  options?: $ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

const defOf = (schema: $ZodType): Def => schema._zod.def as unknown as Def;

interface CheckDef {
  check?: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
}

/**
 * The checks that ids, counts and bounded texts carry, tested here as zod tests them (a check of
 * any other kind, or one that rewrites the value, leaves the value to zod): zod's parse of every
 * id in a page was most of what a walked answer still allocated.
 */
function checkOf(check: unknown): ((value: number | string | unknown[]) => boolean) | undefined {
  const def = (check as { _zod: { def: CheckDef } })._zod.def;
  const bound = def.value;
  switch (def.check) {
    case 'number_format':
      return def.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined;
    case 'greater_than':
      if (typeof bound !== 'number') return undefined;
      return def.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
    case 'less_than':
      if (typeof bound !== 'number') return undefined;
      return def.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
    case 'min_length':
      return (v) => (v as string | unknown[]).length >= def.minimum!;
    case 'max_length':
      return (v) => (v as string | unknown[]).length <= def.maximum!;
    case 'length_equals':
      return (v) => (v as string | unknown[]).length === def.length;
    default:
      return undefined;
  }
}

/** One test for all of a schema's checks, or undefined when one of them is zod's to run. */
function checksOf(def: Def): ((value: number | string | unknown[]) => boolean) | undefined {
  const tests = (def.checks ?? []).map(checkOf);
  if (tests.some((t) => t === undefined)) return undefined;
  const all = tests as ((value: number | string | unknown[]) => boolean)[];
  return (value) => all.every((t) => t(value));
}

/** zod's parse of one part of the answer: exact for any schema, at zod's cost. */
function byZod(schema: $ZodType): Writer {
  return (value) => {
    const result = safeParse(schema, value);
    if (!result.success) throw notThisShape;
    return result.data;
  };
}

export function compileWriter(schema: $ZodType, compiled = new Map<$ZodType, Writer>()): Writer {
  const known = compiled.get(schema);
  if (known) return known;
  // A schema met again while it is being compiled (a recursive one) is left to zod.
  compiled.set(schema, byZod(schema));
  const writer = compileNode(schema, compiled);
  compiled.set(schema, writer);
  return writer;
}

function compileNode(schema: $ZodType, compiled: Map<$ZodType, Writer>): Writer {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'array':
    case 'object':
    case 'union':
      return compileComposite(schema, def, compiled);
    default:
      return compileLeaf(schema, def);
  }
}

function compileLeaf(schema: $ZodType, def: Def): Writer {
  // Checks this file tests itself (a string's length, a number's bounds); undefined when zod must.
  const passes = checksOf(def);
  switch (def.type) {
    case 'string':
      // A check may rewrite the value (trim, toLowerCase): zod's answer for the leaf is the one written.
      if (!passes || def.coerce) return byZod(schema);
      return (value) => {
        if (typeof value !== 'string' || !passes(value)) throw notThisShape;
        return value;
      };
    case 'number':
      if (!passes || def.coerce) return byZod(schema);
      return (value) => {
        if (typeof value !== 'number' || !Number.isFinite(value) || !passes(value)) throw notThisShape;
        return value;
      };
    case 'boolean':
      if (!passes || def.coerce) return byZod(schema);
      return (value) => {
        if (typeof value !== 'boolean') throw notThisShape;
        return value;
      };
    case 'null':
      return (value) => {
        if (value !== null) throw notThisShape;
        return value;
      };
    case 'literal':
    case 'enum': {
      const values = def.type === 'literal' ? (def.values ?? []) : Object.values(def.entries ?? {});
      // Other literals (undefined, bigint) and a TypeScript numeric enum (its object names each member both ways) are zod's.
      if (values.some((v) => !['string', 'number', 'boolean'].includes(typeof v) && v !== null) || (def.type === 'enum' && values.some((v) => typeof v !== 'string'))) return byZod(schema);
      const allowed = new Set(values);
      return (value) => {
        if (!allowed.has(value)) throw notThisShape;
        return value;
      };
    }
    case 'unknown':
    case 'any':
      return (value) => value;
    default:
      return byZod(schema);
  }
}

function compileComposite(schema: $ZodType, def: Def, compiled: Map<$ZodType, Writer>): Writer {
  const passes = checksOf(def);
  // A refinement of an object, an optional or a union, or a check of a list this file does not test, is zod's.
  if (!passes) return byZod(schema);
  switch (def.type) {
    case 'optional': {
      const inner = compileWriter(def.innerType!, compiled);
      return (value) => (value === undefined ? undefined : inner(value));
    }
    case 'nullable': {
      const inner = compileWriter(def.innerType!, compiled);
      return (value) => (value === null ? null : inner(value));
    }
    case 'array': {
      const element = compileWriter(def.element!, compiled);
      return (value) => {
        if (!Array.isArray(value) || !passes(value)) throw notThisShape;
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          const written = element(item);
          if (copy) copy.push(written);
          else if (written !== item) copy = [...value.slice(0, i), written];
        }
        return copy ?? value;
      };
    }
    case 'object':
      return compileObject(schema, def, compiled);
    default: {
      // a union: zod's answers with the first option that accepts the value; so does this.
      const options = (def.options ?? []).map((o) => compileWriter(o, compiled));
      return (value) => {
        for (const option of options) {
          try {
            return option(value);
          } catch (e) {
            if (e !== notThisShape) throw e;
          }
        }
        throw notThisShape;
      };
    }
  }
}

function compileObject(schema: $ZodType, def: Def, compiled: Map<$ZodType, Writer>): Writer {
  // zod strips unknown keys by default; a catchall (strict or loose objects) is zod's.
  if (def.catchall !== undefined) return byZod(schema);
  const shape = def.shape!;
  const keys = Object.keys(shape);
  const writers = keys.map((k) => compileWriter(shape[k]!, compiled));
  const cut = (record: Record<string, unknown>, upTo: number, written?: unknown) => {
    const copy: Record<string, unknown> = {};
    for (let j = 0; j < upTo; j++) if (record[keys[j]!] !== undefined) copy[keys[j]!] = record[keys[j]!];
    if (upTo < keys.length && written !== undefined) copy[keys[upTo]!] = written;
    return copy;
  };
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notThisShape;
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const own = record[keys[i]!];
      const written = writers[i]!(own);
      if (copy) {
        if (written !== undefined) copy[keys[i]!] = written;
      } else if (written !== own) copy = cut(record, i, written);
    }
    if (copy) return copy;
    // The answer's own object is written as it is only when JSON.stringify would write exactly the
    // schema's keys in the schema's order: a plain object, no other key (a secret never leaves).
    const prototype: unknown = Object.getPrototypeOf(record);
    if (prototype !== Object.prototype && prototype !== null) return cut(record, keys.length);
    let j = 0;
    for (const key in record) {
      while (j < keys.length && keys[j] !== key) j++;
      if (j === keys.length) return cut(record, keys.length);
      j++;
    }
    return record;
  };
}

function resolveSchema(maybe: unknown): $ZodType {
  if (maybe instanceof $ZodType) return maybe;
  const properties = (maybe as { properties?: unknown } | null)?.properties;
  if (properties instanceof $ZodType) return properties;
  throw new Error(`a response schema is not a zod schema: ${JSON.stringify(maybe)}`);
}

/** Serialises with the walker; what it refuses is decided by zod's parse of the whole answer. */
export function compileSerializer(schema: $ZodType, method = 'GET', url = ''): (data: unknown) => string {
  const write = compileWriter(schema);
  return (data) => {
    try {
      return JSON.stringify(write(data));
    } catch (e) {
      if (e !== notThisShape) throw e;
    }
    const result = safeParse(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
}

export const filteringSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => compileSerializer(resolveSchema(schema), method, url);
