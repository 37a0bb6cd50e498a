import { useEffect, useRef, useState } from 'react';
import { describeError, Unreachable } from '../api/client';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  /** true while the control plane cannot be reached (the last data stays shown) */
  offline: boolean;
  refresh: () => void;
}

/**
 * Loads `load()` now and again every `intervalMs` while `active`, without overlapping calls; with the
 * client's ETags an unchanged answer is a 304 and the same object, so React re-renders nothing.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  intervalMs = 2000,
  active = true,
  /** what, when it changes, makes the data shown so far someone else's; default `deps` */
  resetKey: unknown[] = deps,
): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    setData(undefined);
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, resetKey);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const run = async () => {
      try {
        const value = await loadRef.current(controller.signal);
        if (stopped) return;
        setData(value);
        setError(null);
        setOffline(false);
      } catch (failure) {
        if (stopped || controller.signal.aborted) return;
        if (failure instanceof Unreachable) setOffline(true);
        else setError(describeError(failure));
      }
      if (!stopped && active) timer = setTimeout(run, intervalMs);
    };
    run();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, active, intervalMs]);

  return { data, error, offline, refresh: () => setTick((value) => value + 1) };
}
