import { digits } from '../ids.ts';

/** Instagram's ids in the shapes it mints them (FACTS); the neutral helpers are in ../ids.ts. */

/** Instagram message id: base64 of an `ig_message_item` key (may contain `+`, `/`). */
export const instagramMid = (igId: string): string =>
  Buffer.from(`ig_message_item:1:IGMessageThread:${igId}:${digits(39)}`)
    .toString('base64')
    .replace(/=+$/, '');

export const instagramConversationId = (igId: string): string =>
  Buffer.from(`ig_conversation:1:IGMessageThread:${igId}:${digits(20)}`)
    .toString('base64')
    .replace(/=+$/, '');
