import type { SendResult } from '../types.ts';
import { failed } from './outcome.ts';

/** Text over the platform's limit, refused before it is sent. */
export function tooLong(limit: string, platform: string): SendResult {
  return failed({ code: 'MESSAGE_TOO_LONG', reason: `The text is longer than ${platform} allows (${limit}); shorten or split it.`, retryable: false, platformCode: 'local_length_check' });
}

/**
 * Send the parts of one outbound message (an attachment, then its text) as separate platform
 * messages. If a later part fails after an earlier one went out, the failure is made final
 * (retryable: false): a retry would send the earlier part twice.
 */
export async function sendInParts(parts: Array<() => Promise<SendResult>>): Promise<SendResult> {
  const ids: string[] = [];
  for (const part of parts) {
    const result = await part();
    if (!result.ok) {
      if (ids.length === 0) return result;
      return failed({ ...result.failure, retryable: false, reason: `The attachment was sent, but the text was not: ${result.failure.reason}` });
    }
    ids.push(result.externalId);
  }
  const [last, ...rest] = ids.reverse();
  if (last === undefined) throw new Error('sendInParts needs at least one part');
  return rest.length === 0 ? { ok: true, externalId: last } : { ok: true, externalId: last, extraExternalIds: rest.reverse() };
}
