import { z } from 'zod';

/**
 * An agent's presence: `online` while a tab of theirs is connected and in use, `away` when
 * their tabs are idle or hidden (or they said so), `offline` with no tab open (or when they chose
 * to appear offline). Pushed live as `presence:updated` (src/contract/realtime.ts).
 */
export const PresenceSchema = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof PresenceSchema>;

/** What the agent chose in the menu: follow their activity (`auto`), or be shown away or offline. */
export const PresenceChoiceSchema = z.enum(['auto', 'away', 'offline']);
export type PresenceChoice = z.infer<typeof PresenceChoiceSchema>;

/** GET and PUT /api/v1/me/presence. */
export const MyPresenceSchema = z.object({
  choice: PresenceChoiceSchema,
  presence: PresenceSchema,
  /** A tab with no input for this long reports itself idle (PRESENCE_IDLE_SECONDS). */
  idleAfterSeconds: z.number().int().positive(),
});
export type MyPresence = z.infer<typeof MyPresenceSchema>;

export const PresenceChange = z.object({ choice: PresenceChoiceSchema });

/**
 * What an agent is doing in a conversation, relayed live to the others who have it open and never
 * stored: `viewing` (repeated while it stays open), `typing` (repeated while they type), `left`.
 * Clients let a `typing` lapse after a few seconds and a `viewing` after a minute without a repeat.
 */
export const ConversationActivityKindSchema = z.enum(['viewing', 'typing', 'left']);
export type ConversationActivityKind = z.infer<typeof ConversationActivityKindSchema>;
export const ConversationActivitySchema = z.object({
  conversationId: z.number().int().positive(),
  userId: z.number().int().positive(),
  kind: ConversationActivityKindSchema,
  at: z.string(),
});
export type ConversationActivity = z.infer<typeof ConversationActivitySchema>;
