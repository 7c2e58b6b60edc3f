import crypto from 'node:crypto';

/**
 * `appsecret_proof` (FACTS 2.3): lowercase hex HMAC-SHA256 of the access token, keyed with the
 * secret of the app that issued the token. With the app's "Require App Secret" setting on, Meta
 * refuses every call made with a user, Page or system-user token that lacks it (code 100, "API
 * calls from the server require an appsecret_proof argument"); a proof made with another app's
 * secret is refused whether or not the setting is on ("Invalid appsecret_proof provided in the API
 * argument"), so the secret must be the right app's: the Facebook app for Pages and Instagram
 * through a Page, the WhatsApp app for WhatsApp (the Facebook app when they are one), the
 * Instagram app for graph.instagram.com.
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return crypto.createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** Add the proof to a Graph URL when the app secret is known; the URL is changed in place. */
export function addAppSecretProof(url: URL, accessToken: string, appSecret: string | undefined): URL {
  if (appSecret) url.searchParams.set('appsecret_proof', appSecretProof(accessToken, appSecret));
  return url;
}
