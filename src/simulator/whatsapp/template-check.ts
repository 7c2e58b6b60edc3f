import type { GraphErrorSpec } from '../meta/graph/errors.ts';
import { placeholders, TEMPLATES, type Template, type TemplateButton } from './templates.ts';

/**
 * Checks a `template` send object against the approved templates the way Cloud API does at send
 * time (FACTS 4.3), with Meta's codes, messages and `error_data.details` as real responses carry
 * them (captured in open-source integrations' fixtures and issue threads):
 * - 132001 unknown name/language;
 * - 132000 "Number of parameters does not match the expected number of params", details
 *   `body: number of localizable_params (0) does not match the expected number of params (1)`
 *   (also `header:` and `button:`);
 * - 132012 "Parameter format does not match format in the created template", details
 *   `header: Format mismatch, expected IMAGE, received UNKNOWN` (a media header left out is UNKNOWN);
 * - 131008 "Required parameter is missing", details `buttons: Button at index 0 of type Url requires a parameter`;
 * - 100 "Invalid parameter", details `Parameter name is missing or empty` (a NAMED template's
 *   parameter without `parameter_name`).
 * Where Meta's wording is not on record (a `parameter_name` the template does not have, a button
 * `sub_type` that does not match, an `index` with no button) the closest documented code is used;
 * the WhatsApp channel README lists these.
 */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const wa = (code: number, message: string, details: string, status = 400): GraphErrorSpec => ({ status, code, message: `(#${code}) ${message}`, details, whatsapp: true });
const countMismatch = (where: string, given: number, expected: number) =>
  wa(132000, 'Number of parameters does not match the expected number of params', `${where}: number of localizable_params (${given}) does not match the expected number of params (${expected})`);
const formatMismatch = (where: string, expected: string, received: unknown) =>
  wa(
    132012,
    'Parameter format does not match format in the created template',
    `${where}: Format mismatch, expected ${expected}, received ${typeof received === 'string' && received ? received.toUpperCase() : 'UNKNOWN'}`,
  );
const invalidParam = (details: string) => wa(100, 'Invalid parameter', details);

/** Meta's names for button types in its messages (`of type Url`). */
const BUTTON_WORD: Record<TemplateButton['type'], string> = { URL: 'Url', QUICK_REPLY: 'QuickReply', COPY_CODE: 'CopyCode', PHONE_NUMBER: 'PhoneNumber' };
const SUB_TYPE: Record<string, TemplateButton['type']> = { url: 'URL', quick_reply: 'QUICK_REPLY', copy_code: 'COPY_CODE' };

export interface CheckedTemplate {
  template: Template;
  /** What the customer reads: the text header, the body and the footer, filled. */
  text: string;
}

type Fill = Map<string, string>;

/** Text parameters of a header or body: count, format and, in a NAMED template, names. */
function checkTextParams(where: 'header' | 'body', template: Template, expected: string[], params: unknown[]): { error: GraphErrorSpec } | { fill: Fill } {
  if (params.length !== expected.length) return { error: countMismatch(where, params.length, expected.length) };
  const fill: Fill = new Map();
  for (const [i, raw] of params.entries()) {
    const p = asObj(raw);
    const type = typeof p?.type === 'string' ? p.type : undefined;
    let value: string | undefined;
    if (type === 'text' && typeof p?.text === 'string') value = p.text;
    else if (type === 'currency' && typeof asObj(p?.currency)?.fallback_value === 'string') value = String(asObj(p?.currency)?.fallback_value);
    else if (type === 'date_time' && typeof asObj(p?.date_time)?.fallback_value === 'string') value = String(asObj(p?.date_time)?.fallback_value);
    if (value === undefined) return { error: formatMismatch(where, 'TEXT', type) };
    if (value.trim() === '') return { error: invalidParam(`Param ${where}['parameters'][${i}]['text'] cannot be empty`) };
    if (template.parameter_format === 'NAMED') {
      const name = typeof p?.parameter_name === 'string' ? p.parameter_name : '';
      if (!name) return { error: invalidParam('Parameter name is missing or empty') };
      if (!expected.includes(name) || fill.has(name)) return { error: countMismatch(where, params.length, expected.length) };
      fill.set(name, value);
    } else {
      fill.set(expected[i]!, value);
    }
  }
  return { fill };
}

const fillText = (text: string, fill: Fill): string => text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => fill.get(name) ?? whole);

export function checkTemplate(value: unknown): CheckedTemplate | { error: GraphErrorSpec } {
  const t = asObj(value);
  const name = typeof t?.name === 'string' ? t.name : undefined;
  const code = typeof asObj(t?.language)?.code === 'string' ? String(asObj(t?.language)?.code) : undefined;
  if (!name) return { error: wa(100, 'The parameter template[name] is required.', 'template name is required') };
  if (!code) return { error: wa(100, 'The parameter template[language][code] is required.', 'template language is required') };
  const template = TEMPLATES.find((x) => x.name === name && x.language === code);
  if (!template) return { error: wa(132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${code}`, 404) };
  if (t?.components !== undefined && !Array.isArray(t.components)) return { error: invalidParam("Param template['components'] must be an array") };
  const components = (Array.isArray(t?.components) ? t.components : []).map(asObj);
  for (const [i, c] of components.entries()) {
    if (!['header', 'body', 'button'].includes(String(c?.type).toLowerCase())) return { error: invalidParam(`Param template['components'][${i}]['type'] must be one of {HEADER, BODY, BUTTON}`) };
    if (!Array.isArray(c?.parameters)) return { error: invalidParam(`The parameter template['components'][${i}]['parameters'] is required.`) };
  }
  const paramsOf = (type: string): unknown[] => components.filter((c) => String(c?.type).toLowerCase() === type).flatMap((c) => c?.parameters as unknown[]);

  // Header: a text header's variable, or the media / location its format names.
  const header = template.components.find((c) => c.type === 'HEADER');
  const headerParams = paramsOf('header');
  let headerFill: Fill = new Map();
  if (header?.format && header.format !== 'TEXT') {
    const p = asObj(headerParams[0]);
    const want = header.format.toLowerCase();
    const media = asObj(p?.[want]);
    const ok =
      p?.type === want &&
      !!media &&
      (want === 'location' ? Number.isFinite(Number(media.latitude)) && Number.isFinite(Number(media.longitude)) : typeof media.link === 'string' || typeof media.id === 'string');
    if (!ok) return { error: formatMismatch('header', header.format, p?.type) };
    if (headerParams.length > 1) return { error: countMismatch('header', headerParams.length, 1) };
  } else {
    const checked = checkTextParams('header', template, placeholders(header?.text), headerParams);
    if ('error' in checked) return checked;
    headerFill = checked.fill;
  }

  const body = template.components.find((c) => c.type === 'BODY');
  const bodyChecked = checkTextParams('body', template, placeholders(body?.text), paramsOf('body'));
  if ('error' in bodyChecked) return bodyChecked;

  // Buttons: each `button` component names its button by index and must match its type.
  const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const given = new Map<number, Obj>();
  for (const c of components.filter((x) => String(x?.type).toLowerCase() === 'button')) {
    const subType = typeof c?.sub_type === 'string' ? c.sub_type.toLowerCase() : undefined;
    if (!subType) return { error: invalidParam("The parameter template['components']['sub_type'] is required for a button.") };
    const index = Number(c?.index);
    if (c?.index === undefined || !Number.isInteger(index) || index < 0) return { error: invalidParam("The parameter template['components']['index'] is required for a button.") };
    const button = buttons[index];
    if (!button) return { error: wa(131009, 'Parameter value is not valid', `buttons: Button at index ${index} does not exist in the template (it has ${buttons.length})`) };
    if (SUB_TYPE[subType] !== button.type) return { error: formatMismatch('button', button.type, subType) };
    if (given.has(index)) return { error: invalidParam(`buttons: Button at index ${index} is given more than once`) };
    given.set(index, c!);
    const params = Array.isArray(c?.parameters) ? c.parameters.map(asObj) : [];
    const p = params[0];
    if (button.type === 'URL') {
      const expected = placeholders(button.url).length;
      if (params.length !== expected) return { error: countMismatch('button', params.length, expected) };
      if (expected > 0 && (p?.type !== 'text' || typeof p.text !== 'string' || p.text === '')) return { error: formatMismatch('button', 'TEXT', p?.type) };
    } else if (button.type === 'QUICK_REPLY') {
      if (params.length !== 1 || p?.type !== 'payload' || typeof p.payload !== 'string') return { error: formatMismatch('button', 'PAYLOAD', p?.type) };
    } else if (button.type === 'COPY_CODE') {
      if (params.length !== 1 || p?.type !== 'coupon_code' || typeof p.coupon_code !== 'string' || p.coupon_code === '') return { error: formatMismatch('button', 'COUPON_CODE', p?.type) };
      if (p.coupon_code.length > 15) return { error: wa(131009, 'Parameter value is not valid', 'buttons: coupon_code must be at most 15 characters long') };
    }
  }
  for (const [index, button] of buttons.entries()) {
    const needs = (button.type === 'URL' && placeholders(button.url).length > 0) || button.type === 'COPY_CODE';
    if (needs && !given.has(index)) return { error: wa(131008, 'Required parameter is missing', `buttons: Button at index ${index} of type ${BUTTON_WORD[button.type]} requires a parameter`) };
  }

  const headerText = header?.format === 'TEXT' && header.text ? fillText(header.text, headerFill) : undefined;
  const footer = template.components.find((c) => c.type === 'FOOTER')?.text;
  const text = [headerText, fillText(body?.text ?? '', bodyChecked.fill), footer].filter((x): x is string => !!x).join('\n\n');
  return { template, text };
}
