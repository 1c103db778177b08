import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { captureDrop, type DropCapture } from '../api/dropFiles';
import { errorMessage } from '../api/errors';

/**
 * Runs an async action and tracks its pending state and error, so the panel can show the error
 * next to the control that caused it. A second call while one runs is ignored (no double submits).
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setPending(true);
    setError(null);
    try {
      return await fnRef.current(...args);
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  return { run, pending, error, setError };
}

/** Calls `tick` now and every `ms` while the component is mounted and the window is visible. */
export function usePolling(tick: () => void, ms: number): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const start = () => {
      if (timer !== null) return;
      tickRef.current();
      timer = setInterval(() => tickRef.current(), ms);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? start() : stop());
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms]);
}

/** The current time, refreshed every `ms` (for "running for 12s" labels). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * A drop zone's behaviour: highlighted while something is dragged over it (not flickering when
 * the pointer crosses its children), and what was dropped, files and folders, handed to `onDrop`.
 */
export function useDropTarget(onDrop: (capture: DropCapture) => void) {
  const [over, setOver] = useState(false);
  const onDropRef = useRef(onDrop);
  onDropRef.current = onDrop;
  const props = {
    'data-over': over || undefined,
    onDragEnter: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      setOver(true);
    },
    onDragOver: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      setOver(false);
      const capture = captureDrop(e.dataTransfer);
      if (capture.files.length > 0 || capture.entries.length > 0) onDropRef.current(capture);
    },
  };
  return { over, props };
}
