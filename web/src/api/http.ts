import { i18next } from '../i18n/i18n.ts';
import { apiErrorText } from './error-text.ts';

/**
 * Every request the app makes: same-origin, authenticated by the HttpOnly session cookie. The
 * server answers errors as `{ error: { code, message, details? } }`; they become an ApiError.
 * Its message is in the UI's language (error-text.ts). A 401 anywhere (except where the caller
 * expects it, like the login form) signs the user out.
 */
export class ApiError extends Error {
  /** The server's own words (English), for logs and for codes the app has no text for. */
  readonly serverMessage: string;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.serverMessage = message;
    // `message` is what every form and notice shows: the refusal in the UI's language, by code,
    // read when shown, so a language changed meanwhile applies to an error already on screen.
    Object.defineProperty(this, 'message', { get: () => apiErrorText(this.code, this.serverMessage, this.details), enumerable: false, configurable: true });
  }
}

let onUnauthorized: ((refusal: ApiError) => void) | null = null;

/** The session provider registers what a 401 does (forget the user, go to the login page, say why). */
export function setUnauthorizedHandler(handler: ((refusal: ApiError) => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 is an answer for the caller (the login form), not a reason to sign out. */
  expectUnauthorized?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body instanceof Blob) {
    // Raw bytes (a picture): sent as they are, typed by the file's own type.
    body = options.body;
    headers['content-type'] = options.body.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'snorq could not be reached; check your connection');
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (res.ok) return json as T;
  const error = toApiError(res.status, json);
  if (res.status === 401 && !options.expectUnauthorized) onUnauthorized?.(error);
  throw error;
}

function toApiError(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `the server answered ${status}`;
  const details = error?.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : undefined;
  return new ApiError(status, code, message, details);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return i18next.t('errors.generic');
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
