import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CannedResponseBody, CannedResponseChange, CannedResponseList, OneCannedResponse } from '../../contract/canned-responses.ts';
import { IdParams, Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** What the team shares: canned responses. */
export async function teamRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/canned-responses', { schema: { tags: ['canned responses'], summary: 'The team’s canned responses', response: withErrors({ 200: CannedResponseList }) } }, async (req) => ({
    cannedResponses: await app.ctx.db.selectFrom('canned_responses').select(['id', 'shortcut', 'content']).where('organization_id', '=', req.principal.organizationId).orderBy('shortcut').execute(),
  }));

  app.post(
    '/canned-responses',
    { schema: { tags: ['canned responses'], summary: 'Add a canned response (admins only)', body: CannedResponseBody, response: withErrors({ 201: OneCannedResponse }) } },
    async (req, reply) => {
      requireAdmin(req);
      const row = await app.ctx.db
        .insertInto('canned_responses')
        .values({ organization_id: req.principal.organizationId, shortcut: req.body.shortcut, content: req.body.content, created_by: req.principal.userId })
        .onConflict((oc) => oc.columns(['organization_id', 'shortcut']).doNothing())
        .returning(['id', 'shortcut', 'content'])
        .executeTakeFirst();
      if (!row) throw new AppError('CONFLICT', `/${req.body.shortcut} already exists`, { field: 'shortcut', reason: 'SHORTCUT_TAKEN', shortcut: `/${req.body.shortcut}` });
      return reply.status(201).send({ cannedResponse: row });
    },
  );

  app.delete(
    '/canned-responses/:id',
    { schema: { tags: ['canned responses'], summary: 'Remove a canned response (admins only)', params: IdParams, response: withErrors({ 200: Ok }) } },
    async (req) => {
      requireAdmin(req);
      const res = await app.ctx.db.deleteFrom('canned_responses').where('id', '=', req.params.id).where('organization_id', '=', req.principal.organizationId).executeTakeFirst();
      if (res.numDeletedRows === 0n) throw notFound('canned response');
      return { ok: true as const };
    },
  );

  const changeSchema = {
    tags: ['canned responses'],
    summary: 'Change a canned response’s shortcut or content (admins only)',
    params: IdParams,
    body: CannedResponseChange,
    response: withErrors({ 200: OneCannedResponse }),
  };
  app.patch('/canned-responses/:id', { schema: changeSchema }, async (req) => {
    requireAdmin(req);
    const { db } = app.ctx;
    const organizationId = req.principal.organizationId;
    const { shortcut, content } = req.body;
    if (shortcut !== undefined) {
      const taken = await db
        .selectFrom('canned_responses')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('shortcut', '=', shortcut)
        .where('id', '!=', req.params.id)
        .executeTakeFirst();
      if (taken) throw new AppError('CONFLICT', `/${shortcut} already exists`, { field: 'shortcut', reason: 'SHORTCUT_TAKEN', shortcut: `/${shortcut}` });
    }
    const row = await db
      .updateTable('canned_responses')
      .set({ ...(shortcut !== undefined && { shortcut }), ...(content !== undefined && { content }), updated_at: new Date() })
      .where('id', '=', req.params.id)
      .where('organization_id', '=', organizationId)
      .returning(['id', 'shortcut', 'content'])
      .executeTakeFirst()
      .catch((err: unknown) => {
        // Another admin took the shortcut between the check and the update.
        if ((err as { code?: unknown }).code === '23505') throw new AppError('CONFLICT', `/${shortcut} already exists`, { field: 'shortcut', reason: 'SHORTCUT_TAKEN', shortcut: `/${shortcut}` });
        throw err;
      });
    if (!row) throw notFound('canned response');
    return { cannedResponse: row };
  });
}
