import type { FastifyReply } from 'fastify';

/**
 * The simulated consent pages: who is asking, for what, and an "Allow" link per account the
 * simulated person can grant (one for Facebook, whose Pages snorq lets the admin pick itself),
 * plus "Cancel", which sends the platform's denial back. Every value is escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (v: string): string => v.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export interface ConsentOption {
  /** What the person grants, e.g. "All 2 Pages" or "@snorq.coffee". */
  label: string;
  href: string;
  /** The account or WABA id behind the option (tests pick by it). */
  target?: string;
}

export function consentPage(reply: FastifyReply, page: { platform: string; appName: string; scopes: string[]; options: ConsentOption[]; cancelHref: string }): FastifyReply {
  const options = page.options.length
    ? page.options
        .map((o) => `<li><span>${esc(o.label)}</span> <a class="allow" href="${esc(o.href)}" data-testid="allow"${o.target ? ` data-target="${esc(o.target)}"` : ''}>Allow</a></li>`)
        .join('\n')
    : '<li>This person has nothing to share.</li>';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(page.platform)} — authorise ${esc(page.appName)} (snorq simulator)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto}a.allow{display:inline-block;background:#1877f2;color:#fff;padding:.3rem .9rem;border-radius:6px;text-decoration:none}li{margin:.6rem 0}</style></head>
<body><h1>${esc(page.platform)} (simulated)</h1>
<p><strong>${esc(page.appName)}</strong> would like to: ${esc(page.scopes.join(', ') || 'access your account')}.</p>
<ul>${options}</ul>
<p><a href="${esc(page.cancelHref)}" data-testid="cancel">Cancel</a></p></body></html>`;
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}

/** `redirect_uri` with `params` added to whatever query it already has. */
export function withParams(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** The error page a platform shows when the dialog itself is wrong (bad client id, redirect URI). */
export function dialogError(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>Error</h1><p data-testid="dialog-error">${esc(message)}</p></body></html>`);
}
