import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listAuditLog } from '../../core/audit/list-audit-log.ts';
import { requireAdmin } from '../plugins/authenticate.ts';
import { AuditPageSchema, AuditQuery } from '../../contract/audit.ts';
import { withErrors } from '../../contract/errors.ts';

export async function auditLogRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/',
    {
      schema: {
        tags: ['audit log'],
        summary: 'Security-relevant actions in the organisation, newest first (admins only); page with `before` = the previous page’s `nextBefore`',
        querystring: AuditQuery,
        response: withErrors({ 200: AuditPageSchema }),
      },
    },
    async (req) => {
      requireAdmin(req);
      return listAuditLog(app.ctx.db, req.principal.organizationId, req.query);
    },
  );
}
