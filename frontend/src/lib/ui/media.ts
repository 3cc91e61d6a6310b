import { useSyncExternalStore } from 'react';

/** Whether the CSS media query matches, kept up to date as it changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (callback) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', callback);
      return () => mql.removeEventListener('change', callback);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** True on phones (viewport ≤ 768 px). */
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 768px)');
}

/** True when the user asked their system for less motion: no animated drawers, menus or charts. */
export function usePrefersReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}
