import { z } from 'zod';

/**
 * WhatsApp Cloud API webhook schemas (FACTS 4.1). They name only the fields snorq reads and let
 * every other field pass. Lists are parsed item by item by the normaliser, so one odd message or
 * status never sinks its batch (pitfall 10).
 */

/** WhatsApp timestamps are strings of Unix seconds (FACTS 4.1, pitfall 15); events carry ms. */
export const UnixSecondsAsMs = z.union([z.string().regex(/^\d+$/), z.number()]).transform((v) => Number(v) * 1000);

const Numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export const ChangeSchema = z.looseObject({ field: z.string(), value: z.unknown() });

/** The routing id of a `messages` value (pitfall 6): without it the change cannot be routed. */
export const ValueMetadataSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1) }),
});

export const ContactSchema = z.looseObject({
  wa_id: z.string().nullish(),
  /** Business-scoped user id (BSUID, FACTS 4.1): for users known by username only. */
  user_id: z.string().nullish(),
  profile: z.looseObject({ name: z.string().nullish(), username: z.string().nullish() }).nullish(),
});
export type WaContact = z.infer<typeof ContactSchema>;

export const MessageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string().min(1).nullish(),
  from_user_id: z.string().min(1).nullish(),
  timestamp: UnixSecondsAsMs.optional().catch(undefined),
  type: z.string(),
  context: z
    .looseObject({
      id: z.string().nullish(),
      forwarded: z.boolean().nullish(),
      frequently_forwarded: z.boolean().nullish(),
      referred_product: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish()
    .catch(undefined),
  /** Click-to-WhatsApp ad entry, on the first message (FACTS 4.1). */
  referral: z.record(z.string(), z.unknown()).nullish().catch(undefined),
  errors: z.array(z.unknown()).nullish().catch(undefined),
});
export type WaMessage = z.infer<typeof MessageSchema>;

/** Coexistence echoes name the customer in `to` (FACTS 4.1 Echo). */
export const EchoSchema = MessageSchema.extend({
  to: z.string().min(1).nullish(),
  to_user_id: z.string().min(1).nullish(),
});

export const TextSchema = z.looseObject({ body: z.string() });

export const MediaSchema = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().nullish(),
  sha256: z.string().nullish(),
  caption: z.string().nullish(),
  filename: z.string().nullish(),
  voice: z.boolean().nullish(),
  animated: z.boolean().nullish(),
});

export const LocationSchema = z.looseObject({
  latitude: Numeric,
  longitude: Numeric,
  name: z.string().nullish(),
  address: z.string().nullish(),
  url: z.string().nullish(),
});

export const InteractiveSchema = z.looseObject({
  type: z.string(),
  button_reply: z.looseObject({ id: z.string(), title: z.string() }).nullish(),
  list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().nullish() }).nullish(),
  nfm_reply: z.looseObject({ name: z.string().nullish(), body: z.string().nullish(), response_json: z.string().nullish() }).nullish(),
});

export const ButtonSchema = z.looseObject({ text: z.string(), payload: z.string().nullish() });

export const ReactionSchema = z.looseObject({ message_id: z.string().min(1), emoji: z.string().nullish() });

export const StatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: UnixSecondsAsMs.optional().catch(undefined),
  recipient_id: z.string().min(1).nullish(),
  recipient_user_id: z.string().min(1).nullish(),
  errors: z.array(z.unknown()).nullish().catch(undefined),
});

export const ErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).transform(String),
  title: z.string().nullish(),
  message: z.string().nullish(),
  error_data: z.looseObject({ details: z.string().nullish() }).nullish(),
});

/**
 * Coexistence numbers report a customer's deletion and edit as messages of their own, naming the
 * original (Meta's revoke / edit webhook references). An edit carries the new message whole:
 * `edit.message` with its own `type` and text or media object (a media edit changes the caption).
 */
export const RevokeSchema = z.looseObject({ original_message_id: z.string().min(1) });

export const EditSchema = z.looseObject({
  original_message_id: z.string().min(1).nullish().catch(undefined),
  message: z.record(z.string(), z.unknown()).nullish().catch(undefined),
});

/**
 * A number change (`user_changed_number`; `customer_changed_number` before v12 with `new_wa_id`)
 * or a BSUID change (`user_changed_user_id`, with `user_id` and `previous_user_id`). Every field
 * is optional: the notice is kept even when the new id is missing.
 */
export const SystemSchema = z.looseObject({
  body: z.string().nullish().catch(undefined),
  type: z.string().nullish().catch(undefined),
  wa_id: z
    .union([z.string().min(1), z.number().transform(String)])
    .nullish()
    .catch(undefined),
  new_wa_id: z
    .union([z.string().min(1), z.number().transform(String)])
    .nullish()
    .catch(undefined),
  user_id: z.string().min(1).nullish().catch(undefined),
  previous_user_id: z.string().min(1).nullish().catch(undefined),
});

/** One line of a catalogue order; quantities and prices are numbers in Meta's samples, strings in some captures. */
export const OrderItemSchema = z.looseObject({
  product_retailer_id: z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .catch(undefined),
  quantity: Numeric.nullish().catch(undefined),
  item_price: Numeric.nullish().catch(undefined),
  currency: z.string().nullish().catch(undefined),
});

export const OrderSchema = z.looseObject({
  catalog_id: z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .catch(undefined),
  text: z.string().nullish().catch(undefined),
  product_items: z.array(z.unknown()).nullish().catch(undefined),
});
