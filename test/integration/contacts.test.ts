import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createMediaServices } from '../../src/core/media/media-services.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * One customer across platforms and the contacts book, through the API on a real database:
 * linking and unlinking identities, merging, duplicate suggestions (accepted, dismissed for
 * good), the timeline's pages, typed attributes, notes, export and erasure (files removed from
 * the media store, the audit entry), and another organisation's ids answering 404.
 */
const SECRET = 'contacts-meta-secret';
let t: TestApp;
interface Org {
  organizationId: number;
  token: string;
  agentToken: string;
  wa: string;
  page: string;
}
let a: Org;
let b: Org;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
let clock = Date.UTC(2026, 0, 5, 9, 0, 0);

async function api(token: string, method: string, url: string, body?: unknown) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json() as Json };
}

async function hook(platform: 'whatsapp' | 'messenger', payload: object) {
  const body = JSON.stringify(payload);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/webhooks/${platform}`,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A customer writes on WhatsApp; answers the contact and identity snorq made for them. */
async function whatsappFrom(org: Org, from: string, name: string, text: string) {
  const id = `wamid.${from}.${clock}`;
  await hook('whatsapp', whatsappText({ phoneNumberId: org.wa, from, name, id, text, timestamp: (clock += 60_000) }));
  return ids(id);
}

async function messengerFrom(org: Org, psid: string, text: string) {
  const mid = `m_${psid}_${clock}`;
  const at = (clock += 60_000);
  await hook('messenger', { object: 'page', entry: [{ id: org.page, time: at, messaging: [{ sender: { id: psid }, recipient: { id: org.page }, timestamp: at, message: { mid, text } }] }] });
  return ids(mid);
}

async function ids(externalId: string) {
  const row = await t.ctx.db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id as messageId', 'c.id as conversationId', 'c.contact_id as contactId', 'c.contact_identity_id as identityId'])
    .where('m.external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return row;
}

async function org(key: string): Promise<Org> {
  const o = await t.newOrganization(`Org ${key}`);
  const wa = `PN-CONTACTS-${key}`;
  const page = `PAGE-CONTACTS-${key}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    o.organizationId,
    [
      { platform: 'whatsapp', externalAccountId: wa, displayName: `WhatsApp ${key}`, credentials: { platform: 'whatsapp', accessToken: `wa-token-${key}-0123456789` } },
      { platform: 'messenger', externalAccountId: page, displayName: `Page ${key}`, credentials: { platform: 'messenger', pageAccessToken: `page-token-${key}-0123456789` } },
    ],
    'env',
  );
  const email = `agent-${key}@contacts.test`;
  await createUser(t.ctx.db, { organizationId: o.organizationId, email, name: `Agent ${key}`, role: 'agent', password: 'agent password 1' });
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'agent password 1' } });
  return { organizationId: o.organizationId, token: o.token, agentToken: login.json().token as string, wa, page };
}

const auditActions = async (organizationId: number) =>
  (await t.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('organization_id', '=', organizationId).orderBy('id').execute()).filter((e) => e.action.startsWith('contact.'));

beforeAll(async () => {
  t = await createTestApp({ FACEBOOK_APP_SECRET: SECRET });
  a = await org('a');
  b = await org('b');
});
afterAll(async () => {
  await t?.close();
});

describe('one customer across platforms', () => {
  it('links a Messenger identity to a WhatsApp contact, shows one timeline, and unlinks it again', async () => {
    const wa = await whatsappFrom(a, '4915551230001', 'Lena Vogel', 'hello on whatsapp');
    const fb = await messengerFrom(a, 'psid-lena', 'hello on messenger');
    expect(fb.contactId).not.toBe(wa.contactId);
    await api(a.token, 'POST', `/api/v1/contacts/${fb.contactId}/notes`, { body: 'prefers mornings' });

    const linked = await api(a.agentToken, 'POST', `/api/v1/contacts/${wa.contactId}/identities`, { identityId: fb.identityId });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.contact.identities.map((i: { platform: string }) => i.platform).sort()).toEqual(['messenger', 'whatsapp']);
    expect(linked.body.contact.conversations).toHaveLength(2);
    // The Messenger contact was left with no identity: merged in, its note kept.
    expect((await api(a.token, 'GET', `/api/v1/contacts/${fb.contactId}`)).status).toBe(404);
    const notes = await api(a.token, 'GET', `/api/v1/contacts/${wa.contactId}/notes`);
    expect(notes.body.notes.map((n: { body: string }) => n.body)).toEqual(['prefers mornings']);
    const conv = await t.ctx.db.selectFrom('conversations').select('contact_id').where('id', '=', fb.conversationId).executeTakeFirstOrThrow();
    expect(conv.contact_id).toBe(wa.contactId);

    const timeline = await api(a.token, 'GET', `/api/v1/contacts/${wa.contactId}/timeline`);
    expect(timeline.body.items.map((i: { platform: string; message: { content: string } }) => `${i.platform}:${i.message.content}`)).toEqual([
      'whatsapp:hello on whatsapp',
      'messenger:hello on messenger',
    ]);

    const unlinked = await api(a.token, 'DELETE', `/api/v1/contacts/${wa.contactId}/identities/${fb.identityId}`);
    expect(unlinked.status, JSON.stringify(unlinked.body)).toBe(200);
    expect(unlinked.body.contact.identities).toHaveLength(1);
    const own = await api(a.token, 'GET', `/api/v1/contacts/${unlinked.body.newContactId}`);
    expect(own.body.contact.identities.map((i: { id: number }) => i.id)).toEqual([fb.identityId]);
    expect(own.body.contact.conversations.map((c: { id: number }) => c.id)).toEqual([fb.conversationId]);
    // Its only identity is already its own contact.
    expect((await api(a.token, 'DELETE', `/api/v1/contacts/${unlinked.body.newContactId}/identities/${fb.identityId}`)).status).toBe(409);
    // An identity of another contact is not this contact's.
    expect((await api(a.token, 'DELETE', `/api/v1/contacts/${wa.contactId}/identities/${fb.identityId}`)).status).toBe(404);
    expect((await auditActions(a.organizationId)).map((e) => e.action)).toEqual(expect.arrayContaining(['contact.linked', 'contact.unlinked']));
  });

  it('pages the timeline by cursor without gaps or repeats, and refuses a forged cursor', async () => {
    const first = await whatsappFrom(a, '4915551230002', 'Timo Page', 'wa 0');
    const fb = await messengerFrom(a, 'psid-timo', 'fb 0');
    await api(a.token, 'POST', `/api/v1/contacts/${first.contactId}/identities`, { identityId: fb.identityId });
    for (let i = 1; i <= 3; i++) {
      await whatsappFrom(a, '4915551230002', 'Timo Page', `wa ${i}`);
      await messengerFrom(a, 'psid-timo', `fb ${i}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api(a.token, 'GET', `/api/v1/contacts/${first.contactId}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.unshift(...page.body.items.map((i: { message: { content: string } }) => i.message.content));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['wa 0', 'fb 0', 'wa 1', 'fb 1', 'wa 2', 'fb 2', 'wa 3', 'fb 3']);
    expect((await api(a.token, 'GET', `/api/v1/contacts/${first.contactId}/timeline?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
  });

  it('merges two contacts: identities, attributes, notes and labels move to the survivor, the other is gone, the audit log says so', async () => {
    await api(a.token, 'POST', '/api/v1/contact-attributes', { key: 'tier', label: 'Tier', type: 'list', options: ['gold', 'silver'] });
    await api(a.token, 'POST', '/api/v1/contact-attributes', { key: 'city', label: 'City', type: 'text' });
    const x = await whatsappFrom(a, '4915551230003', 'Mia Merge', 'hi');
    const y = await messengerFrom(a, 'psid-mia', 'hi there');
    await api(a.token, 'PATCH', `/api/v1/contacts/${y.contactId}`, { labels: ['vip'], email: 'mia@example.test' });
    await api(a.token, 'PUT', `/api/v1/contacts/${y.contactId}/attributes`, { tier: 'gold', city: 'Lyon' });
    await api(a.token, 'PUT', `/api/v1/contacts/${x.contactId}/attributes`, { city: 'Paris' });
    await api(a.token, 'POST', `/api/v1/contacts/${y.contactId}/notes`, { body: 'asked about refunds' });

    const merged = await api(a.agentToken, 'POST', `/api/v1/contacts/${x.contactId}/merge`, { contactId: y.contactId });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const c = merged.body.contact;
    expect(c.identities).toHaveLength(2);
    expect(c.labels).toEqual(['vip']);
    expect(c.email).toBe('mia@example.test');
    expect(c.attributes).toEqual({ tier: 'gold', city: 'Paris' });
    expect((await api(a.token, 'GET', `/api/v1/contacts/${x.contactId}/notes`)).body.notes.map((n: { body: string }) => n.body)).toEqual(['asked about refunds']);
    expect((await api(a.token, 'GET', `/api/v1/contacts/${y.contactId}`)).status).toBe(404);
    expect(await t.ctx.db.selectFrom('contacts').select('id').where('id', '=', y.contactId).executeTakeFirst()).toBeUndefined();
    const entry = (await auditActions(a.organizationId)).find((e) => e.action === 'contact.merged');
    expect(entry?.details).toMatchObject({ contactId: x.contactId, mergedContactId: y.contactId, identities: 1 });
    expect((await api(a.token, 'POST', `/api/v1/contacts/${x.contactId}/merge`, { contactId: x.contactId })).status).toBe(400);
  });
});

describe('suggestions', () => {
  const pairOf = (s: { contacts: { id: number }[] }) =>
    s.contacts
      .map((c) => c.id)
      .sort((p, q) => p - q)
      .join('-');
  const key = (p: number, q: number) => [p, q].sort((m, n) => m - n).join('-');

  it('suggests the same phone, the same e-mail and strongly similar names; accepting merges; a dismissed pair never returns', async () => {
    const phone1 = await whatsappFrom(a, '4915551239901', 'Ole Phone', 'x');
    const phone2 = await messengerFrom(a, 'psid-ole', 'y');
    await api(a.token, 'PATCH', `/api/v1/contacts/${phone2.contactId}`, { phone: '+49 1555 1239901' });
    const mail1 = await whatsappFrom(a, '4915551239902', 'Ed One', 'x');
    const mail2 = await whatsappFrom(a, '4915551239903', 'Ed Two', 'x');
    await api(a.token, 'PATCH', `/api/v1/contacts/${mail1.contactId}`, { email: 'Ed@Example.test' });
    await api(a.token, 'PATCH', `/api/v1/contacts/${mail2.contactId}`, { email: 'ed@example.test' });
    const name1 = await whatsappFrom(a, '4915551239904', 'Konstantin Wasilewski', 'x');
    const name2 = await whatsappFrom(a, '4915551239905', 'Konstantin Wasilewsky', 'x');
    const other = await whatsappFrom(a, '4915551239906', 'Konrad Weber', 'x');

    const first = await api(a.agentToken, 'GET', '/api/v1/contacts/suggestions');
    expect(first.status).toBe(200);
    const byPair = new Map<string, string[]>(first.body.suggestions.map((s: { contacts: { id: number }[]; reasons: string[] }) => [pairOf(s), s.reasons]));
    expect(byPair.get(key(phone1.contactId, phone2.contactId))).toEqual(['phone']);
    expect(byPair.get(key(mail1.contactId, mail2.contactId))).toEqual(['email']);
    expect(byPair.get(key(name1.contactId, name2.contactId))).toEqual(['name']);
    expect([...byPair.keys()].some((p) => p.split('-').includes(String(other.contactId)))).toBe(false);

    const accepted = await api(a.agentToken, 'POST', '/api/v1/contacts/suggestions/accept', { contactIds: [phone1.contactId, phone2.contactId] });
    expect(accepted.status).toBe(200);
    expect(accepted.body.contact.identities).toHaveLength(2);

    expect((await api(a.agentToken, 'POST', '/api/v1/contacts/suggestions/dismiss', { contactIds: [name2.contactId, name1.contactId] })).status).toBe(200);
    // Even when a new message makes the names closer still, the pair stays dismissed.
    await api(a.token, 'PATCH', `/api/v1/contacts/${name2.contactId}`, { displayName: 'Konstantin Wasilewski' });
    const after = await api(a.agentToken, 'GET', '/api/v1/contacts/suggestions');
    const pairs = after.body.suggestions.map(pairOf);
    expect(pairs).not.toContain(key(name1.contactId, name2.contactId));
    expect(pairs).not.toContain(key(phone1.contactId, phone2.contactId));
    expect(pairs).toContain(key(mail1.contactId, mail2.contactId));
    expect((await api(a.agentToken, 'POST', '/api/v1/contacts/suggestions/dismiss', { contactIds: [mail1.contactId, mail1.contactId] })).status).toBe(400);
  });
});

describe('attributes and notes', () => {
  it('validates each value by its attribute’s type and refuses the whole change when one is wrong', async () => {
    const c = await whatsappFrom(a, '4915551238801', 'Ada Attr', 'x');
    expect((await api(a.agentToken, 'POST', '/api/v1/contact-attributes', { key: 'nope', label: 'No', type: 'text' })).status).toBe(403);
    for (const def of [
      { key: 'orders', label: 'Orders', type: 'number' },
      { key: 'birthday', label: 'Birthday', type: 'date' },
      { key: 'plan', label: 'Plan', type: 'list', options: ['free', 'pro'] },
    ])
      expect((await api(a.token, 'POST', '/api/v1/contact-attributes', def)).status).toBe(201);
    expect((await api(a.token, 'POST', '/api/v1/contact-attributes', { key: 'empty', label: 'Empty', type: 'list' })).status).toBe(400);
    expect((await api(a.token, 'POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Again', type: 'text' })).status).toBe(409);

    const url = `/api/v1/contacts/${c.contactId}/attributes`;
    const bad = await api(a.agentToken, 'PUT', url, { orders: 'many', birthday: '2026-02-30', plan: 'enterprise', unknown: 'x', city: 'Berlin' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['birthday', 'orders', 'plan', 'unknown']);
    expect((await api(a.token, 'GET', `/api/v1/contacts/${c.contactId}`)).body.contact.attributes).toEqual({});

    const good = await api(a.agentToken, 'PUT', url, { orders: '12', birthday: '1990-07-14', plan: 'pro', city: 'Berlin' });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.attributes).toEqual({ orders: 12, birthday: '1990-07-14', plan: 'pro', city: 'Berlin' });
    expect((await api(a.agentToken, 'PUT', url, { city: null })).body.attributes).toEqual({ orders: 12, birthday: '1990-07-14', plan: 'pro' });
  });

  it('keeps private notes; only their author or an admin deletes one', async () => {
    const c = await whatsappFrom(a, '4915551238802', 'Nora Note', 'x');
    const added = await api(a.agentToken, 'POST', `/api/v1/contacts/${c.contactId}/notes`, { body: 'VIP since 2020 <b>not html</b>' });
    expect(added.status).toBe(201);
    expect(added.body.note).toMatchObject({ body: 'VIP since 2020 <b>not html</b>', author: { name: 'Agent a' } });
    expect((await api(a.agentToken, 'POST', `/api/v1/contacts/${c.contactId}/notes`, { body: '   ' })).status).toBe(400);
    const byAdmin = await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/notes`, { body: 'admin note' });
    expect((await api(a.agentToken, 'DELETE', `/api/v1/contacts/${c.contactId}/notes/${byAdmin.body.note.id}`)).status).toBe(403);
    expect((await api(a.token, 'DELETE', `/api/v1/contacts/${c.contactId}/notes/${added.body.note.id}`)).status).toBe(200);
    expect((await api(a.agentToken, 'GET', `/api/v1/contacts/${c.contactId}/notes`)).body.notes.map((n: { body: string }) => n.body)).toEqual(['admin note']);
  });
});

describe('export and erasure', () => {
  it('exports everything kept about a contact as JSON', async () => {
    const c = await whatsappFrom(a, '4915551237701', 'Erik Export', 'my order 42');
    await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/notes`, { body: 'export note' });
    await api(a.token, 'PUT', `/api/v1/contacts/${c.contactId}/attributes`, { orders: 3 });
    const res = await api(a.agentToken, 'GET', `/api/v1/contacts/${c.contactId}/export`);
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ id: c.contactId, name: 'Erik Export', attributes: { orders: 3 } });
    expect(res.body.identities.map((i: { platformUserId: string }) => i.platformUserId)).toEqual(['4915551237701']);
    expect(res.body.conversations.map((x: { id: number }) => x.id)).toEqual([c.conversationId]);
    expect(res.body.messages.map((m: { content: string }) => m.content)).toEqual(['my order 42']);
    expect(res.body.notes.map((n: { body: string }) => n.body)).toEqual(['export note']);
    expect((await auditActions(a.organizationId)).some((e) => e.action === 'contact.exported' && e.details['contactId'] === c.contactId)).toBe(true);
  });

  it('erases a contact for admins only, with its name typed: messages, files and identities gone, conversations closed, recorded', async () => {
    const c = await whatsappFrom(a, '4915551237702', 'Greta Gone', 'delete me please');
    const fb = await messengerFrom(a, 'psid-greta', 'me too');
    await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/identities`, { identityId: fb.identityId });
    const { store } = await createMediaServices(t.config, t.ctx.db);
    const file = await store.put(Buffer.from('a photo of greta'), { mimeType: 'image/jpeg' });
    await t.ctx.db
      .updateTable('messages')
      .set({ media: JSON.stringify([{ type: 'image', state: 'stored', storageKey: file.storageKey, mimeType: 'image/jpeg' }]) })
      .where('id', '=', c.messageId)
      .execute();
    await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/notes`, { body: 'gone soon' });

    expect((await api(a.agentToken, 'POST', `/api/v1/contacts/${c.contactId}/erase`, { confirm: 'Greta Gone' })).status).toBe(403);
    expect((await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/erase`, { confirm: 'Greta' })).status).toBe(400);
    expect(await store.open(file.storageKey)).not.toBeNull();

    const erased = await api(a.token, 'POST', `/api/v1/contacts/${c.contactId}/erase`, { confirm: 'Greta Gone' });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased).toEqual({ messages: 2, identities: 2, conversations: 2, files: 1 });
    expect(await store.open(file.storageKey)).toBeNull();
    const convs = await t.ctx.db.selectFrom('conversations').select(['status', 'last_message_preview', 'unread_count']).where('contact_id', '=', c.contactId).execute();
    expect(convs).toEqual([
      { status: 'resolved', last_message_preview: null, unread_count: 0 },
      { status: 'resolved', last_message_preview: null, unread_count: 0 },
    ]);
    expect(await t.ctx.db.selectFrom('messages').select('id').where('conversation_id', 'in', [c.conversationId, fb.conversationId]).execute()).toEqual([]);
    const idents = await t.ctx.db.selectFrom('contact_identities').selectAll().where('contact_id', '=', c.contactId).execute();
    expect(idents.map((i) => [i.platform_user_id.startsWith('erased-'), i.display_name, i.phone, i.username])).toEqual([
      [true, null, null, null],
      [true, null, null, null],
    ]);
    expect(await t.ctx.db.selectFrom('contact_notes').select('id').where('contact_id', '=', c.contactId).execute()).toEqual([]);
    expect((await api(a.token, 'GET', `/api/v1/contacts/${c.contactId}`)).status).toBe(404);
    expect((await api(a.token, 'GET', `/api/v1/contacts/?q=Greta`)).body.contacts).toEqual([]);
    const entry = (await auditActions(a.organizationId)).find((e) => e.action === 'contact.erased');
    expect(entry?.details).toEqual({ contactId: c.contactId, messages: 2, identities: 2, conversations: 2, files: 1 });
    expect(JSON.stringify(entry)).not.toContain('Greta');
    // "Identities removed": what stays of them is a nameless key each closed conversation needs
    // (conversations.contact_identity_id); no contact has them, none can be linked again, and the
    // closed conversations show nothing of the person and take no reply or note.
    const someone = await whatsappFrom(a, '4915551237703', 'Someone Else', 'hello');
    expect((await api(a.token, 'POST', `/api/v1/contacts/${someone.contactId}/identities`, { identityId: fb.identityId })).status).toBe(404);
    const closed = await api(a.token, 'GET', `/api/v1/conversations/${c.conversationId}`);
    expect(closed.status).toBe(200);
    expect(closed.body.conversation.status).toBe('resolved');
    expect(JSON.stringify(closed.body)).not.toMatch(/Greta|4915551237702|psid-greta/);
    for (const privateNote of [false, true]) {
      const reply = await api(a.token, 'POST', '/api/messages', { conversationId: fb.conversationId, content: 'are you there?', privateNote });
      expect(reply.status, JSON.stringify(reply.body)).toBe(409);
    }
    // Nor are they opened or snoozed again, one by one or in bulk; a label still may be set.
    expect((await api(a.token, 'PATCH', `/api/v1/conversations/${c.conversationId}`, { status: 'open' })).status).toBe(409);
    expect((await api(a.token, 'PATCH', `/api/v1/conversations/${c.conversationId}`, { status: 'snoozed', snoozedUntil: null })).status).toBe(409);
    expect((await api(a.token, 'POST', '/api/v1/conversations/bulk', { ids: [c.conversationId, fb.conversationId], action: 'reopen' })).body).toMatchObject({ changed: 0 });
    expect((await api(a.token, 'PATCH', `/api/v1/conversations/${c.conversationId}`, { labels: ['privacy-request'] })).status).toBe(200);
    expect(await t.ctx.db.selectFrom('conversations').select('status').where('contact_id', '=', c.contactId).execute()).toEqual([{ status: 'resolved' }, { status: 'resolved' }]);
    // Writing again, the person is a new contact: nothing of the old one comes back.
    const again = await whatsappFrom(a, '4915551237702', 'Greta Gone', 'hello again');
    expect(again.contactId).not.toBe(c.contactId);
    expect((await api(a.token, 'GET', `/api/v1/contacts/${again.contactId}/timeline`)).body.items).toHaveLength(1);
  });
});

describe('the contacts list', () => {
  it('searches by name, username, phone, e-mail, label and platform, a page at a time', async () => {
    const s = await whatsappFrom(a, '4915551236601', 'Sina Search', 'x');
    const fb = await messengerFrom(a, 'psid-sina', 'y');
    await api(a.token, 'PATCH', `/api/v1/contacts/${s.contactId}`, { email: 'sina@find.test', labels: ['wholesale'] });
    const find = async (query: string) => (await api(a.agentToken, 'GET', `/api/v1/contacts/?${query}`)).body.contacts.map((c: { id: number }) => c.id);
    expect(await find('q=sina%20sea')).toEqual([s.contactId]);
    expect(await find('q=1236601')).toEqual([s.contactId]);
    expect(await find('q=find.test')).toEqual([s.contactId]);
    expect(await find('label=wholesale')).toEqual([s.contactId]);
    // The pattern characters typed are taken literally.
    expect(await find('q=%25')).toEqual([]);
    expect(await find('q=sina')).toEqual([fb.contactId, s.contactId]);
    expect(await find('platform=messenger&q=sina')).toEqual([fb.contactId]);
    const all: number[] = [];
    let cursor: number | null = null;
    do {
      const page = await api(a.agentToken, 'GET', `/api/v1/contacts/?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.contacts.map((c: { id: number }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const live = await t.ctx.db.selectFrom('contacts').select('id').where('organization_id', '=', a.organizationId).where('erased_at', 'is', null).orderBy('id', 'desc').execute();
    expect(all).toEqual(live.map((r) => r.id));
  });
});

describe('another organisation', () => {
  it('gets 404 for every contact route aimed at this organisation’s contacts and identities', async () => {
    const mine = await whatsappFrom(a, '4915551235501', 'Tara Tenant', 'secret');
    const theirs = await whatsappFrom(b, '4915551235502', 'Bo B', 'hi');
    const A = mine.contactId;
    const attr = await t.ctx.db.selectFrom('contact_attribute_definitions').select('id').where('organization_id', '=', a.organizationId).executeTakeFirstOrThrow();
    const note = (await api(a.token, 'POST', `/api/v1/contacts/${A}/notes`, { body: 'a note' })).body.note.id as number;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/contacts/${A}`],
      ['PATCH', `/api/v1/contacts/${A}`, { displayName: 'hijacked' }],
      ['POST', `/api/v1/contacts/${theirs.contactId}/identities`, { identityId: mine.identityId }],
      ['POST', `/api/v1/contacts/${A}/identities`, { identityId: theirs.identityId }],
      ['DELETE', `/api/v1/contacts/${A}/identities/${mine.identityId}`],
      ['POST', `/api/v1/contacts/${theirs.contactId}/merge`, { contactId: A }],
      ['POST', `/api/v1/contacts/${A}/merge`, { contactId: theirs.contactId }],
      ['POST', '/api/v1/contacts/suggestions/accept', { contactIds: [theirs.contactId, A] }],
      ['POST', '/api/v1/contacts/suggestions/dismiss', { contactIds: [theirs.contactId, A] }],
      ['GET', `/api/v1/contacts/${A}/timeline`],
      ['PUT', `/api/v1/contacts/${A}/attributes`, {}],
      ['GET', `/api/v1/contacts/${A}/notes`],
      ['POST', `/api/v1/contacts/${A}/notes`, { body: 'x' }],
      ['DELETE', `/api/v1/contacts/${A}/notes/${note}`],
      ['GET', `/api/v1/contacts/${A}/export`],
      ['POST', `/api/v1/contacts/${A}/erase`, { confirm: 'Tara Tenant' }],
      ['DELETE', `/api/v1/contact-attributes/${attr.id}`],
    ];
    for (const [method, url, body] of attempts) {
      const res = await api(b.token, method, url, body);
      expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(404);
    }
    expect((await api(b.token, 'GET', '/api/v1/contacts/?q=Tara')).body.contacts).toEqual([]);
    expect(JSON.stringify((await api(b.token, 'GET', '/api/v1/contacts/suggestions')).body)).not.toContain('Tara');
    const still = await api(a.token, 'GET', `/api/v1/contacts/${A}`);
    expect(still.body.contact).toMatchObject({ name: 'Tara Tenant', identities: [{ id: mine.identityId }] });
    expect((await api(a.token, 'GET', `/api/v1/contacts/${A}/notes`)).body.notes).toHaveLength(1);
  });
});
