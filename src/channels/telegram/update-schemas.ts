import { z } from 'zod';

/**
 * The Telegram Bot API `Update` (https://core.telegram.org/bots/api#update), as far as snorq reads
 * it. Only the fields we read are named and every object lets unknown fields pass: Telegram adds
 * fields in most Bot API releases and an addition must never stop ingestion. Decorative optional
 * parts `.catch(undefined)`, so one odd field never sinks the message it decorates.
 *
 * Ids: `chat.id` and `user.id` may exceed 2^31 (Telegram: "at most 52 significant bits"), so they
 * are JSON numbers that fit a double; `message_id` is unique within its chat only.
 */

export const Id = z.number().int();
const optionalString = z.string().optional().catch(undefined);
const optionalNumber = z.number().optional().catch(undefined);

export const UserSchema = z.looseObject({
  id: Id,
  is_bot: z.boolean().optional().catch(undefined),
  first_name: optionalString,
  last_name: optionalString,
  username: optionalString,
  language_code: optionalString,
});
export type TelegramUser = z.infer<typeof UserSchema>;

export const ChatSchema = z.looseObject({
  id: Id,
  /** `private`, `group`, `supergroup` or `channel`. */
  type: z.string(),
  title: optionalString,
  username: optionalString,
  first_name: optionalString,
  last_name: optionalString,
});
export type TelegramChat = z.infer<typeof ChatSchema>;

/** Every file object (PhotoSize, Document, Voice, …) names the file by `file_id` for getFile. */
const FileFields = {
  file_id: z.string().min(1),
  file_unique_id: optionalString,
  file_size: optionalNumber,
};

export const PhotoSizeSchema = z.looseObject({ ...FileFields, width: z.number(), height: z.number() });
export type PhotoSize = z.infer<typeof PhotoSizeSchema>;

/** Document, Audio, Voice, Video, VideoNote and Animation share these. */
export const FileSchema = z.looseObject({ ...FileFields, file_name: optionalString, mime_type: optionalString, title: optionalString, performer: optionalString, duration: optionalNumber });
export type TelegramFile = z.infer<typeof FileSchema>;

export const StickerSchema = z.looseObject({
  ...FileFields,
  emoji: optionalString,
  set_name: optionalString,
  is_animated: z.unknown().optional(),
  is_video: z.unknown().optional(),
});
export type Sticker = z.infer<typeof StickerSchema>;

export const LocationSchema = z.looseObject({ latitude: z.number(), longitude: z.number(), live_period: optionalNumber, horizontal_accuracy: optionalNumber });

export const VenueSchema = z.looseObject({ location: LocationSchema, title: z.string(), address: z.string(), foursquare_id: optionalString, google_place_id: optionalString });

export const ContactSchema = z.looseObject({ phone_number: z.string(), first_name: z.string(), last_name: optionalString, user_id: optionalNumber, vcard: optionalString });

/** The message replied to: only its id is read (Telegram sends it whole, without its own reply). */
const RepliedSchema = z.looseObject({ message_id: Id, chat: z.looseObject({ id: Id }).optional().catch(undefined) });

/**
 * A Message (https://core.telegram.org/bots/api#message). Its content is one of many optional
 * fields; the ones snorq reads are named, each parsed on its own by the normaliser so that a
 * content field of an unexpected shape makes the message `unsupported` rather than dropped.
 */
export const MessageSchema = z.looseObject({
  message_id: Id,
  /** Unix seconds. */
  date: z.number().int(),
  chat: ChatSchema,
  from: UserSchema.optional().catch(undefined),
  edit_date: optionalNumber,
  text: optionalString,
  caption: optionalString,
  media_group_id: optionalString,
  reply_to_message: RepliedSchema.optional().catch(undefined),
  forward_origin: z.looseObject({ type: z.string() }).optional().catch(undefined),
});
export type TelegramMessage = z.infer<typeof MessageSchema>;

/** An Update: exactly one optional field besides `update_id` is present in any given update. */
export const UpdateSchema = z.looseObject({ update_id: Id });
export type Update = z.infer<typeof UpdateSchema>;

/**
 * Every update type of Bot API 9 (https://core.telegram.org/bots/api#update). snorq asks for
 * `message`, `edited_message` and `callback_query` (setWebhook `allowed_updates`); the others are named so
 * that a journalled update says which type it was, and anything newer reads as "unknown type".
 */
export const UPDATE_TYPES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'message_reaction',
  'message_reaction_count',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
] as const;

/** What snorq subscribes to when it sets a bot's webhook. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;
