import { useCallback, useEffect, useState } from 'react';
import { getApi } from '../api/getApi';
import type { LooksList } from '../types/contract';

/** One list for every picker and editor on screen; `reload()` after a save refreshes them all. */
let cached: LooksList | null = null;
let inflight: Promise<LooksList> | null = null;
const listeners = new Set<(l: LooksList) => void>();

function fetchLooks(): Promise<LooksList> {
  inflight ??= getApi()
    .invoke('looks.list', {})
    .then((l) => {
      cached = l;
      for (const fn of listeners) fn(l);
      return l;
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** The caption styles, title styles and brand kits (built-in and saved), and a way to refresh them. */
export function useLooks(): { looks: LooksList | null; error: string | null; reload: () => Promise<void> } {
  const [looks, setLooks] = useState<LooksList | null>(cached);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listeners.add(setLooks);
    if (!cached) fetchLooks().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      listeners.delete(setLooks);
    };
  }, []);
  const reload = useCallback(async () => {
    await fetchLooks();
  }, []);
  return { looks, error, reload };
}
