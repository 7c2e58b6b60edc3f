import type { Platform } from '../db/schema.ts';
import { instagramWebhook } from './instagram/webhook.ts';
import { messengerWebhook } from './messenger/webhook.ts';
import { tiktokWebhook } from './tiktok/webhook.ts';
import { twilioWebhook } from './twilio/webhook.ts';
import { whatsappWebhook } from './whatsapp/webhook.ts';
import { instagramApi } from './instagram/api.ts';
import { messengerApi } from './messenger/api.ts';
import { tiktokApi } from './tiktok/api.ts';
import { twilioApi } from './twilio/api.ts';
import { whatsappApi } from './whatsapp/api.ts';
import type { SendAdapter, WebhookAdapter } from './types.ts';

/**
 * The registry: one line per platform. Adding a platform = a folder in src/channels, a line
 * here (the compiler demands it for every Platform), fixtures, and a simulator platform.
 */
export const webhookAdapters = {
  messenger: messengerWebhook,
  instagram: instagramWebhook,
  whatsapp: whatsappWebhook,
  twilio: twilioWebhook,
  tiktok: tiktokWebhook,
} satisfies Record<Platform, WebhookAdapter>;

export const sendAdapters = {
  messenger: messengerApi,
  instagram: instagramApi,
  whatsapp: whatsappApi,
  twilio: twilioApi,
  tiktok: tiktokApi,
} satisfies Record<Platform, SendAdapter>;

/** Webhook URLs name Messenger "facebook", as the original integration guide does. */
const WEBHOOK_PATHS: Record<string, Platform> = {
  facebook: 'messenger',
  messenger: 'messenger',
  instagram: 'instagram',
  whatsapp: 'whatsapp',
  twilio: 'twilio',
  tiktok: 'tiktok',
};

export function platformOfWebhookPath(segment: string): Platform | undefined {
  return Object.hasOwn(WEBHOOK_PATHS, segment) ? WEBHOOK_PATHS[segment] : undefined;
}
