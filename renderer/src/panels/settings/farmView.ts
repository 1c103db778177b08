/** Pure helpers for Settings → Render farm: labels and tones from the farm's status. */
import type { ChannelResults } from '../../types/contract';

export type FarmStatus = ChannelResults['farm.status'];
export type FarmWorker = FarmStatus['workers'][number];

export const STATE_LABEL: Record<FarmStatus['state'], string> = {
  off: 'Off: videos render on this machine',
  connecting: 'Connecting to Redis…',
  on: 'On: videos render on the workers',
  error: 'Not running',
};

export const HEALTH_TONE: Record<FarmWorker['health'], 'ok' | 'warn' | 'danger' | 'muted'> = {
  idle: 'ok',
  busy: 'ok',
  paused: 'danger',
  stale: 'warn',
};

export function healthLabel(w: FarmWorker): string {
  if (w.health === 'paused') return 'Paused';
  if (w.health === 'stale') return `Not heard from for ${w.seenSecAgo} s`;
  return w.running.length > 0 ? `Rendering ${w.running.length} of ${w.slots}` : 'Idle';
}

/** "2 workers, 5 slots, 3 busy" for the card's summary line. */
export function farmSummary(s: FarmStatus): string {
  const slots = s.workers.reduce((a, w) => a + w.slots, 0);
  const busy = s.workers.reduce((a, w) => a + w.running.length, 0);
  const queued = s.queue ? s.queue.waiting + s.queue.delayed : 0;
  return `${s.workers.length} worker${s.workers.length === 1 ? '' : 's'}, ${slots} slot${slots === 1 ? '' : 's'}, ${busy} rendering, ${queued} waiting`;
}

/** A Redis URL as the form accepts it, or the reason it does not. */
export function checkRedisUrl(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'Enter the Redis URL, e.g. redis://:PASSWORD@192.168.1.10:6379.';
  if (!/^rediss?:\/\/\S+$/i.test(t)) return 'A Redis URL starts with redis:// (or rediss:// for TLS).';
  return null;
}

export function checkListen(text: string): string | null {
  return /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(text.trim()) ? null : 'Give HOST:PORT, e.g. 127.0.0.1:7420 or a LAN address of this machine.';
}
