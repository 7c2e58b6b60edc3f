import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { ExportParams, ExportQuery } from '../../contract/export.ts';
import { FileBytes } from '../../contract/media.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { exportChunks, exportCount } from '../../core/export/export-rows.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** Admins download the organisation's conversations or messages, streamed from the database. */
export async function exportRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/:kind',
    {
      schema: {
        tags: ['export'],
        summary:
          'Conversations started, or messages sent, between two days (organisation’s time zone), of a channel or a label, as CSV or JSON (admins only). Streamed without a size cap; X-Total-Count gives the number of rows first.',
        params: ExportParams,
        querystring: ExportQuery,
        produces: ['text/csv', 'application/json'],
        response: withErrors({ 200: FileBytes }),
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { kind } = req.params;
      const f = req.query;
      if (f.from && f.to && f.from > f.to) throw new AppError('VALIDATION_FAILED', 'the range ends before it starts', { field: 'from' });
      const organizationId = req.principal.organizationId;
      const total = await exportCount(app.ctx.db, organizationId, kind, f);
      const name = ['snorq', kind, f.from, f.to].filter(Boolean).join('-');
      return reply
        .headers({
          'content-type': f.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.${f.format}"`,
          'x-total-count': String(total),
          'cache-control': 'no-store',
        })
        .send(Readable.from(exportChunks(app.ctx.db, organizationId, kind, f)));
    },
  );
}
