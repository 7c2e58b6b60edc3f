import crypto from 'node:crypto';

/**
 * What the simulated platforms remember about authorisation: consent requests waiting for "Allow",
 * authorisation codes (single use, short-lived), user tokens, TikTok's rotating refresh tokens,
 * when each Instagram token was issued (it may be refreshed only once 24 h old), and the webhook
 * subscriptions. Accounts' own tokens stay in the AccountRegistry (one token per account): a
 * refresh there replaces the account's token.
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

export interface RefreshGrant {
  accountId: string;
  expiresAt: number;
}

/** FACTS 6.6: TikTok codes live 10 minutes; Meta's code TTL is unconfirmed (FACTS 9), the same is used. */
export const CODE_TTL_MS = 10 * 60_000;

export const randomToken = (prefix: string, bytes = 24): string => `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;

export class OAuthStore {
  readonly requests = new Map<string, ConsentRequest>();
  readonly codes = new Map<string, AuthCode>();
  readonly userTokens = new Map<string, UserToken>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Instagram account tokens → when issued (refresh needs ≥ 24 h, FACTS 3.6). */
  readonly issuedAt = new Map<string, number>();
  /** Meta nodes (Page, WABA, Instagram account) → the fields our app is subscribed with; absent = the default (subscribed). Shared with delivery (SimContext.subscriptions). */
  constructor(readonly subscriptions: Map<string, string[] | null> = new Map()) {}
  /** TikTok's one app-level DIRECT_MESSAGE callback (FACTS 6.1); undefined = the default (snorq's). */
  tiktokCallback: string | null | undefined = undefined;
  /** Twilio sender sid → its webhook; absent = the default (snorq's). */
  readonly senderWebhooks = new Map<string, { callback_url: string | null; status_callback_url: string | null }>();

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
    this.refreshTokens.clear();
    this.issuedAt.clear();
    this.subscriptions.clear();
    this.senderWebhooks.clear();
    this.tiktokCallback = undefined;
  }
}
