import { z } from 'zod';
import { PlatformSchema } from './common.ts';
import { SyncTextSchema } from './server-texts.ts';

/** What one channel's history pass did (POST /api/messages/sync). */
export const ChannelSyncReportSchema = z.object({
  channelId: z.number().int(),
  name: z.string(),
  platform: PlatformSchema,
  fetched: z.number().int().describe('messages the platform’s history returned for this channel'),
  added: z.number().int().describe('of those, messages snorq did not have and now stores'),
  failed: z.number().int().describe('messages that could not be stored, or 1 when the history request itself failed'),
  error: z.string().optional().describe('why the history request failed, in words the user can act on'),
  note: z.string().optional().describe('why the channel was not synced (no history API, deferred, needs reconnecting), or when it is tried next'),
  errorText: SyncTextSchema.optional().describe('`error` as a code and parameters (src/contract/server-texts.ts)'),
  noteText: SyncTextSchema.optional().describe('`note` as a code and parameters (src/contract/server-texts.ts)'),
});
export type ChannelSyncReport = z.infer<typeof ChannelSyncReportSchema>;

export const SyncReportSchema = z.object({ channels: z.array(ChannelSyncReportSchema) });
export type SyncReport = z.infer<typeof SyncReportSchema>;
