import type { z } from 'zod';
import type { ContactExportSchema } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { messageDto } from '../conversations/dto.ts';
import { notesOf } from './contact-notes.ts';
import { getContact } from './get-contact.ts';
import type { Actor } from './merge-contacts.ts';
import { recordAudit } from '../audit/record-audit.ts';

/**
 * Everything snorq keeps about one contact, as JSON (a privacy request's "what do you hold about
 * me"): the contact with its attributes, every identity, every conversation and every message in
 * them (notes of the team included), and the contact's private notes. Recorded in the audit log.
 */
export async function exportContact(db: Db, actor: Actor, contactId: number): Promise<z.input<typeof ContactExportSchema>> {
  const { identities, conversations: _list, ...contact } = await getContact(db, actor.organizationId, contactId);
  const conversations = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id', 'c.contact_identity_id as identityId', 'ch.platform', 'ch.display_name as channelName', 'c.status', 'c.last_message_at as lastMessageAt', 'c.labels', 'c.created_at as createdAt'])
    .where('c.contact_id', '=', contactId)
    .where('c.organization_id', '=', actor.organizationId)
    .orderBy('c.id')
    .execute();
  const messages = conversations.length
    ? await db
        .selectFrom('messages')
        .selectAll()
        .where(
          'conversation_id',
          'in',
          conversations.map((c) => c.id),
        )
        .orderBy('platform_timestamp')
        .orderBy('id')
        .execute()
    : [];
  await recordAudit(db, { organizationId: actor.organizationId, action: 'contact.exported', actorUserId: actor.userId, details: { contactId, messages: messages.length } });
  return { exportedAt: new Date(), contact, identities, conversations, messages: messages.map(messageDto), notes: await notesOf(db, contactId) };
}
