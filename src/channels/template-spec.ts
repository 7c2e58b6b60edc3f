import type { CodedText } from '../contract/server-texts.ts';
/**
 * What a message template needs before it can be sent, in one shape for WhatsApp Cloud (Meta's
 * message templates) and Twilio (Content API templates): the list endpoint returns it to the
 * composer, the send path checks a request against it, and the adapters build the platform's
 * payload from it. Values are always strings, keyed by `TemplateInput.key`.
 */

export type TemplateInputKind = 'text' | 'image' | 'video' | 'document' | 'filename' | 'latitude' | 'longitude' | 'location_name' | 'location_address' | 'url_suffix' | 'payload' | 'coupon_code';

export interface TemplateInput {
  /**
   * The parameter's key in a send: `header.1` / `header.first_name` (a text header's variable),
   * `header.link` (+ `header.filename` for a document), `header.latitude`, `header.longitude`,
   * `header.name`, `header.address` (a location header), `body.1` / `body.first_name`,
   * `button.<index>` (a URL button's suffix, a quick reply's payload, a copy-code button's code).
   */
  key: string;
  component: 'header' | 'body' | 'button';
  kind: TemplateInputKind;
  /** The placeholder's name: `1`, `2`… in positional templates, `first_name` in named ones. */
  name?: string;
  /** A button's position among the template's buttons (Meta's `index`). */
  index?: number;
  required: boolean;
  /** What the composer shows next to the input. */
  label: string;
  /** The template's own example value, when it has one. */
  example?: string;
  maxLength: number;
}

export interface TemplateButton {
  type: string;
  text: string;
  url?: string;
}

export interface TemplateSummary {
  name: string;
  language: string;
  category: string;
  status: string;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  header?: { format: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; text?: string };
  bodyText: string;
  footerText?: string;
  buttons: TemplateButton[];
  inputs: TemplateInput[];
  /** How many body variables a send needs (older clients read this). */
  variableCount: number;
  /** Twilio: the Content SID (HX…) a send names. */
  contentSid?: string;
  /** Why snorq cannot fill this template yet (a component it does not handle); absent when it can. */
  unsupported?: string;
  /** The same as a code and parameters (src/contract/server-texts.ts). */
  unsupportedText?: CodedText<'template.unsupported'>;
}

export type TemplateParameters = Record<string, string>;

/** `{{1}}`, `{{ first_name }}`: the placeholders of a template text, in order of appearance, each once. */
export function placeholderNames(text: string | undefined): string[] {
  return [...new Set(Array.from((text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g), (m) => m[1]!))];
}

/** Fills `{{x}}` with `parameters[prefix + '.' + x]`; a placeholder without a value stays as it is. */
export function fillPlaceholders(text: string, prefix: string, parameters: TemplateParameters): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = parameters[`${prefix}.${name}`];
    return value === undefined || value === '' ? whole : value;
  });
}

/**
 * The text the customer receives: a text header, the body and the footer with the parameters
 * filled, one paragraph each (media and location headers and buttons are not text).
 */
export function renderTemplateText(template: Pick<TemplateSummary, 'header' | 'bodyText' | 'footerText'>, parameters: TemplateParameters): string {
  const header = template.header?.format === 'TEXT' && template.header.text ? fillPlaceholders(template.header.text, 'header', parameters) : undefined;
  return [header, fillPlaceholders(template.bodyText, 'body', parameters), template.footerText].filter((p): p is string => !!p).join('\n\n');
}
