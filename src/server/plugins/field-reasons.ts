import { schemaTextOf, type FieldIssue, type FieldTextCode, type SchemaTextCode, type TextParams } from '../../contract/server-texts.ts';

/** A validation issue as fastify-type-provider-zod hands it over: zod's issue code, its path, message and the issue's other fields. */
export interface ZodValidationIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : '');

/** A bound: characters for a string, items for an array, the number itself otherwise. */
function bound(issue: ZodValidationIssue, side: 'min' | 'max'): { code: FieldTextCode; params?: TextParams } {
  const limit = num(issue.params[side === 'min' ? 'minimum' : 'maximum']);
  const origin = issue.params['origin'];
  if (limit === undefined) return { code: 'field.invalid' };
  if (origin === 'string') return side === 'min' && limit === 1 ? { code: 'field.empty' } : { code: side === 'min' ? 'field.tooShort' : 'field.tooLong', params: { count: limit } };
  if (origin === 'array' || origin === 'set') return { code: side === 'min' ? 'field.tooFewItems' : 'field.tooManyItems', params: { count: limit } };
  return side === 'min' ? { code: 'field.tooSmall', params: { min: limit } } : { code: 'field.tooLarge', params: { max: limit } };
}

const FORMATS: Record<string, FieldTextCode> = { email: 'field.email', url: 'field.url', datetime: 'field.date', date: 'field.date', time: 'field.date' };

/**
 * Why a field is refused, as a code the web app translates (src/contract/server-texts.ts): the
 * schema's own reason when its message is one (a pattern, a rule across fields), else the kind of issue.
 */
export function fieldReason(issue: ZodValidationIssue): { code: FieldTextCode | SchemaTextCode; params?: TextParams } {
  const own = schemaTextOf(issue.message);
  if (own) return own;
  switch (issue.keyword) {
    case 'invalid_type':
      // zod says "received undefined" for a field that was left out.
      return /received undefined$/.test(issue.message) ? { code: 'field.required' } : { code: 'field.wrongType', params: { expected: String(issue.params['expected'] ?? '') } };
    case 'too_small':
      return bound(issue, 'min');
    case 'too_big':
      return bound(issue, 'max');
    case 'invalid_format':
      return { code: FORMATS[String(issue.params['format'])] ?? 'field.format' };
    case 'invalid_value':
      return { code: 'field.oneOf', params: { values: list(issue.params['values']) } };
    case 'unrecognized_keys':
      return { code: 'field.unknownKeys', params: { keys: list(issue.params['keys']) } };
    default:
      return { code: 'field.invalid' };
  }
}

/** The issues of a refused request as `details.issues` carries them: the English message for API users, the code for people. */
export function fieldIssues(issues: readonly ZodValidationIssue[]): FieldIssue[] {
  return issues.map((v) => ({ path: v.instancePath || '/', message: v.message, ...fieldReason(v) }));
}
