import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { MessageToStore } from './store-messages.ts';

/**
 * A postback that arrives without a title (the platform sent only the developer's payload) shows
 * the button the customer pressed: the title of the button with that payload in the newest card
 * the business sent this customer (metadata.card, kept from template echoes). When no card names
 * it, the normaliser's "Pressed a button" stays: a payload is for programs, not for agents.
 */
export async function namePostbacks(trx: Transaction<Database>, items: MessageToStore[]): Promise<MessageToStore[]> {
  const named: MessageToStore[] = [];
  for (const item of items) {
    const { event } = item;
    const payload = untitledPostback(item);
    if (payload === null) {
      named.push(item);
      continue;
    }
    const { rows } = await sql<{ title: string }>`
      select b->>'title' as title
        from messages m
        cross join lateral jsonb_array_elements(case when jsonb_typeof(m.metadata->'card'->'buttons') = 'array' then m.metadata->'card'->'buttons' else '[]'::jsonb end) b
       where m.conversation_id in (select c.id from conversations c join contact_identities i on i.id = c.contact_identity_id
                                    where i.channel_id = ${item.channel.id} and i.platform_user_id = ${event.contact.platformUserId})
         and m.direction = 'outbound' and m.metadata ? 'card' and b->>'payload' = ${payload} and coalesce(b->>'title', '') <> ''
       order by m.platform_timestamp desc
       limit 1
    `.execute(trx);
    const title = rows[0]?.title;
    named.push(title ? { ...item, event: { ...event, text: title } } : item);
  }
  return named;
}

/** The payload of a postback that came without a title (namePostbacks looks one up), or null. */
export function untitledPostback({ event }: MessageToStore): string | null {
  const payload = event.metadata?.['postback_payload'];
  return event.metadata?.['postback_untitled'] === true && typeof payload === 'string' ? payload : null;
}
