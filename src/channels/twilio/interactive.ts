import { z } from 'zod';
import { failed, parseBody, parseJson, type Outcome } from '../http/outcome.ts';
import { readText, timedFetch } from '../http/timed-fetch.ts';
import type { PlatformCallContext } from '../types.ts';
import type { InteractiveContent, InteractiveLimits } from '../../text/interactive-limits.ts';
import { twilioContentBase } from './content-templates.ts';

/**
 * Choices on Twilio's WhatsApp go only as Content API content referenced by `ContentSid` (FACTS
 * 5.5): snorq creates a `twilio/quick-reply` or `twilio/list-picker` content for the reply
 * (`POST content.twilio.com/v1/Content`) and sends it in the session, where WhatsApp needs no
 * approval. Limits from Twilio's content-type pages: quick-reply — body ≤ 1024, in a session
 * without approval at most 3 buttons, a title ≤ 20 and an id ≤ 200; list-picker — body ≤ 1024,
 * a button ≤ 20, 1 to 10 items, each item ≤ 24, id ≤ 200 and a description (required) ≤ 72, no sections.
 *
 * The contents are not deleted after the send: Twilio's Content API reference says it "supports an
 * unlimited number of content templates" (only WhatsApp-approved templates are capped, at 6,000,
 * and these are never submitted for approval), and deleting one while its message may still be
 * retried or rendered would gain nothing. Their `snorq_reply_…` name tells them apart in the Console.
 */
export const TWILIO_INTERACTIVE: InteractiveLimits = {
  buttons: { maxChoices: 3, titleMax: 20, idMax: 200 },
  list: { maxRows: 10, maxSections: 1, buttonMax: 20, sectionTitleMax: 0, rowTitleMax: 24, rowDescriptionMax: 72, descriptionRequired: true, idMax: 200 },
  body: { max: 1024, unit: 'characters' },
};

const ContentSchema = z.looseObject({ sid: z.string().regex(/^HX/) });

/** The `types` of the content: the text and its choices. */
export function contentTypes(content: InteractiveContent, body: string): Record<string, unknown> {
  if (content.kind === 'buttons') return { 'twilio/quick-reply': { body, actions: content.choices.map((c) => ({ title: c.title, id: c.id })) } };
  const items = content.sections.flatMap((s) => s.rows.map((r) => ({ item: r.title, id: r.id, description: r.description ?? '' })));
  return { 'twilio/list-picker': { body, button: content.button, items } };
}

/** Create the reply's content; its `HX…` sid goes in the send's `ContentSid`. */
export async function createContent(
  call: PlatformCallContext,
  auth: { authorization: string; failure: (status: number, body: unknown, headers: Headers) => Parameters<typeof failed>[0] },
  content: InteractiveContent,
  body: string,
): Promise<Outcome<string>> {
  const json = { friendly_name: `snorq_reply_${Date.now().toString(36)}`, language: 'en', types: contentTypes(content, body) };
  const url = `${twilioContentBase(call.urls.twilio)}/v1/Content`;
  const sent = await timedFetch(
    call,
    url,
    { method: 'POST', headers: { authorization: auth.authorization, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(json) },
    'Twilio',
  );
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'Twilio');
  if (!text.ok) return text;
  const parsed = parseJson(text.value);
  if (!sent.res.ok) return failed(auth.failure(sent.res.status, parsed, sent.res.headers));
  const created = parseBody(ContentSchema, parsed, 'Twilio');
  return created.ok ? { ok: true, value: created.value.sid } : created;
}
