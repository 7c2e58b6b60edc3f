import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AiSettingsChange, DraftEventSchema, OneAiSettings, SummaryRequest, SummaryResult, TranslateRequest, TranslateResult } from '../../contract/ai.ts';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { getAiSettings, updateAiSettings } from '../../core/ai/ai-settings.ts';
import { summarise, translateDraft, translateMessages } from '../../core/ai/assist.ts';
import { prepareDraft, writeDraft, type DraftEvent } from '../../core/ai/draft-reply.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** GET/PATCH /api/v1/ai/settings: whether the organisation uses the language model, and what it may send it. */
export async function aiSettingsRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/settings',
    { schema: { tags: ['ai'], summary: 'Whether the language model is configured, turned on, and may read message text', response: withErrors({ 200: OneAiSettings }) } },
    async (req) => ({
      settings: await getAiSettings(app.ctx.db, app.ctx.config, req.principal.organizationId),
    }),
  );
  app.patch(
    '/settings',
    {
      schema: {
        tags: ['ai'],
        summary: 'Turn the language model on or off for the organisation, and choose whether message text may be sent to it (admins)',
        body: AiSettingsChange,
        response: withErrors({ 200: OneAiSettings }),
      },
    },
    async (req) => {
      requireAdmin(req);
      return { settings: await updateAiSettings(app.ctx.db, app.ctx.config, req.principal.organizationId, req.principal.userId, req.body, req.ip) };
    },
  );
}

/** The agent's reading language: the one the request names, else their profile's, else English. */
async function agentLanguage(app: FastifyInstance, req: FastifyRequest, named: string | undefined): Promise<string> {
  if (named) return named;
  const user = await app.ctx.db.selectFrom('users').select('language').where('id', '=', req.principal.userId).executeTakeFirst();
  return user?.language ?? 'en';
}

/** Aborted when the client goes away before the answer is complete: the model's work stops too. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return abort.signal;
}

/** Drafts, summaries and translations of one conversation (under /api/v1/conversations). */
export async function aiConversationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/:id/ai/draft',
    {
      schema: {
        tags: ['ai'],
        summary:
          'A reply drafted by the language model from the thread (if the organisation shares message text), past answers and canned responses, streamed as server-sent events and cut to the platform’s limit; a failing model falls back to the offline suggestions. Nothing is sent.',
        params: IdParams,
        produces: ['text/event-stream'],
        response: withErrors({ 200: DraftEventSchema }),
      },
    },
    async (req, reply) => {
      const { organizationId } = req.principal;
      // Refusals (another organisation's conversation, the model off) are ordinary error answers, before the stream starts.
      const prepared = await prepareDraft(app.ctx.db, app.ctx.config, organizationId, req.params.id);
      const signal = abortOnClose(reply);
      const stream = new PassThrough();
      const emit = (event: DraftEvent) => stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      writeDraft(app.ctx.db, prepared, organizationId, emit, signal)
        .catch((err: unknown) => {
          req.log.error({ err }, 'writing a draft failed');
          emit({ type: 'fallback', reason: 'error', suggestions: [] });
        })
        .finally(() => stream.end());
      return reply.headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' }).send(stream as never);
    },
  );

  app.post(
    '/:id/ai/summary',
    {
      schema: {
        tags: ['ai'],
        summary: 'A short summary of the conversation by the language model, in the agent’s language (never sent)',
        params: IdParams,
        body: SummaryRequest,
        response: withErrors({ 200: SummaryResult }),
      },
    },
    async (req, reply) => summarise(app.ctx.db, app.ctx.config, req.principal.organizationId, req.params.id, await agentLanguage(app, req, req.body.language), abortOnClose(reply)),
  );

  app.post(
    '/:id/ai/translate',
    {
      schema: {
        tags: ['ai'],
        summary: 'Translate the customer’s latest messages into the agent’s language, or the agent’s draft into the customer’s (never sent)',
        params: IdParams,
        body: TranslateRequest,
        response: withErrors({ 200: TranslateResult }),
      },
    },
    async (req, reply) => {
      const { organizationId } = req.principal;
      const signal = abortOnClose(reply);
      const body = req.body;
      if (body.what === 'messages') {
        const done = await translateMessages(app.ctx.db, app.ctx.config, organizationId, req.params.id, await agentLanguage(app, req, body.language), signal);
        return { ...done, text: null, cut: false };
      }
      const done = await translateDraft(app.ctx.db, app.ctx.config, organizationId, req.params.id, body.text, body.language, signal);
      return { language: body.language ?? null, translations: [], text: done.text, cut: done.cut };
    },
  );
}
