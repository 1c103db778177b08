import type { AiProvider, Script, ScriptRequest } from '../../ai/types.js';
import { scriptFromText } from '../../ai/offline-writer.js';
import { cachedJson, stageKey, type Cached, type StageCacheContext } from '../stage-cache.js';
import type { RenderRequest } from '../types.js';

const VERSION = 2;

/** The voice's pace as the script sees it (ScriptRequest.pace). */
export type ScriptPace = NonNullable<ScriptRequest['pace']>;

function request(req: RenderRequest, pace: ScriptPace): ScriptRequest {
  return { topic: req.topic ?? '', genre: req.genre, targetSeconds: req.durationSec, language: req.language, pace };
}

function providerKey(ai: AiProvider): Record<string, unknown> {
  const id = ai.identity;
  return { provider: id.id, model: id.model, prompt: id.promptDigest.script, baseURL: id.baseURL ?? null };
}

/**
 * Script stage: the provider writes one from the topic, sized to the target at the voice's
 * pace, or the creator's own text is used as is.
 */
export async function scriptStage(
  ctx: StageCacheContext,
  req: RenderRequest,
  ai: AiProvider,
  signal: AbortSignal,
  pace: ScriptPace,
): Promise<Cached<Script>> {
  if (req.scriptText !== undefined) {
    const key = stageKey('script', VERSION, { text: req.scriptText, language: req.language, source: 'user' });
    return cachedJson(ctx, 'script', 'script', key, async () => ({ value: scriptFromText(req.scriptText ?? '', req.language) }));
  }
  const key = stageKey('script', VERSION, {
    topic: req.topic ?? '', genre: req.genre, targetSeconds: req.durationSec, language: req.language, pace, ...providerKey(ai),
  });
  return cachedJson(ctx, 'script', 'script', key, async () => {
    const res = await ai.writeScript(request(req, pace), { signal });
    return { value: res.value, costUsd: res.usage.costUsd };
  });
}

/**
 * One revision of a script whose voice missed the length by more than 15 %: the provider
 * shortens or extends it to the word count the voice's measured pace calls for (an LLM gets
 * one revision call; the offline writer re-sizes at the measured pace).
 */
export async function reviseScriptStage(
  ctx: StageCacheContext,
  req: RenderRequest,
  ai: AiProvider,
  first: Cached<Script>,
  actualSeconds: number,
  pace: ScriptPace,
  signal: AbortSignal,
): Promise<Cached<Script>> {
  const targetWords = Math.max(8, Math.round(Math.max(1, req.durationSec - pace.tailMs / 1000) * pace.wordsPerSecond));
  const key = stageKey('script', VERSION, { revise: first.key, actualSeconds: Math.round(actualSeconds * 10) / 10, targetWords, pace, ...providerKey(ai) });
  return cachedJson(ctx, 'script', 'script', key, async () => {
    const res = await ai.reviseScript(request(req, pace), { script: first.value, actualSeconds, targetWords }, { signal });
    return { value: res.value, costUsd: res.usage.costUsd };
  });
}
