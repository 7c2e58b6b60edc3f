import type { GraphErrorSpec } from '../meta/graph/errors.ts';

/**
 * What Cloud API takes in an `interactive` send of type `button` or `list` (FACTS 4.3; Meta's
 * "Interactive reply buttons messages" and "Interactive list messages" pages; the limits
 * whatsapp-api-js and wax check before sending): refused with `(#131009) Parameter value is not
 * valid` and the reason in `error_data.details`, as Graph answers. Lengths are code points.
 * A choice the customer may tap is kept on the message (`choices`), so a simulated tap answers
 * with its own title (customer-events.ts).
 */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const len = (s: string) => Array.from(s).length;
const invalid = (details: string): GraphErrorSpec => ({ code: 131009, message: '(#131009) Parameter value is not valid', details, whatsapp: true });
const required = (what: string): GraphErrorSpec => ({ code: 100, message: `(#100) The parameter ${what} is required.`, details: `The parameter ${what} is required.`, whatsapp: true });

export interface SimChoice {
  id: string;
  title: string;
  description?: string;
}
export type InteractiveChecked = { text: string; kind: 'button' | 'list'; choices: SimChoice[] } | { text: string; kind: 'other'; choices: [] } | { error: GraphErrorSpec };

function text(value: unknown, what: string, max: number): string | GraphErrorSpec {
  if (typeof value !== 'string' || value.length === 0) return required(what);
  if (len(value) > max) return invalid(`${what} length invalid. Min length: 1, Max length: ${max}`);
  return value;
}

function checkButtons(action: Obj | undefined): SimChoice[] | GraphErrorSpec {
  const buttons = Array.isArray(action?.buttons) ? action.buttons.map(asObj) : [];
  if (buttons.length < 1 || buttons.length > 3) return invalid('Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3');
  const choices: SimChoice[] = [];
  for (const [i, b] of buttons.entries()) {
    if (b?.type !== 'reply') return invalid(`Button type at index ${i} is invalid. Allowed types: reply`);
    const reply = asObj(b.reply);
    const title = text(reply?.title, 'Button title', 20);
    if (typeof title !== 'string') return title;
    const id = text(reply?.id, 'Button id', 256);
    if (typeof id !== 'string') return id;
    if (choices.some((c) => c.id === id)) return invalid(`Duplicate button id: ${id}. Button ids must be unique`);
    if (choices.some((c) => c.title === title)) return invalid(`Duplicate button title: ${title}. Button titles must be unique`);
    choices.push({ id, title });
  }
  return choices;
}

function checkList(action: Obj | undefined): SimChoice[] | GraphErrorSpec {
  const button = text(action?.button, "interactive['action']['button']", 20);
  if (typeof button !== 'string') return button;
  const sections = Array.isArray(action?.sections) ? action.sections.map(asObj) : [];
  if (sections.length < 1 || sections.length > 10) return invalid('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10');
  const choices: SimChoice[] = [];
  for (const section of sections) {
    if (section?.title !== undefined || sections.length > 1) {
      const title = text(section?.title, 'Section title', 24);
      if (typeof title !== 'string') return title;
    }
    const rows = Array.isArray(section?.rows) ? section.rows.map(asObj) : [];
    if (rows.length === 0) return required("interactive['action']['sections']['rows']");
    for (const row of rows) {
      const title = text(row?.title, 'Row title', 24);
      if (typeof title !== 'string') return title;
      const id = text(row?.id, 'Row id', 200);
      if (typeof id !== 'string') return id;
      if (row?.description !== undefined && (typeof row.description !== 'string' || len(row.description) > 72)) return invalid('Row description length invalid. Min length: 0, Max length: 72');
      if (choices.some((c) => c.id === id)) return invalid(`Duplicate row id: ${id}. Row ids must be unique`);
      choices.push({ id, title, ...(typeof row?.description === 'string' && { description: row.description }) });
    }
  }
  if (choices.length > 10) return invalid(`Total row count exceed max allowed count: 10`);
  return choices;
}

const TYPES = ['button', 'list', 'cta_url', 'product', 'product_list', 'flow', 'location_request_message'];

export function checkInteractive(body: Obj): InteractiveChecked {
  const type = String(body.type ?? '');
  if (!TYPES.includes(type))
    return { error: { code: 100, message: "(#100) Param interactive['type'] must be one of {BUTTON, LIST, CTA_URL, PRODUCT, PRODUCT_LIST, FLOW, LOCATION_REQUEST_MESSAGE}", whatsapp: true } };
  const bodyText = text(asObj(body.body)?.text, "interactive['body']['text']", 1024);
  if (typeof bodyText !== 'string') return { error: bodyText.code === 100 ? bodyText : invalid('Body text length invalid. Min length: 1, Max length: 1024') };
  for (const part of ['header', 'footer'] as const) {
    const value = asObj(body[part]);
    if (value && typeof value.text === 'string' && len(value.text) > 60) return { error: invalid(`${part === 'header' ? 'Header' : 'Footer'} text length invalid. Min length: 1, Max length: 60`) };
  }
  const action = asObj(body.action);
  if (type !== 'button' && type !== 'list') return { text: bodyText, kind: 'other', choices: [] };
  const choices = type === 'button' ? checkButtons(action) : checkList(action);
  if (!Array.isArray(choices)) return { error: choices };
  return { text: bodyText, kind: type, choices };
}
