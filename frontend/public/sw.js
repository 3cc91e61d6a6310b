/* ScoreBridge's service worker: shows browser push notifications (the server encrypts each one
 * for this browser; the browser decrypts it before `push` fires) and opens the page a
 * notification is about when it is clicked. It caches nothing: the app always loads fresh.
 * Served from the site root (scope "/") by the same origin, as the CSP's worker-src asks. */

const FALLBACK_TITLE = '成绩桥 ScoreBridge';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** Only a path of this site: a push can never send the user elsewhere. */
function pathOf(link) {
  return typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') ? link : '/';
}

function readPush(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === 'object' ? data : {};
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const data = readPush(event);
  const link = pathOf(data.link);
  event.waitUntil(
    self.registration.showNotification(typeof data.title === 'string' && data.title ? data.title : FALLBACK_TITLE, {
      body: typeof data.body === 'string' ? data.body : '',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      // A newer notice about the same page replaces the older one.
      tag: link,
      data: { link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = pathOf(event.notification.data && event.notification.data.link);
  const target = new URL(link, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = windows.find((w) => w.url === target);
      if (same) return same.focus();
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        // The app moves to the page itself (no reload, the sign-in stays).
        open.postMessage({ type: 'scorebridge:open', link });
        return open.focus();
      }
      return self.clients.openWindow(target);
    })(),
  );
});
