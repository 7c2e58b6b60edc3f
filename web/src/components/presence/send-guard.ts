import type { Message } from '../../api/types.ts';

export type CollisionWarning = { kind: 'replied'; userId: number; at: string } | { kind: 'typing'; userIds: number[] } | null;

/**
 * Should the composer ask before this reply goes out? When another agent replied to the customer
 * since `since` (the agent opened the conversation or started the draft), or is typing there now.
 * Notes and the agent's own replies never count.
 */
export function collisionWarning(input: { messages: readonly Message[]; since: number; meId: number; typingUserIds: readonly number[] }): CollisionWarning {
  const replied = [...input.messages]
    .reverse()
    .find((m) => m.direction === 'outbound' && !m.isPrivateNote && m.senderUserId !== null && m.senderUserId !== input.meId && Date.parse(m.timestamp) >= input.since);
  if (replied?.senderUserId) return { kind: 'replied', userId: replied.senderUserId, at: replied.timestamp };
  const typing = input.typingUserIds.filter((id) => id !== input.meId);
  return typing.length > 0 ? { kind: 'typing', userIds: typing } : null;
}
