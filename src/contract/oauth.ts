import { z } from 'zod';
import { withErrors } from './errors.ts';

/**
 * The connect flows (src/server/routes/oauth.ts) are browser navigations: they answer with
 * redirects and the few pages snorq renders itself (src/server/routes/oauth-pages.ts), not JSON,
 * except an account connected by its form's fields from an API client (bearer token, JSON body).
 */
export const HtmlPage = z.string().describe('an HTML page (text/html): the Twilio form, or why nothing was connected');
export const Redirect = z.null().describe('a redirect: `Location` is the platform’s consent page, or Settings → Channels with the outcome in its query');

/** GET /connect/:platform and GET /callback/:platform. */
export const CONNECT_RESPONSES = withErrors({ 200: HtmlPage, 302: Redirect, 303: Redirect });

/** POST /connect/:platform (a platform connected by a form, e.g. Twilio): 201 JSON for an API client; a form post is answered like the other flows. */
export const FormConnected = z.object({ channels: z.array(z.object({ id: z.number(), name: z.string() })), warnings: z.array(z.string()) });
export const FORM_CONNECT_RESPONSES = withErrors({ 201: FormConnected, 200: HtmlPage, 303: Redirect });
