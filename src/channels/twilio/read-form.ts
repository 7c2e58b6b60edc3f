/**
 * Twilio posts `application/x-www-form-urlencoded` (FACTS 5.1). Two views of the same bytes:
 * every value per key (what the signature covers, FACTS 5.2: repeated keys are all signed), and
 * the first value per key (what the normaliser reads).
 */
export type SignedParams = Record<string, string | string[]>;

export function readSignedParams(rawBody: Buffer): SignedParams {
  const params: SignedParams = bareRecord();
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[key];
    if (seen === undefined) params[key] = value;
    else params[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

export function readFormParams(rawBody: Buffer): Record<string, string> {
  const params: Record<string, string> = bareRecord();
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    if (params[key] === undefined) params[key] = value;
  }
  return params;
}

/** No prototype: a param named `toString` or `__proto__` is just a param. */
function bareRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
