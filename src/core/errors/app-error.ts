/**
 * The one error type for what is not an expected value. `code` is a closed set; the HTTP status
 * of each code lives in ERROR_STATUS only. `message` is safe to show to users; `internal` is for logs.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  JSON_TOO_DEEP: 400,
  UNAUTHENTICATED: 401,
  INVALID_SIGNATURE: 401,
  FORBIDDEN: 403,
  ORIGIN_MISMATCH: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LAST_ADMIN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WINDOW_CLOSED: 422,
  /** Longer than the platform takes in one message, counted as it counts (src/text/text-limits.ts). */
  MESSAGE_TOO_LONG: 422,
  UNPROCESSABLE: 422,
  /** The platform refused credentials an admin typed in (src/core/channel-accounts/verify-credentials.ts). */
  CREDENTIALS_REJECTED: 422,
  /** A webhook target snorq will not post to (not https, a private address, no answer): the reason says which. */
  WEBHOOK_URL_REFUSED: 422,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  INTERNAL: 500,
  /** A platform snorq had to ask could not answer; the request may be tried again. */
  PLATFORM_UNAVAILABLE: 502,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly internal?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
