import type { AiProvider, BackgroundIdeas, Script, ViralityScore } from '../../ai/types.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';

const VERSION = 1;

/** Background ideas: search terms and mood for the clip, from the script. */
export async function ideasStage(
  ctx: StageCacheContext, scriptKey: string, script: Script, genre: string, ai: AiProvider, signal: AbortSignal,
): Promise<Cached<BackgroundIdeas>> {
  const id = ai.identity;
  const key = stageKey('ideas', VERSION, {
    script: scriptKey, genre, provider: id.id, model: id.model, prompt: id.promptDigest.ideas, baseURL: id.baseURL ?? null,
  });
  return cachedJson(ctx, 'ideas', 'ideas', key, async () => {
    const res = await ai.backgroundIdeas(script, genre, { signal });
    return { value: res.value, costUsd: res.usage.costUsd };
  });
}

/** Virality score with reasons, from the script. */
export async function viralityStage(
  ctx: StageCacheContext, scriptKey: string, script: Script, ai: AiProvider, signal: AbortSignal,
): Promise<Cached<ViralityScore>> {
  const id = ai.identity;
  const key = stageKey('virality', VERSION, {
    script: scriptKey, provider: id.id, model: id.model, prompt: id.promptDigest.virality, baseURL: id.baseURL ?? null,
  });
  return cachedJson(ctx, 'virality', 'virality', key, async () => {
    const res = await ai.virality(script, null, { signal });
    return { value: res.value, costUsd: res.usage.costUsd };
  });
}
