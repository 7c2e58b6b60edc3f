import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { hex } from '../ids.ts';
import type { SimAccount } from '../types.ts';
import type { ContentTemplate } from './content-templates.ts';
import { sendTwilioError, twilioErrors } from './errors.ts';

/**
 * `POST content.twilio.com/v1/Content` (FACTS 5.5; Twilio's twilio/quick-reply and
 * twilio/list-picker pages): content an account creates to send in a session. Checked as those
 * pages state — quick-reply: body ≤ 1024, 1 to 10 actions, a title ≤ 20 and an id ≤ 200 each;
 * list-picker: body ≤ 1024, a button ≤ 20, 1 to 10 items (item ≤ 24, id ≤ 200, description
 * required ≤ 72) — and refused with Twilio's error JSON (400, 20422 Invalid Parameter). Kept per
 * simulator, for the sends that name it (send.ts).
 */

const created = new WeakMap<SimContext, Map<string, ContentTemplate & { accountId: string; items?: { item: string; id: string; description: string }[]; button?: string }>>();
type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const len = (s: string) => Array.from(s).length;
const invalid = (message: string) => twilioErrors.badRequest(20422, message);

function str(v: unknown, what: string, max: number, required = true): string | ReturnType<typeof invalid> {
  if (typeof v !== 'string' || v === '') return required ? invalid(`${what} is required`) : '';
  if (len(v) > max) return invalid(`${what} must be at most ${max} characters`);
  return v;
}

function quickReply(t: Obj): Omit<ContentTemplate, 'sid' | 'friendlyName' | 'language' | 'variables'> | ReturnType<typeof invalid> {
  const body = str(t.body, 'twilio/quick-reply body', 1024);
  if (typeof body !== 'string') return body;
  const actions = Array.isArray(t.actions) ? t.actions.map(asObj) : [];
  if (actions.length < 1 || actions.length > 10) return invalid('twilio/quick-reply actions must have 1 to 10 items');
  const out: { title: string; id: string }[] = [];
  for (const a of actions) {
    const title = str(a?.title, 'Quick reply title', 20);
    if (typeof title !== 'string') return title;
    const id = str(a?.id, 'Quick reply id', 200);
    if (typeof id !== 'string') return id;
    out.push({ title, id });
  }
  return { type: 'twilio/quick-reply', body, actions: out };
}

function listPicker(t: Obj) {
  const body = str(t.body, 'twilio/list-picker body', 1024);
  if (typeof body !== 'string') return body;
  const button = str(t.button, 'twilio/list-picker button', 20);
  if (typeof button !== 'string') return button;
  const raw = Array.isArray(t.items) ? t.items.map(asObj) : [];
  if (raw.length < 1 || raw.length > 10) return invalid('twilio/list-picker items must have 1 to 10 items');
  const items: { item: string; id: string; description: string }[] = [];
  for (const i of raw) {
    const item = str(i?.item, 'List item', 24);
    if (typeof item !== 'string') return item;
    const id = str(i?.id, 'List item id', 200);
    if (typeof id !== 'string') return id;
    const description = str(i?.description, 'List item description', 72);
    if (typeof description !== 'string') return description;
    items.push({ item, id, description });
  }
  return { type: 'twilio/list-picker' as const, body, button, items, actions: items.map((i) => ({ title: i.item, id: i.id })) };
}

export function createContent(ctx: SimContext, reply: FastifyReply, account: SimAccount, raw: unknown): FastifyReply {
  const input = asObj(raw);
  const types = asObj(input?.types);
  if (!input || typeof input.friendly_name !== 'string' || !types) return sendTwilioError(reply, invalid('friendly_name and types are required'));
  const kind = Object.keys(types)[0];
  if (Object.keys(types).length !== 1 || (kind !== 'twilio/quick-reply' && kind !== 'twilio/list-picker'))
    return sendTwilioError(reply, invalid('types must hold one of twilio/quick-reply, twilio/list-picker'));
  const checked = kind === 'twilio/quick-reply' ? quickReply(asObj(types[kind]) ?? {}) : listPicker(asObj(types[kind]) ?? {});
  if ('status' in checked) return sendTwilioError(reply, checked);
  const sid = `HX${hex(16)}`;
  const language = typeof input.language === 'string' ? input.language : 'en';
  const stored = { ...checked, sid, friendlyName: input.friendly_name, language, variables: {}, accountId: account.accountId } as ContentTemplate & { accountId: string };
  const map = created.get(ctx) ?? new Map();
  created.set(ctx, map);
  map.set(sid, stored);
  return reply
    .code(201)
    .type('application/json; charset=utf-8')
    .send({
      sid,
      account_sid: account.accountId,
      friendly_name: input.friendly_name,
      language,
      variables: {},
      types,
      url: `https://content.twilio.com/v1/Content/${sid}`,
      date_created: new Date(ctx.now()).toISOString(),
    });
}

/** Content this account created, by sid. */
export function createdContent(ctx: SimContext, accountId: string, sid: string): ContentTemplate | undefined {
  const content = created.get(ctx)?.get(sid);
  return content?.accountId === accountId ? content : undefined;
}
