import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { syncOrganization } from '../../core/sync/sync-all.ts';

const ChannelReport = z.object({
  channelId: z.number().int(),
  name: z.string(),
  platform: z.enum(['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok']),
  fetched: z.number().int().describe('messages the platform’s history returned'),
  added: z.number().int().describe('of those, messages snorq lacked and now stores'),
  failed: z.number().int().describe('messages that could not be stored, or 1 when the history request failed'),
  error: z.string().optional().describe('why the history request failed (shown to the user)'),
  note: z.string().optional().describe('why the channel was not synced (no history API, deferred, needs reconnecting)'),
});
export const SyncReportSchema = z.object({ channels: z.array(ChannelReport) });

/**
 * `POST /api/messages/sync` (DESIGN.md's contract): pull what each connected channel's history
 * API offers and store what is missing, now, for the caller's organisation. Any signed-in user
 * may ask; a channel the platform asked to wait is reported as deferred, not called.
 */
export async function syncRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/messages/sync',
    {
      schema: {
        tags: ['messages'],
        summary: 'Pull the platforms’ message history into snorq (all connected channels); reports per channel what was fetched, added and failed',
        response: { 200: SyncReportSchema },
      },
    },
    async (req) => {
      const { db, config, secretBox, onMediaToFetch } = app.ctx;
      return syncOrganization({ db, config, secretBox, log: req.log, ...(onMediaToFetch && { onMediaToFetch }) }, req.principal.organizationId);
    },
  );
}
