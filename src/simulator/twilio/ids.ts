import { hex } from '../ids.ts';

/** Twilio's ids in the shapes it mints them (FACTS); the neutral helpers are in ../ids.ts. */

/** Twilio sids: two-letter prefix + 32 lowercase hex. */
export const twilioSid = (prefix: 'SM' | 'MM' | 'ME' | 'XE'): string => `${prefix}${hex(16)}`;
