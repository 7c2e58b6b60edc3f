import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from './settings/settings-helpers.ts';

/**
 * The profile fetcher asks a platform's profile API about nameless customers. A webhook of a
 * platform without one (WhatsApp: the name comes in the webhook) does not wake it: its pass was a
 * read after every batch for nothing. Messenger's wake-up and look-up: inbound-simulator.test.ts.
 */
let t: TestApp;
let org: OrgUnderTest;
let wakes = 0;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  org = await orgWithAgent(t, 'profile-wake');
  t.ctx.profiles = { wake: () => void wakes++, idle: async () => undefined, stop: async () => undefined };
}, 180_000);
afterAll(async () => t?.close());

it('a WhatsApp message does not wake the profile fetcher', async () => {
  const conv = await customerWrites(t, org, '4915550019201', 'hello');
  expect(conv).toBeGreaterThan(0);
  expect(wakes).toBe(0);
});
