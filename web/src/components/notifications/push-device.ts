import { createPushSubscription, deletePushSubscription, getVapidPublicKey, listPushSubscriptions } from '../../api/notifications-api.ts';

/**
 * This device's part of notifications: the service worker (public/sw.js, at the app's root so its
 * scope is the whole app), the permission to show notifications (asked only from a click), and
 * the Web Push subscription the server sends to when no tab is open.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => console.warn('the service worker could not be registered', err));
}

export type DeviceState = 'unsupported' | 'denied' | 'off' | 'on' | 'in-tab-only';

/** What this device does now: push on, only while a tab is open (no push service), off, or refused. */
export async function deviceState(): Promise<DeviceState> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  const subscription = await currentSubscription();
  return subscription ? 'on' : 'in-tab-only';
}

async function currentSubscription(): Promise<PushSubscription | null> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Called from a click: ask for the permission, then subscribe this browser to snorq's pushes and
 * tell the server. Without a push service (some browsers, private windows) notifications still
 * show while a tab is open.
 */
export async function enableOnThisDevice(): Promise<DeviceState> {
  if (!('Notification' in window)) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return 'in-tab-only';
  try {
    const registration = await navigator.serviceWorker.ready;
    const key = await getVapidPublicKey();
    const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlBytes(key) }));
    await createPushSubscription(subscription.toJSON());
    return 'on';
  } catch (err) {
    console.warn('push notifications are not available on this device', err);
    return 'in-tab-only';
  }
}

/** Stop pushes to this device (the permission stays the browser's to take back). */
export async function disableOnThisDevice(): Promise<void> {
  const subscription = await currentSubscription();
  const mine = (await listPushSubscriptions()).filter((s) => s.current);
  await Promise.all(mine.map((s) => deletePushSubscription(s.id)));
  await subscription?.unsubscribe();
}

function base64UrlBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
