/**
 * The reactions the web app offers where a platform takes any emoji from a business (Messenger,
 * WhatsApp): the six a customer sees first in Meta's own apps. Written as escapes so that no
 * source file renders an emoji as an icon; they are data sent to the platform.
 */
export const REACTION_CHOICES: readonly string[] = ['\u{1F44D}', '\u2764\ufe0f', '\u{1F602}', '\u{1F62E}', '\u{1F622}', '\u{1F64F}'];
