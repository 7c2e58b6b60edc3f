import type { Platform } from '../api/types.ts';

export interface PlatformMeta {
  label: string;
  short: string;
  /** The brand colour, for icons and chart bars. */
  color: string;
}

export const PLATFORM_META: Record<Platform, PlatformMeta> = {
  messenger: { label: 'Messenger', short: 'Messenger', color: '#0084FF' },
  instagram: { label: 'Instagram', short: 'Instagram', color: '#E1306C' },
  whatsapp: { label: 'WhatsApp', short: 'WhatsApp', color: '#25D366' },
  twilio: { label: 'WhatsApp (Twilio)', short: 'WA Twilio', color: '#F22F46' },
  tiktok: { label: 'TikTok', short: 'TikTok', color: '#000000' },
};

export function platformLabel(p: string): string {
  return (PLATFORM_META as Record<string, PlatformMeta | undefined>)[p]?.label ?? p;
}
