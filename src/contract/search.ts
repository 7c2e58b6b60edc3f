import { z } from 'zod';
import { PlatformSchema, Timestamp } from './common.ts';

export const SearchQuery = z.object({
  q: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  cursor: z.string().max(100).optional(),
  platform: PlatformSchema.optional(),
});

/** A person (conversation) or a message that matched. */
export const SearchHitSchema = z.object({
  type: z.enum(['message', 'conversation']),
  conversationId: z.number(),
  messageId: z.number().nullable(),
  /** Plain text; `highlights` are [start, end) offsets of the matches in it. */
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
  contact: z.object({ id: z.number(), name: z.string().nullable(), avatarUrl: z.string().nullable() }),
  platform: PlatformSchema,
  timestamp: Timestamp.nullable(),
});
export type SearchResult = z.infer<typeof SearchHitSchema>;

export const SearchPageSchema = z.object({ results: z.array(SearchHitSchema), nextCursor: z.string().nullable() });
export type SearchPage = z.infer<typeof SearchPageSchema>;
