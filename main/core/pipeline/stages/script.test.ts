import { describe, expect, it } from 'vitest';
import type { AiProvider } from '../../ai/types.js';
import { CacheStore } from '../../cache/store.js';
import { makeTempDir } from '../../cache/test-support.js';
import { resolveRequest, type RequestDefaults } from '../request.js';
import type { StageCacheContext } from '../stage-cache.js';
import { scriptStage, type ScriptPace } from './script.js';

const defaults: RequestDefaults = {
  voice: 'system:en-us', preset: 'shorts', background: 'builtin:aurora', captionStyle: 'bold', provider: 'offline',
  genre: 'facts', durationSec: 30, language: 'en', quality: 'final', noCache: false,
};
const noAi = {} as AiProvider;
/** A creator's script is never sized, so the pace is not read. */
const pace: ScriptPace = { msPerUnit: 100, wordsPerSecond: 2.5, gapMs: 120, tailMs: 600 };

describe('script stage with an edited preview', () => {
  it('voices the edited text and keeps its title and hashtags; a different title is a different entry', async () => {
    const cache = CacheStore.open(makeTempDir('script-stage'));
    const ctx: StageCacheContext = { cache, noCache: false, pinned: new Set() };
    const spec = { script: 'Octopuses have three hearts.\nTwo pump blood to the gills.', title: 'Three hearts', hashtags: ['octopus', '#ocean'], quality: 'draft' as const };
    const req = await resolveRequest(spec, defaults, async () => {});
    expect(req).toMatchObject({ scriptText: spec.script, scriptTitle: 'Three hearts', scriptHashtags: ['octopus', '#ocean'], quality: 'draft' });
    const first = await scriptStage(ctx, req, noAi, new AbortController().signal, pace);
    expect(first.value).toMatchObject({ title: 'Three hearts', hook: 'Octopuses have three hearts.', lines: ['Two pump blood to the gills.'], hashtags: ['#octopus', '#ocean'] });
    const other = await scriptStage(ctx, { ...req, scriptTitle: 'Hearts' }, noAi, new AbortController().signal, pace);
    expect(other.key).not.toBe(first.key);
    expect(other.value.title).toBe('Hearts');
    // Without a title the key is the one plain scripts always had.
    const plain = await scriptStage(ctx, { ...req, scriptTitle: undefined, scriptHashtags: undefined } as typeof req, noAi, new AbortController().signal, pace);
    expect(plain.value.title).toBe('Octopuses have three hearts');
    cache.close();
  });
});
