import { z } from 'zod';
import { placeholderNames, type TemplateButton, type TemplateInput, type TemplateParameters, type TemplateSummary } from '../template-spec.ts';

/**
 * Meta's message templates (`GET /{WABA_ID}/message_templates`, FACTS 4.3) read into what a send
 * needs, and a send's parameters written back as Meta's `components`. Shapes checked against
 * Meta's reference and the fixtures of open-source integrations:
 * - HEADER `format` TEXT (one variable at most, example `header_text` or
 *   `header_text_named_params`), IMAGE / VIDEO / DOCUMENT (example `header_handle`), LOCATION;
 * - BODY `text` with `{{1}}` or, when `parameter_format` is NAMED, `{{first_name}}` (examples
 *   `body_text: [[…]]` or `body_text_named_params: [{param_name, example}]`);
 * - FOOTER `text`; BUTTONS `buttons[]` of URL (`url` with `{{1}}` at the end makes it dynamic,
 *   `example: [url]`), QUICK_REPLY, COPY_CODE (`example: "CODE"`), PHONE_NUMBER, OTP, ….
 */

const NamedExamples = z.array(z.looseObject({ param_name: z.string(), example: z.string().optional() }));
const Component = z.looseObject({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  example: z.unknown().optional(),
  buttons: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), url: z.string().optional(), otp_type: z.string().optional(), example: z.unknown().optional() })).optional(),
});
export const MetaTemplateSchema = z.looseObject({
  name: z.string(),
  language: z.string(),
  category: z.string().optional(),
  status: z.string().optional(),
  parameter_format: z.string().optional(),
  components: z.array(Component).optional(),
});
export type MetaTemplate = z.infer<typeof MetaTemplateSchema>;
type TemplateComponent = z.infer<typeof Component>;
type TemplateComponentButton = NonNullable<TemplateComponent['buttons']>[number];

const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
type HeaderFormat = (typeof HEADER_FORMATS)[number];
/** FACTS 4.3 and Meta's limits: a text header is ≤ 60 characters, a body ≤ 1024, a copy code ≤ 15. */
const HEADER_TEXT_MAX = 60;
const BODY_PARAM_MAX = 1024;
const COUPON_CODE_MAX = 15;
const URL_SUFFIX_MAX = 2000;

const asRecord = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Example values by placeholder name, from either example form. */
function examples(example: unknown, positionalKey: 'header_text' | 'body_text', namedKey: string): Map<string, string> {
  const out = new Map<string, string>();
  const ex = asRecord(example);
  const named = NamedExamples.safeParse(ex?.[namedKey]);
  if (named.success) for (const p of named.data) if (p.example !== undefined) out.set(p.param_name, p.example);
  const positional = ex?.[positionalKey];
  // header_text is ["Ana"]; body_text is [["Ana", "#1042"]] (one row per example set).
  const row = Array.isArray(positional) ? (Array.isArray(positional[0]) ? (positional[0] as unknown[]) : positional) : [];
  row.forEach((v, i) => typeof v === 'string' && out.set(String(i + 1), v));
  return out;
}

/** Positional placeholders go out in number order (Meta matches them by position); named ones in text order. */
const ordered = (names: string[]): string[] => (names.every((n) => /^\d+$/.test(n)) ? [...names].sort((a, b) => Number(a) - Number(b)) : names);

/** The header's own inputs (text placeholders, a media link, a location), pushed onto `inputs`; returns the header to show. */
function headerInputs(headerC: TemplateComponent, headerFormat: string, headerNames: string[], inputs: TemplateInput[], unsupported: string[]): TemplateSummary['header'] {
  let header: TemplateSummary['header'];
  if (!(HEADER_FORMATS as readonly string[]).includes(headerFormat)) unsupported.push(`a ${headerFormat} header`);
  else header = { format: headerFormat as HeaderFormat, ...(headerC.text !== undefined && { text: headerC.text }) };
  if (headerFormat === 'TEXT') {
    const ex = examples(headerC.example, 'header_text', 'header_text_named_params');
    for (const name of headerNames) {
      inputs.push({
        key: `header.${name}`,
        component: 'header',
        kind: 'text',
        name,
        required: true,
        label: `Header {{${name}}}`,
        ...(ex.has(name) && { example: ex.get(name) }),
        maxLength: HEADER_TEXT_MAX,
      });
    }
  } else if (headerFormat === 'IMAGE' || headerFormat === 'VIDEO' || headerFormat === 'DOCUMENT') {
    const kind = headerFormat.toLowerCase() as 'image' | 'video' | 'document';
    inputs.push({ key: 'header.link', component: 'header', kind, required: true, label: `Header ${kind} (https link)`, maxLength: 2000 });
    if (kind === 'document') inputs.push({ key: 'header.filename', component: 'header', kind: 'filename', required: false, label: 'Document file name', maxLength: 240 });
  } else if (headerFormat === 'LOCATION') {
    inputs.push(
      { key: 'header.latitude', component: 'header', kind: 'latitude', required: true, label: 'Location latitude', maxLength: 32 },
      { key: 'header.longitude', component: 'header', kind: 'longitude', required: true, label: 'Location longitude', maxLength: 32 },
      { key: 'header.name', component: 'header', kind: 'location_name', required: false, label: 'Location name', maxLength: 1000 },
      { key: 'header.address', component: 'header', kind: 'location_address', required: false, label: 'Location address', maxLength: 1000 },
    );
  }
  return header;
}

/** The buttons to show, with the inputs each needs (a URL ending, a payload, a code) pushed onto `inputs`. */
function buttonInputs(list: TemplateComponentButton[], inputs: TemplateInput[], unsupported: string[]): TemplateButton[] {
  const buttons: TemplateButton[] = [];
  for (const [index, b] of list.entries()) {
    const type = b.type.toUpperCase();
    const text = b.text ?? (type === 'COPY_CODE' ? 'Copy code' : type);
    buttons.push({ type, text, ...(b.url !== undefined && { url: b.url }) });
    const key = `button.${index}`;
    if (type === 'URL' && placeholderNames(b.url).length > 0) {
      const example = Array.isArray(b.example) && typeof b.example[0] === 'string' ? b.example[0] : undefined;
      inputs.push({ key, component: 'button', kind: 'url_suffix', index, required: true, label: `“${text}” link ending`, ...(example && { example }), maxLength: URL_SUFFIX_MAX });
    } else if (type === 'QUICK_REPLY') {
      inputs.push({ key, component: 'button', kind: 'payload', index, required: false, label: `“${text}” reply payload`, maxLength: 1000 });
    } else if (type === 'COPY_CODE') {
      const example = typeof b.example === 'string' ? b.example : Array.isArray(b.example) && typeof b.example[0] === 'string' ? b.example[0] : undefined;
      inputs.push({ key, component: 'button', kind: 'coupon_code', index, required: true, label: 'Code to copy', ...(example && { example }), maxLength: COUPON_CODE_MAX });
    } else if (type === 'OTP') {
      // Authentication templates: the code rides on the button as a URL parameter (Meta's reference).
      inputs.push({ key, component: 'button', kind: 'url_suffix', index, required: true, label: `“${text}” one-time code`, maxLength: COUPON_CODE_MAX });
    } else if (['CATALOG', 'MPM', 'SPM', 'ORDER_DETAILS'].includes(type)) {
      unsupported.push(`a ${type} button`);
    }
  }
  return buttons;
}

export function summarizeTemplate(t: MetaTemplate): TemplateSummary {
  const components = t.components ?? [];
  const find = (type: string) => components.find((c) => c.type.toUpperCase() === type);
  const headerC = find('HEADER');
  const bodyC = find('BODY');
  const footerC = find('FOOTER');
  const buttonsC = find('BUTTONS');
  const bodyText = bodyC?.text ?? '';
  const bodyNames = ordered(placeholderNames(bodyText));
  const headerFormat = (headerC?.format ?? (headerC ? 'TEXT' : undefined))?.toUpperCase();
  const headerNames = headerFormat === 'TEXT' ? placeholderNames(headerC?.text) : [];
  const named = t.parameter_format ? t.parameter_format.toUpperCase() === 'NAMED' : [...bodyNames, ...headerNames].some((n) => !/^\d+$/.test(n));
  const inputs: TemplateInput[] = [];
  const unsupported: string[] = [];

  const header = headerC && headerFormat ? headerInputs(headerC, headerFormat, headerNames, inputs, unsupported) : undefined;

  const bodyEx = examples(bodyC?.example, 'body_text', 'body_text_named_params');
  for (const name of bodyNames) {
    inputs.push({
      key: `body.${name}`,
      component: 'body',
      kind: 'text',
      name,
      required: true,
      label: `{{${name}}}`,
      ...(bodyEx.has(name) && { example: bodyEx.get(name) }),
      maxLength: BODY_PARAM_MAX,
    });
  }

  const buttons = buttonInputs(buttonsC?.buttons ?? [], inputs, unsupported);
  for (const c of components) {
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(c.type.toUpperCase())) unsupported.push(`a ${c.type.toUpperCase()} component`);
  }

  return {
    name: t.name,
    language: t.language,
    category: t.category ?? 'UNKNOWN',
    status: t.status ?? 'UNKNOWN',
    parameterFormat: named ? 'NAMED' : 'POSITIONAL',
    ...(header && { header }),
    bodyText,
    ...(footerC?.text !== undefined && { footerText: footerC.text }),
    buttons,
    inputs,
    variableCount: bodyNames.length,
    ...(unsupported.length > 0 && {
      unsupported: `snorq cannot fill ${unsupported.join(', ')} yet`,
      // Meta's own names of the parts ("a CATALOG button" → CATALOG), for a text in the reader's language.
      unsupportedText: { code: 'template.unsupported', params: { parts: unsupported.map((u) => u.split(' ')[1]).join(', ') } },
    }),
  };
}

type Component = Record<string, unknown>;

/**
 * The `components` of a template send (FACTS 4.3): a header parameter of the header's kind, the
 * body's text parameters (with `parameter_name` in a NAMED template), one `button` component per
 * button that has a value, with its `sub_type` and `index`. Components without parameters are left out.
 */
export function buildTemplateComponents(inputs: readonly TemplateInput[], parameters: TemplateParameters, parameterFormat: 'POSITIONAL' | 'NAMED'): Component[] {
  const value = (key: string): string | undefined => (parameters[key] === undefined || parameters[key] === '' ? undefined : parameters[key]);
  const named = parameterFormat === 'NAMED';
  const textParam = (input: TemplateInput, text: string) => ({ type: 'text', ...(named && input.name && { parameter_name: input.name }), text });
  const out: Component[] = [];

  const header = inputs.filter((i) => i.component === 'header');
  const headerParams: Component[] = [];
  for (const input of header) {
    const v = value(input.key);
    if (input.kind === 'text' && v !== undefined) headerParams.push(textParam(input, v));
    if ((input.kind === 'image' || input.kind === 'video' || input.kind === 'document') && v !== undefined) {
      const filename = input.kind === 'document' ? value('header.filename') : undefined;
      headerParams.push({ type: input.kind, [input.kind]: { link: v, ...(filename && { filename }) } });
    }
  }
  if (header.some((i) => i.kind === 'latitude')) {
    const latitude = value('header.latitude');
    const longitude = value('header.longitude');
    if (latitude !== undefined && longitude !== undefined) {
      const name = value('header.name');
      const address = value('header.address');
      headerParams.push({ type: 'location', location: { latitude, longitude, ...(name && { name }), ...(address && { address }) } });
    }
  }
  if (headerParams.length > 0) out.push({ type: 'header', parameters: headerParams });

  const body = inputs.filter((i) => i.component === 'body').flatMap((i) => (value(i.key) === undefined ? [] : [textParam(i, value(i.key)!)]));
  if (body.length > 0) out.push({ type: 'body', parameters: body });

  for (const input of inputs.filter((i) => i.component === 'button')) {
    const v = value(input.key);
    if (v === undefined || input.index === undefined) continue;
    const index = String(input.index);
    if (input.kind === 'url_suffix') out.push({ type: 'button', sub_type: 'url', index, parameters: [{ type: 'text', text: v }] });
    if (input.kind === 'payload') out.push({ type: 'button', sub_type: 'quick_reply', index, parameters: [{ type: 'payload', payload: v }] });
    if (input.kind === 'coupon_code') out.push({ type: 'button', sub_type: 'copy_code', index, parameters: [{ type: 'coupon_code', coupon_code: v }] });
  }
  return out;
}
