import { useEffect, useRef } from 'react';

/** True while the user types: in a field, an editable element, or anywhere inside a modal dialog. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="combobox"], [role="textbox"], .ant-select, .ant-picker')) return true;
  return target.closest('.ant-modal') !== null;
}

/**
 * Single-key shortcuts (`j`, `k`, `c`, …, case-insensitive) on the whole page while `enabled`;
 * ignored with Ctrl/Alt/Meta held, while typing, and for repeated keys held down.
 */
export function useShortcuts(keys: Record<string, () => void>, enabled = true): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || e.defaultPrevented || isTyping(e.target)) return;
      const run = latest.current[e.key.toLowerCase()];
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
