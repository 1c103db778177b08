import { buildAss } from '../../media/captions/ass.js';
import { buildSrt } from '../../media/captions/srt.js';
import { timeChunks } from '../../media/captions/timing.js';
import type { TimedSpan } from '../../voice/types.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';

const VERSION = 1;

export interface CaptionFiles {
  ass: string;
  srt: string;
}

/** Captions: pure text from the chunks and the voice's exact spans (cached so a style change is one lookup). */
export async function captionsStage(
  ctx: StageCacheContext,
  chunks: string[],
  spans: TimedSpan[],
  style: string,
  size: { width: number; height: number },
  fontsDigest: string,
): Promise<Cached<CaptionFiles>> {
  const key = stageKey('captions', VERSION, { chunks, spans, style, size, fonts: fontsDigest });
  return cachedJson(ctx, 'captions', 'captions', key, async () => {
    const timed = timeChunks(chunks, spans);
    return { value: { ass: buildAss(timed, style, size), srt: buildSrt(timed) } };
  });
}
