import { sql } from 'kysely';
import { createUser } from '../../../src/core/accounts/users.ts';
import type { Db } from '../../../src/db/database.ts';
import type { Platform } from '../../../src/db/schema.ts';

/**
 * Hand-made conversations with exact times, for the dashboard's figures: written straight into the
 * database so each first response and resolution is a number the test can compute by hand.
 */
export interface Fx {
  db: Db;
  organizationId: number;
}

export async function channel(fx: Fx, platform: Platform, name: string): Promise<number> {
  const row = await fx.db
    .insertInto('channels')
    .values({ organization_id: fx.organizationId, platform, external_account_id: `${name}-${Math.random()}`, display_name: name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function agent(fx: Fx, name: string): Promise<number> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2)}@example.test`;
  return (await createUser(fx.db, { organizationId: fx.organizationId, email, name, role: 'agent', password: 'agent password 12' })).id;
}

export interface Msg {
  /** Seconds after the conversation was created. */
  at: number;
  dir: 'inbound' | 'outbound';
  note?: boolean;
  failed?: boolean;
}

export interface ConversationSpec {
  channelId: number;
  created: string;
  messages: Msg[];
  assigneeId?: number | null;
  labels?: string[];
  status?: 'open' | 'pending' | 'resolved' | 'snoozed';
  /** Seconds after creation it was resolved (with status resolved). */
  resolvedAfter?: number;
  unread?: number;
  waiting?: boolean;
}

/** A conversation with its messages; the conversation's own columns as snorq would keep them. */
export async function conversation(fx: Fx, spec: ConversationSpec): Promise<number> {
  const created = new Date(spec.created);
  const at = (s: number) => new Date(created.getTime() + s * 1000);
  const n = Math.random().toString(36).slice(2);
  const contact = await fx.db
    .insertInto('contacts')
    .values({ organization_id: fx.organizationId, display_name: `Customer ${n}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const platform = (await fx.db.selectFrom('channels').select('platform').where('id', '=', spec.channelId).executeTakeFirstOrThrow()).platform;
  const identity = await fx.db
    .insertInto('contact_identities')
    .values({ organization_id: fx.organizationId, contact_id: contact.id, channel_id: spec.channelId, platform, platform_user_id: `u-${n}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const firstIn = spec.messages.find((m) => m.dir === 'inbound');
  const last = spec.messages.at(-1);
  const conv = await fx.db
    .insertInto('conversations')
    .values({
      organization_id: fx.organizationId,
      channel_id: spec.channelId,
      contact_identity_id: identity.id,
      contact_id: contact.id,
      status: spec.status ?? 'open',
      assignee_id: spec.assigneeId ?? null,
      labels: spec.labels ?? [],
      unread_count: spec.unread ?? 0,
      last_message_at: last ? at(last.at) : null,
      waiting_since: spec.waiting && firstIn ? at(firstIn.at) : null,
      created_at: created,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of spec.messages) {
    await fx.db
      .insertInto('messages')
      .values({
        organization_id: fx.organizationId,
        conversation_id: conv.id,
        channel_id: spec.channelId,
        direction: m.dir,
        content: `${m.dir} at ${m.at}`,
        content_type: 'text',
        status: m.failed ? 'failed' : m.dir === 'inbound' ? 'delivered' : 'sent',
        platform_timestamp: at(m.at),
        is_private_note: m.note ?? false,
      })
      .execute();
  }
  // The trigger stamps now(); the fixture's resolution time is set after it.
  if (spec.resolvedAfter !== undefined) await sql`update conversations set resolved_at = ${at(spec.resolvedAfter)} where id = ${conv.id}`.execute(fx.db);
  return conv.id;
}
