import { SCHEMA_TEXT_CODES, schemaText, type SchemaTextCode, type TextParams } from '../../contract/server-texts.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * What an action names is gone or switched off: refused with the schema code beside its English, so
 * the rule editor shows it beside the action and a run's thread line gives it as its reason, both in
 * the reader's language (rule-actions.ts throws it; manage-rules.ts and thread-log.ts read `details.text`).
 */
export function targetMissing(code: 'NOT_FOUND' | 'VALIDATION_FAILED', text: SchemaTextCode, params?: TextParams): AppError {
  return new AppError(code, schemaText(text, params), { text: { code: text, ...(params && { params }) } });
}

/** The coded text of a refusal `targetMissing` made, if it is one. */
export function missingTargetText(error: AppError): { code: SchemaTextCode; params?: TextParams } | undefined {
  const text = error.details?.['text'] as { code?: unknown; params?: TextParams } | undefined;
  return typeof text?.code === 'string' && (SCHEMA_TEXT_CODES as string[]).includes(text.code) ? { code: text.code as SchemaTextCode, ...(text.params && { params: text.params }) } : undefined;
}
