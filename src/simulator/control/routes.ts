import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { SimulatorUsageError } from '../customers/built-event.ts';
import { CUSTOMER_KINDS, SIM_PLATFORMS } from '../platforms.ts';
import { FAULT_KINDS, type CustomerMessage, type CustomerSide, type SimPlatform } from '../types.ts';

/**
 * `/_sim/…`: the simulator's own JSON control API, for the demo, scripts and tests in other
 * processes. Nothing here imitates a platform; a platform's own controls are its folder's (Meta's
 * app settings: meta/oauth-controls.ts).
 */

const Platform = z.enum(SIM_PLATFORMS);
const FaultBody = z.object({
  platform: Platform,
  kind: z.enum(FAULT_KINDS),
  times: z.number().int().min(1).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  skip: z.number().int().min(0).optional(),
  code: z.string().min(1).optional(),
});
const CustomerBody = z.object({
  accountId: z.string().min(1),
  customer: z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    username: z.string().optional(),
    phone: z.string().optional(),
    userId: z.string().optional(),
    isFollower: z.boolean().optional(),
  }),
  kind: z.string().optional(),
  text: z.string().optional(),
  media: z
    .object({
      type: z.enum(['image', 'video', 'audio', 'file', 'sticker']),
      url: z.string().optional(),
      /** Bytes travel as base64 over JSON. */
      bytesBase64: z.string().optional(),
      mimeType: z.string().optional(),
      filename: z.string().optional(),
      caption: z.string().optional(),
    })
    .optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional(), url: z.string().optional() }).optional(),
  replyTo: z.string().optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
  emoji: z.string().optional(),
  payload: z.string().optional(),
  contacts: z.array(z.unknown()).optional(),
  timestamp: z.number().optional(),
  externalId: z.string().optional(),
  standby: z.boolean().optional(),
  watermark: z.number().optional(),
  firstAttemptAt: z.number().optional(),
});

export function registerControlRoutes(app: FastifyInstance, ctx: SimContext, customers: CustomerSide, reset: () => void): void {
  const bad = (reply: FastifyReply, message: string, issues?: unknown): FastifyReply => reply.code(400).send({ error: message, issues });

  app.get('/_sim/health', async () => ({ ok: true, url: ctx.url, accounts: ctx.accounts.all().map((a) => ({ platform: a.platform, accountId: a.accountId, displayName: a.displayName })) }));

  app.get('/_sim/calls', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const platform = q.platform as never;
    return { calls: ctx.recorder.list({ platform, method: q.method, path: q.path }) };
  });
  app.delete('/_sim/calls', async () => {
    ctx.recorder.clear();
    return { ok: true };
  });
  app.get('/_sim/webhooks', async (req) => ({ webhooks: ctx.recorder.webhooks({ platform: (req.query as { platform?: SimPlatform }).platform }) }));

  app.get('/_sim/faults', async () => ({ faults: ctx.faults.list() }));
  app.post('/_sim/faults', async (req, reply) => {
    const parsed = FaultBody.safeParse(req.simBody);
    if (!parsed.success) return bad(reply, 'invalid fault', parsed.error.issues);
    try {
      return { fault: ctx.faults.set(parsed.data) };
    } catch (err) {
      // A platform_error code the platform has not (PLATFORM_ERROR_FAULTS).
      if (err instanceof RangeError) return bad(reply, err.message);
      throw err;
    }
  });
  app.delete('/_sim/faults', async (req) => {
    const platform = Platform.safeParse((req.query as { platform?: string }).platform);
    ctx.faults.clear(platform.success ? platform.data : undefined);
    return { faults: ctx.faults.list() };
  });

  app.post('/_sim/customers/:platform/messages', async (req, reply) => {
    const platform = Platform.safeParse((req.params as { platform: string }).platform);
    if (!platform.success) return bad(reply, `unknown platform; one of ${SIM_PLATFORMS.join(', ')}`);
    const parsed = CustomerBody.safeParse(req.simBody);
    if (!parsed.success) return bad(reply, 'invalid customer message', parsed.error.issues);
    const kinds: readonly string[] = CUSTOMER_KINDS[platform.data];
    if (parsed.data.kind !== undefined && !kinds.includes(parsed.data.kind)) return bad(reply, `${platform.data} kinds: ${kinds.join(', ')}`);
    const { media, ...rest } = parsed.data;
    const message = {
      ...rest,
      media: media && { ...media, bytes: media.bytesBase64 ? Buffer.from(media.bytesBase64, 'base64') : undefined, bytesBase64: undefined },
    } as CustomerMessage;
    try {
      return await customers.send(platform.data, message);
    } catch (err) {
      if (err instanceof SimulatorUsageError) return bad(reply, err.message);
      return reply.code(502).send({ error: err instanceof Error ? err.message : String(err) });
    }
  });

  app.post('/_sim/reset', async () => {
    reset();
    return { ok: true };
  });
}
