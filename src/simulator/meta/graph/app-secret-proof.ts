import crypto from 'node:crypto';
import type { SimContext } from '../../context.ts';
import { metaAppSecret } from '../apps.ts';
import { metaState } from '../state.ts';
import type { MetaApp } from '../apps.ts';
import type { GraphErrorSpec } from './errors.ts';

/**
 * `appsecret_proof` as Graph checks it (FACTS 2.3): hex HMAC-SHA256 of the access token keyed with
 * the secret of the app the token belongs to. A proof that does not match is refused whatever the
 * app's settings; a missing one only while the app's "Require App Secret" switch is on
 * (`oauth.requireAppSecret`, `PUT /_sim/apps/:app`). Both are code 100 GraphMethodException with
 * Meta's own sentences. Returns the error to send, or undefined when the call may proceed.
 */
export function appSecretProofError(ctx: SimContext, app: MetaApp, token: string, params: Record<string, unknown>): GraphErrorSpec | undefined {
  const proof = params.appsecret_proof;
  if (proof === undefined || proof === '') {
    if (!metaState(ctx).requireAppSecret.has(app)) return undefined;
    return { code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' };
  }
  const expected = crypto.createHmac('sha256', metaAppSecret(ctx, app)).update(token).digest('hex');
  if (typeof proof !== 'string' || proof !== expected) return { code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' };
  return undefined;
}

/**
 * Which app a Graph call's token belongs to: graph.instagram.com takes only Instagram-app tokens;
 * on graph.facebook.com a WhatsApp number's token is the WhatsApp app's, every other (Pages, and
 * Instagram reached through its Page) the Facebook app's.
 */
export const appOfCall = (host: 'facebook' | 'instagram', platform: string): MetaApp => (host === 'instagram' ? 'instagram' : platform === 'whatsapp' ? 'whatsapp' : 'facebook');
