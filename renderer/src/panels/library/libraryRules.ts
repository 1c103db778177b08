/** Pure rules behind the Library panel, unit-tested. */
import type { JobSpecInput, LibraryItem, PresetName } from '../../types/contract';

export interface RerenderFields {
  voice: string;
  preset: string;
  topic: string;
  captionStyle: string;
  quality: string;
}

/** Only the fields the user changed go to job.rerender; the rest stay as they were. */
export function rerenderChanges(original: Partial<RerenderFields> & Pick<RerenderFields, 'voice' | 'preset' | 'topic'>, next: Partial<RerenderFields> & Pick<RerenderFields, 'voice' | 'preset' | 'topic'>): JobSpecInput {
  const changes: JobSpecInput = {};
  if (next.voice && next.voice !== original.voice) changes.voice = next.voice;
  if (next.preset && next.preset !== original.preset) changes.preset = next.preset as PresetName;
  if (next.topic.trim() && next.topic.trim() !== original.topic) changes.topic = next.topic.trim();
  if (next.captionStyle && next.captionStyle !== original.captionStyle) changes.captionStyle = next.captionStyle;
  if ((next.quality === 'draft' || next.quality === 'final') && next.quality !== original.quality) changes.quality = next.quality;
  return changes;
}

/** Newest first: the video you just made is the one you want to watch. */
export function sortLibrary(items: readonly LibraryItem[]): LibraryItem[] {
  return [...items].sort((a, b) => b.createdAt - a.createdAt);
}

export type LibraryDateRange = 'any' | 'today' | 'week' | 'month';

export const DATE_RANGES: { value: LibraryDateRange; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'Last 7 days' },
  { value: 'month', label: 'Last 30 days' },
];

export interface LibraryFilter {
  query: string;
  batchId: string;
  range: LibraryDateRange;
}

/** Start of the range in epoch ms (local midnight for "today"); 0 for any time. */
export function rangeStart(range: LibraryDateRange, now: number): number {
  if (range === 'any') return 0;
  if (range === 'today') {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }
  return now - (range === 'week' ? 7 : 30) * 86_400_000;
}

/** What a search looks through: title, topic, hook and hashtags. */
function haystack(item: LibraryItem): string {
  const m = item.manifest;
  return [item.title, m?.topic ?? '', m?.script.hook ?? '', ...(m?.script.hashtags ?? [])].join(' ').toLowerCase();
}

export function filterLibrary(items: readonly LibraryItem[], f: LibraryFilter, now: number): LibraryItem[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  const since = rangeStart(f.range, now);
  return items.filter((item) => {
    if (f.batchId !== '' && item.batchId !== f.batchId) return false;
    if (item.createdAt < since) return false;
    if (words.length === 0) return true;
    const text = haystack(item);
    return words.every((w) => text.includes(w));
  });
}

/** The batches the items came from, newest first, for the batch filter. */
export function batchesOf(items: readonly LibraryItem[]): { id: string; label: string; count: number }[] {
  const byId = new Map<string, { id: string; label: string; count: number; newest: number }>();
  for (const item of items) {
    const b = byId.get(item.batchId) ?? { id: item.batchId, label: item.batchLabel || 'Untitled batch', count: 0, newest: 0 };
    b.count++;
    b.newest = Math.max(b.newest, item.createdAt);
    byId.set(item.batchId, b);
  }
  return [...byId.values()].sort((a, b) => b.newest - a.newest).map(({ id, label, count }) => ({ id, label, count }));
}

/** "voice → system:en-gb" on a re-render's card, so two cards of one title can be told apart. */
export function rerenderNote(item: Pick<LibraryItem, 'source'>): string | null {
  const m = /^re-render of ".*": (.*)$/s.exec(item.source);
  return m ? `Re-render: ${m[1]}` : null;
}

function voiceCredit(voice: string): string {
  const [engine, ...rest] = voice.split(':');
  const name = rest.join(':');
  if (engine === 'openai') return `AI voice (OpenAI ${name})`;
  if (engine === 'elevenlabs') return `AI voice (ElevenLabs ${name})`;
  if (engine === 'edge') return `AI voice (Microsoft ${name})`;
  return `synthetic voice (${name || voice})`;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * The text a creator pastes under the video: title, hashtags, then credits (the voice is
 * disclosed as synthetic, the music and footage named). Credits the engine records for stock
 * footage come first when the manifest has them.
 */
export function postText(item: Pick<LibraryItem, 'title' | 'manifest'>): string {
  const m = item.manifest;
  const lines = [item.title];
  const tags = (m?.script.hashtags ?? []).map((h) => (h.startsWith('#') ? h : `#${h}`));
  if (tags.length > 0) lines.push('', tags.join(' '));
  if (m) {
    const credits: string[] = [];
    const extra = (m as { credits?: unknown }).credits;
    if (Array.isArray(extra)) for (const c of extra) if (typeof c === 'string' && c.trim()) credits.push(c.trim());
    credits.push(`Voice: ${voiceCredit(m.voice)}`);
    if (m.music) credits.push(`Music: ${baseName(m.music)}`);
    if (m.background.kind === 'file') credits.push(`Footage: ${baseName(m.background.source)}`);
    lines.push('', credits.join(' · '));
  }
  return lines.join('\n');
}
