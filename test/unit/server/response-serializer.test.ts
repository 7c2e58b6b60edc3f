import Fastify from 'fastify';
import { ResponseSerializationError, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer, filteringSerializerCompiler } from '../../../src/server/plugins/response-serializer.ts';
import { ConversationPageSchema } from '../../../src/contract/conversations.ts';

const Person = z.object({
  id: z.string(),
  name: z.string().nullable(),
  age: z.number().int().optional(),
  admin: z.boolean(),
  role: z.enum(['agent', 'admin']),
  kind: z.literal('person'),
  tags: z.array(z.string()),
  meta: z.unknown(),
});

const Event = z.discriminatedUnion('type', [z.object({ type: z.literal('message'), text: z.string() }), z.object({ type: z.literal('note'), author: Person })]);

/** Checks the serializer tests itself: an id's, a text's length, a list's length. */
const Bounded = z.object({ id: z.number().int().positive(), text: z.string().min(1).max(3), list: z.array(z.string()).max(1) });

/** What fastify-type-provider-zod's serializer wrote: zod's parse, stringified. */
const byZod = (schema: z.ZodType, value: unknown) => JSON.stringify(schema.parse(value));

describe('the response serializer', () => {
  const person = { id: 'u1', name: null, age: 41, admin: false, role: 'agent', kind: 'person', tags: ['a', 'b"c'], meta: { any: [1, 'x'] } };

  it('writes what zod’s parse gives, for every kind of schema it walks', () => {
    const cases: [z.ZodType, unknown][] = [
      [Person, person],
      [Person, { ...person, age: undefined, name: 'Zoë \u2028 "quoted" \\ \n' }],
      [z.array(Person), [person, { ...person, id: 'u2', tags: [] }]],
      [Event, { type: 'note', author: person }],
      [Event, { type: 'message', text: 'hi' }],
      [z.union([z.string(), z.number()]), 3.5],
      [z.object({ at: z.string().datetime(), n: z.number().min(0) }), { at: '2026-12-03T10:00:00.000Z', n: 0 }],
      [z.object({ trimmed: z.string().trim() }), { trimmed: '  spaced  ' }],
      [z.object({ when: z.date().transform((d) => d.toISOString()) }), { when: new Date('2026-12-03T10:00:00Z') }],
      [z.object({ n: z.number().default(7) }), {}],
      [z.object({ kv: z.record(z.string(), z.number()) }), { kv: { a: 1 } }],
      [z.array(z.string().optional()), ['a', undefined]],
      [z.object({ list: z.array(z.number()).max(3) }), { list: [1, 2] }],
      [Bounded, { id: 1, text: 'abc', list: ['x'] }],
      // the answer's own object is written as it is only with the schema's keys in its order
      [Person, Object.fromEntries(Object.entries(person).reverse())],
      [z.object({ a: z.string() }), Object.assign(Object.create({ inherited: 'secret' }) as object, { a: 'x' })],
      [z.array(Person), [person, { ...person, extra: 1 }, person]],
      // the first option writes part of the object before it refuses it: none of that may stay
      [z.union([z.object({ a: z.string(), b: z.number() }), z.object({ a: z.string(), c: z.string() })]), { a: 'x', c: 'y' }],
      [z.array(z.string()), ['plain', 'lone \ud800 surrogate', 'tab\there', 'emoji 😀']],
      [ConversationPageSchema, { conversations: [], nextCursor: null }],
    ];
    for (const [schema, value] of cases) expect(compileSerializer(schema)(value)).toBe(byZod(schema, value));
  });

  it('cuts a property the schema does not name, at any depth', () => {
    const secret = { passwordHash: '$argon2id$secret', accessToken: 'EAAB-secret' };
    const written = compileSerializer(z.object({ people: z.array(Person), event: Event }))({
      ...secret,
      people: [{ ...person, ...secret }],
      event: { type: 'note', author: { ...person, ...secret }, ...secret },
    });
    expect(written).not.toMatch(/secret|passwordHash|accessToken/);
    expect(JSON.parse(written)).toEqual({ people: [person], event: { type: 'note', author: person } });
  });

  it('refuses an answer zod refuses, with the same error', () => {
    const serialize = compileSerializer(Person, 'GET', '/people/:id');
    for (const wrong of [{ ...person, admin: 'yes' }, { ...person, role: 'owner' }, { ...person, age: 4.5 }, { ...person, tags: 'a' }, null, { ...person, id: undefined }]) {
      expect(() => serialize(wrong)).toThrow(ResponseSerializationError);
    }
    const bounded = compileSerializer(Bounded);
    const fine = { id: 1, text: 'abc', list: ['x'] };
    for (const wrong of [
      { ...fine, id: 0 },
      { ...fine, id: 1.5 },
      { ...fine, id: 2 ** 53 },
      { ...fine, text: '' },
      { ...fine, text: 'abcd' },
      { ...fine, list: ['x', 'y'] },
    ]) {
      expect(() => bounded(wrong)).toThrow(ResponseSerializationError);
    }
  });

  it('answers a route with only what its response schema names', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(filteringSerializerCompiler);
    app.get('/me', { schema: { response: { 200: z.object({ id: z.string(), email: z.string() }) } } }, async () => ({
      id: 'u1',
      email: 'ana@example.com',
      passwordHash: '$argon2id$v=19$secret',
    }));
    const res = await app.inject({ method: 'GET', url: '/me' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'u1', email: 'ana@example.com' });
    expect(res.body).not.toContain('secret');
    await app.close();
  });
});
