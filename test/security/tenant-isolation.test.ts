import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';

/**
 * Two organisations on one snorq. Organisation B (an admin, the most powerful role) tries every
 * route of the OpenAPI document with A's ids, and every list and search for A's data, and joins
 * A's conversation on the socket. B gets 404 (ids reveal nothing) or only its own data; A's data
 * is unchanged afterwards. A route added to the API without a case here fails the test.
 */
const SECRET = 'tenant-wa-secret';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
/** Strings only A's data contains: none may appear in anything B is answered. */
const A_MARKERS = [
  'Alice-Tenant-A',
  'secret-A-team',
  'secret-A-message-text',
  'secret-A-canned',
  'Secret A Channel',
  'agent-a-secret@example.test',
  'secret-A-token',
  'PN-TENANT-A',
  'secret-A-label',
  'secret-A-note',
  'secret-a-webhook',
];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let snorq: RunningSnorq;
/** TikTok as the platform that checks the credentials of channels connected through the API. */
let sim: Simulator;
const RACES = 5;
interface Org {
  id: number;
  token: string;
  teamId: number;
  channelId: number;
  conversationId: number;
  messageId: number;
  failedReplyId: number;
  identityId: number;
  contactId: number;
  cannedId: number;
  apiTokenId: number;
  apiToken: string;
  agentId: number;
  journalId: number;
  storageKey: string;
  sessionId: number;
  labelId: number;
  pushSubscriptionId: number;
  webhookSubscriptionId: number;
  webhookDeliveryId: number;
  ruleId: number;
}
const orgs = {} as Record<'a' | 'b', Org>;

const inject = (token: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  snorq.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && !Buffer.isBuffer(body) && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { payload: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
  });

function multipart(file: Buffer, type: string, filename: string): { body: Buffer; contentType: string } {
  const boundary = '----tenant';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function makeOrg(key: 'a' | 'b', marker: string): Promise<Org> {
  const upper = key.toUpperCase();
  const org = await db.db
    .insertInto('organizations')
    .values({ name: `Org ${upper}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await createUser(db.db, { organizationId: org.id, email: `admin-${key}@tenant.test`, name: `Admin ${upper}`, role: 'admin', password: 'tenant password 1' });
  const login = await snorq.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `admin-${key}@tenant.test`, password: 'tenant password 1' } });
  const token = (login.json() as { token: string }).token;
  const phone = `PN-TENANT-${upper}`;
  await provisionChannels(
    db.db,
    snorq.ctx.secretBox,
    org.id,
    [{ platform: 'whatsapp', externalAccountId: phone, displayName: key === 'a' ? 'Secret A Channel' : 'B channel', credentials: { platform: 'whatsapp', accessToken: `token-of-${key}-0123456789` } }],
    'env',
  );
  const channel = await db.db.selectFrom('channels').select('id').where('external_account_id', '=', phone).executeTakeFirstOrThrow();

  const payload = JSON.stringify(
    whatsappText({
      phoneNumberId: phone,
      from: key === 'a' ? '4915550000001' : '4915550000002',
      name: key === 'a' ? 'Alice-Tenant-A' : 'Bob B',
      id: `wamid.tenant.${key}`,
      text: key === 'a' ? 'secret-A-message-text' : 'hello from b',
      timestamp: Date.now(),
    }),
  );
  const hook = await snorq.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, payload) },
    payload,
  });
  expect(hook.statusCode).toBe(200);
  const message = await db.db.selectFrom('messages').select(['id', 'conversation_id']).where('external_id', '=', `wamid.tenant.${key}`).executeTakeFirstOrThrow();
  const conversation = await db.db.selectFrom('conversations').select(['contact_identity_id', 'contact_id']).where('id', '=', message.conversation_id).executeTakeFirstOrThrow();
  const journal = await db.db.selectFrom('webhook_events').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow();

  // An uploaded file, kept as the customer's attachment, so that the media route has something to serve.
  const form = multipart(PNG, 'image/png', `${marker}.png`);
  const upload = await inject(token, 'POST', '/api/v1/uploads', form.body, { 'content-type': form.contentType });
  expect(upload.statusCode, upload.body).toBe(201);
  const storageKey = (upload.json() as { upload: { storageKey: string } }).upload.storageKey;
  await db.db
    .updateTable('messages')
    .set({ media: JSON.stringify([{ type: 'image', state: 'stored', storageKey, mimeType: 'image/png' }]) })
    .where('id', '=', message.id)
    .execute();

  const reply = await inject(token, 'POST', '/api/messages', { conversationId: message.conversation_id, content: `${marker} reply` });
  expect(reply.statusCode).toBe(201);
  const failedReplyId = (reply.json() as { message: { id: number } }).message.id;
  await db.db.updateTable('messages').set({ status: 'failed', error_code: 'PLATFORM_UNAVAILABLE', error_reason: 'x' }).where('id', '=', failedReplyId).execute();
  const note = await inject(token, 'POST', '/api/messages', { conversationId: message.conversation_id, content: key === 'a' ? 'secret-A-note' : 'b note', privateNote: true });
  expect(note.statusCode).toBe(201);
  const patched = await inject(token, 'PATCH', `/api/v1/conversations/${message.conversation_id}`, { labels: [key === 'a' ? 'secret-A-label' : 'b-label'] });
  expect(patched.statusCode).toBe(200);

  const canned = await inject(token, 'POST', '/api/v1/canned-responses', { shortcut: 'hello', content: key === 'a' ? 'secret-A-canned' : 'b canned' });
  expect(canned.statusCode).toBe(201);
  const apiToken = await inject(token, 'POST', '/api/v1/tokens', { name: key === 'a' ? 'secret-A-token' : 'b token' });
  expect(apiToken.statusCode).toBe(201);
  const agent = await inject(token, 'POST', '/api/v1/users', { email: key === 'a' ? 'agent-a-secret@example.test' : 'agent-b@example.test', name: `Agent ${upper}`, password: 'agent password 1' });
  expect(agent.statusCode).toBe(201);
  // A picture for the agent, so that B asking for it is refused for the organisation, not for its absence.
  await db.db
    .updateTable('users')
    .set({ avatar: PNG, avatar_type: 'image/png', avatar_updated_at: new Date() })
    .where('id', '=', (agent.json() as { user: { id: number } }).user.id)
    .execute();

  const agentId = (agent.json() as { user: { id: number } }).user.id;
  const team = await inject(token, 'POST', '/api/v1/teams', { name: key === 'a' ? 'secret-A-team' : 'b team', memberIds: [agentId] });
  expect(team.statusCode, team.body).toBe(201);

  return {
    id: org.id,
    token,
    teamId: (team.json() as { team: { id: number } }).team.id,
    channelId: channel.id,
    conversationId: message.conversation_id,
    messageId: message.id,
    failedReplyId,
    identityId: conversation.contact_identity_id,
    contactId: conversation.contact_id,
    cannedId: (canned.json() as { cannedResponse: { id: number } }).cannedResponse.id,
    apiTokenId: (apiToken.json() as { id: number }).id,
    apiToken: (apiToken.json() as { token: string }).token,
    agentId,
    journalId: journal.id,
    storageKey,
    labelId: (await db.db.selectFrom('labels').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow()).id,
    sessionId: (await db.db.selectFrom('auth_tokens').select('id').where('organization_id', '=', org.id).where('kind', '=', 'session').orderBy('id').executeTakeFirstOrThrow()).id,
    pushSubscriptionId: await pushSubscriptionOf(org.id, key),
    ...(await webhookSubscriptionOf(org.id, key, message.conversation_id)),
    ruleId: await ruleOf(token),
  };
}

/** An automation rule, disabled so that it never acts while the test compares A's data before and after. */
async function ruleOf(token: string): Promise<number> {
  const res = await inject(token, 'POST', '/api/v1/automation/rules', { name: 'rule', event: 'message_received', conditions: [], actions: [{ type: 'resolve' }], enabled: false });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { rule: { id: number } }).rule.id;
}

/** An outgoing webhook with one delivered delivery (written directly: subscribing pings a public URL). */
async function webhookSubscriptionOf(organizationId: number, key: string, conversationId: number): Promise<{ webhookSubscriptionId: number; webhookDeliveryId: number }> {
  const sub = await db.db
    .insertInto('webhook_subscriptions')
    .values({
      organization_id: organizationId,
      url: `https://${key === 'a' ? 'secret-a-webhook' : 'b-webhook'}.example.com/`,
      events: ['message.created'],
      secret_sealed: snorq.ctx.secretBox.seal(`whsec_${key}`),
      start_seq: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const delivery = await db.db
    .insertInto('webhook_deliveries')
    .values({
      organization_id: organizationId,
      subscription_id: sub.id,
      event_type: 'message.created',
      seq: 1,
      order_key: `conversation:${conversationId}`,
      conversation_id: conversationId,
      body: '{}',
      state: 'delivered',
      next_attempt_at: new Date(),
      give_up_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { webhookSubscriptionId: sub.id, webhookDeliveryId: delivery.id };
}

/** A device of the organisation's first user that receives pushes (written directly: subscribing needs a browser). */
async function pushSubscriptionOf(organizationId: number, key: string): Promise<number> {
  const session = await db.db.selectFrom('auth_tokens').select(['id', 'user_id']).where('organization_id', '=', organizationId).where('kind', '=', 'session').orderBy('id').executeTakeFirstOrThrow();
  const row = await db.db
    .insertInto('push_subscriptions')
    .values({ organization_id: organizationId, user_id: session.user_id, token_id: session.id, endpoint: `https://push.example.test/${key}`, p256dh: 'p256dh', auth: 'auth' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const tiktok = [
    { platform: 'tiktok' as const, accountId: 'tiktok-biz-of-a', accessToken: 'aaaaaaaaaaaa' },
    ...Array.from({ length: RACES }, (_, i) => ({ platform: 'tiktok' as const, accountId: `tiktok-race-${i}`, accessToken: `cccccccccccc${i}` })),
  ];
  sim = await startSimulator({ webhookBaseUrl: 'http://127.0.0.1:9', accounts: tiktok, secrets: { messenger: 'm', instagram: 'i', whatsapp: 'w', tiktok: 't' } });
  snorq = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET, TIKTOK_API_URL: sim.baseUrls.tiktok });
  orgs.a = await makeOrg('a', 'upload-a');
  orgs.b = await makeOrg('b', 'upload-b');
});
afterAll(async () => {
  await snorq?.stop();
  await sim?.close();
  await db?.drop();
});

/** What B sends to each route. `foreign`: a route aimed at one of A's objects (404 expected). */
type Case = { foreign: { method: string; url: string; body?: unknown } } | { own: { method: string; url: string; body?: unknown; expect: number[] } } | { outOfScope: string };

function cases(a: Org, b: Org): Record<string, Case> {
  return {
    'POST /api/v1/auth/login': { outOfScope: 'signs in; no organisation yet' },
    'POST /api/v1/auth/logout': { outOfScope: 'revokes the caller’s own token only' },
    'GET /api/v1/auth/me': { own: { method: 'GET', url: '/api/v1/auth/me', expect: [200] } },
    'GET /media/{key}': { outOfScope: 'public, signed and expiring links (test/security/uploads.test.ts)' },
    'GET /api/v1/platforms/connect/{platform}': { outOfScope: 'starts the caller’s own OAuth; state tested with the OAuth flow' },
    'GET /api/v1/platforms/callback/{platform}': { outOfScope: 'the platform’s redirect, bound to a state nonce' },
    'POST /api/v1/platforms/connect/{platform}': {
      own: {
        method: 'POST',
        url: '/api/v1/platforms/connect/twilio',
        body: { accountSid: 'AC00000000000000000000000000000000', authToken: 'x'.repeat(32), sender: 'PN-TENANT-A' },
        expect: [400, 404, 409, 422, 502],
      },
    },
    'GET /api/v1/platforms/': { own: { method: 'GET', url: '/api/v1/platforms/', expect: [200] } },
    'GET /api/v1/users/': { own: { method: 'GET', url: '/api/v1/users/', expect: [200] } },
    'POST /api/v1/users/': { own: { method: 'POST', url: '/api/v1/users/', body: { email: 'agent-b2@example.test', name: 'B2', password: 'agent password 2' }, expect: [201] } },
    'GET /api/v1/tokens/': { own: { method: 'GET', url: '/api/v1/tokens/', expect: [200] } },
    'POST /api/v1/tokens/': { own: { method: 'POST', url: '/api/v1/tokens/', body: { name: 'b second token' }, expect: [201] } },
    'DELETE /api/v1/tokens/{id}': { foreign: { method: 'DELETE', url: `/api/v1/tokens/${a.apiTokenId}` } },
    'GET /api/v1/conversations/': { own: { method: 'GET', url: '/api/v1/conversations/?limit=500', expect: [200] } },
    'GET /api/v1/conversations/{id}': { foreign: { method: 'GET', url: `/api/v1/conversations/${a.conversationId}` } },
    'PATCH /api/v1/conversations/{id}': { foreign: { method: 'PATCH', url: `/api/v1/conversations/${a.conversationId}`, body: { status: 'resolved', labels: ['hijacked'], assigneeId: null } } },
    // A's ids inside B's selection change nothing and answer as unknown ids do ({ changed: 0 }).
    'POST /api/v1/conversations/bulk': { own: { method: 'POST', url: '/api/v1/conversations/bulk', body: { action: 'resolve', ids: [a.conversationId] }, expect: [200] } },
    'GET /api/messages': { foreign: { method: 'GET', url: `/api/messages?conversationId=${a.conversationId}` } },
    'POST /api/messages': { foreign: { method: 'POST', url: '/api/messages', body: { conversationId: a.conversationId, content: 'from B into A' } } },
    'POST /api/messages/{conversationId}/read': { foreign: { method: 'POST', url: `/api/messages/${a.conversationId}/read` } },
    'POST /api/v1/messages/{id}/retry': { foreign: { method: 'POST', url: `/api/v1/messages/${a.failedReplyId}/retry` } },
    'POST /api/v1/messages/{id}/reactions': { foreign: { method: 'POST', url: `/api/v1/messages/${a.messageId}/reactions`, body: { emoji: '\u{1F44D}' } } },
    'DELETE /api/v1/messages/{id}/reactions': { foreign: { method: 'DELETE', url: `/api/v1/messages/${a.messageId}/reactions` } },
    // A's message into B's conversation, and B's message into A's: neither is B's to use.
    'POST /api/v1/messages/{id}/forward': { foreign: { method: 'POST', url: `/api/v1/messages/${a.messageId}/forward`, body: { conversationId: b.conversationId } } },
    'POST /api/v1/messages/forward': { foreign: { method: 'POST', url: '/api/v1/messages/forward', body: { conversationId: a.conversationId, messageIds: [a.messageId] } } },
    'POST /api/messages/sync': { own: { method: 'POST', url: '/api/messages/sync', expect: [200] } },
    'GET /api/v1/contacts/identities/{id}/avatar': { foreign: { method: 'GET', url: `/api/v1/contacts/identities/${a.identityId}/avatar` } },
    'GET /api/v1/search/': { own: { method: 'GET', url: '/api/v1/search/?q=secret', expect: [200] } },
    'GET /api/v1/channels/': { own: { method: 'GET', url: '/api/v1/channels/', expect: [200] } },
    'POST /api/v1/channels/': {
      own: {
        method: 'POST',
        url: '/api/v1/channels/',
        body: { platform: 'whatsapp', externalAccountId: 'PN-TENANT-A'.replace(/\D/g, '') || '0', displayName: 'x', credentials: { accessToken: 'takeover-token-123' } },
        expect: [201, 400, 409],
      },
    },
    'DELETE /api/v1/channels/{id}': { foreign: { method: 'DELETE', url: `/api/v1/channels/${a.channelId}` } },
    'PATCH /api/v1/channels/{id}': { foreign: { method: 'PATCH', url: `/api/v1/channels/${a.channelId}`, body: { teamId: b.teamId } } },
    'GET /api/v1/channels/{id}/templates': { foreign: { method: 'GET', url: `/api/v1/channels/${a.channelId}/templates` } },
    'GET /api/v1/metrics': { own: { method: 'GET', url: '/api/v1/metrics', expect: [200] } },
    // B's export of everything, as JSON and CSV, holds none of A's markers (checked for every answer).
    'GET /api/v1/export/{kind}': { own: { method: 'GET', url: '/api/v1/export/messages?format=json', expect: [200] } },
    'GET /api/v1/canned-responses': { own: { method: 'GET', url: '/api/v1/canned-responses', expect: [200] } },
    // The same shortcut as A's: shortcuts are per organisation.
    'POST /api/v1/canned-responses': { own: { method: 'POST', url: '/api/v1/canned-responses', body: { shortcut: 'hello2', content: 'b again' }, expect: [201] } },
    'DELETE /api/v1/canned-responses/{id}': { foreign: { method: 'DELETE', url: `/api/v1/canned-responses/${a.cannedId}` } },
    'GET /api/v1/messages/{id}/media/{index}': { foreign: { method: 'GET', url: `/api/v1/messages/${a.messageId}/media/0` } },
    'POST /api/v1/uploads': { outOfScope: 'stores a new file for the caller (attaching another organisation’s file: below)' },
    'GET /api/v1/webhook-events/': { own: { method: 'GET', url: '/api/v1/webhook-events/?state=received,processed,partial,failed,unrouted&limit=500', expect: [200] } },
    'POST /api/v1/webhook-events/{id}/replay': { foreign: { method: 'POST', url: `/api/v1/webhook-events/${a.journalId}/replay` } },
    'GET /api/v1/webhook-events/{id}': { foreign: { method: 'GET', url: `/api/v1/webhook-events/${a.journalId}` } },
    'PATCH /api/v1/users/{id}': { foreign: { method: 'PATCH', url: `/api/v1/users/${a.agentId}`, body: { role: 'admin', name: 'hijacked' } } },
    'POST /api/v1/users/{id}/disable': { foreign: { method: 'POST', url: `/api/v1/users/${a.agentId}/disable` } },
    'POST /api/v1/users/{id}/enable': { foreign: { method: 'POST', url: `/api/v1/users/${a.agentId}/enable` } },
    'POST /api/v1/users/{id}/password': { foreign: { method: 'POST', url: `/api/v1/users/${a.agentId}/password`, body: { password: 'hijacked password 1' } } },
    'GET /api/v1/sessions/': { own: { method: 'GET', url: '/api/v1/sessions/', expect: [200] } },
    'DELETE /api/v1/sessions/{id}': { foreign: { method: 'DELETE', url: `/api/v1/sessions/${a.sessionId}` } },
    'GET /api/v1/me/sessions': { own: { method: 'GET', url: '/api/v1/me/sessions', expect: [200] } },
    'DELETE /api/v1/me/sessions/{id}': { foreign: { method: 'DELETE', url: `/api/v1/me/sessions/${a.sessionId}` } },
    'POST /api/v1/me/password': { own: { method: 'POST', url: '/api/v1/me/password', body: { currentPassword: 'not the password', newPassword: 'another password 1' }, expect: [403] } },
    'GET /api/v1/audit-log/': { own: { method: 'GET', url: '/api/v1/audit-log/?limit=500', expect: [200] } },
    'GET /api/v1/contacts/': { own: { method: 'GET', url: '/api/v1/contacts/?q=Alice', expect: [200] } },
    'GET /api/v1/contacts/suggestions': { own: { method: 'GET', url: '/api/v1/contacts/suggestions', expect: [200] } },
    'POST /api/v1/contacts/suggestions/accept': { foreign: { method: 'POST', url: '/api/v1/contacts/suggestions/accept', body: { contactIds: [b.contactId, a.contactId] } } },
    'POST /api/v1/contacts/suggestions/dismiss': { foreign: { method: 'POST', url: '/api/v1/contacts/suggestions/dismiss', body: { contactIds: [b.contactId, a.contactId] } } },
    'GET /api/v1/contacts/{id}': { foreign: { method: 'GET', url: `/api/v1/contacts/${a.contactId}` } },
    'PATCH /api/v1/contacts/{id}': { foreign: { method: 'PATCH', url: `/api/v1/contacts/${a.contactId}`, body: { displayName: 'hijacked' } } },
    'POST /api/v1/contacts/{id}/identities': { foreign: { method: 'POST', url: `/api/v1/contacts/${b.contactId}/identities`, body: { identityId: a.identityId } } },
    'DELETE /api/v1/contacts/{id}/identities/{identityId}': { foreign: { method: 'DELETE', url: `/api/v1/contacts/${a.contactId}/identities/${a.identityId}` } },
    'POST /api/v1/contacts/{id}/merge': { foreign: { method: 'POST', url: `/api/v1/contacts/${b.contactId}/merge`, body: { contactId: a.contactId } } },
    'GET /api/v1/contacts/{id}/timeline': { foreign: { method: 'GET', url: `/api/v1/contacts/${a.contactId}/timeline` } },
    'PUT /api/v1/contacts/{id}/attributes': { foreign: { method: 'PUT', url: `/api/v1/contacts/${a.contactId}/attributes`, body: {} } },
    'GET /api/v1/contacts/{id}/notes': { foreign: { method: 'GET', url: `/api/v1/contacts/${a.contactId}/notes` } },
    'POST /api/v1/contacts/{id}/notes': { foreign: { method: 'POST', url: `/api/v1/contacts/${a.contactId}/notes`, body: { body: 'from B' } } },
    'DELETE /api/v1/contacts/{id}/notes/{noteId}': { foreign: { method: 'DELETE', url: `/api/v1/contacts/${a.contactId}/notes/1` } },
    'GET /api/v1/contacts/{id}/export': { foreign: { method: 'GET', url: `/api/v1/contacts/${a.contactId}/export` } },
    'POST /api/v1/contacts/{id}/erase': { foreign: { method: 'POST', url: `/api/v1/contacts/${a.contactId}/erase`, body: { confirm: 'Alice-Tenant-A' } } },
    'GET /api/v1/contact-attributes/': { own: { method: 'GET', url: '/api/v1/contact-attributes/', expect: [200] } },
    'POST /api/v1/contact-attributes/': { own: { method: 'POST', url: '/api/v1/contact-attributes/', body: { key: 'b_attr', label: 'B', type: 'text' }, expect: [201] } },
    'DELETE /api/v1/contact-attributes/{id}': { foreign: { method: 'DELETE', url: '/api/v1/contact-attributes/999999' } },
    'PATCH /api/v1/canned-responses/{id}': { foreign: { method: 'PATCH', url: `/api/v1/canned-responses/${a.cannedId}`, body: { content: 'hijacked' } } },
    'POST /api/v1/webhook-events/replay': { own: { method: 'POST', url: '/api/v1/webhook-events/replay', body: {}, expect: [200] } },
    'GET /api/v1/labels/': { own: { method: 'GET', url: '/api/v1/labels/', expect: [200] } },
    'POST /api/v1/labels/': { own: { method: 'POST', url: '/api/v1/labels/', body: { name: 'b made' }, expect: [201] } },
    'PATCH /api/v1/labels/{id}': { foreign: { method: 'PATCH', url: `/api/v1/labels/${a.labelId}`, body: { name: 'hijacked' } } },
    'DELETE /api/v1/labels/{id}': { foreign: { method: 'DELETE', url: `/api/v1/labels/${a.labelId}` } },
    'GET /api/v1/organization/': { own: { method: 'GET', url: '/api/v1/organization/', expect: [200] } },
    'PATCH /api/v1/organization/': { own: { method: 'PATCH', url: '/api/v1/organization/', body: { timeZone: 'Europe/Berlin' }, expect: [200] } },
    'GET /api/v1/organization/business-hours/open': { own: { method: 'GET', url: '/api/v1/organization/business-hours/open', expect: [200] } },
    'GET /api/v1/automation/settings': { own: { method: 'GET', url: '/api/v1/automation/settings', expect: [200] } },
    'PATCH /api/v1/automation/settings': { own: { method: 'PATCH', url: '/api/v1/automation/settings', body: { away: { enabled: true, text: 'B is away' } }, expect: [200] } },
    'GET /api/v1/automation/rules': { own: { method: 'GET', url: '/api/v1/automation/rules', expect: [200] } },
    'POST /api/v1/automation/rules': {
      own: { method: 'POST', url: '/api/v1/automation/rules', body: { name: 'b', event: 'message_received', conditions: [], actions: [{ type: 'assign_agent', userId: a.agentId }] }, expect: [400] },
    },
    'PUT /api/v1/automation/rules/{id}': {
      foreign: { method: 'PUT', url: `/api/v1/automation/rules/${a.ruleId}`, body: { name: 'b', event: 'message_received', conditions: [], actions: [{ type: 'resolve' }] } },
    },
    'DELETE /api/v1/automation/rules/{id}': { foreign: { method: 'DELETE', url: `/api/v1/automation/rules/${a.ruleId}` } },
    'PUT /api/v1/automation/rules/order': { own: { method: 'PUT', url: '/api/v1/automation/rules/order', body: { ruleIds: [a.ruleId] }, expect: [400] } },
    'POST /api/v1/automation/rules/test': {
      foreign: {
        method: 'POST',
        url: '/api/v1/automation/rules/test',
        body: { conversationId: a.conversationId, rule: { name: 'b', event: 'message_received', conditions: [], actions: [{ type: 'resolve' }] } },
      },
    },
    'GET /api/v1/me/': { own: { method: 'GET', url: '/api/v1/me/', expect: [200] } },
    'PATCH /api/v1/me/': { own: { method: 'PATCH', url: '/api/v1/me/', body: { language: 'es' }, expect: [200] } },
    'GET /api/v1/me/notification-preferences': { own: { method: 'GET', url: '/api/v1/me/notification-preferences', expect: [200] } },
    'GET /api/v1/me/presence': { own: { method: 'GET', url: '/api/v1/me/presence', expect: [200] } },
    'PUT /api/v1/me/presence': { own: { method: 'PUT', url: '/api/v1/me/presence', body: { choice: 'away' }, expect: [200] } },
    'PATCH /api/v1/me/notification-preferences': { own: { method: 'PATCH', url: '/api/v1/me/notification-preferences', body: {}, expect: [200, 400] } },
    'GET /api/v1/me/unread-count': { own: { method: 'GET', url: '/api/v1/me/unread-count', expect: [200] } },
    'GET /api/v1/push-subscriptions/vapid-public-key': { outOfScope: 'the instance’s public key, the same for every organisation' },
    'GET /api/v1/push-subscriptions': { own: { method: 'GET', url: '/api/v1/push-subscriptions', expect: [200] } },
    'POST /api/v1/push-subscriptions': { outOfScope: 'subscribes the caller’s own device (test/integration/notifications tests)' },
    'DELETE /api/v1/push-subscriptions/{id}': { foreign: { method: 'DELETE', url: `/api/v1/push-subscriptions/${a.pushSubscriptionId}` } },
    'GET /api/v1/conversations/{id}/suggestions': { foreign: { method: 'GET', url: `/api/v1/conversations/${a.conversationId}/suggestions` } },
    'POST /api/v1/conversations/{id}/ai/draft': { foreign: { method: 'POST', url: `/api/v1/conversations/${a.conversationId}/ai/draft` } },
    'POST /api/v1/conversations/{id}/ai/summary': { foreign: { method: 'POST', url: `/api/v1/conversations/${a.conversationId}/ai/summary`, body: {} } },
    'POST /api/v1/conversations/{id}/ai/translate': { foreign: { method: 'POST', url: `/api/v1/conversations/${a.conversationId}/ai/translate`, body: { what: 'messages' } } },
    'GET /api/v1/ai/settings': { own: { method: 'GET', url: '/api/v1/ai/settings', expect: [200] } },
    'PATCH /api/v1/ai/settings': { own: { method: 'PATCH', url: '/api/v1/ai/settings', body: { shareMessageText: true }, expect: [200] } },
    'PUT /api/v1/me/avatar': { outOfScope: 'sets the caller’s own picture (served per organisation: GET /api/v1/users/{id}/avatar)' },
    'DELETE /api/v1/me/avatar': { own: { method: 'DELETE', url: '/api/v1/me/avatar', expect: [200] } },
    'GET /api/v1/users/{id}/avatar': { foreign: { method: 'GET', url: `/api/v1/users/${a.agentId}/avatar` } },
    'GET /api/v1/webhook-subscriptions/': { own: { method: 'GET', url: '/api/v1/webhook-subscriptions/', expect: [200] } },
    'POST /api/v1/webhook-subscriptions/': { own: { method: 'POST', url: '/api/v1/webhook-subscriptions/', body: { url: 'https://10.0.0.1/hook', events: ['message.created'] }, expect: [422] } },
    'DELETE /api/v1/webhook-subscriptions/{id}': { foreign: { method: 'DELETE', url: `/api/v1/webhook-subscriptions/${a.webhookSubscriptionId}` } },
    'POST /api/v1/webhook-subscriptions/{id}/enable': { foreign: { method: 'POST', url: `/api/v1/webhook-subscriptions/${a.webhookSubscriptionId}/enable` } },
    'GET /api/v1/webhook-subscriptions/{id}/deliveries': { foreign: { method: 'GET', url: `/api/v1/webhook-subscriptions/${a.webhookSubscriptionId}/deliveries` } },
    // B's own subscription with A's delivery: not found either.
    'POST /api/v1/webhook-subscriptions/{id}/deliveries/{deliveryId}/redeliver': {
      foreign: { method: 'POST', url: `/api/v1/webhook-subscriptions/${b.webhookSubscriptionId}/deliveries/${a.webhookDeliveryId}/redeliver` },
    },
    'GET /api/v1/teams': { own: { method: 'GET', url: '/api/v1/teams', expect: [200] } },
    'POST /api/v1/teams': { own: { method: 'POST', url: '/api/v1/teams', body: { name: 'b made team' }, expect: [201] } },
    'PATCH /api/v1/teams/{id}': { foreign: { method: 'PATCH', url: `/api/v1/teams/${a.teamId}`, body: { name: 'hijacked', memberIds: [] } } },
    'DELETE /api/v1/teams/{id}': { foreign: { method: 'DELETE', url: `/api/v1/teams/${a.teamId}` } },
    'GET /api/v1/sla-targets': { own: { method: 'GET', url: '/api/v1/sla-targets', expect: [200] } },
    'PUT /api/v1/sla-targets': { own: { method: 'PUT', url: '/api/v1/sla-targets', body: { targets: [{ priority: 'urgent', firstResponseMinutes: 5, nextResponseMinutes: null }] }, expect: [200] } },
    ...(b.id === a.id ? {} : {}),
  };
}

async function snapshotOfA() {
  const a = orgs.a;
  return {
    conversation: await db.db.selectFrom('conversations').select(['status', 'labels', 'assignee_id', 'unread_count']).where('id', '=', a.conversationId).executeTakeFirstOrThrow(),
    messages: await db.db.selectFrom('messages').select(['id', 'status', 'content', 'reactions']).where('organization_id', '=', a.id).orderBy('id').execute(),
    channel: await db.db.selectFrom('channels').select(['connection_state', 'credentials_enc', 'organization_id']).where('id', '=', a.channelId).executeTakeFirstOrThrow(),
    canned: await db.db.selectFrom('canned_responses').select(['id', 'content']).where('organization_id', '=', a.id).execute(),
    labels: await db.db.selectFrom('labels').select(['id', 'name', 'color']).where('organization_id', '=', a.id).orderBy('id').execute(),
    organization: await db.db.selectFrom('organizations').select(['name', 'time_zone', 'business_hours']).where('id', '=', a.id).executeTakeFirstOrThrow(),
    tokens: await db.db.selectFrom('auth_tokens').select(['id', 'revoked_at']).where('organization_id', '=', a.id).orderBy('id').execute(),
    journal: await db.db.selectFrom('webhook_events').select(['id', 'attempts', 'state']).where('id', '=', a.journalId).executeTakeFirstOrThrow(),
    contact: await db.db.selectFrom('contacts').select(['id', 'display_name', 'erased_at']).where('id', '=', a.contactId).executeTakeFirstOrThrow(),
    identity: await db.db.selectFrom('contact_identities').select(['contact_id', 'platform_user_id']).where('id', '=', a.identityId).executeTakeFirstOrThrow(),
    webhooks: await db.db.selectFrom('webhook_subscriptions').select(['id', 'url', 'disabled_at']).where('organization_id', '=', a.id).execute(),
    deliveries: await db.db.selectFrom('webhook_deliveries').select(['id', 'state', 'next_attempt_at']).where('organization_id', '=', a.id).execute(),
    users: await db.db.selectFrom('users').select(['id', 'email', 'organization_id', 'name', 'role', 'disabled_at', 'password_hash']).where('organization_id', '=', a.id).orderBy('id').execute(),
    teams: await db.db.selectFrom('teams').select(['id', 'name', 'strategy']).where('organization_id', '=', a.id).orderBy('id').execute(),
    teamMembers: await db.db.selectFrom('team_members').select(['team_id', 'user_id']).where('organization_id', '=', a.id).orderBy('user_id').execute(),
    channelTeam: await db.db.selectFrom('channels').select('team_id').where('id', '=', a.channelId).executeTakeFirstOrThrow(),
    slaTargets: await db.db.selectFrom('sla_priority_targets').selectAll().where('organization_id', '=', a.id).execute(),
    rules: await db.db.selectFrom('automation_rules').selectAll().where('organization_id', '=', a.id).execute(),
  };
}

describe('one organisation cannot reach another’s data', () => {
  it('through any route of the OpenAPI document', async () => {
    const doc = (await snorq.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const table = cases(orgs.a, orgs.b);
    // Every route is classified: a new route needs a case here before it can ship.
    expect(
      routes.filter((r) => !(r in table)),
      'routes without a tenant-isolation case',
    ).toEqual([]);

    const before = await snapshotOfA();
    const results: string[] = [];
    for (const route of routes) {
      const c = table[route]!;
      if ('outOfScope' in c) continue;
      const spec = 'foreign' in c ? c.foreign : c.own;
      const res = await inject(orgs.b.token, spec.method, spec.url, spec.body);
      results.push(`${route} → ${res.statusCode}`);
      if ('foreign' in c) expect(res.statusCode, `${route}: ${res.body}`).toBe(404);
      else expect(c.own.expect, `${route}: ${res.body}`).toContain(res.statusCode);
      for (const marker of A_MARKERS) expect(res.body, `${route} leaks "${marker}"`).not.toContain(marker);
      expect(res.body, `${route} leaks A's upload`).not.toContain(orgs.a.storageKey);
    }
    expect(await snapshotOfA()).toEqual(before);
    // A's API token still works: B's DELETE revoked nothing.
    expect((await inject(orgs.a.apiToken, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    console.log(`tenant isolation: ${results.length} routes tried as B against A: ${results.join('; ')}`);
  });

  it('through ids of A inside B’s own requests', async () => {
    const { a, b } = orgs;
    const before = await snapshotOfA();
    // Replying in B's conversation "to" A's message.
    expect((await inject(b.token, 'POST', '/api/messages', { conversationId: b.conversationId, content: 'x', replyToMessageId: a.messageId })).statusCode).toBe(404);
    // Forwarding B's own message into A's conversation, or A's message in B's selection.
    expect((await inject(b.token, 'POST', `/api/v1/messages/${b.messageId}/forward`, { conversationId: a.conversationId })).statusCode).toBe(404);
    expect((await inject(b.token, 'POST', '/api/v1/messages/forward', { conversationId: b.conversationId, messageIds: [b.messageId, a.messageId] })).statusCode).toBe(404);
    // Assigning B's conversation to A's agent.
    expect((await inject(b.token, 'PATCH', `/api/v1/conversations/${b.conversationId}`, { assigneeId: a.agentId })).statusCode).toBe(400);
    // A team of B with A's agent or A's channel.
    expect((await inject(b.token, 'POST', '/api/v1/teams', { name: 'b with a', memberIds: [a.agentId] })).statusCode).toBe(400);
    expect((await inject(b.token, 'PATCH', `/api/v1/teams/${b.teamId}`, { channelIds: [a.channelId] })).statusCode).toBe(400);
    // B's channel routed to A's team: refused beside the field.
    const foreignTeam = await inject(b.token, 'PATCH', `/api/v1/channels/${b.channelId}`, { teamId: a.teamId });
    expect([foreignTeam.statusCode, foreignTeam.json().error?.details?.field]).toEqual([400, 'teamId']);
    // channelId/platform that are not the conversation's own.
    expect((await inject(b.token, 'POST', '/api/messages', { conversationId: b.conversationId, content: 'x', channelId: a.channelId })).statusCode).toBe(400);
    // Attaching A's uploaded file to B's reply would let B download it afterwards.
    const attach = await inject(b.token, 'POST', '/api/messages', { conversationId: b.conversationId, content: 'x', media: { storageKey: a.storageKey, type: 'image', mimeType: 'image/png' } });
    expect(attach.statusCode, attach.body).toBe(400);
    // …nor among several attachments: the whole reply is refused, nothing of it queued.
    const queuedBefore = await db.db.selectFrom('messages').select('id').where('conversation_id', '=', b.conversationId).execute();
    const several = await inject(b.token, 'POST', '/api/messages', {
      conversationId: b.conversationId,
      attachments: [
        { storageKey: b.storageKey, type: 'image', mimeType: 'image/png' },
        { storageKey: a.storageKey, type: 'image', mimeType: 'image/png' },
      ],
    });
    expect(several.statusCode, several.body).toBe(400);
    expect(await db.db.selectFrom('messages').select('id').where('conversation_id', '=', b.conversationId).execute()).toHaveLength(queuedBefore.length);
    // Connecting A's account as B's channel is a conflict, not a takeover.
    const takeover = await snorq.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { authorization: `Bearer ${b.token}` },
      payload: { platform: 'tiktok', externalAccountId: 'tiktok-biz-of-a', displayName: 'mine', credentials: { accessToken: 'aaaaaaaaaaaa' } },
    });
    expect(takeover.statusCode).toBe(201);
    const takeoverBack = await snorq.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { authorization: `Bearer ${a.token}` },
      payload: { platform: 'tiktok', externalAccountId: 'tiktok-biz-of-a', displayName: 'stolen', credentials: { accessToken: 'aaaaaaaaaaaa' } },
    });
    expect(takeoverBack.statusCode).toBe(409);
    // Two organisations connecting one new account at the same moment: one wins, the other is told so.
    for (let i = 0; i < RACES; i++) {
      const body = { platform: 'tiktok', externalAccountId: `tiktok-race-${i}`, displayName: 'race', credentials: { accessToken: `cccccccccccc${i}` } };
      const both = await Promise.all([a, b].map((o) => snorq.app.inject({ method: 'POST', url: '/api/v1/channels', headers: { authorization: `Bearer ${o.token}` }, payload: body })));
      expect(both.map((r) => r.statusCode).sort(), both.map((r) => r.body).join(' | ')).toEqual([201, 409]);
    }
    // Search and lists never answer with A's data.
    for (const url of [
      '/api/v1/search/?q=secret-A-message-text',
      '/api/v1/search/?q=Alice-Tenant-A',
      '/api/messages?limit=500',
      '/api/v1/conversations/?label=secret-A-label',
      '/api/v1/export/conversations',
      `/api/v1/export/messages?channelId=${a.channelId}`,
      '/api/v1/export/messages?label=secret-A-label&format=json',
    ]) {
      const res = await inject(b.token, 'GET', url);
      expect(res.statusCode).toBe(200);
      for (const marker of A_MARKERS) expect(res.body, `${url} leaks "${marker}"`).not.toContain(marker);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it('through the journal: an unrouted webhook for an account A connects later is A’s to replay', async () => {
    const { a, b } = orgs;
    const payload = JSON.stringify(
      whatsappText({ phoneNumberId: 'PN-TENANT-LATER', from: '4915550000003', name: 'Alice-Tenant-A', id: 'wamid.tenant.later', text: 'secret-A-message-text later', timestamp: Date.now() }),
    );
    const hook = await snorq.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, payload) },
      payload,
    });
    expect(hook.statusCode).toBe(200);
    const row = await db.db.selectFrom('webhook_events').select(['id', 'state']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.state).toBe('unrouted');
    // With several organisations, a stray webhook (and the account id in its notes) is nobody's to list…
    const listed = async (token: string) => ((await inject(token, 'GET', '/api/v1/webhook-events/?state=unrouted&limit=500')).json() as { events: { id: number }[] }).events.map((e) => e.id);
    expect(await listed(a.token)).not.toContain(row.id);
    expect(await listed(b.token)).not.toContain(row.id);
    await provisionChannels(
      db.db,
      snorq.ctx.secretBox,
      a.id,
      [{ platform: 'whatsapp', externalAccountId: 'PN-TENANT-LATER', displayName: 'A later', credentials: { platform: 'whatsapp', accessToken: 'token-of-a-later-0123' } }],
      'env',
    );
    // …until an organisation connects its account: then it is that one's, to list and replay.
    expect(await listed(a.token)).toContain(row.id);
    expect(await listed(b.token)).not.toContain(row.id);
    const byB = await inject(b.token, 'POST', `/api/v1/webhook-events/${row.id}/replay`);
    expect(byB.statusCode, byB.body).toBe(404);
    expect(await db.db.selectFrom('messages').select('id').where('external_id', '=', 'wamid.tenant.later').execute()).toEqual([]);
    const byA = await inject(a.token, 'POST', `/api/v1/webhook-events/${row.id}/replay`);
    expect(byA.statusCode).toBe(200);
    expect(await db.db.selectFrom('messages').select('organization_id').where('external_id', '=', 'wamid.tenant.later').execute()).toEqual([{ organization_id: a.id }]);
  });

  it('through the socket: B cannot join A’s conversation nor receive A’s events', async () => {
    const { a, b } = orgs;
    const open = (token: string) =>
      new Promise<{ socket: Socket; events: unknown[] }>((resolve, reject) => {
        const socket = connectSocket(snorq.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        const events: unknown[] = [];
        socket.onAny((type: string, data: unknown) => type !== 'hello' && events.push({ type, data }));
        socket.on('hello', () => resolve({ socket, events }));
        socket.on('connect_error', reject);
      });
    const agentA = await open(a.token);
    const agentB = await open(b.token);
    try {
      const join = (await agentB.socket.emitWithAck('conversation:join', { conversationId: a.conversationId })) as { ok: boolean };
      expect(join.ok).toBe(false);
      const payload = JSON.stringify(
        whatsappText({ phoneNumberId: 'PN-TENANT-A', from: '4915550000001', name: 'Alice-Tenant-A', id: 'wamid.tenant.live', text: 'secret-A-message-text again', timestamp: Date.now() }),
      );
      const hook = await snorq.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, payload) },
        payload,
      });
      expect(hook.statusCode).toBe(200);
      // A's own agent hears it: then B, on the same instance and fan-out, has had its chance too.
      await eventually(() => JSON.stringify(agentA.events).includes('secret-A-message-text again'), 'A to receive its own event');
      // An event for B after A's, on the same stream: once B has it, anything for A would have come before.
      const bHook = JSON.stringify(whatsappText({ phoneNumberId: 'PN-TENANT-B', from: '4915550000002', name: 'Bob B', id: 'wamid.tenant.b.live', text: 'b marker', timestamp: Date.now() }));
      await snorq.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, bHook) },
        payload: bHook,
      });
      await eventually(() => JSON.stringify(agentB.events).includes('b marker'), 'B to receive its own event');
      const seenByB = JSON.stringify(agentB.events);
      for (const marker of A_MARKERS) expect(seenByB, `B's socket got "${marker}"`).not.toContain(marker);

      // Collision warnings: B announcing typing in A's conversation reaches nobody; A's own does.
      expect(((await agentA.socket.emitWithAck('conversation:join', { conversationId: a.conversationId })) as { ok: boolean }).ok).toBe(true);
      agentB.socket.emit('conversation:activity', { conversationId: a.conversationId, kind: 'typing' });
      const otherTabOfA = await open(a.token);
      otherTabOfA.socket.emit('conversation:activity', { conversationId: a.conversationId, kind: 'typing' });
      const activities = () => agentA.events.flatMap((e) => ((e as { type: string }).type === 'conversation:activity' ? [(e as { data: { userId: number } }).data] : []));
      await eventually(() => activities().length > 0, 'A to hear its own typing');
      otherTabOfA.socket.close();
      const adminA = await db.db.selectFrom('users').select('id').where('email', '=', 'admin-a@tenant.test').executeTakeFirstOrThrow();
      // Who was heard (the other tab's close may add its 'left' by the time this reads): A only.
      expect([...new Set(activities().map((x) => x.userId))]).toEqual([adminA.id]);
    } finally {
      agentA.socket.close();
      agentB.socket.close();
    }
  });
});
