import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { MyPresenceSchema, PresenceChange } from '../../contract/presence.ts';
import { presenceOfUser, setPresenceChoice } from '../../core/presence/presence-store.ts';

/** `GET` and `PUT /api/v1/me/presence`: the signed-in agent's presence and their choice (auto, away, offline). */
export async function presenceRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.ctx;
  const idleAfterSeconds = config.PRESENCE_IDLE_SECONDS;
  const user = (req: { principal: { organizationId: number; userId: number } }) => ({ organizationId: req.principal.organizationId, userId: req.principal.userId });

  app.get(
    '/presence',
    { schema: { tags: ['me'], summary: 'My presence, what I chose, and how long a tab may idle before I show as away', response: withErrors({ 200: MyPresenceSchema }) } },
    async (req) => ({
      ...(await presenceOfUser(db, user(req))),
      idleAfterSeconds,
    }),
  );

  app.put(
    '/presence',
    {
      schema: {
        tags: ['me'],
        summary: 'Choose my presence: auto (follows my tabs), away or offline (kept until I change it); announced live as presence:updated',
        body: PresenceChange,
        response: withErrors({ 200: MyPresenceSchema }),
      },
    },
    async (req) => ({ ...(await setPresenceChoice(db, user(req), req.body.choice, config.PRESENCE_HEARTBEAT_SECONDS * 3)), idleAfterSeconds }),
  );
}
