import { ApiError, errorMessage } from '../api/http.ts';

/**
 * The server's refusal as messages per field, so a form shows each beside its field: a 400's
 * `details.issues[].path` ("/businessHours/0/start" → "businessHours.0.start") or an error's
 * `details.field` ("shortcut"). What names no field is under `form`.
 */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return { form: errorMessage(err) };
  const issues = err.details?.['issues'];
  if (Array.isArray(issues) && issues.length > 0) {
    const out: FieldErrors = {};
    for (const issue of issues as { path?: unknown; message?: unknown }[]) {
      const key = typeof issue.path === 'string' && issue.path !== '/' ? issue.path.replace(/^\//, '').split('/').join('.') : 'form';
      out[key] ??= typeof issue.message === 'string' ? issue.message : err.message;
    }
    return out;
  }
  const field = err.details?.['field'];
  return { [typeof field === 'string' ? field : 'form']: err.message };
}
