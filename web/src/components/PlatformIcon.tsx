import { useId, type ReactNode } from 'react';
import type { Platform } from '../api/types.ts';

/**
 * Hand-drawn glyphs in the platforms' colours (no logo files, no network). Each is a circle
 * with a white mark; Twilio is WhatsApp green with Twilio's red mark in the corner.
 */
export function PlatformIcon({ platform, size = 18 }: { platform: Platform; size?: number }) {
  // One gradient per icon: ids must be unique in the page, and useId's characters are not all valid in url(#…).
  const gradient = `ig${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="platform-icon">
      {platform === 'instagram' && (
        <defs>
          <linearGradient id={gradient} x1="0" y1="1" x2="1" y2="0">
            <stop offset="0" stopColor="#F58529" />
            <stop offset="0.5" stopColor="#DD2A7B" />
            <stop offset="1" stopColor="#8134AF" />
          </linearGradient>
        </defs>
      )}
      <circle cx="12" cy="12" r="12" fill={platform === 'instagram' ? `url(#${gradient})` : DISC[platform]} />
      {GLYPH[platform]}
    </svg>
  );
}

const DISC: Record<Platform, string> = {
  messenger: '#0084FF',
  instagram: '#E1306C',
  whatsapp: '#25D366',
  twilio: '#25D366',
  tiktok: '#000000',
};

const whatsappGlyph = (
  <>
    <path d="M12 5.2a6.8 6.8 0 0 0-5.9 10.2l-.9 3.4 3.5-.9A6.8 6.8 0 1 0 12 5.2z" fill="none" stroke="#fff" strokeWidth="1.6" />
    <path
      d="M9.6 8.8c.2-.3.4-.3.6-.3h.4c.2 0 .3.1.4.3l.6 1.4c0 .2 0 .3-.1.5l-.4.5c-.1.1-.1.3 0 .4.5.8 1.1 1.4 1.9 1.9.1.1.3.1.4 0l.5-.6c.1-.2.3-.2.5-.1l1.4.7c.2.1.3.2.3.4 0 .5-.2.9-.6 1.2-.5.3-1.2.4-1.8.2-1.6-.5-2.9-1.7-3.7-3.2-.3-.7-.5-1.5-.1-2.2z"
      fill="#fff"
    />
  </>
);

const tiktokNote = 'M13.4 5h2.1c.2 1.4 1.2 2.5 2.6 2.7v2.1c-1 0-1.9-.3-2.6-.8v5.2a4.2 4.2 0 1 1-4.2-4.2h.5v2.2a2.1 2.1 0 1 0 1.6 2z';

const GLYPH: Record<Platform, ReactNode> = {
  messenger: (
    <>
      <path d="M12 4.6c-4.2 0-7.4 3-7.4 6.9 0 2.1 1 3.9 2.6 5.1v2.5l2.4-1.3c.8.2 1.6.3 2.4.3 4.2 0 7.4-3 7.4-6.8S16.2 4.6 12 4.6z" fill="#fff" />
      <path d="M7.4 13.7l2.5-3.9 2 1.5 2.7-1.5-2.5 3.9-2-1.5z" fill="#0084FF" />
    </>
  ),
  instagram: (
    <>
      <rect x="6" y="6" width="12" height="12" rx="3.6" fill="none" stroke="#fff" strokeWidth="1.7" />
      <circle cx="12" cy="12" r="2.9" fill="none" stroke="#fff" strokeWidth="1.7" />
      <circle cx="15.4" cy="8.6" r="0.95" fill="#fff" />
    </>
  ),
  whatsapp: whatsappGlyph,
  twilio: (
    <>
      {whatsappGlyph}
      <circle cx="19" cy="19" r="5" fill="#F22F46" stroke="#fff" strokeWidth="1" />
      <circle cx="17.6" cy="17.6" r="0.9" fill="#fff" />
      <circle cx="20.4" cy="17.6" r="0.9" fill="#fff" />
      <circle cx="17.6" cy="20.4" r="0.9" fill="#fff" />
      <circle cx="20.4" cy="20.4" r="0.9" fill="#fff" />
    </>
  ),
  tiktok: (
    <>
      <path d={tiktokNote} fill="#25F4EE" transform="translate(-0.7 -0.5)" />
      <path d={tiktokNote} fill="#FE2C55" transform="translate(0.7 0.5)" />
      <path d={tiktokNote} fill="#fff" />
    </>
  ),
};
