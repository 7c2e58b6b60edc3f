import type { ChannelConnectForm } from '../../channels/channel-definition.ts';
import type { PendingConnection } from '../../core/connections/pending-connections.ts';

/**
 * The few pages the connect flows render on the server (the refusal page, the picker of
 * accounts, a platform's connect form): plain HTML with every value escaped, no script, served with a CSP of their own
 * (the web app's CSP covers only its own routes).
 */

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for text and double- or single-quoted attribute values alike. */
export const escapeHtml = (value: string | number): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; background: #f5f6f8; color: #1d2230; margin: 0; }
  main { max-width: 34rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 1.5rem 2rem; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
  .error { color: #a01c1c; }
  fieldset { border: 0; padding: 0; margin: 1rem 0; }
  label { display: block; margin: .5rem 0; }
  label.choice { display: flex; gap: .5rem; align-items: baseline; padding: .5rem; border: 1px solid #dde1e8; border-radius: 8px; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #c5cad3; border-radius: 6px; font: inherit; }
  .hint { color: #5b6475; font-size: .9em; }
  button { background: #2457d6; color: #fff; border: 0; border-radius: 6px; padding: .55rem 1.1rem; font: inherit; cursor: pointer; }
  a { color: #2457d6; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} — snorq</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

const back = '<p><a href="/settings/channels">Back to Settings → Channels</a></p>';

/** A refused state, a missing session, an expired picker: say what happened and that nothing changed. */
export function messagePage(title: string, message: string, options: { nothingCreated?: boolean } = {}): string {
  const nothing = options.nothingCreated === false ? '' : '<p>Nothing was connected.</p>';
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="error" data-testid="oauth-message">${escapeHtml(message)}</p>${nothing}${back}`);
}

/** The candidates a connect flow kept (`ctx.choose`): the admin ticks which to connect. */
export function pickerPage(pendingId: string, pending: PendingConnection): string {
  const what = pending.what || 'accounts';
  const choices = pending.candidates
    .map((c) => {
      const hint = c.hint ? `<span class="hint">${escapeHtml(c.hint)}</span>` : '';
      return `<label class="choice"><input type="checkbox" name="account" value="${escapeHtml(c.id)}" checked data-testid="choose-account"> <span><strong>${escapeHtml(c.name)}</strong><br>${hint}</span></label>`;
    })
    .join('\n');
  return layout(
    `Choose ${what}`,
    `<h1>Choose the ${escapeHtml(what)} to connect</h1>
<p>snorq will receive and answer their messages, and subscribe to their webhooks.</p>
<form method="post" action="/api/v1/platforms/choose/${escapeHtml(pendingId)}" data-testid="choose-form">
<fieldset>${choices}</fieldset>
<button type="submit" data-testid="choose-submit">Connect selected</button>
</form>${back}`,
  );
}

/** A platform that connects by a form (its definition's `connect.form`): the fields, what was typed (secrets never echoed), and why it was refused. */
export function connectFormPage(platform: string, form: ChannelConnectForm, state: string, values: Record<string, string | undefined> = {}, error?: string): string {
  const fields = form.fields
    .map((f) => {
      const value = f.secret ? '' : (values[f.name] ?? '');
      const hint = f.hint ? ` <span class="hint">${escapeHtml(f.hint)}</span>` : '';
      return `<label>${escapeHtml(f.label)}${hint}<input type="${f.secret ? 'password' : 'text'}" name="${escapeHtml(f.name)}" value="${escapeHtml(value)}" autocomplete="off"${f.optional ? '' : ' required'} data-testid="${escapeHtml(platform)}-${escapeHtml(f.name)}"></label>`;
    })
    .join('\n');
  return layout(
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>
${error ? `<p class="error" role="alert" data-testid="oauth-message">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/api/v1/platforms/connect/${escapeHtml(platform)}" data-testid="${escapeHtml(platform)}-form">
<input type="hidden" name="state" value="${escapeHtml(state)}">
${fields}
<button type="submit" data-testid="${escapeHtml(platform)}-submit">Connect</button>
</form>${back}`,
  );
}
