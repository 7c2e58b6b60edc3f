import type { Transaction } from 'kysely';
import type { EditEvent } from '../../channels/types.ts';
import type { Database, Message } from '../../db/schema.ts';
import { messageDto } from '../conversations/dto.ts';
import type { Applied } from './apply-event.ts';

/**
 * The customer changed the caption of a photo, video or document (WhatsApp `edit`): the caption
 * is the first attachment's, so that is what changes; the previous one is kept in metadata.edits
 * as a text edit keeps its previous text, and the edit time is the platform's.
 */
export async function applyCaptionEdit(trx: Transaction<Database>, target: Message, event: EditEvent): Promise<Applied> {
  const [first, ...rest] = target.media;
  if (!first || first.caption === event.text) return { events: [], mediaToFetch: [] };
  const at = new Date(event.timestamp ?? Date.now());
  const edits = [...((target.metadata['edits'] as unknown[]) ?? []), { previous: first.caption ?? null, at: at.toISOString(), caption: true }];
  const row = await trx
    .updateTable('messages')
    .set({ media: JSON.stringify([{ ...first, caption: event.text }, ...rest]), edited_at: at, metadata: JSON.stringify({ ...target.metadata, edits }), updated_at: new Date() })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { events: [{ type: 'message:updated', payload: { message: messageDto(row) } }], mediaToFetch: [] };
}
