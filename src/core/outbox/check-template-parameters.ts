import type { TemplateInput, TemplateParameters, TemplateSummary } from '../../channels/template-spec.ts';
import type { CodedText } from '../../contract/server-texts.ts';
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

/** What is wrong with one value: the English words for API users, the code and parameters for the web app (TEMPLATE_PROBLEM_TEXT_CODES). */
type Problem = { text: string; coded: CodedText };

function problemWith(input: TemplateInput, value: string): Problem | undefined {
  const key = input.key;
  if (value.length > input.maxLength) return { text: `${key} is longer than ${input.maxLength} characters`, coded: { code: 'template.tooLong', params: { key, count: input.maxLength } } };
  switch (input.kind) {
    case 'image':
    case 'video':
    case 'document': {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return undefined;
      return { text: `${key} must be an http(s) link to the ${input.kind}`, coded: { code: `template.link.${input.kind}`, params: { key } } };
    }
    case 'latitude':
    case 'longitude': {
      const n = Number(value);
      const max = input.kind === 'latitude' ? 90 : 180;
      if (value.trim() !== '' && Number.isFinite(n) && Math.abs(n) <= max) return undefined;
      return { text: `${key} must be a number between -${max} and ${max}`, coded: { code: 'template.notANumber', params: { key, min: -max, max } } };
    }
    case 'text':
      return input.component !== 'button' && BAD_TEXT.test(value)
        ? { text: `${key} cannot contain new lines, tabs or more than 4 spaces in a row`, coded: { code: 'template.whitespace', params: { key } } }
        : undefined;
    default:
      return undefined;
  }
}

/** The parameters to send, trimmed, or a 422 naming what is missing, unknown or malformed. */
export function checkTemplateParameters(template: TemplateSummary, request: TemplateRequest): TemplateParameters {
  if (template.unsupported) {
    throw new AppError('UNPROCESSABLE', `The template ${template.name} cannot be sent from snorq: ${template.unsupported}.`, {
      code: 'TEMPLATE_UNSUPPORTED',
      reason: 'TEMPLATE_UNSUPPORTED',
      name: template.name,
      unsupported: template.unsupported,
      ...(template.unsupportedText && { unsupportedText: template.unsupportedText }),
    });
  }
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
  const invalid: Problem[] = [];
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
  if (missing.length || extra.length || invalid.length) throw parametersRefused(template, missing, extra, invalid);
  return parameters;
}

/** The 422 naming every missing, unknown and malformed parameter; `problemsTexts` says the same as codes, for the reader's language. */
function parametersRefused(template: TemplateSummary, missing: string[], extra: string[], invalid: Problem[]): AppError {
  const problems: Problem[] = [
    ...(missing.length > 0 ? [{ text: `missing ${missing.join(', ')}`, coded: { code: 'template.missing', params: { keys: missing.join(', ') } } }] : []),
    ...(extra.length > 0 ? [{ text: `not in the template: ${extra.join(', ')}`, coded: { code: 'template.notInTemplate', params: { keys: extra.join(', ') } } }] : []),
    ...invalid,
  ];
  return new AppError('UNPROCESSABLE', `The template ${template.name} (${template.language}) was not sent: ${problems.map((p) => p.text).join('; ')}.`, {
    code: 'TEMPLATE_PARAMETERS',
    reason: 'TEMPLATE_PARAMETERS',
    name: template.name,
    language: template.language,
    missing,
    extra,
    invalid: invalid.map((p) => p.text),
    problemsTexts: problems.map((p) => p.coded),
    expected: template.inputs.map((i) => ({ key: i.key, required: i.required })),
  });
}
