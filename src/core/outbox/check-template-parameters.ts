import type { TemplateInput, TemplateParameters, TemplateSummary } from '../../channels/template-spec.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * A template send checked against what the template needs, before anything is queued: the
 * platform would refuse a wrong one only after the reply was accepted (Meta with 132000/132012,
 * Twilio by silently sending the template's sample values), so it is a 422 here that names
 * every missing and every unknown parameter.
 */

export interface TemplateRequest {
  /** Values by input key (`body.1`, `header.link`, `button.0` …). */
  parameters?: Record<string, string>;
  /** The body's variables in order (the older form): `variables[0]` fills the first body input. */
  variables?: string[];
}

/** Meta refuses body/header text parameters with new-lines, tabs or more than 4 consecutive spaces. */
const BAD_TEXT = /[\n\t]| {5,}/;

function problemWith(input: TemplateInput, value: string): string | undefined {
  if (value.length > input.maxLength) return `${input.key} is longer than ${input.maxLength} characters`;
  switch (input.kind) {
    case 'image':
    case 'video':
    case 'document': {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      return url && (url.protocol === 'https:' || url.protocol === 'http:') ? undefined : `${input.key} must be an http(s) link to the ${input.kind}`;
    }
    case 'latitude':
    case 'longitude': {
      const n = Number(value);
      const max = input.kind === 'latitude' ? 90 : 180;
      return value.trim() !== '' && Number.isFinite(n) && Math.abs(n) <= max ? undefined : `${input.key} must be a number between -${max} and ${max}`;
    }
    case 'text':
      return input.component !== 'button' && BAD_TEXT.test(value) ? `${input.key} cannot contain new lines, tabs or more than 4 spaces in a row` : undefined;
    default:
      return undefined;
  }
}

/** The parameters to send, trimmed, or a 422 naming what is missing, unknown or malformed. */
export function checkTemplateParameters(template: TemplateSummary, request: TemplateRequest): TemplateParameters {
  if (template.unsupported) throw new AppError('UNPROCESSABLE', `The template ${template.name} cannot be sent from snorq: ${template.unsupported}.`, { code: 'TEMPLATE_UNSUPPORTED' });
  const given: Record<string, string> = { ...request.parameters };
  if (request.variables) {
    const body = template.inputs.filter((i) => i.component === 'body');
    request.variables.forEach((v, i) => {
      const key = body[i]?.key ?? `body.${i + 1}`;
      if (given[key] === undefined) given[key] = v;
    });
  }
  const byKey = new Map(template.inputs.map((i) => [i.key, i]));
  const extra = Object.keys(given).filter((k) => !byKey.has(k));
  const parameters: TemplateParameters = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const input of template.inputs) {
    const value = given[input.key]?.trim() ?? '';
    if (value === '') {
      if (input.required) missing.push(input.key);
      continue;
    }
    const problem = problemWith(input, value);
    if (problem) invalid.push(problem);
    parameters[input.key] = value;
  }
  if (missing.length || extra.length || invalid.length) {
    const parts = [missing.length > 0 && `missing ${missing.join(', ')}`, extra.length > 0 && `not in the template: ${extra.join(', ')}`, ...invalid].filter(Boolean);
    throw new AppError('UNPROCESSABLE', `The template ${template.name} (${template.language}) was not sent: ${parts.join('; ')}.`, {
      code: 'TEMPLATE_PARAMETERS',
      missing,
      extra,
      invalid,
      expected: template.inputs.map((i) => ({ key: i.key, required: i.required })),
    });
  }
  return parameters;
}
