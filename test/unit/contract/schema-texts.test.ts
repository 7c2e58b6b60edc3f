import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SCHEMA_TEXT_CODES, schemaText, schemaTextOf } from '../../../src/contract/server-texts.ts';
import { TypedChannelInput } from '../../../src/core/channel-accounts/connect-typed-in.ts';
import { fieldReason } from '../../../src/server/plugins/field-reasons.ts';

/**
 * Every message a schema writes itself must be one of src/contract/server-texts.ts's SCHEMA_TEXTS
 * (so the web app shows it in the reader's language), unless it is on a check whose kind of issue
 * already says it in every language (a length, a bound, a whole number, a date): "give the label a
 * name" on `.min(1)` reads as "This cannot be empty." in German, which says the same.
 */
const SAID_BY_KIND = new Set(['min_length', 'max_length', 'length_equals', 'greater_than', 'less_than', 'number_format', 'string_format:date', 'string_format:datetime', 'string:date']);

interface Found {
  where: string;
  kind: string;
  message: string;
}

type Def = Record<string, unknown> & { type?: string; checks?: { _zod: { def: Def } }[]; error?: (issue: object) => unknown; shape?: Record<string, unknown>; options?: unknown[] };

function ownMessage(def: Def): string | undefined {
  const m = def.error?.({ code: 'custom', input: undefined });
  return typeof m === 'string' ? m : typeof (m as { message?: unknown } | undefined)?.message === 'string' ? (m as { message: string }).message : undefined;
}

/** The messages a schema and everything inside it write themselves (zod 4's definitions). */
function messagesOf(schema: unknown, where: string, seen = new Set<unknown>()): Found[] {
  const zod = (schema as { _zod?: { def: Def } } | null)?._zod;
  if (!zod || seen.has(schema)) return [];
  seen.add(schema);
  const def = zod.def;
  const found: Found[] = [];
  const own = ownMessage(def);
  if (own) found.push({ where, kind: `${def.type}:${String(def['format'] ?? '')}`, message: own });
  for (const check of def.checks ?? []) {
    const message = ownMessage(check._zod.def);
    const kind = String(check._zod.def['check']) + (check._zod.def['format'] ? `:${String(check._zod.def['format'])}` : '');
    if (message) found.push({ where, kind, message });
  }
  const inner = ['innerType', 'in', 'out', 'element', 'keyType', 'valueType', 'left', 'right'].map((k) => def[k]);
  const children = [...inner, ...(def.options ?? []), ...((def['items'] as unknown[] | undefined) ?? []), ...(typeof def['getter'] === 'function' ? [(def['getter'] as () => unknown)()] : [])];
  for (const child of children) found.push(...messagesOf(child, where, seen));
  for (const [key, child] of Object.entries(def.shape ?? {})) found.push(...messagesOf(child, `${where}.${key}`, seen));
  return found;
}

async function everySchemaMessage(): Promise<Found[]> {
  const dir = path.resolve('src/contract');
  const found: Found[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) found.push(...messagesOf(value, `${file} ${name}`));
  }
  // Each platform's connect form and account (the fields an admin types in), as POST /api/v1/channels takes them.
  found.push(...messagesOf(TypedChannelInput as z.ZodType, 'POST /api/v1/channels'));
  return found;
}

/** Messages made inside a refinement's body (`ctx.addIssue`), which no definition holds: read from the source. */
function addIssueMessages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return addIssueMessages(file);
    if (!entry.name.endsWith('.ts')) return [];
    return [...fs.readFileSync(file, 'utf8').matchAll(/addIssue\(\{[^]*?message: ([^,}]+)/g)].map((m) => `${path.relative('.', file)}: ${m[1]!}`);
  });
}

describe('a schema’s own refusals, as codes for the reader’s language', () => {
  it('finds no message a schema writes itself that is not a schema text', async () => {
    const found = await everySchemaMessage();
    expect(found.length).toBeGreaterThan(40);
    const uncoded = found.filter((f) => !schemaTextOf(f.message) && !SAID_BY_KIND.has(f.kind) && !SAID_BY_KIND.has(f.kind.replace(/:.*/, '')));
    expect(uncoded.map((f) => `${f.where} [${f.kind}]: ${f.message}`)).toEqual([]);
    // The business hours' pattern and its rule across fields are among those found.
    expect(found.map((f) => f.message)).toEqual(expect.arrayContaining([schemaText('schema.clock'), schemaText('schema.endAfterStart'), schemaText('schema.timeZone')]));
  });

  it('finds no refinement that writes a message of its own words', () => {
    const messages = [...addIssueMessages(path.resolve('src/contract')), ...addIssueMessages(path.resolve('src/channels'))];
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.filter((m) => !/: schemaText\('schema\.\w+'/.test(m))).toEqual([]);
  });

  it('reads each schema text back to its code and parameters, numbers as numbers', () => {
    for (const code of SCHEMA_TEXT_CODES)
      expect(
        schemaTextOf(
          schemaText(code, {
            start: '09:00',
            end: '12:00',
            date: '2026-12-25',
            count: 7,
            platform: 'P',
            product: 'Q',
            example: '+1',
            action: 'add label',
            reason: 'a backreference',
            name: 'Ana Lopez',
            url: 'https://crm.example/hook',
          }),
        )?.code,
      ).toBe(code);
    expect(fieldReason({ keyword: 'custom', instancePath: '/businessHours/1/start', message: schemaText('schema.hoursOverlap', { start: '09:00', end: '12:00' }), params: {} })).toEqual({
      code: 'schema.hoursOverlap',
      params: { start: '09:00', end: '12:00' },
    });
    expect(fieldReason({ keyword: 'custom', instancePath: '/template/parameters', message: schemaText('schema.templateParameters', { count: 100 }), params: {} })).toEqual({
      code: 'schema.templateParameters',
      params: { count: 100 },
    });
    // Anything else keeps the code of its kind.
    expect(fieldReason({ keyword: 'custom', instancePath: '/x', message: 'something else', params: {} })).toEqual({ code: 'field.invalid' });
  });
});
