import crypto from 'node:crypto';

/** WhatsApp's ids in the shapes it mints them (FACTS); the neutral helpers are in ../ids.ts. */

/** WhatsApp message id: `wamid.` + standard base64 (with `=` padding, sometimes `+`/`/`). */
export const wamid = (phoneDigits: string): string =>
  `wamid.${Buffer.concat([Buffer.from([0x1c, 0x18, phoneDigits.length]), Buffer.from(phoneDigits), Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, 0x14]), crypto.randomBytes(20)]).toString('base64')}`;
