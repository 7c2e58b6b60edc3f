import { channelOf, type Platform } from '../../channels/registry.ts';
import type { Db } from '../../db/database.ts';
import type { TextLimit } from '../../text/text-limits.ts';
import { notFound } from '../errors/app-error.ts';

/** What the prompts know of a conversation: its platform's name and limit, and (when allowed) its latest messages. */
export interface ConversationContext {
  id: number;
  platform: Platform;
  platformName: string;
  textLimit: TextLimit;
  organisationName: string;
  contactName: string | null;
  /** Oldest first; empty when message text may not be sent. */
  thread: ThreadLine[];
}

export interface ThreadLine {
  messageId: number;
  from: 'customer' | 'agent';
  text: string;
}

/** The messages a draft or a summary reads: enough for the question and its history, bounded for the prompt's size. */
const THREAD_MESSAGES = 30;
const MESSAGE_CHARS = 1000;

/** The conversation of the caller's organisation (404 otherwise), with its thread only when `withText`. */
export async function conversationContext(db: Db, organizationId: number, conversationId: number, withText: boolean): Promise<ConversationContext> {
  const conv = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.id', 'ch.platform', 'p.display_name', 'o.name as organisation_name'])
    .where('c.id', '=', conversationId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  // Another organisation's conversation is "not found", never "forbidden".
  if (!conv) throw notFound('conversation');
  const channel = channelOf(conv.platform);
  const thread = withText ? await threadLines(db, organizationId, conv.id) : [];
  return {
    id: conv.id,
    platform: conv.platform,
    platformName: channel.ui.name,
    textLimit: channel.policy.textLimit,
    organisationName: conv.organisation_name,
    contactName: withText ? conv.display_name : null,
    thread,
  };
}

/** The latest text messages between customer and team, oldest first: never private notes, never removed ones. */
async function threadLines(db: Db, organizationId: number, conversationId: number): Promise<ThreadLine[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'direction', 'content'])
    .where('conversation_id', '=', conversationId)
    .where('organization_id', '=', organizationId)
    .where('is_private_note', '=', false)
    .where('deleted_at', 'is', null)
    .where('content', 'is not', null)
    .where('content', '<>', '')
    .orderBy('platform_timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(THREAD_MESSAGES)
    .execute();
  return rows.reverse().map((r) => ({ messageId: r.id, from: r.direction === 'inbound' ? 'customer' : 'agent', text: r.content!.slice(0, MESSAGE_CHARS) }));
}
