import net from 'node:net';
import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { extensionFor } from '../state/sample-media.ts';
import { ok, refuse, refuseWith, REFUSALS, type Refusal } from './answers.ts';
import type { MethodCall } from './routes.ts';
import { botUser } from './telegram-objects.ts';
import { webhookOf } from './telegram-state.ts';
import { flushPending } from './webhook-delivery.ts';

/**
 * getMe, setWebhook, deleteWebhook, getWebhookInfo, getFile and the file host
 * (https://core.telegram.org/bots/api#getme and following), with Telegram's checks and wording.
 */

export function getMe({ reply, bot }: MethodCall): FastifyReply {
  return ok(reply, { ...botUser(bot), can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false });
}

/** "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed"; an empty one is no secret. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]*$/;
const SECRET_TOKEN_MAX = 256;

/**
 * setWebhook's checks in Telegram's order (telegram-bot-api: Client::do_set_webhook, then the
 * WebhookActor): a URL that parses, the secret token, then HTTPS on port 443, 80, 88 or 8443 to a
 * public address. A Bot API server started with `--local` lets plain HTTP, any port and private
 * addresses through; the simulator does so for one place only, the snorq it was started to deliver
 * to (`webhookBaseUrl` and `publicWebhookBaseUrl`), which tests and the sandbox run on plain HTTP
 * on loopback. Any other URL meets every check api.telegram.org makes, so a snorq that registers a
 * webhook Telegram would refuse is refused here too.
 */
function webhookProblem(ctx: SimContext, raw: string, secret: unknown): Refusal | undefined {
  if (!URL.canParse(raw)) return [400, 'Bad Request: invalid webhook URL specified'];
  if (secret !== undefined && typeof secret !== 'string') return REFUSALS.badSecret;
  if (typeof secret === 'string' && secret.length > SECRET_TOKEN_MAX) return REFUSALS.secretTooLong;
  if (typeof secret === 'string' && !SECRET_TOKEN.test(secret)) return REFUSALS.badSecret;
  const url = new URL(raw);
  if (allowedOrigins(ctx).has(url.origin)) return undefined;
  if (url.protocol !== 'https:') return REFUSALS.httpsRequired;
  if (!['', '443', '80', '88', '8443'].includes(url.port)) return [400, 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443'];
  return reservedAddressProblem(url.hostname);
}

/** The origins of the snorq this simulator delivers to (given when it was started). */
function allowedOrigins(ctx: SimContext): Set<string> {
  return new Set([ctx.options.webhookBaseUrl, ctx.options.publicWebhookBaseUrl].filter((base) => URL.canParse(base)).map((base) => new URL(base).origin));
}

/** Telegram resolves the host and refuses addresses the internet cannot reach (WebhookActor::check_ip_address). */
function reservedAddressProblem(hostname: string): Refusal | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return [400, 'Bad Request: bad webhook: IP address 127.0.0.1 is reserved'];
  if (net.isIPv6(host)) return [400, 'Bad Request: bad webhook: IPv6-only addresses are not allowed'];
  if (!net.isIPv4(host)) return undefined;
  const [a = 0, b = 0] = host.split('.').map(Number);
  const reserved = a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
  return reserved ? [400, `Bad Request: bad webhook: IP address ${host} is reserved`] : undefined;
}

/** allowed_updates: a JSON array, or its JSON text in a form. */
function parseAllowedUpdates(value: unknown): string[] | undefined | 'bad' {
  if (value === undefined) return undefined;
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return 'bad';
    }
  }
  return Array.isArray(list) && list.every((t) => typeof t === 'string') ? list : 'bad';
}

export function setWebhook({ ctx, reply, bot, params }: MethodCall): FastifyReply {
  const url = typeof params.url === 'string' ? params.url : '';
  const webhook = webhookOf(ctx, bot.accountId);
  if (url === '') return removeWebhook(ctx, reply, bot.accountId, params);
  const secret = params.secret_token;
  const problem = webhookProblem(ctx, url, secret);
  if (problem) return refuseWith(reply, problem);
  const allowedUpdates = parseAllowedUpdates(params.allowed_updates);
  if (allowedUpdates === 'bad') return refuseWith(reply, REFUSALS.badAllowedUpdates);
  if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') webhook.pending = [];
  const same = webhook.url === url && webhook.secretToken === (secret || undefined);
  webhook.url = url;
  webhook.secretToken = typeof secret === 'string' && secret !== '' ? secret : undefined;
  if (allowedUpdates !== undefined) webhook.allowedUpdates = allowedUpdates;
  // Updates that waited for a webhook go out once there is one.
  if (webhook.pending.length > 0) ctx.timers.after(0, () => flushPending(ctx, bot));
  return ok(reply, true, same ? 'Webhook is already set' : 'Webhook was set');
}

function removeWebhook(ctx: SimContext, reply: FastifyReply, botId: string, params: Record<string, unknown>): FastifyReply {
  const webhook = webhookOf(ctx, botId);
  const had = webhook.url !== '';
  webhook.url = '';
  webhook.secretToken = undefined;
  if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') webhook.pending = [];
  return ok(reply, true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

export function deleteWebhook({ ctx, reply, bot, params }: MethodCall): FastifyReply {
  return removeWebhook(ctx, reply, bot.accountId, params);
}

export function getWebhookInfo({ ctx, reply, bot }: MethodCall): FastifyReply {
  const webhook = webhookOf(ctx, bot.accountId);
  const info: Record<string, unknown> = { url: webhook.url, has_custom_certificate: false, pending_update_count: webhook.pending.length };
  if (webhook.url) Object.assign(info, { ip_address: '149.154.167.220', max_connections: 40 });
  if (webhook.lastErrorDate !== undefined) Object.assign(info, { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage });
  if (webhook.url && webhook.allowedUpdates) info.allowed_updates = webhook.allowedUpdates;
  return ok(reply, info);
}

/** "Bots can download files of up to 20 MB in size." */
export const DOWNLOAD_LIMIT = 20 * 1_048_576;

const FOLDERS: Record<string, string> = { AgAC: 'photos', BQAC: 'documents', AwAC: 'voice', BAAC: 'videos', CAAC: 'stickers', DQAC: 'video_notes', CQAC: 'music' };

export function getFile({ ctx, reply, bot, params }: MethodCall): FastifyReply {
  const fileId = typeof params.file_id === 'string' ? params.file_id : '';
  const media = ctx.media.byId(fileId);
  if (!media || media.platform !== 'telegram' || media.accountId !== bot.accountId) return refuse(reply, 400, 'Bad Request: invalid file_id');
  const described = { file_id: media.id, file_unique_id: `AgAD${media.token.slice(0, 12)}`, file_size: media.bytes.length };
  if (media.bytes.length > DOWNLOAD_LIMIT) return refuseWith(reply, REFUSALS.fileTooBig);
  const folder = FOLDERS[media.id.slice(0, 4)] ?? 'documents';
  return ok(reply, { ...described, file_path: `${folder}/file_${media.token}.${extensionFor(media.mimeType)}` });
}

/** The file host: the bot's token in the path, the file path getFile gave. */
export function serveFile(ctx: SimContext, reply: FastifyReply, token: string, filePath: string): FastifyReply {
  const bot = ctx.accounts.byToken(token, ['telegram'])[0];
  const mediaToken = /^[a-z_]+\/file_([A-Za-z0-9_-]+)\.[a-z0-9]+$/.exec(filePath)?.[1];
  const media = mediaToken ? ctx.media.byToken(mediaToken) : undefined;
  if (!bot || !media || media.platform !== 'telegram' || media.accountId !== bot.accountId) return refuseWith(reply, REFUSALS.notFound);
  // Telegram's file host does not say what the file is: the update's mime_type does.
  return reply.code(200).header('content-type', 'application/octet-stream').header('content-length', String(media.bytes.length)).send(media.bytes);
}
