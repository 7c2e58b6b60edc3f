import { z } from 'zod';
import { failed, parseBody, parseJson, type Outcome } from '../http/outcome.ts';
import { readText, timedFetch } from '../http/timed-fetch.ts';
import type { ChannelHistory, HistoryOptions, HistoryResult } from '../channel-definition.ts';
import type { MediaRef, MessageEvent, PlatformCallContext } from '../types.ts';
import { splitTwilioAccountId, twilioFailure, TWILIO_API_VERSION } from './api.ts';
import { customerContact } from './status-callback.ts';

/**
 * Twilio history (FACTS 5.8): `GET /2010-04-01/Accounts/{AC}/Messages.json` is the account's own
 * log (all senders, SMS too), newest first, paged by `next_page_uri`. It is read twice, filtered
 * by `To=<sender>` (what customers wrote) and `From=<sender>` (what the business sent), since
 * `since` as `DateSent>` (an ISO date-time, as Twilio's own SDK sends it). Media are not in the
 * list: a message with `num_media > 0` costs one `Media.json` call, and its media URLs are the
 * same `…/Messages/{MM}/Media/{ME}` the webhook's MediaUrlN gives (FACTS 5.7).
 */

/** Messages per direction read in one pass when the caller gives no limit. */
const DEFAULT_MESSAGES = 200;
const PAGE_SIZE = 100;
/**
 * Outbound messages the customer got (or is getting). queued/failed/undelivered/canceled ones
 * are left out: importing them as "sent" would claim a delivery that did not happen (FACTS 5.3).
 */
const DELIVERED_OUTBOUND = new Set(['sent', 'delivered', 'read']);

const ResourceSchema = z.looseObject({
  sid: z.string().min(1),
  from: z.string().nullish(),
  to: z.string().nullish(),
  body: z.string().nullish(),
  status: z.string().nullish(),
  date_sent: z.string().nullish(),
  date_created: z.string().nullish(),
  num_media: z.union([z.string(), z.number()]).nullish(),
});
type Resource = z.infer<typeof ResourceSchema>;
const PageSchema = z.looseObject({ messages: z.array(z.unknown()), next_page_uri: z.string().nullish() });
const MediaListSchema = z.looseObject({
  media_list: z.array(z.looseObject({ sid: z.string().min(1), content_type: z.string().nullish() })),
});

export async function fetchHistory(call: PlatformCallContext, options: HistoryOptions): Promise<HistoryResult> {
  const { accountSid, from: sender } = splitTwilioAccountId(call.accountId);
  const limit = options.limit ?? DEFAULT_MESSAGES;
  const list = `/${TWILIO_API_VERSION}/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const resources = new Map<string, Resource>();
  for (const side of ['To', 'From']) {
    const query = new URLSearchParams({ [side]: sender, PageSize: String(Math.min(PAGE_SIZE, limit)) });
    if (options.since) query.set('DateSent>', options.since.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    let next: string | undefined = `${list}?${query.toString()}`;
    let read = 0;
    while (next && read < limit) {
      const page: Outcome<z.infer<typeof PageSchema>> = await getJson(call, next, PageSchema);
      if (!page.ok) return page;
      for (const item of page.value.messages) {
        const parsed = ResourceSchema.safeParse(item);
        if (parsed.success && read < limit) resources.set(parsed.data.sid, parsed.data);
        read++;
      }
      next = page.value.next_page_uri ?? undefined;
    }
  }

  const events: MessageEvent[] = [];
  for (const resource of resources.values()) {
    const inbound = resource.to === sender;
    const customer = inbound ? resource.from : resource.to;
    // The log holds every sender and SMS too: keep this sender's WhatsApp messages only.
    if ((!inbound && resource.from !== sender) || !customer?.startsWith('whatsapp:')) continue;
    if (!inbound && !DELIVERED_OUTBOUND.has(resource.status ?? '')) continue;
    const media = await mediaOf(call, accountSid, resource);
    if (!media.ok) return media;
    events.push(messageEvent(call.accountId, resource, inbound, customer, media.value));
  }
  return { ok: true, events };
}

function messageEvent(accountId: string, r: Resource, inbound: boolean, customer: string, media: MediaRef[] | undefined): MessageEvent {
  const event: MessageEvent = {
    kind: 'message',
    accountId,
    externalId: r.sid,
    direction: inbound ? 'inbound' : 'outbound',
    contact: customerContact(customer),
    contentType: 'unsupported',
  };
  // The log has the times the webhook lacks (pitfall 15): date_sent, else date_created.
  const at = Date.parse(r.date_sent ?? r.date_created ?? '');
  if (Number.isFinite(at)) event.timestamp = at;
  if (r.body) event.text = r.body;
  if (media && media.length > 0) {
    event.media = media;
    event.contentType = media[0]?.type ?? 'file';
  } else if (r.body && media === undefined) {
    event.contentType = 'text';
  }
  // Locations, buttons and media Twilio no longer has: the resource is kept verbatim.
  if (event.contentType === 'unsupported') event.raw = r;
  return event;
}

/**
 * The message's media (one Media.json call), or undefined when it has none. Media that is gone
 * (deleted, FACTS 5.7) leaves an empty list and the message `unsupported`; a failure that may
 * pass (rate limit, 5xx) fails the pass, so it is retried whole.
 */
async function mediaOf(call: PlatformCallContext, accountSid: string, r: Resource): Promise<Outcome<MediaRef[] | undefined>> {
  if (!(Number(r.num_media ?? 0) > 0)) return { ok: true, value: undefined };
  const messagePath = `/${TWILIO_API_VERSION}/Accounts/${encodeURIComponent(accountSid)}/Messages/${encodeURIComponent(r.sid)}`;
  const list = await getJson(call, `${messagePath}/Media.json`, MediaListSchema);
  if (!list.ok) return list.failure.retryable ? list : { ok: true, value: [] };
  const base = call.urls.twilio.replace(/\/+$/, '');
  const media = list.value.media_list.map((m): MediaRef => {
    const mimeType = m.content_type ?? undefined;
    const ref: MediaRef = { type: mediaType(mimeType), url: `${base}${messagePath}/Media/${encodeURIComponent(m.sid)}` };
    if (mimeType) ref.mimeType = mimeType;
    return ref;
  });
  return { ok: true, value: media };
}

function mediaType(mimeType: string | undefined): MediaRef['type'] {
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType?.startsWith('video/')) return 'video';
  if (mimeType?.startsWith('audio/')) return 'audio';
  return 'file';
}

/** GET a path of Twilio's REST API (`/2010-04-01/…`, as Twilio's own URIs are) with Basic auth. */
async function getJson<S extends z.ZodType>(call: PlatformCallContext, apiPath: string, schema: S): Promise<Outcome<z.infer<S>>> {
  const c = call.credentials;
  if (c.platform !== 'twilio') throw new Error(`Twilio history called with ${c.platform} credentials`);
  const url = `${call.urls.twilio.replace(/\/+$/, '')}${apiPath}`;
  const authorization = `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`;
  const sent = await timedFetch(call, url, { method: 'GET', headers: { authorization, accept: 'application/json' } }, 'Twilio');
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'Twilio');
  if (!text.ok) return text;
  const body = parseJson(text.value);
  if (!sent.res.ok) return failed(twilioFailure(sent.res.status, body, sent.res.headers));
  return parseBody(schema, body, 'Twilio');
}

export const twilioHistory: ChannelHistory = { fetch: fetchHistory };
