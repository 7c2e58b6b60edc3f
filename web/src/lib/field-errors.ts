import { ApiError, errorMessage } from '../api/http.ts';
import { i18next } from '../i18n/i18n.ts';
import { serverText } from '../i18n/server-text.ts';

/** zod's own wording, which a person reads better as the code's text; a schema's own message ("Paste the bot token…") is kept in English. */
const GENERIC = /^(Invalid|Too (small|big)|Unrecognized key)/;

/**
 * One field's refusal in the reader's language, by its code (`details.issues[].code`,
 * src/contract/server-texts.ts); the server's message when it has none. A schema's own reason
 * (`schema.*`) reads as its text in every language, English included.
 */
export function issueText(issue: { message?: unknown; code?: unknown; params?: unknown }, fallback: string): string {
  const message = typeof issue.message === 'string' ? issue.message : fallback;
  if (typeof issue.code !== 'string') return message;
  const english = (i18next.resolvedLanguage ?? i18next.language) === 'en';
  if (english && !GENERIC.test(message) && !issue.code.startsWith('schema.')) return message;
  const params = issue.params && typeof issue.params === 'object' ? (issue.params as Record<string, string | number>) : undefined;
  return serverText({ code: issue.code, ...(params && { params }) }, message);
}

/**
 * The server's refusal as messages per field, so a form shows each beside its field: a 400's
 * `details.issues[].path` ("/businessHours/0/start" → "businessHours.0.start", its text by `code`) or an error's
 * `details.field` ("shortcut"). What names no field is under `form`.
 */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return { form: errorMessage(err) };
  const issues = err.details?.['issues'];
  if (Array.isArray(issues) && issues.length > 0) {
    const out: FieldErrors = {};
    for (const issue of issues as { path?: unknown; message?: unknown; code?: unknown; params?: unknown }[]) {
      const key = typeof issue.path === 'string' && issue.path !== '/' ? issue.path.replace(/^\//, '').split('/').join('.') : 'form';
      out[key] ??= issueText(issue, err.message);
    }
    return out;
  }
  const field = err.details?.['field'];
  return { [typeof field === 'string' ? field : 'form']: err.message };
}
