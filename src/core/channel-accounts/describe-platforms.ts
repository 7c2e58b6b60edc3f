import type { ChannelDefinition } from '../../channels/channel-definition.ts';
import { CHANNELS, type Platform } from '../../channels/registry.ts';
import { attachmentLimits } from '../outbox/attachment-rules.ts';
import type { PlatformCapabilities, PlatformConnect, PlatformInfo } from '../../contract/platforms.ts';

/**
 * What the UI may offer on a platform, read off its definition (never kept by hand beside it):
 * a reply window that offers templates or the HUMAN_AGENT tag, a cap of messages per window,
 * a history API, the optional calls of its API.
 */
export function platformCapabilities(channel: ChannelDefinition<Platform>): PlatformCapabilities {
  const window = channel.policy.replyWindow;
  return {
    templates: (window?.offers.includes('template') ?? false) && channel.api.templates !== undefined,
    humanAgentTag: window?.offers.includes('human_agent_tag') ?? false,
    messagesPerWindow: window?.messagesPerWindow ?? null,
    historyImport: 'fetch' in channel.history,
    readReceipts: channel.api.markRead !== undefined,
    typing: channel.api.typing !== undefined,
    sendReactions: channel.api.react !== undefined,
    reactionChoices: channel.api.react ? [...(channel.api.reactionChoices ?? [])] : [],
    mediaTypes: [...channel.api.mediaTypes],
    attachments: attachmentLimits(channel.id),
    voiceNotes: channel.api.voiceNotes ?? (channel.api.mediaTypes.includes('audio') ? 'format' : 'noAudio'),
    voiceNoteType: channel.api.voiceNoteType ?? 'audio/ogg',
    inboundReactions: channel.webhook.receives.reactions,
    edits: channel.webhook.receives.edits,
    interactive: channel.api.interactive ?? null,
  };
}

/** How the platform is connected: OAuth or snorq's form at `/api/v1/platforms/connect/<id>`, and the fields typed in by hand. */
export function platformConnect(channel: ChannelDefinition<Platform>): PlatformConnect {
  const { oauth, form, verify, credentialsForm } = channel.connect;
  const credentials =
    verify && credentialsForm ? { account: credentialsForm.account, fields: credentialsForm.fields.map(({ choices, ...f }) => (choices ? { ...f, choices: [...choices] } : f)) } : null;
  // A form without `verify` proves what is typed itself, and POST /api/v1/channels runs it (connect-typed-in.ts).
  const formFields = form && !verify ? form.fields.map(({ choices, ...f }) => (choices ? { ...f, choices: [...choices] } : f)) : null;
  return { oauth: oauth !== undefined, form: form !== undefined, credentials, formFields };
}

/** Every platform, in registry order, as `GET /api/v1/platforms` serves it. */
export function describePlatforms(): PlatformInfo[] {
  return CHANNELS.map((channel) => ({
    id: channel.id,
    ui: channel.ui,
    capabilities: platformCapabilities(channel),
    textLimit: channel.policy.textLimit,
    replyWindow: channel.policy.replyWindow?.description ?? null,
    connect: platformConnect(channel),
  }));
}
