import { z } from 'zod';

/**
 * Schemas of the Messenger Platform webhook items, which Instagram Messaging shares
 * (FACTS 2.1, 3.1). They name only the fields snorq reads; every object is loose so a field
 * Meta adds passes through. Optional fields are `nullish` because Meta sends `null` for some
 * (a `fallback` attachment's payload, FACTS 2.1).
 */

/** Ids are strings; `app_id` and `sticker_id` arrive as JSON numbers (FACTS 2.1). */
const IdLike = z.union([z.string(), z.number().transform(String)]);

/**
 * Messenger and Instagram timestamps are epoch milliseconds (FACTS 2.1, pitfall 15), but the
 * `messaging_postbacks` reference shows a string of seconds in its `changes` sample: a value
 * below 1e11 can only be seconds (1e11 ms is March 1973), so it is scaled.
 */
export const TimestampMs = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).transform((n) => (n < 1e11 ? n * 1000 : n));

const Party = z.looseObject({ id: z.string().min(1) });

/** What every item carries; an odd value in one of these is read as absent. */
export const ItemBaseSchema = z.looseObject({
  sender: Party.optional().catch(undefined),
  recipient: Party.optional().catch(undefined),
  timestamp: TimestampMs.optional().catch(undefined),
});
export type ItemBase = z.infer<typeof ItemBaseSchema>;

export const AttachmentSchema = z.looseObject({
  type: z.string(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  payload: z
    .looseObject({
      url: z.string().nullish(),
      title: z.string().nullish(),
      id: IdLike.nullish(),
      sticker_id: IdLike.nullish(),
      reel_video_id: IdLike.nullish(),
    })
    .nullish(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const MessageSchema = z.looseObject({
  mid: z.string().min(1),
  text: z.string().nullish(),
  is_echo: z.boolean().nullish(),
  app_id: IdLike.nullish(),
  /** The string passed on send, echoed back (FACTS 2.1 echo). */
  metadata: z.string().nullish(),
  /** Instagram unsend: same mid as the original (FACTS 3.1). */
  is_deleted: z.boolean().nullish(),
  is_unsupported: z.boolean().nullish(),
  /** Older sticker messages name the sticker here beside an `image` attachment. */
  sticker_id: IdLike.nullish(),
  quick_reply: z.looseObject({ payload: z.string() }).nullish(),
  reply_to: z
    .looseObject({
      mid: z.string().nullish(),
      story: z.looseObject({ url: z.string().nullish(), id: IdLike.nullish() }).nullish(),
    })
    .nullish(),
  // Each attachment is parsed on its own, so one odd attachment marks only its message unsupported.
  attachments: z.array(z.unknown()).nullish(),
  referral: z.record(z.string(), z.unknown()).nullish(),
});
export type Message = z.infer<typeof MessageSchema>;

/** Messenger `message_deliveries`: no timestamp, `mids` optional, watermark always (FACTS 2.1). */
export const DeliverySchema = z.looseObject({
  mids: z.array(z.string()).nullish(),
  watermark: TimestampMs,
});

/** Messenger reads carry a watermark; Instagram `messaging_seen` names one mid (FACTS 3.1). */
export const ReadSchema = z
  .looseObject({ watermark: TimestampMs.nullish(), mid: z.string().nullish() })
  .refine((r) => r.watermark != null || r.mid != null, 'read names neither a watermark nor a mid');

export const ReactionSchema = z.looseObject({
  mid: z.string().min(1),
  action: z.string(),
  emoji: z.string().nullish(),
  reaction: z.string().nullish(),
});

export const MessageEditSchema = z.looseObject({
  mid: z.string().min(1),
  text: z.string(),
  num_edit: z.union([z.number(), z.string()]).nullish(),
});

export const PostbackSchema = z.looseObject({
  mid: z.string().nullish(),
  title: z.string().nullish(),
  payload: z.string().nullish(),
  referral: z.record(z.string(), z.unknown()).nullish(),
});

/** An item-level `referral` beside a message; anything but an object is read as absent. */
export const OptionalReferralSchema = z.record(z.string(), z.unknown()).optional().catch(undefined);

const Coordinate = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish()
  .catch(undefined);
const Coordinates = z.looseObject({ lat: Coordinate, long: Coordinate, lng: Coordinate, latitude: Coordinate, longitude: Coordinate });

/** A `location` attachment's payload: `coordinates: { lat, long }` as documented, or the numbers flat on the payload. */
export const LocationPayloadSchema = Coordinates.extend({
  coordinates: Coordinates.nullish().catch(undefined),
  url: z.string().nullish().catch(undefined),
});

const TemplateButtonSchema = z.looseObject({
  title: z.string().nullish().catch(undefined),
  payload: z.string().nullish().catch(undefined),
  url: z.string().nullish().catch(undefined),
});
const TemplateButtons = z
  .array(z.unknown())
  .transform((list) =>
    list.flatMap((b) => {
      const parsed = TemplateButtonSchema.safeParse(b);
      return parsed.success ? [parsed.data] : [];
    }),
  )
  .nullish()
  .catch(undefined);

/** A `template` attachment's payload (button, generic, media templates): only what a card shows. */
export const TemplatePayloadSchema = z.looseObject({
  template_type: z.string().nullish().catch(undefined),
  text: z.string().nullish().catch(undefined),
  buttons: TemplateButtons,
  elements: z
    .array(z.unknown())
    .transform((list) =>
      list.flatMap((e) => {
        const parsed = z.looseObject({ title: z.string().nullish().catch(undefined), subtitle: z.string().nullish().catch(undefined), buttons: TemplateButtons }).safeParse(e);
        return parsed.success ? [parsed.data] : [];
      }),
    )
    .nullish()
    .catch(undefined),
});
