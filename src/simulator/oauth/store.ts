import crypto from 'node:crypto';

/**
 * What the simulated platforms share of authorisation: consent requests waiting for "Allow",
 * authorisation codes (single use, short-lived), user tokens, and the webhook subscriptions of
 * accounts. What only one platform remembers (a refresh token's rotation, a token's age, a
 * sender's webhook) lives in its folder beside its routes, cleared by its `clearOAuth`.
 * Accounts' own tokens stay in the AccountRegistry (one token per account): a refresh there
 * replaces the account's token.
 */

/** Whose consent dialog a request or code belongs to (a platform folder's name for its product). */
export type ConsentProduct = string;

export interface ConsentRequest {
  id: string;
  product: ConsentProduct;
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string;
  createdAt: number;
}

export interface AuthCode {
  product: ConsentProduct;
  clientId: string;
  redirectUri: string;
  /** What was approved: a WABA id (WhatsApp), an account id (Instagram, TikTok); none for Facebook (all Pages). */
  target?: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

export interface UserToken {
  product: ConsentProduct;
  kind: 'short' | 'long' | 'business';
  /** The account it belongs to (Instagram) or the WABAs it was granted (WhatsApp). */
  accountId?: string;
  wabaIds?: string[];
  scopes: string[];
  issuedAt: number;
  expiresAt: number | null;
}

/** FACTS 6.6: TikTok codes live 10 minutes; Meta's code TTL is unconfirmed (FACTS 9), the same is used. */
export const CODE_TTL_MS = 10 * 60_000;

export const randomToken = (prefix: string, bytes = 24): string => `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;

export class OAuthStore {
  readonly requests = new Map<string, ConsentRequest>();
  readonly codes = new Map<string, AuthCode>();
  readonly userTokens = new Map<string, UserToken>();
  /** Meta nodes (Page, WABA, Instagram account) → the fields our app is subscribed with; absent = the default (subscribed). Shared with delivery (SimContext.subscriptions). */
  constructor(readonly subscriptions: Map<string, string[] | null> = new Map()) {}

  /** `prefix`: how the platform's codes begin (Meta's `AQ…`; TikTok's have none). */
  mintCode(code: Omit<AuthCode, 'expiresAt' | 'used'>, now: number, prefix = 'AQ'): string {
    const value = randomToken(prefix, 32);
    this.codes.set(value, { ...code, expiresAt: now + CODE_TTL_MS, used: false });
    return value;
  }

  /** The code if it is unused, unexpired, and presented by the client it was issued to; spent either way. */
  spendCode(value: string, clientId: string, redirectUri: string | undefined, now: number): AuthCode | 'invalid' | 'used' | 'redirect_mismatch' {
    const code = this.codes.get(value);
    if (!code || code.expiresAt < now || code.clientId !== clientId) return 'invalid';
    if (code.used) return 'used';
    code.used = true;
    if (redirectUri !== undefined && redirectUri !== code.redirectUri) return 'redirect_mismatch';
    return code;
  }

  clear(): void {
    this.requests.clear();
    this.codes.clear();
    this.userTokens.clear();
    this.subscriptions.clear();
  }
}
