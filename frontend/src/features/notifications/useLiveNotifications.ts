import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { AppNotification } from '../../api/types';
import { authFetch } from '../../lib/auth/session';
import { notificationKeys } from './api';
import { runStream, type StreamStatus } from './stream';

export const MY_RESULTS_KEY = ['my-results'] as const;
export const FEEDBACK_KEY = ['feedback'] as const;

/** Which cached queries a notification makes stale. */
export function staleKeysFor(kind: string): (readonly string[])[] {
  const keys: (readonly string[])[] = [notificationKeys.all];
  if (kind.startsWith('result.')) keys.push(MY_RESULTS_KEY);
  if (kind.startsWith('feedback.') || kind === 'result.adjusted') keys.push(FEEDBACK_KEY);
  return keys;
}

/**
 * Keeps one live stream open while signed in: every `notification` event refreshes the unread
 * count and lists, and the results or feedback it is about. Reconnects with backoff.
 */
export function useLiveNotifications(onNotification?: (n: AppNotification) => void): StreamStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const callback = useRef(onNotification);
  useEffect(() => {
    callback.current = onNotification;
  });
  useEffect(() => {
    const controller = new AbortController();
    const url = new URL('/api/v1/notifications/stream', window.location.origin).href;
    void runStream<AppNotification>({
      url,
      fetch: authFetch,
      signal: controller.signal,
      onStatus: setStatus,
      onOpen: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      onEvent: (payload, event) => {
        if (event !== 'notification' || !payload || typeof payload.kind !== 'string') return;
        for (const key of staleKeysFor(payload.kind)) void queryClient.invalidateQueries({ queryKey: key });
        callback.current?.(payload);
      },
    });
    return () => controller.abort();
  }, [queryClient]);
  return status;
}
