import crypto from 'node:crypto';
import { digits } from '../ids.ts';

/** Messenger's ids in the shapes it mints them (FACTS); the neutral helpers are in ../ids.ts. */

/** Messenger message id: `m_` + url-safe base64. */
export const messengerMid = (): string => `m_${crypto.randomBytes(54).toString('base64url')}`;

export const messengerConversationId = (): string => `t_${digits(16)}`;
