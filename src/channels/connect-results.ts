import type { ConnectResult, SavedAccount } from './channel-definition.ts';

/** The ends of a connect flow (ConnectResult), shared by the platforms' `connect` sections. */

export const failedWith = (platform: string, message: string): ConnectResult => ({ kind: 'failed', platform, message });

/** The outcome of connecting several accounts at once: connected if any was, with the rest as warnings. */
export function summarise(platform: string, saved: SavedAccount[], warnings: string[], nothing: string): ConnectResult {
  const ok = saved.filter((s): s is Extract<SavedAccount, { ok: true }> => s.ok);
  const problems = [...saved.filter((s): s is Extract<SavedAccount, { ok: false }> => !s.ok).map((s) => s.message), ...warnings];
  if (ok.length === 0) return failedWith(platform, problems.length ? problems.join('; ') : nothing);
  return { kind: 'connected', platform, channels: ok.map((s) => ({ id: s.id, name: s.name })), warnings: problems };
}

/** A subscription that did not end subscribed, as a warning line (or nothing). */
export const subscriptionWarning = (outcome: { state: string; detail: string | null }, prefix = ''): string[] =>
  outcome.state !== 'subscribed' && outcome.detail ? [`${prefix}${outcome.detail}`] : [];
