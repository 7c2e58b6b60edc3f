import { z } from 'zod';

/** GET /api/v1/conversations/:id/suggestions: replies to pick into the composer (never sent by themselves). */
export const ReplySuggestionSchema = z.object({
  text: z.string(),
  source: z.enum(['history', 'canned']),
  score: z.number(),
  uses: z.number().int(),
  lastUsedAt: z.string().nullable(),
  shortcut: z.string().nullable(),
});
export type ReplySuggestion = z.infer<typeof ReplySuggestionSchema>;

export const SuggestionsResultSchema = z.object({
  /** The customer's words the suggestions answer, or null when the conversation has no customer text. */
  question: z.string().nullable(),
  suggestions: z.array(ReplySuggestionSchema),
});
export type SuggestionsResult = z.infer<typeof SuggestionsResultSchema>;
