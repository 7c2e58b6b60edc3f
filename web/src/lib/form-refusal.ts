import { ApiError, errorMessage } from '../api/http.ts';
import { issueText } from './field-errors.ts';

/** The server's refusal split into what belongs beside a field and what belongs to the form. */
export interface Refusal {
  fields: Record<string, string>;
  form: string | null;
}

/**
 * A refused request as the forms show it: a validation issue (`details.issues[].path` like
 * `/email`) or a conflict naming its field (`details.field`) goes beside that field when the
 * form has it; anything else is the form's own error.
 */
export function refusalOf(err: unknown, formFields: readonly string[]): Refusal {
  if (!err) return { fields: {}, form: null };
  const fields: Record<string, string> = {};
  if (err instanceof ApiError) {
    const field = err.details?.['field'];
    if (typeof field === 'string' && formFields.includes(field)) return { fields: { [field]: err.message }, form: null };
    const issues = err.details?.['issues'];
    if (Array.isArray(issues)) {
      const rest: string[] = [];
      for (const issue of issues as { path?: unknown; message?: unknown; code?: unknown; params?: unknown }[]) {
        const name = typeof issue.path === 'string' ? issue.path.replace(/^\//, '').split('/')[0]! : '';
        const message = issueText(issue, err.message);
        if (formFields.includes(name)) fields[name] ??= message;
        else rest.push(message);
      }
      return { fields, form: rest.length ? rest.join('; ') : Object.keys(fields).length ? null : err.message };
    }
  }
  return { fields, form: errorMessage(err) };
}
