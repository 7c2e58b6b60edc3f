/* global self, caches, fetch, URL */
// snorq's service worker, served at the app's root so that its scope is the whole app. It shows
// Web Push notifications (the server sends them when something concerns the user: see
// src/core/notifications), opens the conversation when one is clicked, and serves an offline page
// when a page cannot be loaded. It caches nothing else: the inbox is live data.

const CACHE = 'snorq-offline-v1';
const OFFLINE_PAGE = '/offline.html';
const OFFLINE_ASSETS = [OFFLINE_PAGE, '/icon.svg', '/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(OFFLINE_ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Only page loads: API calls, sockets and assets go to the network as if there were no worker.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE)));
  } else if (OFFLINE_ASSETS.includes(new URL(request.url).pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});

/** The push's JSON (src/contract/notifications.ts PushPayloadSchema), or null. */
function readPayload(data) {
  try {
    const p = data ? data.json() : null;
    return p && typeof p.title === 'string' ? p : null;
  } catch {
    return null;
  }
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  if (!payload) return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // A tab the user is looking at tells them itself (sound, title); no second notice.
      if (windows.some((w) => w.focused && w.visibilityState === 'visible')) return undefined;
      return self.registration.showNotification(payload.title, {
        body: payload.body,
        tag: payload.tag,
        renotify: true,
        icon: '/icon-192.png',
        badge: '/icon-192.png',
        data: { url: typeof payload.url === 'string' && payload.url.startsWith('/') ? payload.url : '/inbox' },
      });
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/inbox', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      // navigate() works only on a tab this worker controls; otherwise a new window.
      if (open)
        return open
          .navigate(url)
          .then((w) => (w ?? open).focus())
          .catch(() => self.clients.openWindow(url));
      return self.clients.openWindow(url);
    }),
  );
});
