import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { openedLink } from './push';

/** A clicked push notification asks the open app (through the service worker) to show its page. */
export function useServiceWorkerLinks(): void {
  const navigate = useNavigate();
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent) => {
      const link = openedLink(event.data);
      if (link) void navigate(link);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, [navigate]);
}
