import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser, listUsers } from '../../core/accounts/users.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

const NewUser = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(['admin', 'agent']).default('agent'),
  password: z.string().min(10, 'must be at least 10 characters').max(1000),
});

export async function userRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/', { schema: { tags: ['users'], summary: 'Users of the caller’s organisation' } }, async (req) => ({
    users: await listUsers(app.ctx.db, req.principal.organizationId),
  }));
  app.post('/', { schema: { tags: ['users'], summary: 'Create an agent or admin (admins only)', body: NewUser } }, async (req, reply) => {
    requireAdmin(req);
    const user = await createUser(app.ctx.db, { ...req.body, organizationId: req.principal.organizationId });
    return reply.status(201).send({ user });
  });
}
