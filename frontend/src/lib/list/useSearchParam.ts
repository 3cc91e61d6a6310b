import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** One query-string parameter as state, so a filtered view can be shared by its URL. */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = useCallback(
    (next: string) =>
      setParams(
        (prev) => {
          const copy = new URLSearchParams(prev);
          if (next) copy.set(name, next);
          else copy.delete(name);
          return copy;
        },
        { replace: true },
      ),
    [name, setParams],
  );
  return [value, set];
}
