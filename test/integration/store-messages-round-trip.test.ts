import { readFileSync } from 'node:fs';
import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/channels/types.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { messagePreview } from '../../src/core/conversations/message-preview.ts';
import { storeMessages } from '../../src/core/ingest/store-messages.ts';
import type { Channel, ContactIdentity, ContactsTable, Conversation, Message } from '../../src/db/schema.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * snorq_store_messages (src/db/definitions/store-messages.sql) reads its items' JSON by field
 * name, and storeMessages (TypeScript) writes those names. A field renamed on one side only would
 * be read as null and silently lost: here an event with a distinctive value in every field is
 * stored through storeMessages and each field is read back from the rows. The list of checks is
 * compared with the fields the SQL reads, so a field the SQL starts reading needs a check here.
 */
let t: TestApp;
let channel: Channel;
const sqlText = readFileSync(new URL('../../src/db/definitions/store-messages.sql', import.meta.url), 'utf8');

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.newOrganization();
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: 'round-trip', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'x' } }],
    'env',
  );
  channel = await t.ctx.db.selectFrom('channels').selectAll().where('external_account_id', '=', 'round-trip').executeTakeFirstOrThrow();
});
afterAll(async () => t?.close());

const AT = Date.UTC(2026, 10, 17, 8, 9, 10, 987);
const contact = { platformUserId: 'rt-4915550001', username: 'rt_user_name', displayName: 'Rt Display Name', avatarUrl: 'https://cdn.example/rt-avatar.jpg', phone: '+4915550001' };
const inbound: MessageEvent = {
  kind: 'message',
  accountId: 'round-trip',
  externalId: 'wamid.round-trip.in',
  direction: 'inbound',
  contact,
  timestamp: AT,
  contentType: 'location',
  text: 'Rt distinctive text',
  media: [{ type: 'image', mimeType: 'image/png', platformMediaId: 'rt-media-id' }],
  location: { latitude: 52.52, longitude: 13.405, name: 'Rt Place' },
  replyToExternalId: 'wamid.round-trip.target',
  referral: { source_id: 'rt-ad-7' },
  raw: { rt: 'raw-value' },
  metadata: { rtKey: 'rt-metadata' },
};
const echo: MessageEvent = {
  ...inbound,
  externalId: 'wamid.round-trip.out',
  direction: 'outbound',
  contentType: 'text',
  timestamp: AT + 1000,
  text: 'Rt echo text',
  media: [],
  location: undefined,
  replyToExternalId: undefined,
};

interface Read {
  inbound: Message;
  echo: Message;
  target: Message;
  identity: ContactIdentity;
  contact: Selectable<ContactsTable>;
  /** The thread right after the inbound message (its row as storeMessages returned it). */
  afterInbound: Conversation;
}

/** One check per field the SQL reads: `item.<key>` of a stored item, `contact.<key>` of its ContactRef. */
const CHECKS: Record<string, (r: Read) => void> = {
  'item.channel_id': (r) => expect([r.inbound.channel_id, r.identity.channel_id, r.afterInbound.channel_id]).toEqual([channel.id, channel.id, channel.id]),
  'item.organization_id': (r) =>
    expect([r.inbound.organization_id, r.identity.organization_id, r.contact.organization_id]).toEqual([channel.organization_id, channel.organization_id, channel.organization_id]),
  'item.platform': (r) => expect(r.identity.platform).toBe('whatsapp'),
  'item.contact': (r) => expect(r.inbound.conversation_id).toBe(r.afterInbound.id),
  'contact.platformUserId': (r) => expect(r.identity.platform_user_id).toBe(contact.platformUserId),
  'contact.username': (r) => expect(r.identity.username).toBe(contact.username),
  'contact.displayName': (r) => expect([r.identity.display_name, r.contact.display_name]).toEqual([contact.displayName, contact.displayName]),
  'contact.avatarUrl': (r) => expect([r.identity.avatar_url, r.contact.avatar_url]).toEqual([contact.avatarUrl, contact.avatarUrl]),
  'contact.phone': (r) => expect([r.identity.phone, r.contact.phone]).toEqual([contact.phone, contact.phone]),
  'item.direction': (r) => expect([r.inbound.direction, r.inbound.is_echo, r.echo.direction, r.echo.is_echo]).toEqual(['inbound', false, 'outbound', true]),
  'item.external_id': (r) => expect([r.inbound.external_id, r.echo.external_id]).toEqual([inbound.externalId, echo.externalId]),
  'item.reply_to_external_id': (r) => expect([r.inbound.reply_to_external_id, r.inbound.reply_to_message_id]).toEqual([inbound.replyToExternalId, r.target.id]),
  'item.content': (r) => expect([r.inbound.content, r.echo.content]).toEqual([inbound.text, echo.text]),
  'item.content_type': (r) => expect([r.inbound.content_type, r.echo.content_type]).toEqual(['location', 'text']),
  'item.media': (r) => expect(r.inbound.media).toEqual([{ type: 'image', mimeType: 'image/png', platformMediaId: 'rt-media-id', state: 'pending' }]),
  'item.metadata': (r) => expect(r.inbound.metadata).toEqual({ rtKey: 'rt-metadata', location: inbound.location }),
  'item.status': (r) => expect([r.inbound.status, r.echo.status]).toEqual(['delivered', 'sent']),
  'item.referral': (r) => expect(r.inbound.referral).toEqual({ source_id: 'rt-ad-7' }),
  'item.raw': (r) => expect(r.inbound.raw).toEqual({ rt: 'raw-value' }),
  'item.platform_timestamp': (r) => expect([r.inbound.platform_timestamp.getTime(), r.echo.platform_timestamp.getTime()]).toEqual([AT, AT + 1000]),
  'item.preview': (r) => {
    const preview = messagePreview({ content: inbound.text!, content_type: 'location', deleted_at: null });
    expect(preview).toContain('Rt distinctive text');
    expect(r.afterInbound.last_message_preview).toBe(preview);
  },
};

/** The fields the SQL reads off an item (`item->>'x'`, `item->'x'`) and off its contact (`p_contact->>'x'`, `p_contact ? 'x'`). */
function fieldsReadBySql(): string[] {
  const fields = new Set<string>();
  for (const m of sqlText.matchAll(/\bitem->>?'(\w+)'/g)) fields.add(`item.${m[1]}`);
  for (const m of sqlText.matchAll(/\bp_contact(?:->>?|\s+\?\s+)'(\w+)'/g)) fields.add(`contact.${m[1]}`);
  return [...fields].sort();
}

describe('snorq_store_messages round trip', () => {
  it('has a check for every field the SQL reads from the event JSON, and none for a field it does not read', () => {
    expect(fieldsReadBySql().length).toBeGreaterThan(15);
    expect(Object.keys(CHECKS).sort()).toEqual(fieldsReadBySql());
  });

  it('stores every field it reads, each read back from the rows', async () => {
    const store = (events: MessageEvent[]) =>
      t.ctx.db.transaction().execute((trx) =>
        storeMessages(
          trx,
          events.map((event) => ({ channel, event, receivedAt: new Date(0) })),
        ),
      );
    const [target] = await store([
      {
        kind: 'message',
        accountId: 'round-trip',
        externalId: 'wamid.round-trip.target',
        direction: 'inbound',
        contact: { platformUserId: 'rt-other' },
        timestamp: AT - 1000,
        contentType: 'text',
        text: 'earlier',
      },
    ]);
    const stored = await store([inbound, echo]);
    expect(stored.map((s) => s.index)).toEqual([0, 1]);

    const message = (id: number) => t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const inboundRow = await message(stored[0]!.message.id);
    const conversation = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', inboundRow.conversation_id).executeTakeFirstOrThrow();
    const identity = await t.ctx.db.selectFrom('contact_identities').selectAll().where('id', '=', conversation.contact_identity_id).executeTakeFirstOrThrow();
    const read: Read = {
      inbound: inboundRow,
      echo: await message(stored[1]!.message.id),
      target: await message(target!.message.id),
      identity,
      contact: await t.ctx.db.selectFrom('contacts').selectAll().where('id', '=', identity.contact_id).executeTakeFirstOrThrow(),
      afterInbound: stored[0]!.conversation,
    };
    const failures: string[] = [];
    for (const [field, check] of Object.entries(CHECKS)) {
      try {
        check(read);
      } catch (e) {
        failures.push(`${field}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
