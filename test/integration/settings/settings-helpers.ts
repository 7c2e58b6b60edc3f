import { createUser } from '../../../src/core/accounts/users.ts';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import type { TestApp } from '../../helpers/test-app.ts';

/** The WhatsApp app secret the settings tests' snorq checks webhooks with. */
export const WA_SECRET = 'settings-wa-secret';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface OrgUnderTest {
  id: number;
  admin: string;
  agent: string;
  agentId: number;
  phone: string;
}

export function caller(t: TestApp) {
  return (token: string, method: Method, url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
}

/** An organisation with an admin, an agent (both signed in) and a WhatsApp number. */
export async function orgWithAgent(t: TestApp, key: string): Promise<OrgUnderTest> {
  const org = await t.newOrganization(`Org ${key}`);
  const email = `agent-${key}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const agent = await createUser(t.ctx.db, { organizationId: org.organizationId, email, name: `Agent ${key}`, role: 'agent', password: 'agent password 1' });
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'agent password 1' } });
  const phone = `PN-SETTINGS-${key}-${Math.random().toString(36).slice(2, 6)}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: phone, displayName: `WA ${key}`, credentials: { platform: 'whatsapp', accessToken: `token-${key}-0123456789` } }],
    'env',
  );
  return { id: org.organizationId, admin: org.token, agent: (login.json() as { token: string }).token, agentId: agent.id, phone };
}

/** A customer writes to the organisation's number: returns the conversation's id. */
export async function customerWrites(t: TestApp, org: OrgUnderTest, from: string, text: string): Promise<number> {
  const id = `wamid.settings.${Math.random().toString(36).slice(2)}`;
  const payload = JSON.stringify(whatsappText({ phoneNumberId: org.phone, from, name: `Customer ${from}`, id, text, timestamp: Date.now() }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(WA_SECRET, payload) },
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`webhook refused: ${res.body}`);
  const row = await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow();
  return row.conversation_id;
}

/** A webhook for a number no organisation has: it stays unrouted in the journal. */
export async function strayWebhook(t: TestApp, phone: string): Promise<number> {
  const payload = JSON.stringify(
    whatsappText({ phoneNumberId: phone, from: '4915550001111', name: 'Stray', id: `wamid.stray.${Math.random().toString(36).slice(2)}`, text: 'stray', timestamp: Date.now() }),
  );
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(WA_SECRET, payload) },
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`webhook refused: ${res.body}`);
  return (await t.ctx.db.selectFrom('webhook_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
}
