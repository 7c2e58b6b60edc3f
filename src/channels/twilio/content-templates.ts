import { z } from 'zod';
import { failed, parseBody, parseJson, type Outcome } from '../http/outcome.ts';
import { readText, timedFetch } from '../http/timed-fetch.ts';
import { placeholderNames, type TemplateInput, type TemplateSummary } from '../template-spec.ts';
import type { PlatformCallContext } from '../types.ts';
import { twilioFailure } from './api.ts';

/**
 * Twilio Content API templates (FACTS 5.5: since 2025-04-01 WhatsApp templates go out as
 * `ContentSid` + `ContentVariables`). `GET content.twilio.com/v1/ContentAndApprovals` lists each
 * template with its `variables` (name → default value), its `types` (`twilio/text`: `{body}`,
 * `twilio/quick-reply`, `twilio/media`, `twilio/call-to-action`, `twilio/card` …) and its WhatsApp
 * approval (`approval_requests: {name, category, status, …}`).
 *
 * Twilio fills a variable the send leaves out with that default (its "Using variables" page), so
 * a forgotten variable would reach the customer as the sample text: snorq makes every variable a
 * required input and refuses a send that lacks one.
 */

const Content = z.looseObject({
  sid: z.string(),
  friendly_name: z.string().nullish(),
  language: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  types: z.record(z.string(), z.unknown()).nullish(),
  // An object in ContentAndApprovals; read an array (or the ApprovalRequests resource's `whatsapp`) too.
  approval_requests: z.unknown().optional(),
});
const ContentPage = z.looseObject({
  contents: z.array(Content),
  meta: z.looseObject({ next_page_url: z.string().nullish() }).optional(),
});

/** FACTS 5.5: a Content variable value may be up to 1600 characters. */
const VARIABLE_MAX = 1600;
const asRecord = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** content.twilio.com beside api.twilio.com; a stand-in given as TWILIO_API_URL serves both. */
export function twilioContentBase(apiBase: string): string {
  const url = new URL(apiBase.replace(/\/+$/, ''));
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('twilio.com')) url.hostname = `content.${url.hostname.slice(4)}`;
  return url.toString().replace(/\/+$/, '');
}

function approvalOf(raw: unknown): { status?: string; name?: string; category?: string } {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const record = asRecord(first);
  const inner = asRecord(record?.whatsapp) ?? record;
  return { status: str(inner?.status), name: str(inner?.name), category: str(inner?.category) };
}

/** The text a content type shows, from the first type that has one. */
function bodyOf(types: Record<string, unknown>): string {
  for (const type of Object.values(types)) {
    const t = asRecord(type);
    const text = str(t?.body) ?? str(t?.title);
    if (text) return text;
  }
  return '';
}

export function summarizeContent(c: z.infer<typeof Content>): TemplateSummary {
  const types = c.types ?? {};
  const bodyText = bodyOf(types);
  const approval = approvalOf(c.approval_requests);
  const defaults = c.variables ?? {};
  // Every variable the template declares, and any placeholder it uses without declaring one.
  const names = [...new Set([...Object.keys(defaults), ...placeholderNames(JSON.stringify(types))])].sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b)));
  const inputs: TemplateInput[] = names.map((name) => {
    const example = str(defaults[name]);
    return { key: `body.${name}`, component: 'body', kind: 'text', name, required: true, label: `{{${name}}}`, ...(example && { example }), maxLength: VARIABLE_MAX };
  });
  const actions = Object.values(types).flatMap((t) => (Array.isArray(asRecord(t)?.actions) ? (asRecord(t)!.actions as unknown[]) : []));
  return {
    name: approval.name ?? c.friendly_name ?? c.sid,
    language: c.language ?? 'en',
    category: approval.category?.toUpperCase() ?? 'UNKNOWN',
    status: approval.status?.toUpperCase() ?? 'UNSUBMITTED',
    parameterFormat: names.every((n) => /^\d+$/.test(n)) ? 'POSITIONAL' : 'NAMED',
    bodyText,
    buttons: actions.flatMap((a) => {
      const r = asRecord(a);
      const title = str(r?.title);
      return title ? [{ type: (str(r?.type) ?? 'QUICK_REPLY').toUpperCase(), text: title, ...(str(r?.url) && { url: str(r?.url) }) }] : [];
    }),
    inputs,
    variableCount: inputs.length,
    contentSid: c.sid,
  };
}

/** Every page of `GET /v1/ContentAndApprovals` (HTTP Basic AccountSid:AuthToken). */
export async function listContentTemplates(call: PlatformCallContext): Promise<Outcome<TemplateSummary[]>> {
  const c = call.credentials;
  if (c.platform !== 'twilio') throw new Error(`Twilio API called with ${c.platform} credentials`);
  const authorization = `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`;
  const base = twilioContentBase(call.urls.twilio);
  const templates: TemplateSummary[] = [];
  let query = 'PageSize=500';
  for (let page = 0; page < 50; page++) {
    const sent = await timedFetch(call, `${base}/v1/ContentAndApprovals?${query}`, { method: 'GET', headers: { authorization, accept: 'application/json' } }, 'Twilio');
    if (!sent.ok) return sent;
    const text = await readText(sent.res, call, 'Twilio');
    if (!text.ok) return text;
    const body = parseJson(text.value);
    if (!sent.res.ok) return failed(twilioFailure(sent.res.status, body, sent.res.headers));
    const parsed = parseBody(ContentPage, body, 'Twilio');
    if (!parsed.ok) return parsed;
    templates.push(...parsed.value.contents.map(summarizeContent));
    // Follow the page token, not the absolute next_page_url: that names Twilio's host, not the configured one.
    const next = parsed.value.meta?.next_page_url;
    const nextQuery = next && URL.canParse(next) ? new URL(next).search.slice(1) : '';
    if (!nextQuery || nextQuery === query) break;
    query = nextQuery;
  }
  return { ok: true, value: templates };
}
