import type { PlatformFailure } from '../../channels/types.ts';

/**
 * A channel's last error from a platform's failure: its English sentence (`last_error`, what API
 * users read), its class (`last_error_code`, a PlatformErrorCode the web app translates) and the
 * platform's own code and words (`last_error_detail`, the evidence; migration 0038).
 */
export const channelLastError = (failure: Pick<PlatformFailure, 'code' | 'reason' | 'platformMessage'>, sentence = failure.reason) => ({
  last_error: sentence,
  last_error_code: failure.code,
  last_error_detail: failure.platformMessage ?? null,
});

/** No last error any more (connected again, refreshed). */
export const NO_LAST_ERROR = { last_error: null, last_error_code: null, last_error_detail: null } as const;
