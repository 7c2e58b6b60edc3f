import type { PlatformUrls } from '../registry-config.ts';
import { parseJson, type Outcome } from './outcome.ts';
import { networkFailure } from './timed-fetch.ts';

/**
 * The client the calls made before a channel exists use (connect flows, credential checks, token
 * refreshes): every platform's base URLs from the configuration (the simulator stands in by
 * changing them) and the call timeout. Platform-neutral, so core can hand it over without
 * importing anything from a platform's folder.
 */
export interface OAuthClient {
  urls: PlatformUrls;
  timeoutMs: number;
}

/** An app's id and secret on a platform (Facebook, WhatsApp, Instagram Login, TikTok). */
export interface AppCredentials {
  appId: string;
  appSecret: string;
}

export type JsonAnswer = { status: number; headers: Headers; body: unknown };

/** One HTTP exchange under a timeout; a network error or timeout becomes a retryable value. */
export async function fetchJson(client: OAuthClient, url: URL | string, init: RequestInit, platform: string): Promise<Outcome<JsonAnswer>> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(client.timeoutMs) });
    const text = await res.text();
    return { ok: true, value: { status: res.status, headers: res.headers, body: parseJson(text) } };
  } catch (err) {
    // Nothing here sends a message, so "maybe delivered" does not matter: drop it.
    const { maybeDelivered: _drop, ...failure } = networkFailure(err, client.timeoutMs, platform);
    return { ok: false, failure };
  }
}
