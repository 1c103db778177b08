import { contentDigest } from '../../cache/content-digest.js';
import type { CacheStore } from '../../cache/store.js';
import { UserError } from '../../errors.js';
import { getBuiltinBackground } from '../../media/backgrounds.js';
import type { CompileShot } from '../../media/compile/video-track.js';
import { probeMedia, type MediaInfo } from '../../media/probe.js';
import { chooseSegment } from '../segment.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';

const VERSION = 1;

export type BackgroundSource =
  | { kind: 'builtin'; name: string }
  | { kind: 'file'; path: string; identity: string; info: MediaInfo };

/**
 * A file's identity in cache keys: the SHA-256 of its content, so the same clip gives the same
 * key wherever it lives and on every machine of a render farm. Read once per version of the file
 * (remembered in `cache` by path, size and mtime).
 */
export async function fileIdentity(file: string, cache: CacheStore | null): Promise<string> {
  return `sha256:${(await contentDigest(cache, file)).sha256}`;
}

/**
 * Background: identify and probe the clip (or name the built-in look). The crop, scale and
 * segment are applied inside the single compile pass: normalising the clip into its own file
 * would cost a second full encode on every cold render (see the issue note).
 */
export async function backgroundStage(
  ctx: StageCacheContext, background: string, ffprobe: string,
): Promise<Cached<BackgroundSource>> {
  if (background.startsWith('builtin:')) {
    const name = background.slice('builtin:'.length);
    getBuiltinBackground(name); // throws a usage error listing the names
    return {
      value: { kind: 'builtin', name },
      key: stageKey('background', VERSION, { builtin: name }),
      report: { stage: 'background', status: 'skipped', ms: 0 },
    };
  }
  let identity: string;
  try {
    identity = await fileIdentity(background, ctx.cache);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('input', `Background clip ${background} does not exist: check the path.`, background);
    if (code === 'EISDIR') throw new UserError('input', `Background ${background} is a folder: pass a video file.`, background);
    throw new UserError('input', `Background clip ${background} cannot be read (${code ?? String(err)}).`, background);
  }
  // By content alone: the probe is the same wherever the clip lives; the path is this request's.
  const key = stageKey('background', VERSION, { identity });
  const probed = await cachedJson(ctx, 'background', 'background', key, async () => {
    const info = await probeMedia(ffprobe, background);
    return { value: { kind: 'file' as const, identity, info } };
  });
  return { ...probed, value: { kind: 'file', path: background, identity, info: probed.value.info } };
}

/** One background for the whole video as a shot list: a seeded segment of a long clip, a short one looped. */
export function backgroundShots(bg: Cached<BackgroundSource>, totalSec: number, seed: number): { key: string; shots: CompileShot[]; segment: { startSec: number; looped: boolean } } {
  const src = bg.value;
  if (src.kind === 'builtin') {
    return { key: bg.key, shots: [{ source: { kind: 'builtin', name: src.name }, durationSec: totalSec }], segment: { startSec: 0, looped: false } };
  }
  const segment = chooseSegment(src.info.durationSec, totalSec, seed);
  return {
    key: stageKey('background', VERSION, { background: bg.key, segment }),
    shots: [{ source: { kind: 'file', path: src.path, startSec: segment.startSec, loop: segment.loop }, durationSec: totalSec }],
    segment: { startSec: segment.startSec, looped: segment.loop },
  };
}
