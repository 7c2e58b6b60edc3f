import type { PlatformCallContext, PlatformFailure } from '../types.ts';
import { failed, type Outcome } from './outcome.ts';
import { networkFailure } from './timed-fetch.ts';

export type FetchedBytes = { status: number; headers: Headers; bytes: Buffer };

/**
 * GET a small file into memory (an attachment to upload), following up to 3 redirects by hand so
 * that `secretHeaders` go only to the origin of the first URL and every hop, the first included,
 * is checked with `allowHost`: a redirect to an internal address is refused, never requested
 * (SSRF, FACTS pitfall 27). One timeout covers every hop and the body; a body over `maxBytes` is
 * refused. Inbound media do not come this way: src/core/media streams them to the store.
 */
export async function fetchBytes(
  call: Pick<PlatformCallContext, 'timeoutMs'>,
  url: URL,
  opts: { platform: string; allowHost: (url: URL) => boolean; secretHeaders: Record<string, string>; headers?: Record<string, string>; maxBytes: number },
): Promise<Outcome<FetchedBytes>> {
  const signal = AbortSignal.timeout(call.timeoutMs);
  const origin = url.origin;
  let current = url;
  try {
    for (let hop = 0; hop <= 3; hop++) {
      if (!opts.allowHost(current)) {
        const what = hop === 0 ? 'is' : 'redirected to';
        return failed({
          code: 'UNKNOWN_PLATFORM_ERROR',
          reason: `${opts.platform}'s media link ${what} a host snorq does not fetch from; it was not fetched.`,
          retryable: false,
          platformCode: 'untrusted_media_host',
        });
      }
      const headers = { ...opts.headers, ...(current.origin === origin && opts.secretHeaders) };
      const res = await fetch(current, { headers, redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        current = new URL(location, current);
        continue;
      }
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > opts.maxBytes) {
        await res.body?.cancel();
        return failed(tooLarge(opts.platform, opts.maxBytes));
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > opts.maxBytes) return failed(tooLarge(opts.platform, opts.maxBytes));
      return { ok: true, value: { status: res.status, headers: res.headers, bytes } };
    }
    return failed({ code: 'UNKNOWN_PLATFORM_ERROR', reason: `${opts.platform}'s media link redirected too many times.`, retryable: false, platformCode: 'redirects' });
  } catch (err) {
    return failed(networkFailure(err, call.timeoutMs, opts.platform));
  }
}

const tooLarge = (platform: string, maxBytes: number): PlatformFailure => ({
  code: 'UNKNOWN_PLATFORM_ERROR',
  reason: `The media file from ${platform} is larger than ${Math.round(maxBytes / 1_048_576)} MB.`,
  retryable: false,
  platformCode: 'too_large',
});
