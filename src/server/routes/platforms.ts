import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describePlatforms } from '../../core/channel-accounts/describe-platforms.ts';
import { PlatformsResponseSchema } from '../../contract/platforms.ts';
import { withErrors } from '../../contract/errors.ts';

/** The platforms snorq speaks and what each offers; the web app draws badges, filters and forms from it. */
export async function platformRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const platforms = describePlatforms();

  app.get(
    '/',
    {
      schema: { tags: ['channels'], summary: 'Every platform, in the order the UI lists them: badge, capabilities, text limit, reply window', response: withErrors({ 200: PlatformsResponseSchema }) },
    },
    async () => ({ platforms }),
  );
}
