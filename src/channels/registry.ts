import type { ChannelDefinition } from './channel-definition.ts';
import { instagramChannel } from './instagram/index.ts';
import { messengerChannel } from './messenger/index.ts';
import { telegramChannel } from './telegram/index.ts';
import { tiktokChannel } from './tiktok/index.ts';
import { twilioChannel } from './twilio/index.ts';
import { whatsappChannel } from './whatsapp/index.ts';

/**
 * The registry: one line per platform, in the order the UI lists them. Every platform list in
 * snorq (the `Platform` type, zod enums, SQL check constraints, UI filters) derives from it.
 * Adding a platform: a folder in src/channels exporting its definition, and a line here
 * (CONTRIBUTING.md has the steps).
 */
export const CHANNELS = [messengerChannel, instagramChannel, whatsappChannel, twilioChannel, tiktokChannel, telegramChannel] as const;

export type Platform = (typeof CHANNELS)[number]['id'];

/** Every platform id, for `z.enum` and SQL `CHECK (platform IN …)`. */
export const PLATFORMS = CHANNELS.map((channel) => channel.id) as [Platform, ...Platform[]];

const byId = new Map<string, ChannelDefinition<Platform>>(CHANNELS.map((channel) => [channel.id, channel]));

export function isPlatform(value: string): value is Platform {
  return byId.has(value);
}

/** The definition of a platform named by trusted code (a row's `platform`, a typed value). */
export function channelOf(platform: Platform): ChannelDefinition<Platform> {
  const channel = byId.get(platform);
  if (!channel) throw new Error(`no channel definition for platform ${platform}`);
  return channel;
}

const byWebhookPath = new Map<string, Platform>(CHANNELS.flatMap((channel) => channel.webhook.paths.map((path) => [path, channel.id] as const)));

/** `/webhooks/<segment>` → platform, or undefined for a segment no platform answers on. */
export function platformOfWebhookPath(segment: string): Platform | undefined {
  return byWebhookPath.get(segment);
}
