import { z } from 'zod';
import { Timestamp } from './common.ts';

export const WebhookStateSchema = z.enum(['received', 'processed', 'partial', 'failed', 'unrouted']);

export const JournalQuery = z.object({
  state: z
    .string()
    .default('failed,partial,unrouted,received')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(WebhookStateSchema)),
  /** Only this platform's entries (as journaled). */
  platform: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().optional(),
});

/** A webhook as received and what became of it. */
export const JournalEntrySchema = z.object({
  id: z.number(),
  /** The platform it came from (kept as received: a platform since removed still shows). */
  platform: z.string(),
  receivedAt: Timestamp,
  state: WebhookStateSchema,
  organizationId: z.number().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
  processedAt: Timestamp.nullable(),
  contentType: z.string().nullable(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export const JournalList = z.object({ events: z.array(JournalEntrySchema) });

/** One entry with the body as the platform sent it, as text (for an admin to read; never rendered as HTML). */
export const OneJournalEntry = z.object({
  event: JournalEntrySchema.extend({
    body: z.string(),
    /** The body was longer than `JOURNAL_BODY_SHOWN` bytes and is cut there. */
    bodyTruncated: z.boolean(),
  }),
});
/** How much of a body the API shows (a webhook may carry up to 3 MB). */
export const JOURNAL_BODY_SHOWN = 64 * 1024;

/** What a replay applied (or why it could not run). */
export const ReplayOutcomeSchema = z.union([
  z.object({
    state: WebhookStateSchema,
    applied: z.number(),
    failed: z.array(z.object({ index: z.number(), error: z.string() })),
    unrouted: z.array(z.string()),
    unmatched: z.array(z.string()),
    mediaToFetch: z.array(z.number()),
    organizationIds: z.array(z.number()),
  }),
  z.object({ state: WebhookStateSchema, error: z.string() }),
]);
export const ReplayResult = z.object({ id: z.number(), outcome: ReplayOutcomeSchema });

/** Replay the entries that need attention (failed, partial, unrouted) visible to the caller, oldest first, at most `limit` (the oldest). */
export const ReplayAllBody = z.object({ limit: z.number().int().min(1).max(500).default(100) });
export const ReplayAllResult = z.object({
  replayed: z.number(),
  /** How many of them ended processed. */
  processed: z.number(),
  results: z.array(z.object({ id: z.number(), state: WebhookStateSchema })),
});
