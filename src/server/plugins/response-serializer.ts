import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/**
 * The response serializer: a route's zod response schema decides what reaches the client (a
 * property that is not in the schema never does, STYLE.md), written straight to JSON.
 *
 * fastify-type-provider-zod's own serializer parses the answer with zod, which builds a full copy
 * of it, and then stringifies the copy: 36–45 % of a list or thread request's allocations
 * (bench/FINDINGS.md, "memory3"). This one is compiled once per schema into a walker that reads
 * the answer where it is and writes only what the schema names, checking each value's type as it
 * goes. Whatever the walker does not know how to write exactly as zod would (transforms, pipes,
 * defaults, refinements, records, checked arrays, lazy or recursive schemas…) is handed to zod for
 * that part of the answer alone, and anything the walker rejects is decided by zod's parse of the
 * whole answer: the same ResponseSerializationError as before, or, if zod accepts it after all,
 * zod's own output. So the JSON is what `JSON.stringify(schema.parse(answer))` gives, and an answer
 * zod would refuse is still refused.
 */

/**
 * Pushes a value's JSON onto `out`, or returns false (pushing nothing) where JSON.stringify would
 * leave it out. The parts are joined once at the end: concatenating them as they are written made
 * a string object per part and flattened them again, as much garbage as zod's copy (measured with
 * bench/query-allocations.ts).
 */
type Writer = (value: unknown, out: string[]) => boolean;

/** A string JSON.stringify would write as it is between quotes: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const needsEscaping = /["\\\u0000-\u001f\ud800-\udfff]/;

function pushString(value: string, out: string[]): void {
  if (needsEscaping.test(value)) out.push(JSON.stringify(value));
  else out.push('"', value, '"');
}

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

/** zod's parse of one part of the answer, stringified: exact for any schema, at zod's cost. */
function byZod(schema: $ZodType): Writer {
  return (value, out) => {
    const result = safeParse(schema, value);
    if (!result.success) throw notThisShape;
    const written = JSON.stringify(result.data) as string | undefined;
    if (written === undefined) return false;
    out.push(written);
    return true;
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
      return (value, out) => {
        if (typeof value !== 'string' || !passes(value)) throw notThisShape;
        pushString(value, out);
        return true;
      };
    case 'number':
      if (!passes || def.coerce) return byZod(schema);
      return (value, out) => {
        if (typeof value !== 'number' || !Number.isFinite(value) || !passes(value)) throw notThisShape;
        out.push(JSON.stringify(value));
        return true;
      };
    case 'boolean':
      if (!passes || def.coerce) return byZod(schema);
      return (value, out) => {
        if (typeof value !== 'boolean') throw notThisShape;
        out.push(value ? 'true' : 'false');
        return true;
      };
    case 'null':
      return (value, out) => {
        if (value !== null) throw notThisShape;
        out.push('null');
        return true;
      };
    case 'literal':
    case 'enum': {
      const values = def.type === 'literal' ? (def.values ?? []) : Object.values(def.entries ?? {});
      // Other literals (undefined, bigint) and a TypeScript numeric enum (its object names each member both ways) are zod's.
      if (values.some((v) => !['string', 'number', 'boolean'].includes(typeof v) && v !== null) || (def.type === 'enum' && values.some((v) => typeof v !== 'string'))) return byZod(schema);
      const allowed = new Set(values);
      return (value, out) => {
        if (!allowed.has(value)) throw notThisShape;
        out.push(JSON.stringify(value));
        return true;
      };
    }
    case 'unknown':
    case 'any':
      return (value, out) => {
        const written = JSON.stringify(value) as string | undefined;
        if (written === undefined) return false;
        out.push(written);
        return true;
      };
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
      return (value, out) => value !== undefined && inner(value, out);
    }
    case 'nullable': {
      const inner = compileWriter(def.innerType!, compiled);
      return (value, out) => {
        if (value !== null) return inner(value, out);
        out.push('null');
        return true;
      };
    }
    case 'array': {
      const element = compileWriter(def.element!, compiled);
      return (value, out) => {
        if (!Array.isArray(value) || !passes(value)) throw notThisShape;
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          // JSON.stringify writes an element it would leave out of an object as null.
          if (!element(value[i], out)) out.push('null');
        }
        out.push(']');
        return true;
      };
    }
    case 'object':
      return compileObject(schema, def, compiled);
    default: {
      // a union: zod's answers with the first option that accepts the value; so does this.
      const options = (def.options ?? []).map((o) => compileWriter(o, compiled));
      return (value, out) => {
        const mark = out.length;
        for (const option of options) {
          try {
            return option(value, out);
          } catch (e) {
            if (e !== notThisShape) throw e;
            out.length = mark; // what the refused option had written
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
  const firstKey = keys.map((k) => JSON.stringify(k) + ':');
  const nextKey = firstKey.map((k) => ',' + k);
  const writers = keys.map((k) => compileWriter(shape[k]!, compiled));
  return (value, out) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notThisShape;
    const record = value as Record<string, unknown>;
    out.push('{');
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const mark = out.length;
      out.push(first ? firstKey[i]! : nextKey[i]!);
      // a property JSON.stringify leaves out (undefined) takes its key back out
      if (writers[i]!(record[keys[i]!], out)) first = false;
      else out.length = mark;
    }
    out.push('}');
    return true;
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
      const out: string[] = [];
      if (write(data, out)) return out.join('');
    } catch (e) {
      if (e !== notThisShape) throw e;
    }
    const result = safeParse(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
}

export const filteringSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => compileSerializer(resolveSchema(schema), method, url);
