import type { AiProvider, Script } from '../../ai/types.js';
import { scriptFromText } from '../../ai/offline-writer.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';
import type { RenderRequest } from '../types.js';

const VERSION = 1;

/** Script stage: the provider writes one from the topic, or the creator's own text is used as is. */
export async function scriptStage(
  ctx: StageCacheContext,
  req: RenderRequest,
  ai: AiProvider,
  signal: AbortSignal,
): Promise<Cached<Script>> {
  if (req.scriptText !== undefined) {
    const title = req.scriptTitle ?? null;
    const hashtags = req.scriptHashtags ?? null;
    // Title and hashtags join the key only when given, so existing script entries stay valid.
    const key = stageKey('script', VERSION, { text: req.scriptText, language: req.language, source: 'user', ...(title !== null || hashtags !== null ? { title, hashtags } : {}) });
    return cachedJson(ctx, 'script', 'script', key, async () => {
      const script = scriptFromText(req.scriptText ?? '', req.language);
      return { value: { ...script, ...(title !== null ? { title } : {}), ...(hashtags !== null ? { hashtags: hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)) } : {}) } };
    });
  }
  const topic = req.topic ?? '';
  const id = ai.identity;
  const key = stageKey('script', VERSION, {
    topic, genre: req.genre, targetSeconds: req.durationSec, language: req.language,
    provider: id.id, model: id.model, prompt: id.promptDigest.script, baseURL: id.baseURL ?? null,
  });
  return cachedJson(ctx, 'script', 'script', key, async () => {
    const res = await ai.writeScript({ topic, genre: req.genre, targetSeconds: req.durationSec, language: req.language }, { signal });
    return { value: res.value, costUsd: res.usage.costUsd };
  });
}
