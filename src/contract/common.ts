import { z } from 'zod';
import { PLATFORMS } from '../channels/registry.ts';

/**
 * Shapes every resource of the API uses. The contract (this folder) describes what goes over the
 * wire: the server validates requests and serialises responses with these schemas (so the OpenAPI
 * document shows them), and the web app imports their types, type-only. Nothing here may depend on
 * Node: the web app's compiler reads these files.
 */

/** A platform as stored and sent (`channels.platform`). */
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

/** `?platform=` accepts the original guide's spellings ("Facebook", "WhatsApp") too. */
export const PlatformParam = z
  .string()
  .transform((v) => v.toLowerCase())
  .transform((v) => (v === 'facebook' ? 'messenger' : v))
  .pipe(PlatformSchema);

/**
 * A moment on the wire: an ISO 8601 string in UTC. The server may hand over a `Date` (rows read
 * from the database); it is sent as its ISO string, so clients always see a string.
 */
export const Timestamp = z.union([z.iso.datetime(), z.date().transform((d) => d.toISOString())]);

/** A database id in a path or query string. */
export const Id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53);
export const IdParams = z.object({ id: Id });

export const Ok = z.object({ ok: z.literal(true) });
