import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => t?.close());

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );

/** A response that says what it carries: a schema for its body, or a body that is documented as empty (type null). */
const described = (response: NonNullable<Operation['responses']>[string] | undefined) =>
  !!response && (response.content === undefined ? response.description !== 'Default Response' : Object.values(response.content).every((m) => m.schema && Object.keys(m.schema).length > 0));

describe('the OpenAPI document', () => {
  it('lists the API’s operations', () => {
    expect(operations().length).toBeGreaterThan(30);
  });

  it('describes what every operation answers on success, with a schema', () => {
    const missing = operations()
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^[23]/.test(status));
        return success.length === 0 || !success.every(([, response]) => described(response));
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('describes every operation’s errors in the one error shape', () => {
    const missing = operations()
      .filter(({ op }) => {
        const errors = ['4XX', '5XX'].map((status) => op.responses?.[status]?.content?.['application/json']?.schema ?? Object.values(op.responses?.[status]?.content ?? {})[0]?.schema);
        return !errors.every((schema) => JSON.stringify(schema ?? {}).includes('"error"'));
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });
});
