/**
 * Names browsers and phones give to types snorq knows by another name, folded the same way by the
 * server's upload policy (src/core/media/upload-policy.ts) and the composer's tray
 * (web/src/lib/attachment-tray.ts), so a file the tray lets through is never refused for its name.
 */
export const MIME_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/opus': 'audio/ogg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-aac': 'audio/aac',
  'video/3gp': 'video/3gpp',
  'application/csv': 'text/csv',
};
