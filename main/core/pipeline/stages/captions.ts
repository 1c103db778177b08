import { buildAss } from '../../media/captions/ass.js';
import { buildSrt } from '../../media/captions/srt.js';
import { pagesFromTrack } from '../../media/captions/timing.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';
import type { VoiceTrack } from './voice.js';

const VERSION = 2;

export interface CaptionFiles {
  ass: string;
  srt: string;
}

/**
 * Captions: pure text from the voice track's chunks and word times (cached, so a style change
 * is one lookup and never re-voices).
 */
export async function captionsStage(
  ctx: StageCacheContext,
  track: Pick<VoiceTrack, 'chunks' | 'words'>,
  style: string,
  size: { width: number; height: number },
  fontsDigest: string,
): Promise<Cached<CaptionFiles>> {
  const key = stageKey('captions', VERSION, { chunks: track.chunks, words: track.words, style, size, fonts: fontsDigest });
  return cachedJson(ctx, 'captions', 'captions', key, async () => {
    const pages = pagesFromTrack(track.chunks, track.words);
    return { value: { ass: buildAss(pages, style, size), srt: buildSrt(pages) } };
  });
}
