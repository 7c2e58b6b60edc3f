import { z } from 'zod';
import { MalformedWebhookError } from '../types.ts';

/**
 * The body every Meta webhook shares: `{ object, entry: [...] }` (FACTS 1.3, 2.1, 3.1, 4.1).
 * Only a body that is not JSON, or not this shape as a whole, is malformed (400); everything
 * inside `entry` is read item by item so one odd item never sinks the batch (pitfall 10).
 */
const EnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.unknown()),
});
export type MetaEnvelope = z.infer<typeof EnvelopeSchema>;

export function parseMetaEnvelope(rawBody: Buffer): MetaEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedWebhookError('body is not JSON');
  }
  const parsed = EnvelopeSchema.safeParse(body);
  if (!parsed.success) throw new MalformedWebhookError('body is not a Meta webhook envelope { object, entry: [] }');
  return parsed.data;
}
