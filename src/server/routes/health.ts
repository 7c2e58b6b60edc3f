import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Alive, NotReady, Ready } from '../../contract/health.ts';

export async function healthRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // The process is up; says nothing of the database.
  app.get('/healthz', { schema: { hide: true, response: { 200: Alive } } }, async () => ({ status: 'ok' as const }));

  // Ready to take traffic: the database answers. 503 while it does not, so a balancer skips us.
  app.get('/readyz', { schema: { hide: true, response: { 200: Ready, 503: NotReady } } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(app.ctx.db);
      return { status: 'ready' as const };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
}
