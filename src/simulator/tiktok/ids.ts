import crypto from 'node:crypto';
import { digits, hex } from '../ids.ts';

/** TikTok's ids in the shapes it mints them (FACTS); the neutral helpers are in ../ids.ts. */

/** TikTok message id: 19 digits. */
export const tiktokMessageId = (): string => digits(19);
export const tiktokRequestId = (): string => `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${hex(12).toUpperCase()}`;

/** A stable TikTok conversation id per (business, user): standard base64, so it has `+`, `/`, `=`. */
export const tiktokConversationId = (businessId: string, userId: string): string => `0:1:${crypto.createHash('sha256').update(`${businessId}|${userId}`).digest('base64').slice(0, 30)}==`;
