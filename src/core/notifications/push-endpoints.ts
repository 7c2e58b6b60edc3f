/**
 * snorq posts to the endpoint a browser's subscription names, so only push services are taken:
 * those of the browsers people use (Chrome and Edge through Google's FCM, Firefox, Windows, Safari),
 * and the hosts an operator adds with PUSH_SERVICE_HOSTS (a self-hosted push service, or a test's).
 * Anything else would let a signed-in user make snorq send requests wherever they like.
 */
const BROWSER_PUSH_SERVICES = ['fcm.googleapis.com', 'android.googleapis.com', 'push.services.mozilla.com', 'notify.windows.com', 'push.apple.com'];

/** The endpoint's host if snorq may send there, else null. */
export function allowedPushService(endpoint: string, extraHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  const known = BROWSER_PUSH_SERVICES.some((s) => host === s || host.endsWith(`.${s}`));
  return known || extraHosts.includes(host) ? host : null;
}
