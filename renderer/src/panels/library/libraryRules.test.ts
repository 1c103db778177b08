import { describe, expect, it } from 'vitest';
import { downloadUrl } from '../../lib/downloads';
import type { LibraryItem } from '../../types/contract';
import { batchesOf, filterLibrary, postText, rangeStart, rerenderChanges, rerenderNote } from './libraryRules';

const DAY = 86_400_000;
const NOW = new Date(2026, 11, 1, 15, 0, 0).getTime();

function item(jobId: string, over: Partial<LibraryItem> = {}, manifest: Record<string, unknown> | null = null): LibraryItem {
  return {
    jobId, batchId: 'b1', batchLabel: 'topics.txt', source: 'topics.txt:line 1', title: jobId, mp4: `/v/${jobId}.mp4`, videoUrl: `/files/videos/${jobId}.mp4`,
    thumbnailUrl: '', durationSec: 12, createdAt: NOW, manifest: manifest as LibraryItem['manifest'], ...over,
  };
}

const manifest = (over: Record<string, unknown> = {}) => ({
  topic: 'Why cats purr', voice: 'system:en-us', music: '/home/me/music/lofi beat.mp3', background: { kind: 'file', source: '/home/me/clips/cat-nap.mp4' },
  script: { hook: 'Cats purr at 25 hertz.', hashtags: ['#cats', 'purring'] }, ...over,
});

describe('library rules', () => {
  it('filters by text (title, topic, hook, hashtags), batch and date', () => {
    const items = [
      item('a', { title: 'Why cats purr', createdAt: NOW - 2 * 60_000 }, manifest()),
      item('b', { title: 'Octopus hearts', batchId: 'b2', createdAt: NOW - 3 * DAY }),
      item('c', { title: 'Old one', createdAt: NOW - 40 * DAY }),
    ];
    const ids = (f: Partial<Parameters<typeof filterLibrary>[1]>) => filterLibrary(items, { query: '', batchId: '', range: 'any', ...f }, NOW).map((i) => i.jobId);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ query: 'hertz' })).toEqual(['a']);
    expect(ids({ query: 'PURRING cats' })).toEqual(['a']);
    expect(ids({ batchId: 'b2' })).toEqual(['b']);
    expect(ids({ range: 'today' })).toEqual(['a']);
    expect(ids({ range: 'week' })).toEqual(['a', 'b']);
    expect(ids({ range: 'month' })).toEqual(['a', 'b']);
    expect(rangeStart('today', NOW)).toBe(new Date(2026, 11, 1).getTime());
    expect(batchesOf(items)).toEqual([{ id: 'b1', label: 'topics.txt', count: 2 }, { id: 'b2', label: 'topics.txt', count: 1 }]);
  });

  it('post text: title, hashtags, then credits naming the synthetic voice, the music and the footage (file names only)', () => {
    expect(postText(item('a', { title: 'Why cats purr' }, manifest()))).toBe('Why cats purr\n\n#cats #purring\n\nVoice: synthetic voice (en-us) · Music: lofi beat.mp3 · Footage: cat-nap.mp4');
    const ai = postText(item('a', { title: 'T' }, manifest({ voice: 'openai:nova', music: null, background: { kind: 'builtin', source: 'builtin:aurora' }, credits: ['Video by Jane Doe on Pexels'] })));
    expect(ai).toBe('T\n\n#cats #purring\n\nVideo by Jane Doe on Pexels · Voice: AI voice (OpenAI nova)');
    expect(postText(item('x', { title: 'Bare' }))).toBe('Bare');
  });

  it('a re-render says what changed; re-render sends only the changes', () => {
    expect(rerenderNote({ source: 're-render of "Cats": voice → system:en-gb, preset → square' })).toBe('Re-render: voice → system:en-gb, preset → square');
    expect(rerenderNote({ source: 'topics.txt:line 3' })).toBeNull();
    const original = { voice: 'system:en-us', preset: 'shorts', topic: 'Cats', captionStyle: 'bold', quality: 'final' };
    expect(rerenderChanges(original, { ...original, captionStyle: 'pop', quality: 'draft' })).toEqual({ captionStyle: 'pop', quality: 'draft' });
    expect(rerenderChanges(original, original)).toEqual({});
  });

  it('download links ask the host for an attachment', () => {
    expect(downloadUrl('/files/videos/a.mp4')).toBe('/files/videos/a.mp4?download=1');
    expect(downloadUrl('/files/a.mp4?v=2')).toBe('/files/a.mp4?v=2&download=1');
  });
});
