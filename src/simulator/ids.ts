import crypto from 'node:crypto';

/**
 * Ids in the shapes the platforms mint them (FACTS 2.1, 3.1, 4.1, 5.1, 6.1): opaque to snorq, but
 * realistic enough that code which assumes "digits only" or "no `+`" breaks here as it would live.
 */

export const digits = (n: number): string => {
  let s = String(1 + crypto.randomInt(9));
  while (s.length < n) s += String(crypto.randomInt(10));
  return s;
};
export const hex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

/** Graph numeric ids (media ids, attachment ids, conversation suffixes). */
export const graphNumericId = (): string => digits(16);

export const fbtraceId = (): string => `A${crypto.randomBytes(16).toString('base64url').slice(0, 22)}`;

/** An unguessable path token for CDN URLs. */
export const cdnToken = (): string => crypto.randomBytes(18).toString('base64url');

export const uuid = (): string => crypto.randomUUID();
