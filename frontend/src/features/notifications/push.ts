// Browser push: the service worker (/sw.js, scope "/") shows what the server pushes; this module
// registers it, subscribes this browser with the server's VAPID key and unsubscribes it.

/** The service worker's messages to an open window (it asks the app to move to a page). */
export const OPEN_MESSAGE = 'scorebridge:open';

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** Registers the service worker once at start; a browser without one simply has no push. */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** A path of this site from a service worker message, else null. */
export function openedLink(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  const { type, link } = data as { type?: unknown; link?: unknown };
  if (type !== OPEN_MESSAGE || typeof link !== 'string') return null;
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

export type SubscribeOutcome = { ok: true; subscription: PushSubscriptionJSON } | { ok: false; reason: 'unsupported' | 'denied' };

/** Asks for permission (once), then subscribes this browser with the server's key. */
export async function subscribeBrowser(publicKey: string): Promise<SubscribeOutcome> {
  if (!pushSupported()) return { ok: false, reason: 'unsupported' };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return { ok: false, reason: 'denied' };
  registerServiceWorker();
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const subscription =
    existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  return { ok: true, subscription: subscription.toJSON() };
}

/** Unsubscribes this browser; the endpoint it had (for the server to forget), or null. */
export async function unsubscribeBrowser(): Promise<string | null> {
  const subscription = await currentSubscription();
  if (!subscription) return null;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}
