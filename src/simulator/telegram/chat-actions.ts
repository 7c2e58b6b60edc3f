import type { FastifyReply } from 'fastify';
import { ok, refuseWith, REFUSALS } from './answers.ts';
import type { MethodCall } from './routes.ts';
import { findChat } from './telegram-state.ts';

/**
 * setMessageReaction and sendChatAction (https://core.telegram.org/bots/api#setmessagereaction,
 * #sendchataction). A bot sets at most one reaction on a message, a ReactionTypeEmoji from the
 * list the Bot API gives (anything else is REACTION_INVALID, as Telegram's servers name it); an
 * empty or absent `reaction` removes it. A chat action is one of the listed ones.
 */

/** ReactionTypeEmoji's emoji, as the Bot API reference lists them. */
const REACTION_EMOJI = new Set([
  '👍',
  '👎',
  '❤',
  '🔥',
  '🥰',
  '👏',
  '😁',
  '🤔',
  '🤯',
  '😱',
  '🤬',
  '😢',
  '🎉',
  '🤩',
  '🤮',
  '💩',
  '🙏',
  '👌',
  '🕊',
  '🤡',
  '🥱',
  '🥴',
  '😍',
  '🐳',
  '❤‍🔥',
  '🌚',
  '🌭',
  '💯',
  '🤣',
  '⚡',
  '🍌',
  '🏆',
  '💔',
  '🤨',
  '😐',
  '🍓',
  '🍾',
  '💋',
  '🖕',
  '😈',
  '😴',
  '😭',
  '🤓',
  '👻',
  '👨‍💻',
  '👀',
  '🎃',
  '🙈',
  '😇',
  '😨',
  '🤝',
  '✍',
  '🤗',
  '🫡',
  '🎅',
  '🎄',
  '☃',
  '💅',
  '🤪',
  '🗿',
  '🆒',
  '💘',
  '🙉',
  '🦄',
  '😘',
  '💊',
  '🙊',
  '😎',
  '👾',
  '🤷‍♂',
  '🤷',
  '🤷‍♀',
  '😡',
]);
const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
];

const REACTION_REFUSALS = {
  messageIdInvalid: [400, 'Bad Request: MESSAGE_ID_INVALID'],
  reactionInvalid: [400, 'Bad Request: REACTION_INVALID'],
  badReaction: [400, "Bad Request: can't parse reaction types JSON object"],
  badAction: [400, 'Bad Request: wrong parameter action in request'],
} as const;

/** `reaction`: an array of ReactionType, or its JSON text in a form. */
function parseReaction(value: unknown): unknown[] | 'bad' {
  if (value === undefined || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return 'bad';
    }
  }
  return Array.isArray(list) ? list : 'bad';
}

export function setMessageReaction({ ctx, reply, bot, params }: MethodCall): FastifyReply {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === '') return refuseWith(reply, REFUSALS.chatIdEmpty);
  const chat = typeof chatId === 'string' || typeof chatId === 'number' ? findChat(ctx, bot.accountId, String(chatId)) : undefined;
  if (!chat) return refuseWith(reply, REFUSALS.chatNotFound);
  const messageId = Number(params.message_id);
  if (!Number.isInteger(messageId) || !chat.messageIds.has(messageId)) return refuseWith(reply, REACTION_REFUSALS.messageIdInvalid);
  const reaction = parseReaction(params.reaction);
  if (reaction === 'bad') return refuseWith(reply, REACTION_REFUSALS.badReaction);
  // "Currently, as non-premium users, bots can set up to one reaction per message."
  if (reaction.length > 1) return refuseWith(reply, REACTION_REFUSALS.reactionInvalid);
  const first = reaction[0] as { type?: unknown; emoji?: unknown } | undefined;
  if (first && (first.type !== 'emoji' || typeof first.emoji !== 'string' || !REACTION_EMOJI.has(first.emoji))) return refuseWith(reply, REACTION_REFUSALS.reactionInvalid);
  const message = ctx.conversations.message(`${chat.id}:${messageId}`);
  if (message) {
    if (first) message.businessReaction = String(first.emoji);
    else delete message.businessReaction;
  }
  return ok(reply, true);
}

export function sendChatAction({ ctx, reply, bot, params }: MethodCall): FastifyReply {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === '') return refuseWith(reply, REFUSALS.chatIdEmpty);
  const chat = typeof chatId === 'string' || typeof chatId === 'number' ? findChat(ctx, bot.accountId, String(chatId)) : undefined;
  if (!chat) return refuseWith(reply, REFUSALS.chatNotFound);
  if (typeof params.action !== 'string' || !CHAT_ACTIONS.includes(params.action)) return refuseWith(reply, REACTION_REFUSALS.badAction);
  return ok(reply, true);
}
